"""Drive a form through the engine like a user: answer each question the bot shows, by its wording."""

from __future__ import annotations

import io
from collections.abc import Mapping

from docx import Document as Docx

from bot.messages import Reply
from tests.recording import RecordingChannel

Script = Mapping[str, str | list[str]]
REVIEW = "都问完了"


def start_form(chat: RecordingChannel, case_type: str) -> None:
    """Open the complaint builder and choose the case type by its button."""
    chat.send("/complaint")
    chat.read("是什么案子")
    chat.press(case_type)


def answer_all(chat: RecordingChannel, script: Script, limit: int = 120) -> int:
    """Answer questions until the review shows; returns how many questions were asked.

    A script maps part of a question's wording to the answer: typed text, or `@label` to press a button.
    A list gives one answer per time the question is asked (repeated items); `@a+b` presses a, then b.
    """
    queue = {k: (list(v) if isinstance(v, list) else v) for k, v in script.items()}
    for asked in range(limit):
        reply = chat.last[-1]
        if REVIEW in reply.text:
            chat.read_all()
            return asked
        question = reply.text
        key = next((k for k in queue if k in question), None)
        assert key is not None, f"no scripted answer for: {question}"
        value = queue[key]
        if isinstance(value, list):
            assert value, f"ran out of answers for: {key}"
            answer = value.pop(0)
        else:
            answer = value
        chat.read_all()
        if answer.startswith("@"):   # `@转账+好了` presses several buttons in turn
            for label in answer[1:].split("+"):
                chat.read_all()
                chat.press(label)
        else:
            chat.send(answer)
    raise AssertionError("the form never reached the review")


def generate(chat: RecordingChannel) -> Reply:
    """Press 生成起诉状 at the review; the reply that carries the document."""
    chat.press("生成起诉状")
    reply = chat.read("做好了")
    assert reply.document is not None
    return reply


def table_of(reply: Reply) -> dict[str, str]:
    """The filled table of the document a reply carries."""
    assert reply.document is not None
    return docx_table(reply.document.content)


def docx_table(content: bytes) -> dict[str, str]:
    """The filled table as label -> text (full-width rows under their own text)."""
    doc = Docx(io.BytesIO(content))
    out: dict[str, str] = {}
    for row in doc.tables[0].rows:
        label, text = row.cells[0].text, row.cells[1].text
        out[label] = text
    return out


def docx_text(content: bytes) -> str:
    doc = Docx(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for row in doc.tables[0].rows:
        parts += [c.text for c in row.cells]
    return "\n".join(parts)
