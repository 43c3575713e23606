"""Hostile text on its way out: to the terminal (`docs list`, `list`, error lines) and into
CSV and Excel exports. Names and file names with control characters come from older
databases, other programs writing the shared database, or file names on disk."""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.e2e.test_cli import kontakt

# What a terminal acts on: C0 controls but newline, DEL, C1 controls (NEL, CSI ...),
# line and paragraph separators, and text-direction overrides.
RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
HOSTILE_FILE = "Høringssvar\x1b[2J\x1b]0;pwned\x07\u202egnp.txt"
HOSTILE_NAME = "Kari\x1b[31m\u2028Rød\x85"
FORMULA_NAME = '\x00=HYPERLINK("http://x.example","Klikk")'


def run(db: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    return subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", str(db), *args],
        capture_output=True,
        env=env,
        timeout=120,
    )


def shown(output: bytes) -> str:
    text = output.decode("utf-8")
    assert not RAW_CONTROL.search(text), f"raw control character in {text!r}"
    return text


@pytest.fixture
def idea_db(tmp_path: Path) -> Path:
    db = tmp_path / "k.db"
    assert kontakt("demo", db=db).returncode == 0
    file = tmp_path / HOSTILE_FILE
    file.write_text("Vi støtter rusreformen.", encoding="utf-8")
    added = run(db, "docs", "add", str(file), "--kind", "høringssvar", "--topic", "Rus")
    assert added.returncode == 0, added.stderr.decode()
    shown(added.stdout)
    # Text is cleaned on its way in (the title made from the file name, and the name) ...
    with sqlite3.connect(db) as conn:
        doc_id, title = conn.execute("SELECT id, title FROM document ORDER BY id DESC").fetchone()
        (name,) = conn.execute(
            "SELECT filename FROM document_file WHERE document_id = ?", (doc_id,)
        ).fetchone()
        assert (title, name) == (
            "Høringssvar[2J]0;pwned\u202egnp",
            "Høringssvar[2J]0;pwned\u202egnp.txt",
        )
        # ... but an older database or another program may hold them raw: shown escaped.
        conn.execute("UPDATE document SET title = ? WHERE id = ?", (HOSTILE_FILE[:-4], doc_id))
        conn.execute(
            "UPDATE document_file SET filename = ? WHERE document_id = ?", (HOSTILE_FILE, doc_id)
        )
    conn.close()
    return db


def test_docs_list_and_show_print_file_names_escaped(idea_db: Path) -> None:
    listed = run(idea_db, "docs", "list", "--topic", "Rus")
    assert listed.returncode == 0
    text = shown(listed.stdout)
    assert "\\x1b[2J" in text and "\\u202e" in text  # visible, not acted on
    number = int(next(line for line in text.splitlines() if "\\x1b" in line).split()[0])
    page = run(idea_db, "docs", "show", str(number))
    assert page.returncode == 0
    assert "\\x1b]0;pwned\\x07" in shown(page.stdout)
    as_json = run(idea_db, "docs", "show", str(number), "--json")
    data = json.loads(shown(as_json.stdout))
    assert data["files"][0]["name"] == HOSTILE_FILE  # the data itself is unchanged


def name_contact(db: Path, given_name: str) -> str:
    """Give the first contact a name as an older version or another program could have."""
    with sqlite3.connect(db) as conn:
        uid, id_ = conn.execute("SELECT uid, id FROM contact ORDER BY id LIMIT 1").fetchone()
        conn.execute("UPDATE contact SET given_name = ? WHERE id = ?", (given_name, id_))
    conn.close()
    return str(uid)


@pytest.fixture
def demo_db(tmp_path: Path) -> Path:
    db = tmp_path / "k.db"
    assert kontakt("demo", db=db).returncode == 0
    return db


def test_list_prints_a_hostile_name_escaped_and_json_keeps_it(demo_db: Path) -> None:
    uid = name_contact(demo_db, HOSTILE_NAME)
    table = run(demo_db, "list")
    assert table.returncode == 0
    assert "Kari\\x1b[31m\\u2028Rød\\x85" in shown(table.stdout)
    as_json = run(demo_db, "list", "--json")
    people = {p["uid"]: p for p in json.loads(shown(as_json.stdout))}
    assert people[uid]["given_name"] == HOSTILE_NAME


def test_an_error_line_naming_a_hostile_file_is_one_escaped_line(tmp_path: Path) -> None:
    missing = tmp_path / "liste\x1b[31m\u2028.csv"
    result = run(tmp_path / "k.db", "import", str(missing), "--yes")
    assert result.returncode == 1
    err = shown(result.stderr)
    assert err.startswith("kontakt: ") and err.count("\n") == 1
    assert "[31m\\u2028.csv" in err  # named, its line separator visible


def test_a_formula_behind_a_nul_is_neutralised_in_csv_and_text_in_excel(
    demo_db: Path, tmp_path: Path
) -> None:
    name_contact(demo_db, FORMULA_NAME)
    out = tmp_path / "liste.csv"
    assert run(demo_db, "export", "csv-google", "-o", str(out)).returncode == 0
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    (cell,) = [r["First Name"] for r in rows if "HYPERLINK" in r["First Name"]]
    assert cell == "'" + FORMULA_NAME
    book = tmp_path / "liste.xlsx"
    result = run(demo_db, "export", "xlsx", "-o", str(book))
    assert result.returncode == 0, result.stderr.decode()
    ws = load_workbook(book).active
    assert ws is not None
    (found,) = [c for row in ws.iter_rows(min_row=3) for c in row if "HYPERLINK" in str(c.value)]
    assert found.data_type == "s" and "\x00" not in str(found.value)
