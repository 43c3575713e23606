"""Backups of the SQLite file with SQLite's online backup API, and integrity checks.

Copying a live database file can copy a half-written transaction; the backup
API copies a consistent snapshot even while another connection writes. A
backup is written to a temporary name, checked, flushed to disk and only then
renamed into place, so an interrupted backup never replaces a good one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from pathlib import Path

from kontakt.errors import DatabaseError

BACKUP_SUFFIX = ".kontakt-backup.db"


def _private(path: Path) -> None:
    if os.name == "posix":
        os.chmod(path, 0o600)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def undecodable_reason(exc: UnicodeDecodeError) -> str:
    """SQLite's message when Python could not decode it (a damaged file's table names,
    for instance, may hold bytes that are not UTF-8): the text with those bytes as �."""
    text = bytes(exc.object).decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "teksten er ikke UTF-8"


def _reason(exc: Exception) -> str:
    return undecodable_reason(exc) if isinstance(exc, UnicodeDecodeError) else str(exc)


def integrity_problems(path: Path, quick: bool = False) -> list[str]:
    """Problems SQLite's integrity check finds in the file; empty when it is sound.

    A damaged file can make SQLite report names that are not UTF-8: such bytes
    are shown as «�», never raised.
    """
    if not path.exists():
        return [f"Fila {path} finnes ikke."]
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.text_factory = _lenient_text
        try:
            pragma = "quick_check" if quick else "integrity_check"
            result = [str(r[0]) for r in conn.execute(f"PRAGMA {pragma}")]
            fk = conn.execute("PRAGMA foreign_key_check").fetchall()
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return [f"Fila kan ikke leses som en database: {exc}"]
    except UnicodeDecodeError as exc:
        return [f"Fila kan ikke leses som en database: {undecodable_reason(exc)}"]
    problems = [] if result == ["ok"] else result
    problems += [f"Ugyldig kobling i tabellen {row[0]} (rad {row[1]})." for row in fk]
    return problems


def is_kontakt_database(path: Path) -> bool:
    """True if the file is an SQLite database with Kontakt's tables."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.text_factory = _lenient_text
        try:
            tables = {
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
        finally:
            conn.close()
    except (sqlite3.DatabaseError, UnicodeDecodeError):
        return False
    return {"alembic_version", "contact"} <= tables


def backup_to(db_path: Path, target: Path) -> Path:
    """Write a consistent copy of the database to ``target`` atomically.

    Raises:
        DatabaseError: The database cannot be read or the copy fails its check.
    """
    target = target.absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    try:
        source = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(tmp)
            try:
                source.backup(dest)
                # A backup is one self-contained file: no WAL beside it.
                dest.execute("PRAGMA journal_mode = DELETE")
            finally:
                dest.close()
        finally:
            source.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"Sikkerhetskopien til {target} mislyktes: {_reason(exc)}") from exc
    problems = integrity_problems(tmp, quick=True)
    if problems:
        tmp.unlink(missing_ok=True)
        raise DatabaseError(f"Sikkerhetskopien til {target} er skadet: {problems[0]}")
    _private(tmp)
    _fsync(tmp)
    os.replace(tmp, target)
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    return target


def automatic_backup(db_path: Path, backup_dir: Path, reason: str, keep: int = 10) -> Path | None:
    """Back up into ``backup_dir`` with a time-stamped name and keep the newest ``keep``.

    Returns None (nothing to back up) when the database file does not exist or is empty.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    stamp = dt.datetime.now().strftime("%Y-%m-%d_%H%M%S_%f")
    target = backup_dir / f"{db_path.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    backup_to(db_path, target)
    prune(backup_dir, keep)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Finished backups in the folder, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob(f"*{BACKUP_SUFFIX}"), key=lambda p: p.name, reverse=True)


def prune(backup_dir: Path, keep: int) -> None:
    """Delete all but the newest ``keep`` automatic backups."""
    for old in list_backups(backup_dir)[keep:]:
        old.unlink(missing_ok=True)


def restore_from(backup_file: Path, db_path: Path) -> None:
    """Replace the database's contents with the backup's, through the backup API.

    The live file is written page by page inside SQLite's locking, so WAL and
    journal files stay consistent; nothing is renamed or deleted behind
    SQLite's back.

    Raises:
        DatabaseError: The backup is missing, damaged or not a Kontakt database.
    """
    backup_file = backup_file.absolute()
    if not backup_file.is_file():
        raise DatabaseError(f"Finner ikke sikkerhetskopien {backup_file}.")
    problems = integrity_problems(backup_file)
    if problems:
        raise DatabaseError(f"Sikkerhetskopien {backup_file} er skadet: {problems[0]}")
    if not is_kontakt_database(backup_file):
        raise DatabaseError(f"{backup_file} er ikke en Kontakt-database.")
    try:
        source = sqlite3.connect(f"file:{backup_file}?mode=ro", uri=True)
        try:
            dest = sqlite3.connect(db_path, timeout=5)
            try:
                source.backup(dest)
            finally:
                dest.close()
        finally:
            source.close()
    except (sqlite3.Error, UnicodeDecodeError) as exc:
        raise DatabaseError(
            f"Gjenopprettingen fra {backup_file} mislyktes: {_reason(exc)}"
        ) from exc
    _private(db_path)
