"""Backups as the window and the command line use them (SQLite files only).

Automatic backups: once a day at start-up, before every import, restore and
migration; the newest N are kept and none older than the retention period.
Restoring takes a backup of the current state first, erases again in a working
copy everyone erased since the backup was taken (``storage/erasure_file.py``),
writes through SQLite's backup API and migrates a backup made by an older
Kontakt. After an erasure the backups that still hold the person can be
rewritten without them or deleted.
"""

from __future__ import annotations

import datetime as dt
import logging
import sqlite3
from collections.abc import Generator
from pathlib import Path

from kontakt.domain.wording import plural
from kontakt.errors import DatabaseError
from kontakt.paths import DatabaseLocation
from kontakt.services.suppression import SuppressionList
from kontakt.storage import backup, erasure_register
from kontakt.storage.engine import create_kontakt_engine, make_session_factory
from kontakt.storage.erasure_file import (
    Applied,
    ErasurePlan,
    apply_to_file,
    holds_any,
    read_erasures,
)
from kontakt.storage.migrate import upgrade
from kontakt.storage.private_files import private_folder

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
    backup.remove_leftovers(location.backup_dir)  # a backup killed last time
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


def erasure_plan(location: DatabaseLocation, backup_file: Path | None = None) -> ErasurePlan:
    """Everything known about the database's erasures: from its file (read before it is
    replaced, when it can still be read) and from the erasure register outside it.

    Raises:
        DatabaseError: The register is there but cannot be read.
    """
    current = read_erasures(location.path)
    if current is not None and current.legacy_salt and current.key_check is None:
        # An older Kontakt's digests, never opened by this one: migrate them first.
        engine = create_kontakt_engine(location)
        try:
            SuppressionList(make_session_factory(engine)).migrate()
        finally:
            engine.dispose()
        current = read_erasures(location.path)
    other = read_erasures(backup_file) if backup_file is not None else None
    database_id = (current.database_id if current else None) or (
        other.database_id if other else None
    )
    register = erasure_register.load(database_id)
    if register is None and current is None and location.path is not None:
        register = erasure_register.find_by_path(location.path)
    uids = set(current.erased_uids) if current else set()
    digests = set(current.digests) if current and current.key_check else set()
    key_check = current.key_check if current else None
    if register is not None and key_check in (None, register.secret.check()):
        uids |= register.uids()
        digests |= register.digests()
        key_check = register.secret.check()
        database_id = register.database_id
    secret = (
        register.secret if register is not None and key_check == register.secret.check() else None
    )
    return ErasurePlan(frozenset(uids), frozenset(digests), database_id or None, key_check, secret)


def copies(n: int) -> str:
    """«1 sikkerhetskopi», «3 sikkerhetskopier»."""
    return plural(n, "sikkerhetskopi", "sikkerhetskopier")


def _erased_again(removed: int) -> str:
    who = plural(removed, "slettet person", "slettede personer")
    return f"{who} ble fjernet igjen fra sikkerhetskopien."


def _apply(tmp: Path, plan: ErasurePlan, what: Path) -> Applied:
    try:
        return apply_to_file(tmp, plan)
    except sqlite3.Error as exc:
        raise DatabaseError(f"Kunne ikke ta slettingene inn i {what.name}: {exc}") from exc


def restore(location: DatabaseLocation, file: Path) -> list[str]:
    """Restore ``file`` over the database after backing the current state up.

    Erasure sticks (GDPR art. 17): the people erased since the backup was taken are
    erased again in a private working copy before it replaces the database, and the
    suppression digests come along. The copy is migrated if an older Kontakt made it.

    Returns Norwegian lines to tell the user (how many were erased again among
    them). The caller must have closed its connections.

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
    plan = erasure_plan(location, file)
    lines = []
    if location.path.exists():
        try:
            made = take(location, "for-gjenoppretting")
            if made:
                lines.append(f"Den nåværende databasen er sikkerhetskopiert til {made}")
        except DatabaseError as exc:
            lines.append(f"Advarsel: kunne ikke sikkerhetskopiere den nåværende databasen: {exc}")
    private_folder(location.backup_dir)
    with backup.work_copy(file, location.backup_dir / f"{file.stem}.gjenoppretting") as tmp:
        engine = create_kontakt_engine(DatabaseLocation(url=f"sqlite:///{tmp}", path=tmp))
        try:
            upgrade(engine)  # a backup from an older Kontakt gets today's tables first
        finally:
            engine.dispose()
        applied = _apply(tmp, plan, file)
        backup.restore_from(tmp, location.path)
    if applied.removed:
        lines.append(_erased_again(applied.removed))
    if applied.foreign:
        lines.append(
            "Advarsel: sikkerhetskopien kommer fra en annen database. Personer slettet her er "
            "fjernet fra den, men importer sjekkes nå mot dens egen liste over slettede."
        )
    return lines


def holding(location: DatabaseLocation, uids: list[str]) -> list[Path]:
    """The backups in the backup folder that still hold any of these contacts."""
    if location.backup_dir is None:
        return []
    return [p for p in backup.list_backups(location.backup_dir) if holds_any(p, uids)]


def rewrite_steps(
    location: DatabaseLocation, files: list[Path]
) -> Generator[tuple[int, int], None, int]:
    """Rewrite backups without anyone erased since each was taken, yielding
    ``(done, total)``; returns how many people were removed in all. Each file is
    replaced only by a checked, complete, owner-only copy.

    Raises:
        DatabaseError: A backup cannot be read or written (those before it are done).
    """
    plan = erasure_plan(location)
    removed = 0
    for done, file in enumerate(files):
        yield done, len(files)
        with backup.work_copy(file, file) as tmp:
            removed += _apply(tmp, plan, file).removed
            backup.replace_with(tmp, file)
    return removed


def rewrite(location: DatabaseLocation, files: list[Path]) -> int:
    """:func:`rewrite_steps` in one call."""
    steps = rewrite_steps(location, files)
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            return int(stop.value)


def delete(files: list[Path]) -> None:
    """Delete these backups.

    Raises:
        DatabaseError: One cannot be deleted (those before it are gone).
    """
    for file in files:
        try:
            file.unlink(missing_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Kan ikke slette {file}: {exc.strerror}") from exc
