"""The one-line messages for failures at the edges, from real failures of each kind."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from kontakt.domain.control_chars import printable
from kontakt.errors import NotFoundError
from kontakt.failures import describe


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_no_space_left_on_the_device_says_the_disk_is_full() -> None:
    with pytest.raises(OSError) as full, open("/dev/full", "w") as f:
        f.write("x")
    assert full.value.errno == errno.ENOSPC
    # A buffered write fails at the flush, which does not know the file's name.
    assert describe(full.value) == (
        "Disken er full: kunne ikke skrive fila. Frigjør plass og prøv igjen."
    )
    named = OSError(errno.ENOSPC, "No space left on device", "/tmp/ut.csv")
    assert describe(named) == (
        "Disken er full: kunne ikke skrive «/tmp/ut.csv». Frigjør plass og prøv igjen."
    )


def test_sqlite_database_or_disk_is_full_through_sqlalchemy(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'liten.db'}")
    try:
        with pytest.raises(OperationalError) as full, engine.begin() as conn:
            conn.execute(text("CREATE TABLE t(x)"))
            conn.execute(text("PRAGMA max_page_count = 3"))
            conn.execute(text("INSERT INTO t SELECT zeroblob(100000)"))
    finally:
        engine.dispose()
    assert "database or disk is full" in str(full.value)
    message = describe(full.value)
    assert message is not None and message.startswith("Disken er full")


def test_a_damaged_file_and_a_missing_file() -> None:
    damaged = sqlite3.DatabaseError("database disk image is malformed")
    damaged.sqlite_errorcode = 11  # type: ignore[attr-defined]
    assert "Databasen er skadet (database disk image is malformed)" in (describe(damaged) or "")
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory", "/tmp/borte.csv")
    assert describe(missing) == "Finner ikke «/tmp/borte.csv»."


def test_a_server_out_of_disk_and_out_of_reach() -> None:
    assert "Databasetjenerens disk er full" in (describe(psycopg.errors.DiskFull("x")) or "")
    gone = psycopg.OperationalError("connection failed: server closed the connection")
    assert describe(gone) == (
        "Fikk ikke kontakt med databasetjeneren: connection failed: server closed the connection"
    )


def test_text_that_is_not_utf8() -> None:
    typed = b"l\xe6rer".decode("utf-8", "surrogateescape")
    with pytest.raises(UnicodeEncodeError) as refused:
        typed.encode("utf-8")
    assert "ikke gyldig UTF-8" in (describe(refused.value) or "")
    assert printable(typed) == "l\\xe6rer"


def test_a_kontakt_error_is_its_own_message_and_a_bug_is_none() -> None:
    assert describe(NotFoundError("Fant ikke\nkontakten.")) == "Fant ikke kontakten."
    assert describe(ValueError("noe uventet")) is None
    assert describe(KeyError("x")) is None
