"""Backups as the window and the command line use them (SQLite files only).

Automatic backups: once a day at start-up, before every import, restore and
migration; the newest N are kept and none older than the retention period.
Restoring takes a backup of the current state first, writes through SQLite's
backup API and migrates a backup made by an older Kontakt.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from kontakt.errors import DatabaseError
from kontakt.paths import DatabaseLocation
from kontakt.storage import backup

log = logging.getLogger(__name__)


def backup_time(path: Path) -> dt.datetime | None:
    """When a backup was made, from its name (None for a name Kontakt did not give)."""
    return _stamp(path)


def backup_reason(path: Path) -> str:
    """Why a backup was made, from its name: «daglig», «for import» ..."""
    stamp = _stamp(path)
    if stamp is None:
        return ""
    rest = path.name.removesuffix(backup.BACKUP_SUFFIX)
    marker = stamp.strftime("%Y-%m-%d_%H%M%S_%f")
    return rest.split(marker, 1)[-1].strip("-").replace("-", " ")


def _stamp(path: Path) -> dt.datetime | None:
    # Names are «<stem>-YYYY-MM-DD_HHMMSS_ffffff-<reason>.sqlite3»; see backup.automatic_backup.
    parts = path.name.split("-")
    for i in range(len(parts) - 2):
        try:
            return dt.datetime.strptime("-".join(parts[i : i + 3])[:24], "%Y-%m-%d_%H%M%S_%f")
        except ValueError:
            continue
    return None


def take(location: DatabaseLocation, reason: str, keep: int = 10) -> Path | None:
    """An automatic backup (None for PostgreSQL or an empty file)."""
    if location.path is None or location.backup_dir is None:
        return None
    made = backup.automatic_backup(location.path, location.backup_dir, reason, keep)
    # The log holds no file names (a folder's name can be a person's): the reason only.
    log.info("backup (%s): %s", reason, "made" if made else "nothing to back up")
    return made


def daily(location: DatabaseLocation, keep: int = 10, max_age_days: int = 90) -> Path | None:
    """The start-up backup, at most once a day; also deletes backups past their age."""
    if location.backup_dir is None:
        return None
    prune_old(location, max_age_days)
    newest = backup.list_backups(location.backup_dir)
    stamp = _stamp(newest[0]) if newest else None
    if stamp is not None and stamp.date() == dt.date.today():
        return None
    return take(location, "daglig", keep)


def prune_old(location: DatabaseLocation, max_age_days: int) -> list[Path]:
    """Delete backups older than ``max_age_days``; returns what was deleted."""
    if location.backup_dir is None:
        return []
    limit = dt.datetime.now() - dt.timedelta(days=max_age_days)
    gone = []
    for path in backup.list_backups(location.backup_dir):
        stamp = _stamp(path)
        if stamp is not None and stamp < limit:
            path.unlink(missing_ok=True)
            gone.append(path)
    return gone


def newest_good(location: DatabaseLocation) -> Path | None:
    """The newest backup that passes SQLite's integrity check."""
    if location.backup_dir is None:
        return None
    for path in backup.list_backups(location.backup_dir):
        if not backup.integrity_problems(path, quick=True) and backup.is_kontakt_database(path):
            return path
    return None


def restore(location: DatabaseLocation, file: Path) -> list[str]:
    """Restore ``file`` over the database after backing the current state up.

    Returns Norwegian lines to tell the user. The caller must have closed its
    connections; the database is migrated when it is opened again.

    Raises:
        DatabaseError: PostgreSQL, or a missing, damaged or foreign backup.
    """
    if location.path is None or location.backup_dir is None:
        raise DatabaseError("Gjenoppretting fra Kontakt gjelder SQLite-filer, ikke PostgreSQL.")
    file = file.absolute()
    problems = backup.integrity_problems(file)
    if problems:
        raise DatabaseError(
            f"Sikkerhetskopien {file} er skadet eller ikke en database: {problems[0]}"
        )
    if not backup.is_kontakt_database(file):
        raise DatabaseError(f"{file} er ikke en Kontakt-database.")
    lines = []
    if location.path.exists():
        try:
            made = take(location, "for-gjenoppretting")
            if made:
                lines.append(f"Den nåværende databasen er sikkerhetskopiert til {made}")
        except DatabaseError as exc:
            lines.append(f"Advarsel: kunne ikke sikkerhetskopiere den nåværende databasen: {exc}")
    backup.restore_from(file, location.path)
    return lines
