"""`kontakt followups …` as a script runs it, on the sample data."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

from tests.e2e.test_cli import kontakt, list_json


def followups(db: Path, *args: str) -> list[dict[str, object]]:
    result = kontakt("followups", "list", "--json", *args, db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_followups_list_add_done(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert kontakt("demo", db=db).returncode == 0
    today = dt.date.today()

    open_ones = followups(db)
    assert open_ones and all(not f["done"] for f in open_ones)
    overdue = [f for f in open_ones if f["due"] and str(f["due"]) < today.isoformat()]
    assert len(overdue) >= 2
    everything = followups(db, "--all")
    assert len(everything) > len(open_ones) and any(f["done"] for f in everything)
    soon = followups(db, "--due-before", today.isoformat())
    assert {f["id"] for f in soon} == {f["id"] for f in overdue}

    uid = str(list_json(db)[0]["uid"])
    added = kontakt(
        "followups", "add", uid, "--what", "Ring om lista", "--due", "2027-01-15",
        "--note", "Etter nyttår", db=db,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    mine = followups(db, "--uid", uid)
    new = next(f for f in mine if f["what"] == "Ring om lista")
    assert (new["due"], new["note"], new["done"]) == ("2027-01-15", "Etter nyttår", False)

    done = kontakt("followups", "done", str(new["id"]), db=db)
    assert done.returncode == 0 and "ferdig" in done.stdout
    with sqlite3.connect(db) as conn:
        query = "SELECT done_at FROM follow_up WHERE id = ?"
        (done_at,) = conn.execute(query, (new["id"],)).fetchone()
    assert done_at is not None
    table = kontakt("followups", "list", db=db)
    assert "forfalt" in table.stdout and "Ring om lista" not in table.stdout


def test_bad_input_is_one_line_and_changes_nothing(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert kontakt("list", db=db).returncode == 0  # an empty database
    unknown = kontakt("followups", "add", "finnes-ikke", "--what", "Ring", db=db)
    assert unknown.returncode == 1
    assert unknown.stderr.count("\n") == 1 and "finnes-ikke" in unknown.stderr
    bad_date = kontakt("followups", "add", "x", "--what", "Ring", "--due", "15.01.2027", db=db)
    assert bad_date.returncode == 2 and "ÅÅÅÅ-MM-DD" in bad_date.stderr
    missing = kontakt("followups", "done", "42", db=db)
    assert missing.returncode == 1 and "42" in missing.stderr
    assert "Traceback" not in unknown.stderr + missing.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM follow_up").fetchone() == (0,)
