"""Two secretaries import the same 20,000-row file at the same moment: everyone once.

Both `kontakt import` processes read and plan the file against an empty
database, so each plans to create all 20,000. The second to write must see,
inside its writing transaction, that the first has stored them, skip them
(the default choice for duplicates) and say so, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from tests.fixtures.sheets import write_csv

from kontakt.paths import DatabaseLocation

ROWS = 20_000
PLACES = ["Bergen", "Tromsø", "Bodø", "Oslo", "Stavanger", "Trondheim", "Alta", "Voss"]


def _people_file(folder: Path) -> Path:
    rows = [
        [f"Person{i} Testesen", f"person{i}@example.org", f"9{i:07d}", PLACES[i % len(PLACES)]]
        for i in range(ROWS)
    ]
    return write_csv(folder / "medlemmer.csv", ["Navn", "E-post", "Mobil", "Kommune"], rows)


def _start_import(db: str, sheet: Path, report: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    return subprocess.Popen(
        [sys.executable, "-m", "kontakt", "--db", db, "import", str(sheet), "--yes",
         "--report", str(report)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip


def test_two_imports_of_one_file_at_once_store_each_person_once(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    sheet = _people_file(tmp_path)
    db = str(location.path) if location.path is not None else location.url
    # Create the database first, so that both imports start on the same empty one.
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    made = subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", db, "list", "--json"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    reports = [tmp_path / "rapport-1.json", tmp_path / "rapport-2.json"]
    imports = [_start_import(db, sheet, report) for report in reports]
    outputs = [p.communicate(timeout=600) for p in imports]
    for p, (_, err) in zip(imports, outputs, strict=True):
        assert p.returncode == 0, err
        assert "Traceback" not in err
    engine = create_engine(location.url)
    try:
        with engine.connect() as conn:
            people = conn.execute(text("SELECT count(*) FROM contact")).scalar_one()
            addresses = conn.execute(
                text("SELECT count(DISTINCT address), count(*) FROM contact_email")
            ).one()
    finally:
        engine.dispose()
    assert people == ROWS
    assert tuple(addresses) == (ROWS, ROWS)
    done = [json.loads(r.read_text(encoding="utf-8")) for r in reports]
    first, second = sorted(done, key=lambda r: -r["created"])
    assert first["created"] == ROWS
    # The second found them stored by the first; nearly always after it had read
    # the file (both read it at once), and then it says so.
    assert second["duplicates"] == ROWS
    late = second["since_preview"]
    if late["skipped"]:
        assert late == {"matched": ROWS, "skipped": ROWS, "updated": 0, "created": 0, "gone": 0}
        said = next(out for out, _ in outputs if "noen andre" in out)
        assert "20\u00a0000 personer" in said or "20000 personer" in said, said
