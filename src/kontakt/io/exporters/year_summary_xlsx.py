"""The year summary as an Excel workbook for the annual meeting.

Three sheets: «Sammendrag», «Dekning per fylke» and «Arrangementer», each
with a title line, a bold frozen header and columns as wide as their
contents. Counts are numbers; every text is a string cell, never a formula
(an event called «=SUM(A1)» stays text). Written atomically.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from kontakt.domain.year_summary import YearSummary, summary_lines
from kontakt.io.exporters.report_sheets import sheet
from kontakt.io.files import atomic_path

SUMMARY_SHEET = "Sammendrag"
COVERAGE_SHEET = "Dekning per fylke"
EVENTS_SHEET = "Arrangementer"


def report_title(summary: YearSummary, when: dt.date) -> str:
    """«Årsoversikt 2026 – laget 25.11.2026»."""
    return f"Årsoversikt {summary.year} – laget {when:%d.%m.%Y}"


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
    sheet(
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
    sheet(
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
    sheet(
        wb.create_sheet(EVENTS_SHEET),
        f"Arrangementer holdt i {summary.year}",
        ("Dato", "Arrangement", "Deltok"),
        events,
        footer,
    )
    with atomic_path(target) as tmp:
        wb.save(tmp)
