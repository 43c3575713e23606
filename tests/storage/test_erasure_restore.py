"""Restoring backups of every age keeps erased people erased: a backup from before the
privacy tables existed, one an older Kontakt made (digests under a salt in the file),
one without the database's id whose database cannot be read any more."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

from tests.e2e.test_erasure_sticks import assert_gone_from, files_of
from tests.storage.test_privacy import EMAIL, PHONE, full_person

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.paths import DatabaseLocation, resolve_database
from kontakt.services import backups
from kontakt.storage import backup, migrate
from kontakt.storage.engine import create_kontakt_engine

ERASED_AGAIN = "1 slettet person ble fjernet igjen fra sikkerhetskopien."


def open_db(db: Path) -> Core:
    return open_core(resolve_database(str(db)))


def family_names(location: DatabaseLocation) -> list[str]:
    core = open_core(location)
    try:
        return sorted(r.family_name for r in core.search.all_rows(ContactFilter()))
    finally:
        core.close()


def test_a_backup_from_before_the_privacy_tables_gets_the_suppression_list(
    tmp_path: Path,
) -> None:
    from alembic import command

    core = open_db(tmp_path / "kontakt.db")
    uid = core.contacts.create(full_person()).uid
    core.contacts.create(ContactDraft("Ola", "Annen"))
    old = backup.backup_to(core.location.path, tmp_path / "gammel.db")  # type: ignore[arg-type]
    engine = create_kontakt_engine(resolve_database(str(old)))
    try:
        with engine.connect() as conn:  # as a Kontakt from before erasure existed left it
            command.downgrade(migrate.alembic_config(conn), "0002")
            conn.commit()
    finally:
        engine.dispose()
    core.privacy.erase(uid)
    core.close()

    lines = backups.restore(core.location, old)

    assert ERASED_AGAIN in lines
    assert family_names(core.location) == ["Annen"]
    again = open_core(core.location)
    try:
        assert again.privacy.suppressed([EMAIL], []) and again.privacy.suppressed([], [PHONE])
    finally:
        again.close()


def test_a_backup_an_older_kontakt_made_gets_its_digests_moved_under_the_key(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kontakt.db"
    core = open_db(db)
    uid = core.contacts.create(full_person()).uid
    core.contacts.create(ContactDraft("Ola", "Annen"))
    core.close()
    # An older Kontakt had erased someone: its salt and plain salted hashes, no id.
    conn = sqlite3.connect(db)
    conn.execute("DELETE FROM app_setting WHERE key = 'database_id'")
    salt = "00112233445566778899aabbccddeeff"
    conn.execute("INSERT INTO app_setting VALUES ('suppression_salt', ?)", (salt,))
    conn.execute(
        "INSERT INTO suppression (digest, created_at) VALUES (?, '2026-01-01 00:00:00')",
        (hashlib.sha256(f"{salt}:gammel@example.no".encode()).hexdigest(),),
    )
    conn.commit()
    conn.close()
    old = backup.backup_to(db, tmp_path / "gammel.db")
    core = open_db(db)  # this Kontakt: moves the digests under a key
    core.privacy.erase(uid)
    core.close()

    lines = backups.restore(core.location, old)

    assert ERASED_AGAIN in lines
    again = open_core(core.location)
    try:
        assert again.privacy.suppressed(["gammel@example.no"], [])
        assert again.privacy.suppressed([EMAIL], [])
        assert not again.privacy.suppressed(["ola@example.no"], [])
    finally:
        again.close()
    assert salt.encode() not in db.read_bytes()


def test_an_unreadable_database_and_a_backup_without_its_id(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    core = open_db(db)
    uid = core.contacts.create(full_person()).uid
    for i in range(30):
        core.contacts.create(ContactDraft(f"N{i}", "Fyll", emails=(EmailData(f"{i}@x.no"),)))
    old = backup.backup_to(db, tmp_path / "gammel.db")
    core.privacy.erase(uid)
    core.close()
    conn = sqlite3.connect(old)  # as if taken before this Kontakt gave the database an id
    conn.execute("DELETE FROM app_setting WHERE key = 'database_id'")
    conn.commit()
    conn.close()
    data = bytearray(db.read_bytes())
    data[100:4096] = b"\xff" * 3996
    db.write_bytes(bytes(data))

    lines = backups.restore(core.location, old)

    assert ERASED_AGAIN in lines
    assert family_names(core.location) == ["Fyll"] * 30
    assert_gone_from(files_of(db))
