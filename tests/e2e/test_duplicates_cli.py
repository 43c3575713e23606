"""`kontakt duplicates` as a script runs it: a subprocess over a real SQLite file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import update

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, EmailData, PhoneData
from kontakt.paths import resolve_database
from kontakt.storage.models import Contact


def kontakt(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    argv = [sys.executable, "-m", "kontakt", "--db", str(db), *args]
    return subprocess.run(argv, capture_output=True, text=True, env=env, timeout=120)


def people(db: Path, *drafts: ContactDraft) -> list[str]:
    core = open_core(resolve_database(str(db)))
    try:
        return [core.contacts.create(d).uid for d in drafts]
    finally:
        core.close()


def test_duplicates_on_an_empty_database_says_so(tmp_path: Path) -> None:
    db = tmp_path / "tom.sqlite"
    people(db)
    done = kontakt(db, "duplicates")
    assert done.returncode == 0, done.stderr
    assert done.stdout == "Fant ingen mulige duplikater.\n"
    done = kontakt(db, "duplicates", "--json")
    assert done.returncode == 0 and json.loads(done.stdout) == []


def test_duplicates_lists_pairs_with_reasons_and_groups(tmp_path: Path) -> None:
    db = tmp_path / "liste.sqlite"
    kari, kari2, kari3, per, per2, other = people(
        db,
        ContactDraft("Kari", "Nordmann", phones=(PhoneData("912 34 567"),), municipality="Bergen"),
        ContactDraft("Kari", "Nordman", municipality="Bergen", organisation="NSF"),
        ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@x.no"),),
                     phones=(PhoneData("91234567"),)),
        ContactDraft("Per", "Olsen", emails=(EmailData("per@y.no"),), municipality="Oslo"),
        ContactDraft("Per", "Olsen", emails=(EmailData("PER@y.no"),), municipality="Tromsø"),
        ContactDraft("Anne", "Post", emails=(EmailData("post@kommune.no"),)),
    )  # fmt: skip
    core = open_core(resolve_database(str(db)))
    try:  # one without a name, sharing only a shared mailbox with Anne
        nameless = core.contacts.create(
            ContactDraft("X", "Y", emails=(EmailData("post@kommune.no"),))
        ).uid
        with core.sessions.begin() as s:
            s.execute(
                update(Contact).where(Contact.uid == nameless).values(given_name="", family_name="")
            )
    finally:
        core.close()

    done = kontakt(db, "duplicates", "--json")
    assert done.returncode == 0, done.stderr
    pairs = json.loads(done.stdout)
    by_uids = {frozenset((p["a"]["uid"], p["b"]["uid"])): p for p in pairs}
    assert set(by_uids) == {
        frozenset((kari, kari2)),
        frozenset((kari, kari3)),
        frozenset((per, per2)),
    }
    assert by_uids[frozenset((kari, kari3))]["reasons"] == ["samme telefon +4791234567"]
    assert by_uids[frozenset((per, per2))]["reasons"] == ["samme personlige e-post per@y.no"]
    near = by_uids[frozenset((kari, kari2))]
    assert near["reasons"] == ["lignende navn i samme kommune (Bergen)"]
    assert near["a"]["municipality"] == {"number": "4601", "name": "Bergen"}
    assert near["b"]["organisation"] == "NSF" and near["a"]["phones"] == ["+4791234567"]
    assert near["group"] == by_uids[frozenset((kari, kari3))]["group"]
    assert by_uids[frozenset((per, per2))]["group"] != near["group"]
    assert pairs[0]["strength"] >= pairs[-1]["strength"]
    assert other not in {p[side]["uid"] for p in pairs for side in ("a", "b")}

    done = kontakt(db, "duplicates")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split()[:3] == ["Gruppe", "Grunn", "Uid"]
    assert any("samme telefon +4791234567" in line and kari3 in line for line in lines)
    assert lines[-1] == "3 mulige duplikater i 2 grupper."


def test_duplicates_on_a_file_that_is_no_database_fails_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "ikke.sqlite"
    bad.write_bytes(b"this is no database" * 100)
    done = kontakt(bad, "duplicates")
    assert done.returncode == 1
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
