"""Messy files from the survey, county chapters and phones, through `kontakt import`.

Each test runs the command line as a script would and checks the database
(`list --json`) or the report (`--report`): nothing the file says is lost.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.fixtures.sheets import write_csv


def kontakt(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    return subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", str(db), *args],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def imported(db: Path, path: Path, *args: str) -> dict[str, Any]:
    """Import ``path`` (exit 0 expected) and return the report."""
    report = path.with_suffix(".report.json")
    result = kontakt(db, "import", str(path), "--yes", "--report", str(report), *args)
    assert result.returncode == 0, result.stderr
    data: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    return data


def people(db: Path) -> dict[str, dict[str, Any]]:
    result = kontakt(db, "list", "--json")
    assert result.returncode == 0, result.stderr
    return {f"{p['given_name']} {p['family_name']}": p for p in json.loads(result.stdout)}


def test_place_names_typed_without_aeoeaa_are_read_with_a_warning(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    sheet = write_csv(
        tmp_path / "fylkeslag.csv",
        ["Navn", "E-post", "Kommune", "Fylke"],
        [["Kari Nordmann", "kari@example.org", "Tromso", ""],
         ["Ola Nordmann", "ola@example.org", "Baerum", ""],
         ["Per Hansen", "per@example.org", "Aalesund", "More og Romsdal"],
         ["Siri Lund", "siri@example.org", "Heroy", ""],  # two Herøy: which one?
         ["Eva Berg", "eva@example.org", "Bergen", ""]],  # written right: no note
    )  # fmt: skip
    report = imported(db, sheet)
    stored = people(db)
    assert stored["Kari Nordmann"]["municipality"]["name"] == "Tromsø"
    assert stored["Ola Nordmann"]["municipality"]["name"] == "Bærum"
    assert stored["Per Hansen"]["municipality"]["name"] == "Ålesund"
    assert stored["Per Hansen"]["county"]["name"] == "Møre og Romsdal"
    notes = {(w["row"], w["message"]) for w in report["warnings"]}
    assert (2, "«Tromso» er lest som Tromsø.") in notes
    assert (3, "«Baerum» er lest som Bærum.") in notes
    assert (4, "«Aalesund» er lest som Ålesund.") in notes
    assert (4, "«More og Romsdal» er lest som Møre og Romsdal.") in notes
    assert not [w for w in report["warnings"] if w["row"] == 6]
    # The ambiguous one stays an error naming both candidates, at its cell.
    [error] = report["errors"]
    assert error["row"] == 5 and "Kommune" in error["column"]
    assert "Herøy (Møre og Romsdal), Herøy (Nordland)" in error["message"]
    assert "Siri Lund" not in stored
