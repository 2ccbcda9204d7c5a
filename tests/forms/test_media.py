"""A form question may carry `media:` (a sign-language video or a picture), validated like an intent's."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.errors import FormLoadError
from bot.forms.load import load_forms
from tests.conftest import REAL_INTENTS, ROOT
from tests.forms.test_divorce import SIMPLE, start
from tests.recording import RecordingChannel

QUESTION = "    ask: 你们有没有共同的财产？比如房子、车、存款。\n"


def intents_with_media(tmp_path: Path, where: str) -> Path:
    folder = tmp_path / "intents"
    shutil.copytree(REAL_INTENTS, folder)
    shutil.copytree(ROOT / "tests" / "data" / "glossary" / "media", folder / "media")
    path = folder / "forms" / "divorce.yaml"
    text = path.read_text(encoding="utf-8")
    assert QUESTION in text
    path.write_text(text.replace(QUESTION, QUESTION + f"    media:\n      image: {where}\n      caption: 图解：共同财产\n"),
                    encoding="utf-8")
    return folder


def test_a_broken_media_entry_of_a_question_is_refused_with_its_line(tmp_path: Path) -> None:
    folder = intents_with_media(tmp_path, "media/missing.png")
    with pytest.raises(FormLoadError) as err:
        load_forms(folder / "forms")
    [problem] = err.value.problems
    assert problem.file.endswith("divorce.yaml") and "'media/missing.png': file not found" in problem.message
    lines = (folder / "forms" / "divorce.yaml").read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1].strip() == "image: media/missing.png"


def test_the_question_is_sent_with_its_picture(tmp_path: Path, make_engine: Callable[..., Engine],
                                               channels: list[RecordingChannel]) -> None:
    folder = intents_with_media(tmp_path, "media/court.png")
    chat = RecordingChannel(make_engine(folder, flood_limit=False))
    channels.append(chat)
    start(chat)
    for _ in range(40):
        reply = chat.last[-1]
        if "共同的财产" in reply.text:
            break
        key = next(k for k in SIMPLE if k in reply.text)
        answer = SIMPLE[key]
        chat.read_all()
        chat.press(answer[1:]) if isinstance(answer, str) and answer.startswith("@") else chat.send(str(answer))
    assert reply.media is not None and reply.media.kind == "image" and reply.media.caption == "图解：共同财产"
    chat.read_all()
