"""The year summary as an Excel workbook for the annual meeting.

Three sheets: «Sammendrag», «Dekning per fylke» and «Arrangementer», each
with a title line, a bold frozen header and columns as wide as their
contents. Counts are numbers; every text is a string cell, never a formula
(an event called «=SUM(A1)» stays text). Written atomically.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from kontakt.domain.year_summary import YearSummary, summary_lines
from kontakt.io.files import atomic_path

SUMMARY_SHEET = "Sammendrag"
COVERAGE_SHEET = "Dekning per fylke"
EVENTS_SHEET = "Arrangementer"
MIN_WIDTH, MAX_WIDTH = 8, 80
Value = str | int


def report_title(summary: YearSummary, when: dt.date) -> str:
    """«Årsoversikt 2026 – laget 25.11.2026»."""
    return f"Årsoversikt {summary.year} – laget {when:%d.%m.%Y}"


def _clean(text: str) -> str:
    # Control characters are not allowed in the file format (Excel refuses it).
    return str(ILLEGAL_CHARACTERS_RE.sub("", text))


def _put(ws: Worksheet, row: int, column: int, value: Value, bold: bool = False) -> None:
    cell = ws.cell(row=row, column=column)
    if isinstance(value, str):
        cell.value = _clean(value)
        cell.data_type = "s"  # text, never a formula
    else:
        cell.value = value
    if bold:
        cell.font = Font(bold=True)


def _sheet(
    ws: Worksheet,
    title: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Value]],
    footer: Sequence[Value] | None = None,
) -> None:
    """Title in A1, bold header in row 3 (frozen), the rows, and a bold footer row."""
    _put(ws, 1, 1, title)
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    for column, name in enumerate(headers, 1):
        _put(ws, 3, column, name, bold=True)
    for r, values in enumerate(rows, 4):
        for column, value in enumerate(values, 1):
            _put(ws, r, column, value)
    if footer is not None:
        for column, value in enumerate(footer, 1):
            _put(ws, len(rows) + 4, column, value, bold=True)
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


def write_year_summary_xlsx(
    summary: YearSummary, target: Path, today: dt.date | None = None
) -> None:
    """Write the workbook to ``target`` all at once or not at all.

    Raises:
        KontaktError: The file cannot be written (Norwegian message naming it).
    """
    when = today or dt.date.today()
    title = report_title(summary, when)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SUMMARY_SHEET
    _sheet(
        ws,
        title,
        ("Hva", "Antall", "Merknad"),
        [(x.label, x.count, x.note) for x in summary_lines(summary)],
    )

    coverage = [
        (
            c.county_name,
            c.contacts,
            c.added,
            c.topics_covered,
            ", ".join(c.gaps) or "Ingen",
        )
        for c in summary.coverage
    ]
    total = (
        "Hele landet",
        sum(c.contacts for c in summary.coverage),
        sum(c.added for c in summary.coverage),
        "",
        f"{summary.gaps} hull i alt",
    )
    headers = (
        "Fylke",
        "Kontakter",
        f"Nye i {summary.year}",
        "Tema med kontakter",
        "Tema uten kontakter (hull)",
    )
    _sheet(
        wb.create_sheet(COVERAGE_SHEET),
        f"Dekning per fylke {summary.year}",
        headers,
        coverage,
        total,
    )

    events = [(f"{e.starts_at.astimezone():%d.%m.%Y}", e.title, e.attended) for e in summary.events]
    footer = (
        "I alt",
        f"{summary.events_held} holdt – mål: minst {summary.event_goal}",
        summary.attended,
    )
    _sheet(
        wb.create_sheet(EVENTS_SHEET),
        f"Arrangementer holdt i {summary.year}",
        ("Dato", "Arrangement", "Deltok"),
        events,
        footer,
    )
    with atomic_path(target) as tmp:
        wb.save(tmp)
