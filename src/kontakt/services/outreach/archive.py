"""The open archive: every sent newsletter as a public web page, an index, a feed, PDFs.

``kontakt mail archive -o FOLDER`` and «E-post → Oppdater nyhetsarkivet …»
write or refresh a folder anyone may read (uploaded to the party's web site,
shared in Hudd): one page per sent newsletter, ``index.html`` newest first,
``feed.xml`` (Atom) and a PDF of each. Each newsletter is published as it was
written, never as a recipient's copy: merge fields become neutral words
(:mod:`kontakt.domain.archive_text`), the HTML is sanitised again, opt-out
lines go, and no address or recipient is read at all.

A page's name comes from its date and subject and stays the same on every
refresh. A refresh writes only files whose content changed; a PDF is written
when its page changed or it is missing (a PDF's bytes hold the time it was
made, so they cannot be compared).

The PDF is drawn by a writer handed in (Qt's PDF writer lives outside the
core, in ui/printing, as for the contact list's PDF).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.archive_text import neutral_text
from kontakt.io.archive.feed import atom_feed
from kontakt.io.archive.folder import prepare_folder, write_if_changed
from kontakt.io.archive.pages import (
    FEED_NAME,
    INDEX_NAME,
    STYLESHEET,
    STYLESHEET_NAME,
    Issue,
    index_page,
    issue_page,
)
from kontakt.io.archive.sanitize import clean_html, text_to_html
from kontakt.services.outreach.delivery import RecipientStatus
from kontakt.storage.outreach_models import Mailing, MailingRecipient

NEWSLETTER = "newsletter"
DEFAULT_SITE = "Nyhetsbrev"

PdfWriter = Callable[[Issue, str, Path], None]
"""Writes one newsletter's PDF: (issue, site name, target file)."""

_TRANSLITERATE = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})


@dataclass(frozen=True, slots=True)
class ArchiveResult:
    """What a refresh did.

    Attributes:
        newsletters: How many newsletters the archive holds.
        written: How many of their pages were new or changed.
        files: Every file written (pages, PDFs, index, feed, stylesheet).
    """

    newsletters: int
    written: int
    files: tuple[Path, ...]

    def text(self) -> str:
        """In words, for the command line and the window."""
        page = "side" if self.written == 1 else "sider"
        letters = "nyhetsbrev"
        return (
            f"Skrev {self.written} {page} ({self.newsletters} {letters} i arkivet, "
            f"{len(self.files)} filer oppdatert)."
        )


def slug_for(subject: str, when: str) -> str:
    """A file name from the date and the subject: «2026-12-01-nyhetsbrev-for-desember»."""
    text = unicodedata.normalize("NFKD", subject.translate(_TRANSLITERATE))
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    words = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60].rstrip("-")
    return f"{when}-{words or 'nyhetsbrev'}"


class ArchiveService:
    """Writes the open archive from the newsletters stored in the database."""

    def __init__(self, sessions: sessionmaker[Session], pdf_writer: PdfWriter) -> None:
        self._sessions = sessions
        self._pdf_writer = pdf_writer

    def issues(self) -> tuple[list[Issue], str]:
        """The sent newsletters, newest first, ready to publish, and the site's name
        (the sender name of the newest newsletter: the network, not a person)."""
        sent = exists().where(
            MailingRecipient.mailing_id == Mailing.id,
            MailingRecipient.status == RecipientStatus.SENT.value,
        )
        with self._sessions() as session:
            rows = session.execute(
                select(
                    Mailing.id,
                    Mailing.subject,
                    Mailing.created_at,
                    Mailing.body,
                    Mailing.html,
                    Mailing.sender_name,
                )
                .where(Mailing.kind == NEWSLETTER, sent)
                .order_by(Mailing.created_at, Mailing.id)
            ).all()
        issues: list[Issue] = []
        taken: set[str] = set()
        for row in rows:  # oldest first: an older page keeps its name when a twin comes
            slug = slug_for(neutral_text(row.subject), row.created_at.date().isoformat())
            if slug in taken:
                slug = f"{slug}-{row.id}"
            taken.add(slug)
            body = clean_html(neutral_text(row.html)) if row.html.strip() else ""
            if not body:
                body = text_to_html(neutral_text(row.body))
            issues.append(Issue(slug, neutral_text(row.subject), row.created_at, body))
        site = rows[-1].sender_name.strip() if rows else ""
        return issues[::-1], site or DEFAULT_SITE

    def refresh(self, folder: Path) -> ArchiveResult:
        """Write or refresh the archive in ``folder`` (made if missing).

        Raises:
            KontaktError: The folder or a file in it cannot be written (Norwegian
                message naming it); files already written stay as they are.
        """
        prepare_folder(folder)
        issues, site = self.issues()
        files: list[Path] = []
        written = 0
        for issue in issues:
            page = folder / issue.page
            changed = write_if_changed(page, issue_page(issue, site).encode("utf-8"))
            if changed:
                written += 1
                files.append(page)
            pdf = folder / issue.pdf
            if changed or not pdf.exists():
                self._pdf_writer(issue, site, pdf)
                files.append(pdf)
        shared = {
            INDEX_NAME: index_page(issues, site).encode("utf-8"),
            FEED_NAME: atom_feed(issues, site),
            STYLESHEET_NAME: STYLESHEET.encode("utf-8"),
        }
        for name, data in shared.items():
            if write_if_changed(folder / name, data):
                files.append(folder / name)
        return ArchiveResult(len(issues), written, tuple(files))
