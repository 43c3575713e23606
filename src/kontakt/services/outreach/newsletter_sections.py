"""Sections Kontakt writes into a newsletter draft itself, each as Markdown to insert.

Upcoming events (title, time, place, link, and «meld deg på» by replying,
which «Hent svar» reads), new idébank documents since the last newsletter
(title, kind, county, link) and a «Månedens tema» heading for the writer.
Text taken from the database is escaped so that it stays text: no Markdown
of its own, and braces doubled so it is no merge field.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.documents import KIND_LABELS, DocumentKind
from kontakt.domain.geography import Geography
from kontakt.errors import NotFoundError
from kontakt.services.outreach.event_letters import long_span_text
from kontakt.storage.base import utcnow
from kontakt.storage.ideabank_models import Document
from kontakt.storage.outreach_models import Event, Mailing

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|!~])")
THEME = "## Månedens tema\n\n"
FIRST_PERIOD = dt.timedelta(days=31)


def md_text(text: str) -> str:
    """``text`` as literal Markdown and template text (no emphasis, links or fields)."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))
    return escaped.replace("{", "{{").replace("}", "}}")


def _link(url: str) -> str:
    """A link's address inside ``<…>``, safe for any character but spaces and brackets."""
    url = url.strip().replace("{", "{{").replace("}", "}}")
    if not url.lower().startswith(("http://", "https://")) or re.search(r"[\s<>]", url):
        return ""
    return url


class NewsletterSections:
    """The sections, read from the open database.

    Args:
        sessions: Session factory of the open database.
        geography: For the county names of documents.
    """

    def __init__(self, sessions: sessionmaker[Session], geography: Geography) -> None:
        self._sessions = sessions
        self._geography = geography

    def events(self, now: dt.datetime | None = None) -> str:
        """«Kommende arrangementer»: every event not yet begun, soonest first ("" if none)."""
        now = now or utcnow()
        with self._sessions() as session:
            events = list(
                session.scalars(
                    select(Event).where(Event.starts_at >= now).order_by(Event.starts_at)
                )
            )
            lines = []
            for e in events:
                line = f"- **{md_text(e.title)}**, {long_span_text(e.starts_at, e.ends_at)}"
                if e.place:
                    line += f", {md_text(e.place)}"
                link = _link(e.link)
                if link:
                    line += f". [Lenke til møtet](<{link}>)"
                lines.append(line + ". Meld deg på ved å svare på denne e-posten.")
        if not lines:
            return ""
        return "## Kommende arrangementer\n\n" + "\n".join(lines) + "\n"

    def last_newsletter_at(self) -> dt.datetime | None:
        """When the last newsletter was sent (None if never)."""
        with self._sessions() as session:
            return session.scalar(
                select(func.max(Mailing.created_at)).where(Mailing.kind == "newsletter")
            )

    def documents(self, since: dt.datetime | None = None) -> str:
        """«Nytt i idébanken»: documents added since ``since`` (default: the last newsletter,
        or the last 31 days before the first one); "" if none."""
        since = since or self.last_newsletter_at() or utcnow() - FIRST_PERIOD
        with self._sessions() as session:
            docs = list(
                session.scalars(
                    select(Document)
                    .where(Document.created_at > since)
                    .order_by(Document.created_at, Document.id)
                )
            )
            lines = [self._document_line(d) for d in docs]
        if not lines:
            return ""
        return "## Nytt i idébanken\n\n" + "\n".join(lines) + "\n"

    def _document_line(self, doc: Document) -> str:
        link = _link(doc.link)
        title = md_text(doc.title)
        parts = [f"[{title}](<{link}>)" if link else f"**{title}**"]
        with contextlib.suppress(ValueError):
            parts.append(KIND_LABELS[DocumentKind(doc.kind)].lower())
        if doc.county_number:
            with contextlib.suppress(NotFoundError):
                parts.append(self._geography.county(doc.county_number).name)
        return "- " + ", ".join(parts)

    @staticmethod
    def theme() -> str:
        """«Månedens tema»: the heading, for the writer to fill."""
        return THEME
