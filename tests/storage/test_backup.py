"""Backups are consistent copies, private to the user, and never half-written."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.errors import DatabaseError
from kontakt.storage import backup


def test_backup_during_an_open_write_transaction_is_consistent(sqlite_core: Core) -> None:
    sqlite_core.contacts.create(ContactDraft(given_name="Kari", family_name="Nordmann"))
    db = sqlite_core.location.path
    assert db is not None
    writer = sqlite3.connect(db)
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE contact SET given_name = 'Halvveis'")
    try:
        copy = sqlite_core.backups.now()
    finally:
        writer.rollback()
        writer.close()
    assert backup.integrity_problems(copy) == []
    conn = sqlite3.connect(copy)
    assert conn.execute("SELECT given_name FROM contact").fetchall() == [("Kari",)]
    conn.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_database_and_backups_are_readable_by_the_user_only(sqlite_core: Core) -> None:
    db = sqlite_core.location.path
    assert db is not None
    copy = sqlite_core.backups.now()
    assert stat.S_IMODE(db.stat().st_mode) == 0o600
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600


KILLED_MIDWAY = """
import os, sys, time
from pathlib import Path
from kontakt.storage import backup

def stalled_replace(src, dst):
    print("copied", flush=True)
    time.sleep(60)  # the power goes here, between writing the copy and renaming it

backup.os.replace = stalled_replace
backup.backup_to(Path(sys.argv[1]), Path(sys.argv[2]))
"""


def test_a_backup_killed_midway_never_replaces_the_last_good_one(sqlite_core: Core) -> None:
    db = sqlite_core.location.path
    assert db is not None
    sqlite_core.contacts.create(ContactDraft(given_name="Kari", family_name="Nordmann"))
    target = db.parent / "kopi.db"
    backup.backup_to(db, target)
    good = target.read_bytes()
    sqlite_core.contacts.create(ContactDraft(given_name="Ola", family_name="Nordmann"))

    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED_MIDWAY, str(db), str(target)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "copied"
    proc.kill()
    proc.wait()

    assert target.read_bytes() == good
    assert backup.integrity_problems(target) == []
    # The next backup succeeds over the leftover temporary file.
    backup.backup_to(db, target)
    conn = sqlite3.connect(target)
    assert conn.execute("SELECT count(*) FROM contact").fetchone() == (2,)
    conn.close()


def test_automatic_backups_keep_the_newest(sqlite_core: Core) -> None:
    db, folder = sqlite_core.location.path, sqlite_core.location.backup_dir
    assert db is not None and folder is not None
    made = [backup.automatic_backup(db, folder, "test", keep=3) for _ in range(5)]
    kept = backup.list_backups(folder)
    assert len(kept) == 3
    assert set(kept) == set(made[-3:])


def test_restore_brings_back_the_old_state(sqlite_core: Core) -> None:
    sqlite_core.contacts.create(ContactDraft(given_name="Før", family_name="Kopien"))
    copy = sqlite_core.backups.now()
    sqlite_core.contacts.create(ContactDraft(given_name="Etter", family_name="Kopien"))
    db = sqlite_core.location.path
    assert db is not None
    sqlite_core.close()
    backup.restore_from(copy, db)
    names = [r.given_name for r in sqlite_core.search.search(ContactFilter()).rows]
    assert names == ["Før"]


def test_restore_refuses_a_file_that_is_not_a_kontakt_backup(sqlite_core: Core) -> None:
    db = sqlite_core.location.path
    assert db is not None
    junk = db.parent / "notat.txt"
    junk.write_text("ikke en database", encoding="utf-8")
    with pytest.raises(DatabaseError, match=r"skadet|ikke en Kontakt"):
        backup.restore_from(junk, db)
    other = db.parent / "annen.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(DatabaseError, match="ikke en Kontakt-database"):
        backup.restore_from(other, db)
