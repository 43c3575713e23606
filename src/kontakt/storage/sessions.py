"""Sessions for one unit of work: reads begin as they like, writes take the write lock first.

Every service writes through ``with sessions.begin() as session:``. On SQLite
that transaction begins IMMEDIATE: it takes the database's write lock before
it reads anything, so two writers (two windows, two processes) take turns,
the second waiting up to the busy timeout and then reading what the first
committed. A deferred BEGIN let both read first; the second then could not
turn its read into a write ("database is locked", SQLITE_BUSY_SNAPSHOT)
however long it waited. Reading sessions (``sessions()``) stay deferred and
never wait for a writer (WAL).

A write that still finds the database busy (a long import holding it past the
busy timeout; on PostgreSQL a lock timeout, a deadlock or a serialisation
failure) is raised as :class:`~kontakt.errors.BusyError` with a Norwegian
message, never as the driver's error. Nothing of it was written.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from kontakt.errors import BusyError
from kontakt.storage.engine import BEGIN_MODE, BUSY_TIMEOUT_MS

BUSY_MESSAGE = (
    "Databasen er opptatt: noen andre lagrer i den akkurat nå. "
    "Ingenting ble lagret; prøv igjen om litt."
)

_SQLITE_BUSY = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
# serialization_failure, deadlock_detected, lock_not_available
_POSTGRES_BUSY = frozenset({"40001", "40P01", "55P03"})


def is_busy(exc: BaseException) -> bool:
    """True when a database error means «another writer is in the way» (retrying may work)."""
    orig: Any = exc.orig if isinstance(exc, DBAPIError) else exc
    if isinstance(orig, sqlite3.OperationalError):
        code = getattr(orig, "sqlite_errorcode", None)
        if code is not None:
            return code & 0xFF in _SQLITE_BUSY
        return "locked" in str(orig) or "busy" in str(orig)
    return getattr(orig, "sqlstate", None) in _POSTGRES_BUSY


class Sessions(sessionmaker[Session]):
    """The session factory every service gets; objects stay readable after commit.

    Args:
        engine: The database's engine.
    """

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine, expire_on_commit=False)
        self.sqlite = engine.dialect.name == "sqlite"
        self._writer = (
            engine.execution_options(**{BEGIN_MODE: "IMMEDIATE"}) if self.sqlite else engine
        )

    @contextmanager
    def begin(self) -> Iterator[Session]:
        """A session in a writing transaction, committed at the end (rolled back on error).

        Raises:
            BusyError: The database stayed busy with another writer; nothing was written.
        """
        try:
            with self(bind=self._writer) as session, session.begin():
                yield session
        except DBAPIError as exc:
            if is_busy(exc):
                raise BusyError(BUSY_MESSAGE) from exc
            raise


def lock_contacts(session: Session, wait_ms: int = BUSY_TIMEOUT_MS) -> None:
    """Keep every other writer of contacts out until the session's transaction ends.

    For work that decides from what is stored whether to write (an import
    checking for duplicates): nobody can add or change a contact between the
    check and the commit. On SQLite the session's IMMEDIATE begin already holds
    the database's write lock. On PostgreSQL the contact table is locked in SHARE
    ROW EXCLUSIVE mode: readers go on, other writers of contacts (and another
    such lock) wait.

    Args:
        session: A session from :meth:`Sessions.begin`, before it has written anything.
        wait_ms: How long to wait for the lock.

    Raises:
        BusyError: Another writer kept the lock for longer than ``wait_ms``.
    """
    try:
        connection = session.connection()  # SQLite: BEGIN IMMEDIATE, waiting the busy timeout
        if connection.dialect.name != "postgresql":
            return
        before = connection.execute(text("SELECT current_setting('lock_timeout')")).scalar_one()
        timeout = text("SELECT set_config('lock_timeout', :value, true)")
        connection.execute(timeout, {"value": f"{wait_ms}ms"})
        connection.execute(text("LOCK TABLE contact IN SHARE ROW EXCLUSIVE MODE"))
        connection.execute(timeout, {"value": before})
    except DBAPIError as exc:
        if is_busy(exc):
            raise BusyError(BUSY_MESSAGE) from exc
        raise
