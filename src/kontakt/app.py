"""Wiring: the one place that knows every layer.

:func:`open_core` opens (backs up, migrates) the database and builds the
services for the command line and the window alike; :func:`run_window` adds
Qt on top. Nothing deeper looks services up globally.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.geography import Geography, load_geography
from kontakt.errors import DatabaseError
from kontakt.export_writers import export_writers
from kontakt.paths import DatabaseLocation
from kontakt.services import backups
from kontakt.services.audit import current_actor
from kontakt.services.catalog import CatalogService
from kontakt.services.contact_store import ContactStore
from kontakt.services.contacts import ContactService
from kontakt.services.exporting import ExportService
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.importing.service import ImportService
from kontakt.services.outreach.events import EventService
from kontakt.services.outreach.history import HistoryService
from kontakt.services.outreach.mailing import MailingService
from kontakt.services.overview import OverviewService
from kontakt.services.privacy import PrivacyService
from kontakt.services.retention import RetentionService
from kontakt.services.search import SearchService
from kontakt.services.settings import SettingsService
from kontakt.services.undo import UndoService
from kontakt.services.year_summary import YearSummaryService
from kontakt.storage import backup
from kontakt.storage.engine import create_kontakt_engine, failure_reason, make_session_factory
from kontakt.storage.migrate import upgrade

log = logging.getLogger(__name__)


@dataclass
class Core:
    """Everything below the window, ready to use."""

    location: DatabaseLocation
    engine: Engine
    sessions: sessionmaker[Session]
    geography: Geography
    contacts: ContactService
    search: SearchService
    catalog: CatalogService
    undo: UndoService
    imports: ImportService
    exports: ExportService
    mailings: MailingService
    events: EventService
    history: HistoryService
    overview: OverviewService
    privacy: PrivacyService
    settings: SettingsService
    retention: RetentionService
    year_summary: YearSummaryService
    ideabank: IdeaBankService

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


def check_sqlite_file(location: DatabaseLocation) -> None:
    """Refuse a damaged SQLite file before anything touches it.

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


def open_core(location: DatabaseLocation, check: bool = True) -> Core:
    """Open the database (check, back up, migrate) and build the services.

    Raises:
        DatabaseError: The database is damaged, newer than this program, or
            cannot be reached (a server that does not answer, a folder one may
            not write to), with a Norwegian message naming it.

    Args:
        location: The database.
        check: Run SQLite's quick check first. The window skips it and runs
            it in the background instead (about 0.2 s at 100,000 contacts).
    """
    if check:
        check_sqlite_file(location)
    engine = create_kontakt_engine(location)
    try:
        migrate_with_backup(location, engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        reason = failure_reason(exc)
        raise DatabaseError(f"Kan ikke åpne databasen {location.describe()}: {reason}") from exc
    except UnicodeDecodeError as exc:
        # SQLite's message about a damaged file can hold names that are not UTF-8.
        engine.dispose()
        reason = backup.undecodable_reason(exc)
        raise DatabaseError(f"Databasen {location.describe()} er skadet: {reason}") from exc
    except Exception:
        engine.dispose()
        raise
    sessions = make_session_factory(engine)
    geography = load_geography()
    store = ContactStore(geography, current_actor())
    search = SearchService(sessions, geography)
    mailings = MailingService(sessions, search, current_actor())
    contacts = ContactService(sessions, store)
    overview = OverviewService(sessions, geography)
    ideabank = IdeaBankService(sessions, geography, mailings)
    # A document sent by e-mail is recorded as received when each message goes out.
    mailings.add_delivery_hook(ideabank.record_delivery)
    privacy = PrivacyService(sessions, store)
    privacy.prepare()
    return Core(
        location=location,
        engine=engine,
        sessions=sessions,
        geography=geography,
        contacts=contacts,
        search=search,
        catalog=CatalogService(sessions),
        undo=UndoService(sessions, store),
        imports=ImportService(sessions, store),
        exports=ExportService(search, export_writers()),
        mailings=mailings,
        events=EventService(sessions, mailings),
        history=HistoryService(sessions),
        overview=overview,
        privacy=privacy,
        settings=SettingsService(sessions),
        retention=RetentionService(sessions, search, contacts),
        year_summary=YearSummaryService(sessions, overview),
        ideabank=ideabank,
    )


def backup_now(core: Core, target: Path | None = None) -> Path:
    """Back the SQLite database up to ``target`` or the backup folder."""
    if core.location.path is None or core.location.backup_dir is None:
        raise DatabaseError(
            "Sikkerhetskopi fra Kontakt gjelder SQLite-filer. "
            "En delt PostgreSQL-database sikkerhetskopieres med pg_dump på tjeneren."
        )
    if target is not None:
        return backup.backup_to(core.location.path, target)
    made = backup.automatic_backup(core.location.path, core.location.backup_dir, "manuell")
    assert made is not None
    return made


def take_backup(core: Core, reason: str) -> Path | None:
    """An automatic backup before a risky step (import, restore), keeping the set number."""
    return backups.take(core.location, reason, core.settings.get("backup_keep"))


def daily_backup(core: Core) -> Path | None:
    """The once-a-day start-up backup; also deletes backups past the retention period."""
    return backups.daily(
        core.location, core.settings.get("backup_keep"), core.settings.get("backup_max_age_days")
    )


def erase_person(core: Core, uid: str) -> str:
    """Art. 17: erase the person, then delete backups older than the retention period.

    Raises:
        ScrubIncomplete: Erased, but the file still holds the bytes for now (the message
            says what and until when); the backups are pruned all the same.
    """
    try:
        return core.privacy.erase(uid)
    finally:
        backups.prune_old(core.location, core.settings.get("backup_max_age_days"))
