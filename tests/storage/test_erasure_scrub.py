"""What an erasure leaves in the file when it cannot rewrite it at once: a reader that
holds the WAL, a full disk. The person is erased either way; the user is told what
remains and when it goes, and the next start finishes the job."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt
from tests.e2e.test_erasure_sticks import (
    NEEDLES,
    assert_gone_from,
    files_of,
    filled_database,
    names,
)
from tests.storage.test_privacy import full_person

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft
from kontakt.services.privacy import ScrubIncomplete


def reader_holding(db: Path) -> sqlite3.Connection:
    """A second connection in the middle of a read transaction (another Kontakt window)."""
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM contact").fetchone()
    return reader


def holds_some(files: list[Path]) -> bool:
    return any(n in f.read_bytes() for f in files for n in NEEDLES)


def test_erase_while_another_connection_reads_says_what_remains(sqlite_core: Core) -> None:
    db = sqlite_core.location.path
    assert db is not None
    uid = sqlite_core.contacts.create(full_person()).uid
    sqlite_core.contacts.create(ContactDraft("Ola", "Annen"))
    reader = reader_holding(db)
    try:
        with pytest.raises(ScrubIncomplete) as caught:
            sqlite_core.privacy.erase(uid)
        message = str(caught.value)
        assert "er slettet" in message and f"{db.name}-wal" in message
        assert "lukket" in message  # when it will be gone
        assert holds_some(files_of(db))  # not yet: the reader pins the old pages
    finally:
        reader.rollback()
        reader.close()
    assert names(db) == ["Annen"]  # erased all the same
    sqlite_core.close()
    again = open_core(sqlite_core.location)  # the next start finishes the rewrite
    again.close()
    assert_gone_from(files_of(db))


def test_the_command_line_reports_a_busy_wal_in_one_line(sqlite_core: Core) -> None:
    db = sqlite_core.location.path
    assert db is not None
    uid = sqlite_core.contacts.create(full_person()).uid
    sqlite_core.close()
    reader = reader_holding(db)
    try:
        result = kontakt("privacy", "erase", uid, "--yes", db=db)
    finally:
        reader.rollback()
        reader.close()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "er slettet" in lines[0] and "-wal" in lines[0], result.stderr
    assert names(db) == []
    assert_gone_from(files_of(db))  # `list` opened the database: the rewrite is done


DISK_FULL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # as Python sets it: a write past it fails
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from kontakt.__main__ import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_FSIZE and SIGXFSZ as on Linux")
def test_a_full_disk_after_the_erase_is_one_clean_line(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    uid = filled_database(db)
    size = db.stat().st_size
    assert size > 2_000_000
    result = subprocess.run(
        [sys.executable, "-c", DISK_FULL, str(size // 3), "--db", str(db),
         "privacy", "erase", uid, "--yes"],
        capture_output=True, text=True, timeout=120, env=dict(os.environ),
    )  # fmt: skip
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "er slettet" in lines[0] and "kunne ikke" in lines[0]
    assert "Frigjør plass" in lines[0]  # what to do
    assert "Fyll" in names(db) and "Kvålsvik-Erasmo" not in names(db)
    assert_gone_from(files_of(db))  # `list` had room and finished the rewrite
