"""The year summary workbook: three sheets, bold headers, fitting widths, texts never formulas."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from kontakt.domain.year_summary import (
    CountyCoverage,
    HeldEvent,
    YearSummary,
    goal_text,
    summary_lines,
)
from kontakt.errors import KontaktError
from kontakt.io.exporters.year_summary_xlsx import write_year_summary_xlsx

WHEN = dt.datetime(2026, 3, 5, 18, tzinfo=dt.UTC)
SUMMARY = YearSummary(
    year=2026,
    contacts_total=120,
    contacts_added=30,
    mailings=4,
    invitations=1,
    messages_sent=410,
    messages_failed=3,
    events=(HeldEvent("=SUM(A1:A9)", WHEN, 12), HeldEvent("Vårmøte", WHEN, 0)),
    events_planned=1,
    coverage=(
        CountyCoverage("03", "Oslo - Oslove", 80, 20, 2, 3, ("Rus",)),
        CountyCoverage("56", "Finnmark - Finnmárku - Finmarkku", 40, 10, 0, 3, ("A", "B", "C")),
    ),
)


def test_three_sheets_with_numbers_as_numbers_and_texts_as_strings(tmp_path: Path) -> None:
    target = tmp_path / "år.xlsx"
    write_year_summary_xlsx(SUMMARY, target, dt.date(2026, 11, 25))
    wb = load_workbook(target)
    assert wb.sheetnames == ["Sammendrag", "Dekning per fylke", "Arrangementer"]
    summary = wb["Sammendrag"]
    assert summary["A1"].value == "Årsoversikt 2026 – laget 25.11.2026"
    assert [c.value for c in summary[3]] == ["Hva", "Antall", "Merknad"]
    assert all(c.font.b for c in summary[3])
    values = {r[0]: r[1] for r in summary.iter_rows(min_row=4, values_only=True)}
    assert values["E-poster sendt"] == 410 and values["Arrangementer holdt"] == 2
    events = wb["Arrangementer"]
    formula = events["B4"]
    assert formula.value == "=SUM(A1:A9)" and formula.data_type == "s"
    assert events["A4"].value == f"{WHEN.astimezone():%d.%m.%Y}"
    assert [c.value for c in events[6]][::2] == ["I alt", 12]
    coverage = wb["Dekning per fylke"]
    assert [c.value for c in coverage[5]] == [
        "Finnmark - Finnmárku - Finmarkku",
        40,
        10,
        0,
        "A, B, C",
    ]
    assert coverage.column_dimensions["A"].width >= len("Finnmark - Finnmárku - Finmarkku")
    assert [c.value for c in coverage[6]][:3] == ["Hele landet", 120, 30]
    assert coverage.freeze_panes == "A4"


def test_a_missing_folder_is_named_in_norwegian(tmp_path: Path) -> None:
    target = tmp_path / "mangler" / "år.xlsx"
    with pytest.raises(KontaktError, match=r"Kan ikke skrive .*mangler"):
        write_year_summary_xlsx(SUMMARY, target)


def test_the_goal_in_words() -> None:
    assert goal_text(SUMMARY) == (
        "1 mangler til målet om minst 3 arrangementer (1 planlagt senere i år)."
    )
    three = YearSummary(**{**_fields(SUMMARY), "events": SUMMARY.events * 2})
    assert three.goal_met and goal_text(three) == "Målet om minst 3 arrangementer er nådd."
    labels = [x.label for x in summary_lines(SUMMARY)]
    assert labels[0] == "Nye kontakter i 2026" and "E-poster som feilet" in labels


def _fields(s: YearSummary) -> dict[str, object]:
    return {f: getattr(s, f) for f in s.__dataclass_fields__}
