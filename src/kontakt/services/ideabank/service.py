"""The idea bank (Idébank): add, edit, find, import and send the network's documents.

One service for the window, the command line and the tests. Each method is
one unit of work (one transaction); long work (a folder import) is a
generator yielding progress, as elsewhere in Kontakt.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from sqlalchemy import extract, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from kontakt.domain.documents import (
    ContactDocument,
    DocumentDraft,
    DocumentFile,
    DocumentFilter,
    DocumentKind,
    DocumentPage,
    DocumentResult,
    find_snippet,
    title_from_filename,
)
from kontakt.domain.geography import Geography
from kontakt.domain.text import clean, fold
from kontakt.errors import ConflictError, KontaktError, NotFoundError
from kontakt.io.documents import read_document
from kontakt.io.importers.raw import file_label
from kontakt.services.ideabank import folder, reading, sending, writing
from kontakt.services.outreach.mailing import MailingPlan, MailingService
from kontakt.services.outreach.message import Attachment, MailDraft, Sender
from kontakt.services.search import closest
from kontakt.storage.base import utcnow
from kontakt.storage.document_query import (
    ResolvedDocumentFilter,
    id_query,
    load_rows,
)
from kontakt.storage.ideabank_models import Document, DocumentFileRecord
from kontakt.storage.models import Contact, Topic
from kontakt.storage.text_match import split_terms


class AlreadyInIdeaBank(KontaktError):
    """The very file (name and bytes) is in the idea bank already; nothing was added.

    Attributes:
        document_id: The document that has it.
    """

    def __init__(self, message: str, document_id: int) -> None:
        super().__init__(message)
        self.document_id = document_id


class IdeaBankService:
    """The network's documents: interpellations, consultation answers, letters …

    Args:
        sessions: Session factory.
        geography: Resolves county and municipality names.
        mailings: Sends documents (the service ties documents to its mailings).
    """

    def __init__(
        self, sessions: sessionmaker[Session], geography: Geography, mailings: MailingService
    ) -> None:
        self._sessions = sessions
        self._geography = geography
        self._mailings = mailings

    # -- adding and editing ------------------------------------------------------------

    def add(self, draft: DocumentDraft, files: Sequence[DocumentFile] = ()) -> int:
        """Store a new document with its files; returns its number.

        Raises:
            ValidationError: No title, a bad link or place.
            NotFoundError: An unknown place or author.
        """
        with self._sessions.begin() as session:
            document = writing.new_document()
            writing.apply_draft(session, document, draft, self._geography)
            for file in files:
                writing.add_file(session, document, file)
            writing.refresh_search_text(session, document)
            return document.id

    def add_path(self, path: Path, draft: DocumentDraft) -> int:
        """Add a document from a file (its text extracted); an empty title comes from the name.

        Raises:
            DocumentRefused: The file cannot be read (message names it).
            AlreadyInIdeaBank: The same file (name and bytes) is stored already,
                as ``docs import`` skips it.
            ValidationError, NotFoundError: As :meth:`add`.
        """
        file = read_document(path)
        known = self.existing_document(file)
        if known is not None:
            number, title = known
            raise AlreadyInIdeaBank(
                f"{file_label(path)} finnes allerede i idébanken (dokument nr. {number}, "
                f"«{title}»); den ble ikke lagt inn en gang til.",
                number,
            )
        title = clean(draft.title) or title_from_filename(path.name)
        return self.add(replace(draft, title=title), (file,))

    def update(self, document_id: int, draft: DocumentDraft, version: int) -> None:
        """Save changed fields of a document read at ``version``.

        Raises:
            ConflictError: Someone else saved the document since it was read.
            NotFoundError: The document was deleted, or an unknown place or author.
            ValidationError: As :meth:`add`.
        """
        try:
            with self._sessions.begin() as session:
                document = reading.get_document(session, document_id)
                if document.version != version:
                    raise self._conflict(document.title, document.uid)
                writing.apply_draft(session, document, draft, self._geography)
        except StaleDataError as exc:  # saved by someone else between our read and write
            raise self._conflict(draft.title, "") from exc

    @staticmethod
    def _conflict(title: str, uid: str) -> ConflictError:
        return ConflictError(
            f"Dokumentet «{title}» er endret av noen andre siden du åpnet det. "
            "Lukk det og åpne det igjen for å se endringene.",
            uid,
        )

    def delete(self, document_id: int) -> str:
        """Delete a document with its files and recipient records; returns its title.

        The recipients' history keeps the entry saying they got it.
        """
        with self._sessions.begin() as session:
            document = reading.get_document(session, document_id)
            title = document.title
            session.delete(document)
            return title

    def attach(self, document_id: int, file: DocumentFile) -> int:
        """Attach a file to a document; returns the file's number."""
        with self._sessions.begin() as session:
            document = reading.get_document(session, document_id)
            record = writing.add_file(session, document, file)
            writing.refresh_search_text(session, document)
            return record.id

    def remove_file(self, file_id: int) -> None:
        """Remove an attached file (and its text from search)."""
        with self._sessions.begin() as session:
            record = self._file_record(session, file_id)
            document = reading.get_document(session, record.document_id)
            session.delete(record)
            document.updated_at = utcnow()
            writing.refresh_search_text(session, document)

    def file(self, file_id: int) -> DocumentFile:
        """An attached file with its bytes (to save or send)."""
        with self._sessions() as session:
            r = self._file_record(session, file_id)
            return DocumentFile(r.filename, r.content, r.mime_type, r.text)

    @staticmethod
    def _file_record(session: Session, file_id: int) -> DocumentFileRecord:
        record = session.get(DocumentFileRecord, file_id)
        if record is None:
            raise NotFoundError(f"Fant ikke fil nr. {file_id} i idébanken.")
        return record

    def existing_file(self, file: DocumentFile) -> str | None:
        """The title of a document that already has this very file (name and bytes), or None."""
        known = self.existing_document(file)
        return known[1] if known is not None else None

    def existing_document(self, file: DocumentFile) -> tuple[int, str] | None:
        """The number and title of a document that already has this very file, or None."""
        with self._sessions() as session:
            for record in session.scalars(
                select(DocumentFileRecord).where(
                    DocumentFileRecord.filename == file.filename,
                    DocumentFileRecord.size == file.size,
                )
            ):
                if record.content == file.content:
                    title = reading.get_document(session, record.document_id).title
                    return record.document_id, title
        return None

    def import_folder(
        self, path: Path, template: DocumentDraft, kind: DocumentKind | None = None
    ) -> folder.FolderSteps:
        """Import the PDF, DOCX and TXT files of a folder (see :mod:`.folder`)."""
        return folder.import_folder_steps(
            path, template, kind, lambda d, f: self.add(d, (f,)), self.existing_file
        )

    # -- finding -------------------------------------------------------------------------

    def _resolve(self, session: Session, f: DocumentFilter) -> ResolvedDocumentFilter:
        counties: tuple[str, ...] = ()
        if clean(f.county):
            counties = tuple(c.number for c in self._geography.successors(f.county))
        topic_ids = []
        for name in (clean(t) for t in f.topics):
            if not name:
                continue
            found = session.scalar(select(Topic.id).where(Topic.name_key == fold(name)))
            if found is None:
                names = list(session.scalars(select(Topic.name)))
                raise NotFoundError(f"Ukjent tema «{name}».{closest(name, names)}")
            topic_ids.append(found)
        return ResolvedDocumentFilter(
            terms=self._terms(f.text),
            kind=f.kind.value if f.kind else None,
            topic_ids=tuple(topic_ids),
            county_numbers=counties,
            year=f.year,
            status=f.status.value if f.status else None,
            use=f.use,
            order=f.order,
        )

    @staticmethod
    def _terms(text: str) -> tuple[str, ...]:
        # Words are indexed without edge punctuation (writing.index_text); so are terms.
        return tuple(t for t in (w.strip(writing.WORD_EDGES) for w in split_terms(text)) if t)

    def search(self, f: DocumentFilter, offset: int = 0, limit: int | None = 200) -> DocumentResult:
        """One page of matching documents (newest first) and how many match in all.

        Raises:
            NotFoundError: An unknown topic or county (with the closest names).
        """
        with self._sessions() as session:
            resolved = self._resolve(session, f)
            dialect = session.get_bind().dialect.name
            # Every matching id at once (a few thousand at most): the count comes
            # free, where a separate count would run the text match a second time.
            ids = list(session.scalars(id_query(resolved, dialect)))
            total = len(ids)
            ids = ids[offset:] if limit is None else ids[offset : offset + limit]
            return DocumentResult(tuple(load_rows(session, ids, self._geography)), total)

    def snippet(self, document_id: int, text: str) -> str:
        """Why a document matched a search: «I «fil.pdf»: …hvordan fødeavdelingen…», or ""."""
        terms = self._terms(text)
        if not terms:
            return ""
        with self._sessions() as session:
            document = reading.get_document(session, document_id)
            sources = [("tittelen", document.title), ("teksten", document.text)]
            sources += [
                (f"«{name}»", file_text)
                for name, file_text in session.execute(
                    select(DocumentFileRecord.filename, DocumentFileRecord.text)
                    .where(DocumentFileRecord.document_id == document_id)
                    .order_by(DocumentFileRecord.id)
                )
            ]
        found = find_snippet(sources, terms)
        return f"I {found[0]}: {found[1]}" if found else ""

    def page(self, document_id: int) -> DocumentPage:
        """Everything about one document (see :class:`DocumentPage`).

        Raises:
            NotFoundError: No such document.
        """
        with self._sessions() as session:
            return reading.document_page(session, document_id, self._geography)

    def documents_of(self, uid: str) -> list[ContactDocument]:
        """The documents a contact wrote and received, newest first.

        Raises:
            NotFoundError: No contact with this uid.
        """
        with self._sessions() as session:
            contact_id = session.scalar(select(Contact.id).where(Contact.uid == uid))
            if contact_id is None:
                raise NotFoundError(f"Fant ingen kontakt med id {uid}.")
            return reading.contact_documents(session, contact_id)

    def years(self) -> list[int]:
        """The years documents are dated in, newest first (for the year filter)."""
        with self._sessions() as session:
            year = extract("year", Document.date)
            found = session.scalars(select(year).where(Document.date.is_not(None)).distinct())
            return sorted((int(y) for y in found), reverse=True)

    # -- sending -------------------------------------------------------------------------

    def attachments(self, document_id: int) -> list[Attachment]:
        """The document's files as e-mail attachments."""
        with self._sessions() as session:
            reading.get_document(session, document_id)
            records = session.scalars(
                select(DocumentFileRecord)
                .where(DocumentFileRecord.document_id == document_id)
                .order_by(DocumentFileRecord.id)
            )
            return [Attachment(r.filename, r.content, r.mime_type) for r in records]

    def mail_draft(self, document_id: int, as_attachment: bool = True) -> MailDraft:
        """A message sharing the document (files attached, or the text in the body)."""
        page = self.page(document_id)
        if as_attachment:
            return sending.mail_draft(page, self.attachments(document_id), True)
        if not page.text:  # a document that is only its files: their text goes in the body
            with self._sessions() as session:
                texts = session.scalars(
                    select(DocumentFileRecord.text)
                    .where(DocumentFileRecord.document_id == document_id)
                    .order_by(DocumentFileRecord.id)
                )
                page = replace(page, text="\n\n".join(t for t in texts if t.strip()))
        return sending.mail_draft(page, [], False)

    def create_mailing(
        self,
        document_id: int,
        draft: MailDraft,
        sender: Sender,
        plan: MailingPlan,
        scope_text: str = "",
        as_attachment: bool = True,
    ) -> int:
        """Store a mailing of the document to the plan's recipients; returns its number.

        Send it with ``MailingService.send_steps``; every recipient reached is
        recorded as having received the document (see :mod:`.sending`).
        """
        self.page(document_id)  # a deleted document fails here, before anything is stored
        return self._mailings.create(
            draft,
            sender,
            plan,
            scope_text,
            on_stored=lambda session, mailing_id: sending.link_mailing(
                session, document_id, mailing_id, as_attachment
            ),
        )

    @staticmethod
    def record_delivery(
        session: Session, mailing_id: int, contact_id: int, at: dt.datetime
    ) -> None:
        """The mailing service's delivery hook (see :func:`.sending.record_delivery`)."""
        sending.record_delivery(session, mailing_id, contact_id, at)
