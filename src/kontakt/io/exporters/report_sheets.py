"""Sheets of the reports Kontakt writes for the board (the year summary, a mailing's report).

Each sheet has a title in A1, a bold frozen header in row 3, the rows, an
optional bold footer, and columns as wide as their contents (long text
wrapped). Every text is a string cell, never a formula (a subject such as
«=SUM(A1)» stays text); characters the file format forbids are dropped.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MIN_WIDTH, MAX_WIDTH = 8, 80
Value = str | int


def clean_text(text: str) -> str:
    """``text`` without the control characters the file format forbids (Excel refuses them)."""
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def put(ws: Worksheet, row: int, column: int, value: Value, bold: bool = False) -> None:
    """One cell: text as text (never a formula), numbers as numbers."""
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = clean_text(value)
        cell.data_type = "s"  # text, never a formula
    else:
        cell.value = value
    if bold:
        cell.font = Font(bold=True)


def sheet(
    ws: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Value]],
    footer: Sequence[Value] | None = None,
) -> None:
    """Title in A1, bold header in row 3 (frozen), the rows, and a bold footer row."""
    put(ws, 1, 1, title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for column, name in enumerate(headers, 1):
        put(ws, 3, column, name, bold=True)
    for r, values in enumerate(rows, 4):
        for column, value in enumerate(values, 1):
            put(ws, r, column, value)
    if footer is not None:
        for column, value in enumerate(footer, 1):
            put(ws, len(rows) + 4, column, value, bold=True)
    ws.freeze_panes = "A4"
    every: list[list[Value]] = [list(headers), *(list(r) for r in rows)]
    if footer is not None:
        every.append(list(footer))
    for column in range(1, len(headers) + 1):
        longest = max(len(str(r[column - 1])) for r in every if len(r) >= column)
        width = min(MAX_WIDTH, max(MIN_WIDTH, longest + 2))
        ws.column_dimensions[get_column_letter(column)].width = width
        if longest > MAX_WIDTH:
            for r in range(4, len(rows) + 4):
                ws.cell(row=r, column=column).alignment = Alignment(wrap_text=True, vertical="top")
