"""`kontakt export FORMAT -o OUT [filters]` as a script runs it: a real process, real files."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from tests.e2e.test_cli import kontakt


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("eksport") / "kontakt.db"
    assert kontakt("demo", db=db).returncode == 0
    return db


def test_export_xlsx_with_a_county_filter(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "vestland.xlsx"
    result = kontakt("export", "xlsx", "-o", str(out), "--county", "46", db=demo_db)
    assert result.returncode == 0, result.stderr
    assert "Skrev 20 kontakter" in result.stdout
    ws = load_workbook(out).active
    assert ws is not None
    counties = {r[3] for r in ws.iter_rows(min_row=3, values_only=True)}
    assert counties == {"Vestland"}


def test_export_google_csv_with_a_topic_filter(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "rus.csv"
    result = kontakt("export", "csv-google", "-o", str(out), "--topic", "rus", db=demo_db)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and all("Rus" in r["Labels"].split(" ::: ") for r in rows)


def test_export_pdf_without_any_screen(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "liste.pdf"
    env = {"DISPLAY": "", "QT_QPA_PLATFORM": "", "WAYLAND_DISPLAY": ""}
    result = kontakt("export", "pdf", "-o", str(out), "--county", "Finnmark", db=demo_db, env=env)
    assert result.returncode == 0, result.stderr
    text = PdfReader(out).pages[0].extract_text()
    assert "Finnmark" in text


def test_bad_format_is_a_usage_error(demo_db: Path, tmp_path: Path) -> None:
    result = kontakt("export", "docx", "-o", str(tmp_path / "x.docx"), db=demo_db)
    assert result.returncode == 2


def test_unwritable_target_is_a_clear_error(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "finnes-ikke" / "liste.xlsx"
    result = kontakt("export", "xlsx", "-o", str(out), db=demo_db)
    assert result.returncode == 1
    assert result.stderr.startswith("kontakt: Kan ikke skrive")
    assert "finnes-ikke" in result.stderr and result.stderr.count("\n") == 1
    assert not out.parent.exists()
