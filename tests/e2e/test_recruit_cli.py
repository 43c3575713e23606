"""`kontakt recruit` as a script runs it, on the sample data: the empty cells,
and who could fill one (each with why), by name or synonym; bad input is one line."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.e2e.test_cli import kontakt


def test_gaps_and_who_could_fill_them(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert kontakt("demo", db=db).returncode == 0

    listed = kontakt("recruit", "--json", db=db)
    assert listed.returncode == 0, listed.stderr
    gaps = json.loads(listed.stdout)
    overview = json.loads(kontakt("overview", "--json", db=db).stdout)
    empty = [(c["county"]["number"], c["topic"]) for c in overview if c["count"] == 0]
    assert [(g["county"]["number"], g["topic"]) for g in gaps] == empty and empty

    offered = 0
    some = empty[:: max(1, len(empty) // 6)]  # a process each: a sample of the gaps
    for number, topic in some:
        result = kontakt("recruit", "--county", number, "--topic", topic, "--json", db=db)
        assert result.returncode == 0, result.stderr
        found = json.loads(result.stdout)
        assert found["topic"] == topic and found["county"]["number"] == number
        people = found["people"]
        assert len({p["uid"] for p in people}) == len(people)
        if not people:
            continue
        offered += 1
        with sqlite3.connect(db) as conn:
            marks = ",".join("?" * len(people))
            rows = conn.execute(
                "SELECT uid, county_number, deleted_at, opted_out FROM contact"
                f" WHERE uid IN ({marks})",
                [p["uid"] for p in people],
            ).fetchall()
        state = {uid: (county, deleted, bool(opted)) for uid, county, deleted, opted in rows}
        for p in people:
            county, deleted, opted = state[p["uid"]]
            assert county == number and deleted is None
            assert p["reasons"] and p["reserved"] == opted
            assert ("reservert mot e-post" in p["reasons"]) == opted
    # The sample data offers someone for most gaps (e.g. «vil bidra» respondents).
    assert offered >= len(some) // 2

    table = kontakt("recruit", "--county", "Troms", "--topic", "narkotika", db=db)
    assert table.returncode == 0, table.stderr
    assert "kan fylle hullet for Rus i Troms" in table.stdout


def test_bad_input_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "k.db"
    assert kontakt("demo", db=db).returncode == 0
    unknown = kontakt("recruit", "--county", "Troms", "--topic", "Russ", db=db)
    assert unknown.returncode == 1
    assert "Ukjent tema «Russ»" in unknown.stderr and "Traceback" not in unknown.stderr
    assert len(unknown.stderr.strip().splitlines()) == 1
    alone = kontakt("recruit", "--topic", "Rus", db=db)
    assert alone.returncode == 1 and "--county" in alone.stderr
    county = kontakt("recruit", "--county", "Atlantis", "--topic", "Rus", db=db)
    assert county.returncode == 1 and "Traceback" not in county.stderr
