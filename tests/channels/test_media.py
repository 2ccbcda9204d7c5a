"""Videos, pictures and the 词语解释 button in Telegram: real python-telegram-bot against the Bot API stand-in."""

from __future__ import annotations

from tests.botapi.server import UploadedFile
from tests.channels.conftest import Harness, wait_until
from tests.test_glossary import GLOSSARY

USER, OTHER, THIRD = 5151, 5252, 5353


def buttons(message: dict) -> dict[str, str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


def use_fixture(harness: Harness) -> None:
    harness.intents = GLOSSARY   # only read: the bot never writes into its intents folder


async def test_video_is_uploaded_once_then_sent_by_its_file_id(harness: Harness) -> None:
    use_fixture(harness)
    channel = await harness.start()
    harness.api.push_text(USER, "离婚去哪个法院")
    text, caption = await harness.texts(USER, 2)
    assert text.startswith("一般去被告住的地方的法院") and caption == "手语视频：去哪个法院"
    first = harness.api.sent_messages(USER)[1]
    assert first["method"] == "sendVideo" and buttons(harness.api.sent_messages(USER)[0])   # buttons stay on the text
    [upload] = harness.api.calls("sendVideo", ok=True)
    assert isinstance(upload.params["video"], UploadedFile)
    assert upload.params["video"].content == (GLOSSARY / "media" / "sign.mp4").read_bytes()

    intent = channel.engine.intents.get("topic.jurisdiction")
    assert intent is not None and intent.media is not None and harness.services is not None
    store, key = harness.services.store, intent.media.cache_key() or ""
    await wait_until(lambda: store.media_file_id(key) == first["video"]["file_id"])
    harness.api.push_text(OTHER, "去哪个法院")
    await harness.texts(OTHER, 2)
    again = harness.api.calls("sendVideo", ok=True)[1]
    assert again.params["video"] == first["video"]["file_id"]      # no second upload
    # The id survives a restart: it is kept in the store.
    await harness.restart()
    harness.api.push_text(THIRD, "哪个法院管")
    await harness.texts(THIRD, 2)
    assert harness.api.calls("sendVideo", ok=True)[2].params["video"] == first["video"]["file_id"]


async def test_a_failed_video_never_loses_the_text_answer(harness: Harness) -> None:
    use_fixture(harness)
    await harness.start()
    harness.api.fail_next("sendVideo", status=400, description="Bad Request: wrong file")
    harness.api.push_text(USER, "离婚去哪个法院")
    [text] = await harness.texts(USER, 1)
    assert text.startswith("一般去被告住的地方的法院")
    harness.api.push_text(USER, "诉讼费多少")          # the chat goes on normally
    texts = await harness.texts(USER, 2)
    assert texts[1].startswith("诉讼费（打官司交给法院的钱）")
    assert [m["method"] for m in harness.api.sent_messages(USER)] == ["sendMessage", "sendMessage"]


async def test_a_stale_file_id_is_replaced_by_a_new_upload(harness: Harness) -> None:
    use_fixture(harness)
    channel = await harness.start()
    assert harness.services is not None
    store = harness.services.store
    intent = channel.engine.intents.get("topic.jurisdiction")
    assert intent is not None and intent.media is not None
    key = intent.media.cache_key()
    assert key is not None
    store.remember_media(key, "NOT-A-KNOWN-FILE-ID")
    harness.api.push_text(USER, "离婚去哪个法院")
    await harness.texts(USER, 2)
    calls = harness.api.calls("sendVideo")
    assert [c.ok for c in calls] == [False, True] and isinstance(calls[1].params["video"], UploadedFile)
    uploaded = harness.api.sent_messages(USER)[1]["video"]["file_id"]
    await wait_until(lambda: store.media_file_id(key) == uploaded)   # kept once the bot has read the answer


async def test_glossary_button_and_picture_through_the_stand_in(harness: Harness) -> None:
    use_fixture(harness)
    await harness.start()
    harness.api.push_text(USER, "诉讼费多少钱")
    await harness.texts(USER, 1)
    answer = harness.api.sent_messages(USER)[0]
    payload = buttons(answer)["词语解释：缓交"]
    harness.api.push_callback(USER, payload, message_id=answer["message_id"])
    texts = await harness.texts(USER, 2)
    assert texts[1] == "缓交，就是诉讼费晚点交。"
    harness.api.push_text(USER, "缓交是什么意思")
    texts = await harness.texts(USER, 4)
    assert texts[2] == "缓交，就是诉讼费晚点交。" and texts[3] == "图解：缓交"
    [photo] = harness.api.calls("sendPhoto", ok=True)
    assert isinstance(photo.params["photo"], UploadedFile)
