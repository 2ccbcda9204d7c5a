"""The divorce complaint through real python-telegram-bot and the Bot API stand-in: the .docx arrives."""

from __future__ import annotations

import io

from docx import Document as Docx

from tests.channels.conftest import Harness
from tests.forms.test_divorce import SIMPLE

USER = 7373


def buttons(message: dict) -> dict[str, str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def test_divorce_form_arrives_as_a_document(harness: Harness) -> None:
    harness.extra += "limits:\n  flood_messages: 1000\n"   # the script answers faster than a person
    await harness.start()
    api = harness.api
    harness.api.push_command(USER, "/complaint")
    sent = await harness.texts(USER, 1)
    message = api.sent_messages(USER)[-1]
    api.push_callback(USER, buttons(message)["离婚"], message_id=message["message_id"])
    count = len(sent) + 2   # the introduction and the first question
    for _ in range(60):
        await api.wait_for_sent(USER, count=count, timeout=10)
        message = api.sent_messages(USER)[-1]
        text = message.get("text") or ""
        if "都问完了" in text:
            break
        key = next(k for k in SIMPLE if k in text)
        answer = SIMPLE[key]
        assert isinstance(answer, str)
        if answer.startswith("@"):
            label = next(b for b in buttons(message) if answer[1:] in b)
            api.push_callback(USER, buttons(message)[label], message_id=message["message_id"])
        else:
            api.push_text(USER, answer)
        count += 1
    else:
        raise AssertionError("never reached the review")
    review = api.sent_messages(USER)[-1]
    api.push_callback(USER, buttons(review)["生成起诉状"], message_id=review["message_id"])
    await api.wait_for_sent(USER, count=count + 2, timeout=10)
    cover, document = api.sent_messages(USER)[-2:]
    assert "做好了" in cover["text"] and "文字版（读屏用）" in buttons(cover)
    assert document["method"] == "sendDocument"
    assert document["document"]["file_name"] == "民事起诉状（离婚纠纷）.docx"
    content = api.file_bytes(document["document"]["file_id"])
    table = Docx(io.BytesIO(content)).tables[0]
    cells = {row.cells[0].text: row.cells[1].text for row in table.rows}
    assert "姓名：李红" in cells["原告"] and "性别：男□ 女☑" in cells["原告"]
