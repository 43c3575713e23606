"""Engine set-up: SQLite pragmas for durability, PostgreSQL via psycopg 3.

SQLite runs in WAL mode with ``synchronous=FULL`` (a contact register values
durability over speed), foreign keys on and a busy timeout so a second window
waits instead of failing. pysqlite's own transaction handling is switched off
and SQLAlchemy emits BEGIN itself, so SAVEPOINTs and transactional DDL work.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event

from kontakt.errors import DatabaseError
from kontakt.failures import describe
from kontakt.paths import DatabaseLocation, sync_folder_warning

BUSY_TIMEOUT_MS = 5000

SERVER_TIMEOUT_S = 10


def failure_reason(exc: BaseException) -> str:
    """The database driver's own reason for a failure, in one line (for a message)."""
    return str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]


def create_kontakt_engine(location: DatabaseLocation) -> Engine:
    """Create the engine for a database location, creating the SQLite folder if needed."""
    if location.path is None:
        # A server that does not answer is reported after a while, not after the
        # operating system's TCP timeout (minutes).
        connect_args = {"connect_timeout": SERVER_TIMEOUT_S} if "postgres" in location.url else {}
        return create_engine(location.url, pool_pre_ping=True, connect_args=connect_args)
    path = location.path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        # describe() names the path as written; str(exc) would show its repr (doubled \\).
        raise DatabaseError(
            f"Kan ikke opprette mappen for databasen {path.parent}: {describe(exc)}"
        ) from exc
    if path.exists() and path.is_dir():
        raise DatabaseError(f"{path} er en mappe, ikke en databasefil.")
    existed = path.exists()
    engine = create_engine(
        location.url,
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None},
    )
    # In a synced or network folder WAL is unsafe (its index is shared memory on
    # one machine): the classic rollback journal is used there instead.
    careful = bool(sync_folder_warning(path))
    event.listen(engine, "connect", lambda conn, record: _on_sqlite_connect(conn, record, careful))
    event.listen(engine, "begin", _on_sqlite_begin)
    if not existed:
        # Create the file now so that it is private to the user from the start.
        with engine.connect():
            pass
    _make_private(path)
    return engine


def _on_sqlite_connect(
    dbapi_connection: sqlite3.Connection, _record: Any, careful: bool = False
) -> None:
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        if careful:
            cursor.execute("PRAGMA journal_mode = DELETE")
        else:
            _ensure_wal(cursor)
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


# Execution option naming the SQLite transaction mode, e.g. "IMMEDIATE": takes
# the write lock at BEGIN, so a writer waits its turn (busy timeout) instead of
# failing when another process committed after it started reading. Every
# writing session begins so (storage/sessions.py), and so do migrations.
BEGIN_MODE = "kontakt_sqlite_begin"


def _ensure_wal(cursor: sqlite3.Cursor) -> None:
    # Switching a new file to WAL needs an exclusive lock, and SQLite does not
    # wait for it through the busy timeout: a second Kontakt starting at the
    # same moment would fail with "database is locked". So: switch only when
    # needed, and retry for as long as the busy timeout would have waited.
    if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
        return
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _on_sqlite_begin(conn: Any) -> None:
    mode = conn.get_execution_options().get(BEGIN_MODE, "")
    conn.exec_driver_sql(f"BEGIN {mode}".strip())


def _make_private(path: Any) -> None:
    """Readable and writable by the user only (the file holds personal data)."""
    if os.name != "posix" or not os.path.exists(path):
        return
    # Someone else's file (OSError): SQLite will say whether it can be used.
    with contextlib.suppress(OSError):
        if os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)
