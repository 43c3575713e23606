"""Backups as the window and the command line use them (SQLite files only).

Automatic backups: once a day at start-up, before every import, restore and
migration; the newest N are kept and none older than the retention period.
Restoring takes a backup of the current state first, erases again in a working
copy everyone erased since the backup was taken (``services/backup_erasure.py``),
writes through SQLite's backup API and migrates a backup made by an older
Kontakt. After an erasure the backups that still hold the person can be
rewritten without them or deleted.

:class:`BackupService` is the one place for all of this on an open database
(take, daily, prune, restore-and-reopen); the module functions serve the moments
before a database is open: the check and migration in ``app.open_core``, and a
restore over a file that could not be opened.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Generator
from pathlib import Path

from sqlalchemy import Engine

from kontakt.domain.preferences import BACKUP_KEEP, BACKUP_MAX_AGE_DAYS
from kontakt.domain.wording import plural
from kontakt.errors import DatabaseError
from kontakt.paths import DatabaseLocation, sqlite_location
from kontakt.services import backup_erasure
from kontakt.services.settings import SettingsService
from kontakt.services.steps import drive
from kontakt.storage import backup
from kontakt.storage.engine import create_kontakt_engine
from kontakt.storage.migrate import upgrade
from kontakt.storage.private_files import private_folder

log = logging.getLogger(__name__)

_POSTGRESQL = (
    "Sikkerhetskopi fra Kontakt gjelder SQLite-filer. "
    "En delt PostgreSQL-database sikkerhetskopieres med pg_dump på tjeneren."
)


def copies(n: int) -> str:
    """«1 sikkerhetskopi», «3 sikkerhetskopier»."""
    return plural(n, "sikkerhetskopi", "sikkerhetskopier")


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
    stamp = backup.backup_time(newest[0]) if newest else None
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
        stamp = backup.backup_time(path)
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


def check_file(location: DatabaseLocation) -> None:
    """Refuse a damaged SQLite file before anything touches it (SQLite's quick check).

    Raises:
        DatabaseError: Naming the file, the problem and the newest backup to restore.
    """
    path = location.path
    if path is None or not path.exists() or path.stat().st_size == 0:
        return
    problems = backup.integrity_problems(path, quick=True)
    if problems:
        newest = backup.list_backups(location.backup_dir) if location.backup_dir else []
        hint = (
            f" Gjenopprett den nyeste sikkerhetskopien med «kontakt restore {newest[0]}»."
            if newest
            else ""
        )
        raise DatabaseError(f"Databasen {path} er skadet: {problems[0]}.{hint}")


def migrate_with_backup(location: DatabaseLocation, engine: Engine) -> None:
    """Apply pending migrations, backing an existing SQLite file up first."""

    def before() -> None:
        if location.path is not None and location.backup_dir is not None:
            made = backup.automatic_backup(location.path, location.backup_dir, "for-oppgradering")
            log.info("backup before migration: %s", "made" if made else "nothing to back up")

    upgrade(engine, before_migration=before)


def _erased_again(removed: int) -> str:
    who = plural(removed, "slettet person", "slettede personer")
    return f"{who} ble fjernet igjen fra sikkerhetskopien."


def restore(location: DatabaseLocation, file: Path) -> list[str]:
    """Restore ``file`` over the database after backing the current state up.

    Erasure sticks (GDPR art. 17): the people erased since the backup was taken are
    erased again in a private working copy before it replaces the database, and the
    suppression digests come along. The copy is migrated if an older Kontakt made it.

    Returns Norwegian lines to tell the user (how many were erased again among
    them). The caller must have closed its connections
    (:meth:`BackupService.restore_and_reopen` does, under a running core).

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
    plan = backup_erasure.erasure_plan(location, file)
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
        engine = create_kontakt_engine(sqlite_location(tmp))
        try:
            upgrade(engine)  # a backup from an older Kontakt gets today's tables first
        finally:
            engine.dispose()
        applied = backup_erasure.apply_plan(tmp, plan, file)
        backup.restore_from(tmp, location.path)
    if applied.removed:
        lines.append(_erased_again(applied.removed))
    if applied.foreign:
        lines.append(
            "Advarsel: sikkerhetskopien kommer fra en annen database. Personer slettet her er "
            "fjernet fra den, men importer sjekkes nå mot dens egen liste over slettede."
        )
    return lines


class BackupService:
    """The backups of the open database: take, daily, prune, restore-and-reopen, and
    the backups an erasure leaves behind. How many to keep and for how long are the
    database's settings (BACKUP_KEEP, BACKUP_MAX_AGE_DAYS).

    Args:
        location: The open database (backups exist for SQLite files only).
        engine: Its engine: a restore closes its connections and migrates through it.
        settings: The database's settings.
    """

    def __init__(
        self, location: DatabaseLocation, engine: Engine, settings: SettingsService
    ) -> None:
        self.location = location
        self._engine = engine
        self._settings = settings

    @property
    def folder(self) -> Path | None:
        """The backup folder (None for PostgreSQL)."""
        return self.location.backup_dir

    @property
    def max_age_days(self) -> int:
        """Backups older than this many days are deleted."""
        return self._settings.get(BACKUP_MAX_AGE_DAYS)

    def files(self) -> list[Path]:
        """The finished backups, newest first."""
        return backup.list_backups(self.folder) if self.folder is not None else []

    def now(self, target: Path | None = None) -> Path:
        """A backup the user asked for: to ``target``, or into the backup folder.

        Raises:
            DatabaseError: PostgreSQL, or the copy cannot be written.
        """
        if self.location.path is None or self.folder is None:
            raise DatabaseError(_POSTGRESQL)
        if target is not None:
            return backup.backup_to(self.location.path, target)
        made = backup.automatic_backup(self.location.path, self.folder, "manuell")
        assert made is not None
        return made

    def take(self, reason: str) -> Path | None:
        """An automatic backup before a risky step (import, restore), keeping the set number."""
        return take(self.location, reason, self._settings.get(BACKUP_KEEP))

    def daily(self) -> Path | None:
        """The once-a-day start-up backup; also deletes backups past the retention period."""
        return daily(self.location, self._settings.get(BACKUP_KEEP), self.max_age_days)

    def prune(self) -> list[Path]:
        """Delete backups past the retention period (after an erasure, art. 17)."""
        return prune_old(self.location, self.max_age_days)

    def check(self) -> None:
        """SQLite's quick check of the open file (the window runs it in the background).

        Raises:
            DatabaseError: The file is damaged; the message names the newest backup.
        """
        check_file(self.location)

    def restore_and_reopen(self, file: Path) -> list[str]:
        """Restore ``file`` under the running core: close the engine's connections,
        restore (see :func:`restore`), and migrate a backup from an older Kontakt. The
        engine opens new connections on the restored file when next used.

        Returns:
            Norwegian lines for the user (among them, how many erased people were
            removed again).

        Raises:
            DatabaseError: PostgreSQL, or a missing, damaged or foreign backup.
        """
        self._engine.dispose()
        lines = restore(self.location, file)
        upgrade(self._engine)
        return lines

    def holding(self, uids: list[str]) -> list[Path]:
        """The backups that still hold any of these contacts."""
        return backup_erasure.holding(self.location, uids)

    def rewrite_steps(self, files: list[Path]) -> Generator[tuple[int, int], None, int]:
        """Rewrite these backups without anyone erased, yielding ``(done, total)``;
        returns how many people were removed (``backup_erasure.rewrite_steps``)."""
        return backup_erasure.rewrite_steps(self.location, files)

    def rewrite(self, files: list[Path]) -> int:
        """:meth:`rewrite_steps` in one call."""
        return drive(self.rewrite_steps(files))

    def delete(self, files: list[Path]) -> None:
        """Delete these backups.

        Raises:
            DatabaseError: One cannot be deleted (those before it are gone).
        """
        backup_erasure.delete(files)
