"""Excel list (openpyxl, write-only mode): title row, bold frozen header, autofilter.

Every text is written as a string cell: openpyxl would otherwise turn a text
starting with ``=`` into a formula (spreadsheet formula injection).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from kontakt.domain.exporting import ExportOptions
from kontakt.domain.records import ContactRow
from kontakt.io.exporters.columns import columns_for, text_rows
from kontakt.io.files import atomic_path

SHEET_TITLE = "Kontakter"
MIN_WIDTH, MAX_WIDTH = 8, 60
PROGRESS_EVERY = 1000


def _width(texts: list[str]) -> float:
    longest = max((len(t) for t in texts), default=0)
    return float(min(MAX_WIDTH, max(MIN_WIDTH, longest + 2)))


def _clean(text: str) -> str:
    # Control characters are not allowed in the file format (Excel refuses it).
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _string_cell(ws: WriteOnlyWorksheet, text: str) -> Cell | str | None:
    if not text:
        return None  # an empty cell, not an empty string
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(ws, value=text)
    cell.data_type = "s"  # text, never a formula
    return cell


def title_line(options: ExportOptions, when: dt.date) -> str:
    """«Kontakter – <filter> – eksportert 25.11.2026»."""
    parts = ["Kontakter", options.title, f"eksportert {when:%d.%m.%Y}"]
    return " – ".join(p for p in parts if p)


def xlsx_steps(
    rows: list[ContactRow], target: Path, options: ExportOptions, today: dt.date | None = None
) -> Iterator[int]:
    """Write the contacts as an Excel list to ``target`` (atomically), yielding how many
    are written so far; closing the generator early leaves ``target`` untouched."""
    columns = columns_for(options)
    headers = [name for name, _ in columns]
    body = [[_clean(t) for t in r] for r in text_rows(rows, options)]
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET_TITLE)
    for i, name in enumerate(headers):
        texts = [name] + [r[i] for r in body]
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(texts)
    ws.freeze_panes = "A3"
    last = get_column_letter(len(headers))
    ws.auto_filter.ref = f"A2:{last}{len(body) + 2}"
    title = WriteOnlyCell(ws, value=_clean(title_line(options, today or dt.date.today())))
    title.font = Font(bold=True, size=13)
    ws.append([title])
    bold = Font(bold=True)
    header_cells = []
    for name in headers:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header_cells.append(cell)
    ws.append(header_cells)
    for n, texts in enumerate(body, 1):
        ws.append([_string_cell(ws, t) for t in texts])
        if n % PROGRESS_EVERY == 0:
            yield n
    with atomic_path(target) as tmp:
        wb.save(tmp)
    yield len(body)
