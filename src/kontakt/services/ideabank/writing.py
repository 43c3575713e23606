"""Check a document draft and write it onto the stored document, with its search text.

Kept apart from the service so that adding, editing and importing share one
set of rules: a title is required, places are resolved (former county names
too), topics are matched ignoring case (new ones created), authors must be
existing contacts.
"""

from __future__ import annotations

import uuid

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from kontakt.domain.documents import DocumentDraft, DocumentFile
from kontakt.domain.geography import Geography
from kontakt.domain.text import clean, clean_multiline, fold
from kontakt.errors import NotFoundError, ValidationError
from kontakt.storage.base import utcnow
from kontakt.storage.ideabank_models import (
    Document,
    DocumentAuthor,
    DocumentFileRecord,
    document_topic,
)
from kontakt.storage.models import Contact, Topic
from kontakt.storage.tags import named_entities

MAX_TITLE = 300
MAX_LINK = 1000
# Stripped from both ends of a word: «sykehus,» and «(sykehus)» are the word «sykehus».
WORD_EDGES = ".,;:!?()[]{}<>«»\"'“”‘’…–—-/*•·"


def index_text(*texts: str) -> str:
    """Each distinct word of the texts once, casefolded, in order of first use.

    Search matches every query word as a substring of one word, never a
    phrase, so the distinct words find exactly what the full text would: a
    20,000-word consultation answer indexes its few thousand distinct words,
    which keeps the index and every scan of it about ten times smaller.
    """
    words = (w.strip(WORD_EDGES) for text in texts for w in fold(text).split())
    return " ".join(dict.fromkeys(w for w in words if w))


def checked_title(title: str) -> str:
    """The title, cleaned.

    Raises:
        ValidationError: Empty or too long.
    """
    value = clean(title)
    if not value:
        raise ValidationError("Dokumentet må ha en tittel.", "title")
    if len(value) > MAX_TITLE:
        raise ValidationError(f"Tittelen er for lang (over {MAX_TITLE} tegn).", "title")
    return value


def checked_link(link: str) -> str:
    """The link, with ``https://`` added to a bare «www.…» address.

    Raises:
        ValidationError: Too long, or not a web address.
    """
    value = clean(link)
    if not value:
        return ""
    if value.lower().startswith("www."):
        value = "https://" + value
    if not value.lower().startswith(("http://", "https://")):
        raise ValidationError(
            f"Lenken «{value[:80]}» er ikke en nettadresse (den må begynne med https://).", "link"
        )
    if len(value) > MAX_LINK:
        raise ValidationError(f"Lenken er for lang (over {MAX_LINK} tegn).", "link")
    return value


def places(geography: Geography, draft: DocumentDraft) -> tuple[str | None, str | None]:
    """(county number, municipality number) of the draft; a municipality implies its county.

    Raises:
        NotFoundError: An unknown county or municipality.
        ValidationError: A municipality outside the given county, or a county
            split in 2024 given without a municipality.
    """
    county_text, municipality_text = clean(draft.county), clean(draft.municipality)
    if municipality_text:
        found = geography.find_municipality(municipality_text, county=county_text or None)
        return found.county_number, found.number
    if county_text:
        return geography.find_county(county_text).number, None
    return None, None


def author_ids(session: Session, uids: tuple[str, ...]) -> list[int]:
    """The contact ids of the authors, in the given order (each once).

    Raises:
        NotFoundError: A uid that is no contact.
    """
    wanted = list(dict.fromkeys(u.strip() for u in uids if u.strip()))
    if not wanted:
        return []
    query = select(Contact.uid, Contact.id).where(Contact.uid.in_(wanted))
    found = {uid: cid for uid, cid in session.execute(query)}
    for uid in wanted:
        if uid not in found:
            raise NotFoundError(f"Fant ingen kontakt med id {uid} (forfatter).")
    return [found[u] for u in wanted]


def new_document() -> Document:
    """A new, empty document; :func:`apply_draft` fills it in and adds it to the session."""
    return Document(
        uid=str(uuid.uuid4()), title="", kind="", status="", version=1, created_at=utcnow()
    )


def apply_draft(
    session: Session, document: Document, draft: DocumentDraft, geography: Geography
) -> None:
    """Check the draft and write it onto the document, its topics and authors.

    Raises:
        ValidationError: A missing title, a bad link or place.
        NotFoundError: An unknown place or author.
    """
    title = checked_title(draft.title)
    link = checked_link(draft.link)
    county, municipality = places(geography, draft)
    authors = author_ids(session, draft.authors)
    topics = named_entities(session, Topic, [clean(t) for t in draft.topics if clean(t)])
    document.title = title
    document.kind = draft.kind.value
    document.status = draft.status.value
    document.county_number = county
    document.municipality_number = municipality
    document.date = draft.date
    document.text = clean_multiline(draft.text).strip()
    document.link = link
    document.updated_at = utcnow()
    session.add(document)
    session.flush()  # the document's id, and new topics' ids
    session.execute(delete(document_topic).where(document_topic.c.document_id == document.id))
    if topics:
        session.execute(
            insert(document_topic),
            [{"document_id": document.id, "topic_id": t.id} for t in topics],
        )
    session.execute(delete(DocumentAuthor).where(DocumentAuthor.document_id == document.id))
    session.add_all(
        DocumentAuthor(document_id=document.id, contact_id=cid, position=n)
        for n, cid in enumerate(authors)
    )
    refresh_search_text(session, document)


def add_file(session: Session, document: Document, file: DocumentFile) -> DocumentFileRecord:
    """Store a file with the document (call :func:`refresh_search_text` afterwards)."""
    name = clean(file.filename)[:300] or "fil"
    record = DocumentFileRecord(
        document_id=document.id,
        filename=name,
        mime_type=file.mime_type[:100],
        size=file.size,
        content=file.content,
        text=file.text,
    )
    session.add(record)
    document.updated_at = utcnow()
    return record


def refresh_search_text(session: Session, document: Document) -> None:
    """Recompute what free-text search matches: the words of the title, text and files."""
    session.flush()
    file_texts = session.scalars(
        select(DocumentFileRecord.text)
        .where(DocumentFileRecord.document_id == document.id)
        .order_by(DocumentFileRecord.id)
    )
    value = index_text(document.title, document.text, *file_texts)
    if document.search_text != value:  # an unchanged text leaves the FTS index alone
        document.search_text = value
