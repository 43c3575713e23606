"""After an erasure: rewrite the database file so that no deleted bytes remain.

SQLite: fold the WAL into the file, VACUUM (a fresh copy of the live rows only),
and fold and truncate the WAL again. Each step can fall short without undoing
the erasure, which is committed by then:

- another connection (a second Kontakt window, a backup program) in the middle
  of reading pins the old pages: the checkpoint reports «busy» (its first result
  column is 1) and the erased values stay in the file and its -wal until that
  reader lets go. Kontakt waits a few seconds for it, then says so.
- the disk is full (VACUUM needs room for a second copy): the file stays as it
  is, the person erased but their bytes not yet overwritten.

Either way a flag in the database (``scrub_pending``, set in the erasing
transaction) makes the next opening of the database try again.

PostgreSQL: VACUUM on the tables that held the person frees the dead rows.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, delete, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kontakt.errors import KontaktError
from kontakt.storage.engine import BUSY_TIMEOUT_MS, failure_reason
from kontakt.storage.privacy_models import AppSetting

log = logging.getLogger(__name__)

PENDING = "scrub_pending"
WAIT_SECONDS = 5.0


class ScrubIncomplete(KontaktError):
    """The person is erased, but the file still holds their bytes for now.

    Attributes:
        name: The erased person's name.
    """

    def __init__(self, message: str, name: str = "") -> None:
        super().__init__(message)
        self.name = name


def mark_pending(session: Session) -> None:
    """Inside the erasing transaction: the file needs rewriting (cleared when done)."""
    if session.get(AppSetting, PENDING) is None:
        session.add(AppSetting(key=PENDING, value="1"))


def _busy_text(path: Path) -> str:
    return (
        f"de slettede opplysningene ligger fortsatt i databasefila og loggfila {path.name}-wal "
        "fordi et annet Kontakt-vindu eller program leser databasen akkurat nå. De fjernes når "
        "det har lukket databasen; Kontakt prøver igjen neste gang databasen åpnes."
    )


def _failed_text(reason: str) -> str:
    return (
        f"databasefila kunne ikke skrives om ennå ({reason}), så de slettede opplysningene kan "
        "ligge igjen i den. Frigjør plass på disken og åpne Kontakt igjen (eller kjør «kontakt "
        "check»); da fullføres oppryddingen."
    )


def _checkpoint(raw: sqlite3.Connection, deadline: float) -> bool:
    """TRUNCATE checkpoint, retried until ``deadline``; True when it completed."""
    # Each try waits only briefly for the busy handler; the loop does the waiting.
    raw.execute("PRAGMA busy_timeout = 200")
    try:
        while True:
            busy = raw.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            if busy == 0:
                return True
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.1)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def _scrub_sqlite(engine: Engine, wait: float) -> str:
    path = Path(str(engine.url.database))
    with engine.connect() as conn:
        raw = conn.connection.driver_connection
        assert isinstance(raw, sqlite3.Connection)
        deadline = time.monotonic() + wait
        try:
            _checkpoint(raw, deadline)  # a reader now is no reason not to VACUUM
            raw.execute("VACUUM")
            if not _checkpoint(raw, deadline):
                return _busy_text(path)
            raw.execute("DELETE FROM app_setting WHERE key = ?", (PENDING,))
            _checkpoint(raw, time.monotonic() + 1)  # the flag's page only: nothing personal
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
                return _busy_text(path)
            return _failed_text(str(exc))
        except (sqlite3.Error, OSError) as exc:
            return _failed_text(str(exc))
    return ""


def _scrub_server(engine: Engine) -> str:
    try:
        with engine.connect() as conn:
            conn = conn.execution_options(isolation_level="AUTOCOMMIT")
            conn.execute(
                text(
                    "VACUUM mailing_recipient, interaction, contact, audit_entry, "
                    "import_change, suppression, app_setting"
                )
            )
            conn.execute(delete(AppSetting).where(AppSetting.key == PENDING))
    except SQLAlchemyError as exc:
        return _failed_text(failure_reason(exc))
    return ""


def scrub(engine: Engine, wait: float = WAIT_SECONDS) -> str:
    """Rewrite the database so deleted rows leave no bytes behind.

    Returns:
        "" when done, else Norwegian words for what remains and when it goes
        (to follow «<name> er slettet for godt, men …»).
    """
    if engine.dialect.name == "sqlite":
        return _scrub_sqlite(engine, wait)
    return _scrub_server(engine)


def finish_pending(engine: Engine) -> None:
    """At start-up: finish the rewrite an earlier erasure could not complete."""
    try:
        with Session(engine) as session:
            if session.scalar(select(AppSetting.value).where(AppSetting.key == PENDING)) is None:
                return
    except SQLAlchemyError:
        return
    remains = scrub(engine, wait=1.0)
    if remains:
        # The words name the file: the log says only that something remains.
        log.warning("erased data still in the database file after the start-up rewrite")
