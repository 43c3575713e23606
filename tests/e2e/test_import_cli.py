"""`kontakt import` and `kontakt undo-import` as scripts use them, and an import killed midway."""

from __future__ import annotations

import json
import os
import random
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from tests.fixtures.sheets import CHAPTER_HEADERS, CHAPTER_ROWS, write_csv, write_xlsx


def kontakt(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    return subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", str(db), *args],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def names(db: Path) -> list[str]:
    result = kontakt(db, "list", "--json")
    assert result.returncode == 0, result.stderr
    return sorted(f"{p['given_name']} {p['family_name']}" for p in json.loads(result.stdout))


def test_import_with_report_then_undo(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    sheet = write_xlsx(tmp_path / "liste.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS)
    report_file = tmp_path / "rapport.json"
    result = kontakt(db, "import", str(sheet), "--yes", "--report", str(report_file))
    assert result.returncode == 0, result.stderr
    assert "opprettet 3" in result.stdout
    assert "liste.xlsx: Rad 5" in result.stderr  # the row with the bad e-mail
    report = json.loads(report_file.read_text(encoding="utf-8"))
    assert report["created"] == 3 and report["errors"][0]["row"] == 5
    assert names(db) == ["Kari Nordmann", "Ola Nordmann", "Per Hansen"]
    undo = kontakt(db, "undo-import", str(report["batch_id"]))
    assert undo.returncode == 0 and "angret" in undo.stdout
    assert names(db) == []


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    sheet = write_xlsx(tmp_path / "liste.xlsx", CHAPTER_HEADERS, CHAPTER_ROWS)
    result = kontakt(db, "import", str(sheet), "--dry-run")
    assert result.returncode == 0 and "Ville ha opprettet 3" in result.stdout
    assert names(db) == []


def test_a_refused_file_exits_1_naming_the_file(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    fake = tmp_path / "medlemmer.xlsx"
    fake.write_text("dette er ikke et regneark", encoding="utf-8")
    result = kontakt(db, "import", str(fake), "--yes")
    assert result.returncode == 1
    assert "medlemmer.xlsx" in result.stderr and "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert names(db) == []


def test_an_import_killed_midway_leaves_the_database_as_before(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert kontakt(db, "demo").returncode == 0
    rows = [
        [f"Person{i} Testesen", f"p{i}@example.org", f"9{i:07d}", "Bergen"] for i in range(6000)
    ]
    sheet = write_csv(tmp_path / "stor.csv", ["Navn", "E-post", "Mobil", "Kommune"], rows)
    rng = random.Random(7)
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    outcomes = set()
    for _ in range(30):  # killed at 30 random moments: reading, planning, writing, after
        proc = subprocess.Popen(
            [sys.executable, "-m", "kontakt", "--db", str(db), "import", str(sheet), "--yes"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
        )  # fmt: skip
        time.sleep(rng.uniform(0.2, 3.5))
        proc.kill()
        proc.wait()
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        count = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        conn.close()
        assert count in (300, 6300), count  # all of the import or none of it
        outcomes.add(count)
        if count == 6300:
            assert kontakt(db, "undo-import").returncode == 0
