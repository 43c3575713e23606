"""Read one document's page and a contact's documents (written and received)."""

from __future__ import annotations

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from kontakt.domain.documents import (
    ContactDocument,
    Delivery,
    DocumentKind,
    DocumentPage,
    FileInfo,
    Involvement,
)
from kontakt.domain.geography import Geography
from kontakt.errors import NotFoundError
from kontakt.storage.document_query import load_rows
from kontakt.storage.ideabank_models import (
    Document,
    DocumentAuthor,
    DocumentFileRecord,
    DocumentRecipient,
)
from kontakt.storage.models import Contact
from kontakt.storage.outreach_models import MailingRecipient


def get_document(session: Session, document_id: int) -> Document:
    """The stored document.

    Raises:
        NotFoundError: No document with this number.
    """
    document = session.get(Document, document_id)
    if document is None:
        raise NotFoundError(f"Fant ikke dokument nr. {document_id} i idébanken.")
    return document


def document_page(session: Session, document_id: int, geography: Geography) -> DocumentPage:
    """Everything about one document: fields, authors, files and who received it when.

    Raises:
        NotFoundError: No document with this number.
    """
    document = get_document(session, document_id)
    row = load_rows(session, [document_id], geography)[0]
    files = tuple(
        FileInfo(f.id, f.filename, f.mime_type, f.size, f.text_chars, f.added_at)
        for f in session.execute(
            select(
                DocumentFileRecord.id,
                DocumentFileRecord.filename,
                DocumentFileRecord.mime_type,
                DocumentFileRecord.size,
                # The length, not the text: a page needs no 250,000 characters per file.
                func.length(DocumentFileRecord.text).label("text_chars"),
                DocumentFileRecord.added_at,
            )
            .where(DocumentFileRecord.document_id == document_id)
            .order_by(DocumentFileRecord.id)
        )
    )
    recipients = tuple(
        Delivery(
            uid=r.uid,
            name=" ".join(p for p in (r.given_name, r.family_name) if p),
            address=r.address or "",
            sent_at=r.sent_at,
            mailing_id=r.mailing_id,
        )
        for r in session.execute(
            select(
                Contact.uid,
                Contact.given_name,
                Contact.family_name,
                MailingRecipient.address,
                DocumentRecipient.sent_at,
                DocumentRecipient.mailing_id,
            )
            .join(Contact, Contact.id == DocumentRecipient.contact_id)
            .outerjoin(
                MailingRecipient,
                and_(
                    MailingRecipient.mailing_id == DocumentRecipient.mailing_id,
                    MailingRecipient.contact_id == DocumentRecipient.contact_id,
                ),
            )
            .where(DocumentRecipient.document_id == document_id)
            .order_by(DocumentRecipient.sent_at.desc(), DocumentRecipient.id.desc())
        )
    )
    return DocumentPage(
        row=row,
        text=document.text,
        link=document.link,
        files=files,
        recipients=recipients,
        created_at=document.created_at,
        version=document.version,
    )


def contact_documents(session: Session, contact_id: int) -> list[ContactDocument]:
    """The documents a contact wrote and received, newest first."""
    found: list[ContactDocument] = []
    for doc_id, title, kind, date in session.execute(
        select(Document.id, Document.title, Document.kind, Document.date)
        .join(DocumentAuthor, DocumentAuthor.document_id == Document.id)
        .where(DocumentAuthor.contact_id == contact_id)
    ):
        found.append(ContactDocument(doc_id, title, DocumentKind(kind), Involvement.WROTE, date))
    for doc_id, title, kind, sent_at in session.execute(
        select(Document.id, Document.title, Document.kind, DocumentRecipient.sent_at)
        .join(DocumentRecipient, DocumentRecipient.document_id == Document.id)
        .where(DocumentRecipient.contact_id == contact_id)
    ):
        found.append(
            ContactDocument(
                doc_id, title, DocumentKind(kind), Involvement.RECEIVED, sent_at.astimezone().date()
            )
        )
    # Undated documents last; among equals, the most recently added first.
    found.sort(key=lambda d: (d.when is not None, d.when, d.document_id), reverse=True)
    return found
