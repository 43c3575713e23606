"""Erasures carried into a database file: a backup about to be restored, or a backup
rewritten without the people erased since it was taken.

Works on the file with SQLite directly and with any schema version Kontakt has
had (a backup may be older than the program): the contact row goes and the
database's own ON DELETE CASCADE takes everything hanging on it, the audit and
import logs keep their entries without the personal data, and the suppression
digests and the database's identity (id, key check) come along so that imports
into the restored database still recognise everyone erased.

Who was erased is matched by contact id (uid), not by address: two people can
share an office address, and matching by it would erase someone who was never
asked about. People whose erasure the file itself records (an «erase» entry in
its audit log) are left alone: if they are in it, they were brought back on
purpose after that erasure.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kontakt.domain.suppression import ErasureSecret

DATABASE_ID = "database_id"
KEY_CHECK = "erasure_key_check"
LEGACY_SALT = "suppression_salt"
ACTOR = "Kontakt (sletting tatt inn igjen)"


@dataclass
class FileErasures:
    """What a database file says about erasures (read without changing it)."""

    database_id: str | None = None
    key_check: str | None = None
    legacy_salt: str | None = None
    digests: set[str] = field(default_factory=set)
    erased_uids: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class ErasurePlan:
    """Everything known about erasures, to apply to a file.

    Attributes:
        uids: Contact ids of everyone erased.
        digests: Suppression digests made with the key checked by ``key_check``.
        database_id: The database these belong to.
        key_check: Recognises the key of ``digests``.
        secret: The key itself when this machine has it (to migrate old digests).
    """

    uids: frozenset[str] = frozenset()
    digests: frozenset[str] = frozenset()
    database_id: str | None = None
    key_check: str | None = None
    secret: ErasureSecret | None = None


@dataclass(frozen=True)
class Applied:
    """What applying a plan did: people erased again, and whether the file belongs to
    another database (its own suppression list then kept as it was)."""

    removed: int
    foreign: bool


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _settings(conn: sqlite3.Connection, tables: set[str]) -> dict[str, str]:
    if "app_setting" not in tables:
        return {}
    return {str(k): str(v) for k, v in conn.execute("SELECT key, value FROM app_setting")}


def _erased_in(conn: sqlite3.Connection, tables: set[str]) -> set[str]:
    if "audit_entry" not in tables:
        return set()
    query = "SELECT entity_uid FROM audit_entry WHERE action = 'erase' AND entity = 'contact'"
    return {str(r[0]) for r in conn.execute(query)}


def read_erasures(path: Path | None) -> FileErasures | None:
    """The erasures a database file records, or None when it is missing or unreadable
    (a damaged file is what the start-up restore replaces)."""
    if path is None or not path.is_file():
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = _tables(conn)
            settings = _settings(conn, tables)
            digests: set[str] = set()
            if "suppression" in tables:
                digests = {str(r[0]) for r in conn.execute("SELECT digest FROM suppression")}
            return FileErasures(
                settings.get(DATABASE_ID),
                settings.get(KEY_CHECK),
                settings.get(LEGACY_SALT),
                digests,
                _erased_in(conn, tables),
            )
        finally:
            conn.close()
    except (sqlite3.Error, UnicodeDecodeError):  # a damaged file's names may not be UTF-8
        return None


def _chunks(items: list[str], size: int = 500) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _erase_rows(conn: sqlite3.Connection, tables: set[str], uids: list[str]) -> int:
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    removed = 0
    for chunk in _chunks(uids):
        marks = ",".join("?" * len(chunk))
        found = conn.execute(f"SELECT id, uid FROM contact WHERE uid IN ({marks})", chunk)
        for contact_id, uid in found.fetchall():
            conn.execute(
                "UPDATE audit_entry SET before = NULL, after = NULL WHERE entity_uid = ?", (uid,)
            )
            if "import_change" in tables:
                conn.execute("UPDATE import_change SET before = NULL WHERE contact_uid = ?", (uid,))
            conn.execute(
                "INSERT INTO audit_entry (at, actor, action, entity, entity_uid) "
                "VALUES (?, ?, 'erase', 'contact', ?)",
                (now, ACTOR, uid),
            )
            conn.execute("DELETE FROM contact WHERE id = ?", (contact_id,))
            removed += 1
    return removed


def _carry_suppression(
    conn: sqlite3.Connection, settings: dict[str, str], plan: ErasurePlan
) -> None:
    """Give the file the plan's identity and digests, migrating its old digests."""
    check = settings.get(KEY_CHECK)
    if check is None and plan.key_check is not None:
        old = [str(r[0]) for r in conn.execute("SELECT digest FROM suppression")]
        if settings.get(LEGACY_SALT) and old:
            if plan.secret is None:
                return  # its old digests need the key: the next start migrates them
            for digest in old:
                conn.execute(
                    "UPDATE suppression SET digest = ? WHERE digest = ?",
                    (plan.secret.wrap(digest), digest),
                )
        conn.execute("DELETE FROM app_setting WHERE key = ?", (LEGACY_SALT,))
        for key, value in ((DATABASE_ID, plan.database_id), (KEY_CHECK, plan.key_check)):
            conn.execute(
                "INSERT OR REPLACE INTO app_setting (key, value) VALUES (?, ?)", (key, value)
            )
        check = plan.key_check
    if check is None or check != plan.key_check:
        return
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    conn.executemany(
        "INSERT OR IGNORE INTO suppression (digest, created_at) VALUES (?, ?)",
        [(d, now) for d in sorted(plan.digests)],
    )


def apply_to_file(path: Path, plan: ErasurePlan) -> Applied:
    """Erase again, in the file, everyone the plan names whose erasure it does not
    record, carry the suppression digests over, and rewrite the file (VACUUM) so no
    deleted bytes remain.

    Raises:
        sqlite3.Error: The file cannot be written (the caller words the message).
    """
    conn = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("BEGIN IMMEDIATE")
        try:
            tables = _tables(conn)
            settings = _settings(conn, tables)
            own_id = settings.get(DATABASE_ID)
            foreign = bool(own_id and plan.database_id and own_id != plan.database_id)
            targets = sorted(plan.uids - _erased_in(conn, tables))
            removed = _erase_rows(conn, tables, targets) if "contact" in tables else 0
            if not foreign and {"app_setting", "suppression"} <= tables:
                _carry_suppression(conn, settings, plan)
            conn.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                conn.execute("ROLLBACK")
            raise
        conn.execute("VACUUM")
        conn.execute("PRAGMA journal_mode = DELETE")  # one self-contained file again
        return Applied(removed, foreign)
    finally:
        conn.close()


def holds_any(path: Path, uids: Iterable[str]) -> bool:
    """True when the database file has a contact with one of these ids."""
    wanted = list(uids)
    if not wanted:
        return False
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            marks = ",".join("?" * len(wanted))
            row = conn.execute(f"SELECT 1 FROM contact WHERE uid IN ({marks}) LIMIT 1", wanted)
            return row.fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False
