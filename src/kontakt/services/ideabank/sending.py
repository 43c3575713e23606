"""Send a document through the outreach sender, and record who received it.

The message is an ordinary mailing (personal, paced, resumable). The
document is tied to the mailing when the mailing is stored; each time a
recipient's message is handed to the server, :func:`record_delivery` (a
delivery hook of the mailing service, in the same transaction) writes a
``document_recipient`` row and a «Dokument» entry in the contact's history.
So a resumed mailing («Fortsett utsending») records its recipients too.
"""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.domain.documents import DocumentKind, DocumentPage, labelled_title
from kontakt.services.outreach.message import Attachment, MailDraft
from kontakt.storage.ideabank_models import Document, DocumentMailing, DocumentRecipient
from kontakt.storage.models import Interaction

CHANNEL = "dokument"
# «Vedlagt er interpellasjonen …»: the kinds in the definite form.
DEFINITE = {
    DocumentKind.INTERPELLASJON: "interpellasjonen",
    DocumentKind.HORINGSSVAR: "høringssvaret",
    DocumentKind.LESERINNLEGG: "leserinnlegget",
    DocumentKind.REPRESENTANTFORSLAG: "representantforslaget",
    DocumentKind.PROGRAMTEKST: "programteksten",
    DocumentKind.ANNET: "dokumentet",
}
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def literal(text: str) -> str:
    """Text with its braces doubled, so that merge fields leave it as written."""
    return text.replace("{", "{{").replace("}", "}}")


def describe(page: DocumentPage) -> str:
    """«interpellasjonen «Tittel» fra Bergen (12.03.2025)», for the message's first lines."""
    row = page.row
    text = f"{DEFINITE[row.kind]} «{row.title}»"
    if row.place_name:
        text += f" fra {row.place_name}"
    if row.date:
        text += f" ({row.date:%d.%m.%Y})"
    return text


def text_file_name(title: str) -> str:
    """A file name for the document's text sent as an attachment."""
    stem = " ".join(_UNSAFE_NAME.sub(" ", title).split()).strip(" .")[:80].strip() or "dokument"
    return f"{stem}.txt"


def mail_draft(
    page: DocumentPage, files: list[Attachment], as_attachment: bool = True
) -> MailDraft:
    """A message that shares the document, to be edited in the composer.

    Args:
        page: The document.
        files: Its attached files (with their bytes).
        as_attachment: True: the files go along (the text as a .txt file when
            there are none); False: the text is written into the message and
            nothing is attached.
    """
    row = page.row
    subject = labelled_title(row.kind, row.title)
    lines = ["Hei {fornavn}!", ""]
    about = literal(describe(page))
    attachments: tuple[Attachment, ...] = ()
    if as_attachment:
        if files:
            attachments = tuple(files)
        elif page.text:
            attachments = (
                Attachment(text_file_name(row.title), page.text.encode("utf-8"), "text/plain"),
            )
        lines.append(f"Vedlagt er {about}." if attachments else f"Her er {about}.")
    else:
        lines.append(f"Her er {about}.")
    lines.append("Bruk den gjerne som utgangspunkt der du er.")
    if page.link:
        lines += ["", f"Publisert: {literal(page.link)}"]
    if not as_attachment and page.text:
        lines += ["", literal(row.title.upper()), "", literal(page.text)]
    return MailDraft(literal(subject), "\n".join(lines) + "\n", "", attachments)


def link_mailing(session: Session, document_id: int, mailing_id: int, as_attachment: bool) -> None:
    """Tie a stored mailing to the document (inside the mailing's transaction)."""
    session.add(
        DocumentMailing(document_id=document_id, mailing_id=mailing_id, as_attachment=as_attachment)
    )


def record_delivery(
    session: Session, mailing_id: int, contact_id: int, sent_at: dt.datetime
) -> None:
    """Delivery hook: the contact got the documents this mailing carried.

    Writes a recipient row per document and a «Dokument» entry in the
    contact's history; a delivery already recorded is not recorded twice.
    """
    documents = session.execute(
        select(Document.id, Document.title, Document.kind)
        .join(DocumentMailing, DocumentMailing.document_id == Document.id)
        .where(DocumentMailing.mailing_id == mailing_id)
    ).all()
    for document_id, title, kind in documents:
        known = session.scalar(
            select(DocumentRecipient.id).where(
                DocumentRecipient.document_id == document_id,
                DocumentRecipient.contact_id == contact_id,
                DocumentRecipient.mailing_id == mailing_id,
            )
        )
        if known is not None:
            continue
        session.add(
            DocumentRecipient(
                document_id=document_id,
                contact_id=contact_id,
                mailing_id=mailing_id,
                sent_at=sent_at,
            )
        )
        session.add(
            Interaction(
                contact_id=contact_id,
                at=sent_at,
                channel=CHANNEL,
                subject=labelled_title(DocumentKind(kind), title)[:300],
                note=f"Sendt med e-post (utsending nr. {mailing_id}).",
                mailing_id=mailing_id,
            )
        )
