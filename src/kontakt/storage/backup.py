"""Backups of the SQLite file with SQLite's online backup API, and integrity checks.

Copying a live database file can copy a half-written transaction; the backup
API copies a consistent snapshot even while another connection writes. A
backup is written to a temporary name, checked, flushed to disk and only then
renamed into place, so an interrupted backup never replaces a good one. The
folder is 0700 and every file 0600 from its creation; what a killed backup left
is removed before the next one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from kontakt.errors import DatabaseError
from kontakt.storage.private_files import (
    create_private,
    is_abandoned,
    make_private,
    private_folder,
    release,
)

BACKUP_SUFFIX = ".kontakt-backup.db"
# Names are «<stem>-YYYY-MM-DD_HHMMSS_ffffff-<reason>.kontakt-backup.db».
STAMP_FORMAT = "%Y-%m-%d_%H%M%S_%f"


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


def _companions(tmp: Path) -> list[Path]:
    """The file and the journal files SQLite may have left beside it."""
    return [tmp, *(tmp.with_name(tmp.name + s) for s in ("-journal", "-wal", "-shm"))]


def _discard(tmp: Path) -> None:
    for path in _companions(tmp):
        path.unlink(missing_ok=True)


def _claim(tmp: Path) -> int:
    """Create the temporary file owner-only, taking over a killed writer's leftover.

    Raises:
        DatabaseError: Another Kontakt is writing the same file right now.
    """
    try:
        return create_private(tmp)
    except FileExistsError:
        if not is_abandoned(tmp):
            raise DatabaseError(
                f"En annen sikkerhetskopiering skriver {tmp.name} nå. Prøv igjen om litt."
            ) from None
        _discard(tmp)
        return create_private(tmp)


@contextlib.contextmanager
def work_copy(source: Path, target: Path) -> Iterator[Path]:
    """A consistent, owner-only copy of ``source`` in ``<target>.tmp``, removed at the end.

    The copy is private from its first byte and holds a lock while it lives, so
    :func:`remove_leftovers` takes only the files of killed writers. Use
    :func:`replace_with` inside the block to put the copy in place of ``target``.

    Raises:
        DatabaseError: The source cannot be read or the copy cannot be written.
    """
    tmp = target.with_name(target.name + ".tmp")
    try:
        fd = _claim(tmp)
    except OSError as exc:
        raise DatabaseError(f"Kan ikke skrive {tmp}: {exc.strerror or exc}") from exc
    try:
        try:
            source_conn = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
            try:
                dest = sqlite3.connect(tmp)
                try:
                    source_conn.backup(dest)
                    # A copy is one self-contained file: no WAL beside it.
                    dest.execute("PRAGMA journal_mode = DELETE")
                finally:
                    dest.close()
            finally:
                source_conn.close()
        except (sqlite3.Error, UnicodeDecodeError) as exc:
            raise DatabaseError(f"Sikkerhetskopien til {target} mislyktes: {_reason(exc)}") from exc
        yield tmp
    finally:
        release(fd)
        _discard(tmp)


def replace_with(tmp: Path, target: Path) -> None:
    """Check the copy ``tmp``, flush it to disk and rename it over ``target``.

    Raises:
        DatabaseError: The copy is damaged or cannot be written.
    """
    problems = integrity_problems(tmp, quick=True)
    if problems:
        raise DatabaseError(f"Sikkerhetskopien til {target} er skadet: {problems[0]}")
    try:
        _fsync(tmp)
        os.replace(tmp, target)
    except OSError as exc:
        raise DatabaseError(f"Sikkerhetskopien til {target} mislyktes: {exc.strerror}") from exc
    with contextlib.suppress(OSError):
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def backup_to(db_path: Path, target: Path) -> Path:
    """Write a consistent copy of the database to ``target`` atomically, owner-only.

    Raises:
        DatabaseError: The database cannot be read or the copy fails its check.
    """
    target = target.absolute()
    if target.exists() and not target.is_file():
        # /dev/null, a pipe or a folder is never replaced by a rename (run as
        # root, /dev/null would become a regular file).
        raise DatabaseError(
            f"Kan ikke skrive sikkerhetskopien til {target}: det er ikke en vanlig fil."
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(f"Kan ikke opprette mappen {target.parent}: {exc.strerror}") from exc
    with work_copy(db_path, target) as tmp:
        replace_with(tmp, target)
    return target


def remove_leftovers(backup_dir: Path) -> list[Path]:
    """Delete what killed backups left in the folder and make old backups owner-only.

    A temporary file still held by a running Kontakt is left alone.
    """
    if not backup_dir.is_dir():
        return []
    gone = []
    for tmp in backup_dir.glob("*.tmp"):
        if is_abandoned(tmp):
            with contextlib.suppress(OSError):
                _discard(tmp)
                gone.append(tmp)
    for pattern in ("*.tmp-journal", "*.tmp-wal", "*.tmp-shm"):
        for orphan in backup_dir.glob(pattern):
            if not orphan.with_name(orphan.name.rsplit("-", 1)[0]).exists():
                orphan.unlink(missing_ok=True)
                gone.append(orphan)
    for made in list_backups(backup_dir):
        make_private(made)
    return gone


def automatic_backup(db_path: Path, backup_dir: Path, reason: str, keep: int = 10) -> Path | None:
    """Back up into ``backup_dir`` with a time-stamped name and keep the newest ``keep``.

    The folder is made owner-only, and leftovers of a killed backup are removed first.
    Returns None (nothing to back up) when the database file does not exist or is empty.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        return None
    try:
        private_folder(backup_dir)
    except OSError as exc:
        raise DatabaseError(f"Kan ikke opprette mappen {backup_dir}: {exc.strerror}") from exc
    remove_leftovers(backup_dir)
    stamp = dt.datetime.now().strftime(STAMP_FORMAT)
    target = backup_dir / f"{db_path.stem}-{stamp}-{reason}{BACKUP_SUFFIX}"
    backup_to(db_path, target)
    prune(backup_dir, keep)
    return target


def list_backups(backup_dir: Path) -> list[Path]:
    """Finished backups in the folder, newest first."""
    if not backup_dir.is_dir():
        return []
    return sorted(backup_dir.glob(f"*{BACKUP_SUFFIX}"), key=lambda p: p.name, reverse=True)


def backup_time(path: Path) -> dt.datetime | None:
    """When a backup was made, from its name (None for a name Kontakt did not give)."""
    parts = path.name.split("-")
    for i in range(len(parts) - 2):
        try:
            return dt.datetime.strptime("-".join(parts[i : i + 3])[:24], STAMP_FORMAT)
        except ValueError:
            continue
    return None


def backup_reason(path: Path) -> str:
    """Why a backup was made, from its name: «daglig», «for import» ..."""
    stamp = backup_time(path)
    if stamp is None:
        return ""
    rest = path.name.removesuffix(BACKUP_SUFFIX)
    marker = stamp.strftime(STAMP_FORMAT)
    return rest.split(marker, 1)[-1].strip("-").replace("-", " ")


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
    make_private(db_path)
