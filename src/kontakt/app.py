"""Wiring: the one place that knows every layer.

:func:`open_core` opens (checks, backs up, migrates) the database and builds
the services for the command line and the window alike; ``ui/launch.py`` adds
Qt on top. Nothing deeper looks services up globally.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.domain.geography import Geography, load_geography
from kontakt.domain.records import ContactRow
from kontakt.errors import DatabaseError
from kontakt.io.archive.pages import Issue
from kontakt.paths import DatabaseLocation
from kontakt.services.audit import ContactAudit, current_actor
from kontakt.services.backups import BackupService, check_file, migrate_with_backup
from kontakt.services.candidates import CandidateService
from kontakt.services.catalog import CatalogService
from kontakt.services.contacts import ContactService
from kontakt.services.demo import DemoService
from kontakt.services.duplicates import DuplicateFinder
from kontakt.services.exporting import ExportService, Writer
from kontakt.services.followups import FollowUpService
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.ideabank.uses import DocumentUseService
from kontakt.services.importing.service import ImportService
from kontakt.services.merging import MergingService
from kontakt.services.outreach.archive import ArchiveService
from kontakt.services.outreach.candidate_pack import CandidatePackService
from kontakt.services.outreach.event_mail import EventMail
from kontakt.services.outreach.events import EventService
from kontakt.services.outreach.history import HistoryService
from kontakt.services.outreach.inbox import InboxService
from kontakt.services.outreach.mailing import MailingService
from kontakt.services.outreach.mailing_report import MailingReports
from kontakt.services.outreach.newsletter_sections import NewsletterSections
from kontakt.services.outreach.newsletters import NewsletterService
from kontakt.services.outreach.outbox import Outbox
from kontakt.services.overview import OverviewService
from kontakt.services.privacy import PrivacyService
from kontakt.services.recruitment import RecruitmentService
from kontakt.services.retention import RetentionService
from kontakt.services.search import SearchService
from kontakt.services.settings import SettingsService
from kontakt.services.survey import SurveyService
from kontakt.services.synonyms import SynonymService
from kontakt.services.undo import UndoService
from kontakt.services.vocabulary import VocabularyService
from kontakt.services.year_summary import YearSummaryService
from kontakt.storage import backup
from kontakt.storage.contact_repository import ContactRepository
from kontakt.storage.engine import create_kontakt_engine, failure_reason
from kontakt.storage.sessions import Sessions


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
    mailing_reports: MailingReports
    archive: ArchiveService
    newsletters: NewsletterService
    newsletter_sections: NewsletterSections
    outbox: Outbox
    inbox: InboxService
    events: EventService
    event_mail: EventMail
    history: HistoryService
    overview: OverviewService
    privacy: PrivacyService
    merging: MergingService
    settings: SettingsService
    retention: RetentionService
    year_summary: YearSummaryService
    ideabank: IdeaBankService
    backups: BackupService
    demo: DemoService
    vocabulary: VocabularyService
    synonyms: SynonymService
    duplicates: DuplicateFinder
    followups: FollowUpService
    surveys: SurveyService
    document_uses: DocumentUseService
    candidates: CandidateService
    candidate_packs: CandidatePackService
    recruitment: RecruitmentService

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()


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
        check_file(location)
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
    sessions = Sessions(engine)
    geography = load_geography()
    repository = ContactRepository(geography)
    audit = ContactAudit(repository, current_actor())
    search = SearchService(sessions, geography)
    mailings = MailingService(sessions, search, current_actor())
    contacts = ContactService(sessions, repository, audit)
    overview = OverviewService(sessions, geography)
    ideabank = IdeaBankService(sessions, geography, mailings)
    # A document sent by e-mail is recorded as received when each message goes out.
    mailings.add_delivery_hook(ideabank.record_delivery)
    settings = SettingsService(sessions)
    backups = BackupService(location, engine, settings)
    # Art. 17: after an erasure, backups past the retention period go too.
    privacy = PrivacyService(sessions, repository, audit, after_erasure=backups.prune)
    privacy.prepare()
    catalog = CatalogService(sessions)
    events = EventService(sessions, mailings)
    history = HistoryService(sessions)
    undo = UndoService(sessions, repository, audit)
    document_uses = DocumentUseService(sessions, geography, current_actor())
    candidates = CandidateService(sessions, repository, audit, geography)
    return Core(
        location=location,
        engine=engine,
        sessions=sessions,
        geography=geography,
        contacts=contacts,
        search=search,
        catalog=catalog,
        undo=undo,
        imports=ImportService(sessions, repository, audit),
        exports=ExportService(search, export_writers()),
        mailings=mailings,
        mailing_reports=MailingReports(sessions),
        archive=ArchiveService(sessions, _archive_pdf),
        newsletters=NewsletterService(sessions, current_actor()),
        newsletter_sections=NewsletterSections(sessions, geography),
        outbox=Outbox(mailings),
        inbox=InboxService(sessions, audit, undo),
        events=events,
        event_mail=EventMail(sessions, events, mailings, search, settings),
        history=history,
        overview=overview,
        privacy=privacy,
        merging=MergingService(sessions, repository, audit),
        settings=settings,
        retention=RetentionService(sessions, search, contacts),
        year_summary=YearSummaryService(sessions, overview),
        ideabank=ideabank,
        backups=backups,
        demo=DemoService(
            sessions, geography, catalog, contacts, events, ideabank, history, document_uses
        ),
        vocabulary=VocabularyService(sessions, search, current_actor()),
        synonyms=SynonymService(sessions),
        duplicates=DuplicateFinder(sessions, geography, current_actor()),
        followups=FollowUpService(sessions, current_actor()),
        surveys=SurveyService(sessions),
        document_uses=document_uses,
        candidates=candidates,
        candidate_packs=CandidatePackService(candidates, ideabank, search, mailings),
        recruitment=RecruitmentService(sessions, geography, overview),
    )


# -- export writers --------------------------------------------------------------------
# Each writer's module is imported when that format is written, not before: start-up
# stays fast, the command line loads Qt only to write a PDF (Qt's PDF writer draws it,
# in ui/printing, so outside the core), and a module missing from a build fails only
# its own format.


def _vcard(version: str) -> Writer:
    def write(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
        from kontakt.io.exporters.vcard_file import vcard_steps

        return vcard_steps(rows, target, options, "4.0" if version == "4.0" else "3.0")

    return write


def _xlsx(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
    from kontakt.io.exporters.xlsx import xlsx_steps

    return xlsx_steps(rows, target, options)


def _csv(layout_name: str) -> Writer:
    def write(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
        from kontakt.io.exporters import contacts_csv

        layout = contacts_csv.GOOGLE if layout_name == "google" else contacts_csv.OUTLOOK
        return contacts_csv.csv_steps(rows, target, layout, options)

    return write


def _pdf(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
    from kontakt.ui.printing.pdf_list import pdf_steps

    return pdf_steps(rows, target, options)


def _archive_pdf(issue: Issue, site: str, target: Path) -> None:
    from kontakt.ui.printing.newsletter_pdf import write_issue_pdf

    write_issue_pdf(issue, site, target)


def export_writers() -> dict[ExportFormat, Writer]:
    """One writer per export format, for the export service."""
    return {
        ExportFormat.VCARD: _vcard("3.0"),
        ExportFormat.VCARD4: _vcard("4.0"),
        ExportFormat.XLSX: _xlsx,
        ExportFormat.CSV_GOOGLE: _csv("google"),
        ExportFormat.CSV_OUTLOOK: _csv("outlook"),
        ExportFormat.PDF: _pdf,
    }
