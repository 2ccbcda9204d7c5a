"""Hot reload during `serve`: a broken edit keeps the old set and is reported; a good edit goes live."""

from __future__ import annotations

from tests.channels.conftest import OPERATORS, Harness, wait_until

USER = 6161
NEW_INTENT = """intents:
  - id: meta.rainbow
    title: 彩虹测试
    keywords: {彩虹测试: 5}
    examples: [彩虹测试, 彩虹测试 吗, 我要 彩虹测试, 彩虹测试 怎么, 问 彩虹测试, 彩虹测试 一下, 彩虹测试 好, 来个彩虹测试]
    answer: 这是新加的回答。
    source: 测试
"""


async def test_broken_edit_keeps_old_set_and_reports_the_line(harness: Harness) -> None:
    path = harness.own_intents() / "filing.yaml"
    await harness.start()
    good = path.read_text(encoding="utf-8")
    lines = good.splitlines()
    broken_line = 3
    lines[broken_line - 1] = lines[broken_line - 1].replace(":", "", 1) + " ]["   # a syntax error
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    [notice] = await harness.api.wait_for_sent(OPERATORS, contains="filing.yaml:", timeout=10)
    assert "没有加载新的意图文件，继续使用上一版" in notice["text"]
    assert "filing.yaml:" in notice["text"]
    harness.api.push_text(USER, "诉讼费多少钱")
    [answer] = await harness.texts(USER, 1)
    assert "诉讼费" in answer                        # the last good set still answers


async def test_good_edit_is_picked_up_without_restart(harness: Harness) -> None:
    harness.own_intents()
    channel = await harness.start()
    harness.api.push_text(USER, "彩虹测试")
    [before] = await harness.texts(USER, 1)
    assert "这是新加的回答" not in before
    (harness.intents / "zz_new.yaml").write_text(NEW_INTENT, encoding="utf-8")
    await wait_until(lambda: channel.engine.intents.get("meta.rainbow") is not None)
    harness.api.push_text(USER, "彩虹测试")
    texts = await harness.texts(USER, 2)
    assert "这是新加的回答" in texts[-1]
    assert not harness.api.sent_messages(OPERATORS)   # nothing to report for a good edit


async def test_operator_reload_command(harness: Harness) -> None:
    await harness.start()
    harness.api.push_command(OPERATORS, "/reload", chat_type="supergroup", user_id=777)
    [reply] = await harness.texts(OPERATORS, 1)
    assert reply.startswith("已重新加载：")
