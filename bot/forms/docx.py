"""The filled form as a .docx in the official layout: title, 说明, the two-column table, signature lines."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import _Cell

from bot.forms import texts as t
from bot.forms.model import Answers, Form
from bot.forms.render import cells

FONT = "宋体"
LABEL_WIDTH, TEXT_WIDTH = Cm(4.6), Cm(11.4)


def _font(run: object, size: float = 10.5, bold: bool = False) -> None:
    """Chinese text needs the east-Asian font set on the run itself."""
    r = run  # docx.text.run.Run
    r.font.name = FONT  # type: ignore[attr-defined]
    r.font.size = Pt(size)  # type: ignore[attr-defined]
    r.font.bold = bold  # type: ignore[attr-defined]
    r._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)  # type: ignore[attr-defined]


def _write(cell: _Cell, text: str, bold: bool = False, center: bool = False) -> None:
    lines = text.split("\n") or [""]
    para = cell.paragraphs[0]
    for n, line in enumerate(lines):
        if n:
            para = cell.add_paragraph()
        if center:
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(para.add_run(line), bold=bold)


def _heading(doc: object, text: str, size: float, bold: bool = True) -> None:
    para = doc.add_paragraph()  # type: ignore[attr-defined]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(para.add_run(text), size=size, bold=bold)


def build_docx(form: Form, answers: Answers) -> bytes:
    """The .docx bytes; boxes are written from the answers, never by search-and-replace in text."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin = section.bottom_margin = Cm(2.2)
    _heading(doc, form.title, 18)
    _heading(doc, f"（{form.case_type}）", 14)
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    table.columns[0].width, table.columns[1].width = LABEL_WIDTH, TEXT_WIDTH
    notes = form.notes
    intro = [f"{t.NOTES_HEAD}\n{notes.intro}"] + [f"{n}. {item}" for n, item in enumerate(notes.items, 1)]
    _merged(table, "\n".join(intro))
    _merged(table, f"{t.WARNING_HEAD}\n{notes.warning}")
    for cell in cells(form, answers):
        if cell.kind == "section":
            _merged(table, cell.label, bold=True, center=True)
        elif cell.kind == "note":
            _merged(table, cell.text)
        else:
            row = table.add_row()
            row.cells[0].width, row.cells[1].width = LABEL_WIDTH, TEXT_WIDTH
            _write(row.cells[0], cell.label)
            _write(row.cells[1], cell.text)
    for line in t.SIGNATURE:
        para = doc.add_paragraph()
        para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _font(para.add_run(line + "　" * 12), size=12)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _merged(table: object, text: str, bold: bool = False, center: bool = False) -> None:
    row = table.add_row()  # type: ignore[attr-defined]
    merged = row.cells[0].merge(row.cells[1])
    _write(merged, text, bold=bold, center=center)
