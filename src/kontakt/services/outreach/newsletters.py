"""The newsletter's stored pieces: the board's templates, drafts, and copies of sent ones.

A sent newsletter is a mailing of kind «newsletter» (see
:mod:`kontakt.services.outreach.mailing`); this service keeps what comes
before the send. A template asked for by a name nobody stored gives the
built-in one (:data:`kontakt.domain.newsletter.BUILT_IN`) and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.newsletter import BUILT_IN, NewsletterTemplate
from kontakt.domain.text import clean, clean_multiline
from kontakt.errors import KontaktError, NotFoundError, ValidationError
from kontakt.storage.base import utcnow
from kontakt.storage.newsletter_models import NewsletterDraft, NewsletterTemplateRow
from kontakt.storage.outreach_models import Mailing


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """A saved draft (or a sent newsletter, for «Kopier et tidligere nyhetsbrev»)."""

    id: int
    subject: str
    markdown: str
    template: str
    when: dt.datetime


class NewsletterService:
    """Templates, drafts and sent newsletters.

    Args:
        sessions: Session factory of the open database.
        actor: Who saves drafts (for the list of drafts).
    """

    def __init__(self, sessions: sessionmaker[Session], actor: str) -> None:
        self._sessions = sessions
        self._actor = actor

    # -- templates ---------------------------------------------------------------

    def template(self, name: str | None) -> tuple[NewsletterTemplate, bool]:
        """The template called ``name`` and whether it was found (else the built-in one)."""
        if not name or name == BUILT_IN.name:
            return BUILT_IN, True
        with self._sessions() as session:
            row = session.scalar(
                select(NewsletterTemplateRow).where(NewsletterTemplateRow.name == name)
            )
            if row is None:
                return BUILT_IN, False
            return NewsletterTemplate(
                row.name, row.header, row.footer, row.logo or b"", row.logo_mime
            ), True

    def template_names(self) -> list[str]:
        """The built-in template first, then the board's, by name."""
        with self._sessions() as session:
            names = list(
                session.scalars(
                    select(NewsletterTemplateRow.name).order_by(NewsletterTemplateRow.name)
                )
            )
        return [BUILT_IN.name, *names]

    def save_template(self, template: NewsletterTemplate) -> None:
        """Store a template under its name (replacing one of the same name).

        Raises:
            ValidationError: No name, the built-in template's name, or a logo that is no image.
        """
        name = clean(template.name)
        if not name:
            raise ValidationError("Malen må ha et navn.", "name")
        if name == BUILT_IN.name:
            raise ValidationError(
                f"«{BUILT_IN.name}» er den innebygde malen; velg et annet navn.", "name"
            )
        if template.logo and not template.logo_mime.startswith("image/"):
            raise ValidationError("Logoen må være et bilde (png, jpg, gif).", "logo")
        if len(template.logo) > 1024 * 1024:
            raise ValidationError("Logoen kan være høyst 1 MB.", "logo")
        with self._sessions.begin() as session:
            row = session.scalar(
                select(NewsletterTemplateRow).where(NewsletterTemplateRow.name == name)
            )
            if row is None:
                row = NewsletterTemplateRow(name=name)
                session.add(row)
            row.header = clean_multiline(template.header)
            row.footer = clean_multiline(template.footer)
            row.logo = template.logo or None
            row.logo_mime = template.logo_mime if template.logo else ""
            row.updated_at = utcnow()

    # -- drafts ------------------------------------------------------------------

    def save_draft(
        self, subject: str, markdown: str, template: str = "", draft_id: int | None = None
    ) -> int:
        """Save a draft (a new one, or over ``draft_id``); returns its number."""
        with self._sessions.begin() as session:
            row = session.get(NewsletterDraft, draft_id) if draft_id is not None else None
            if row is None:
                row = NewsletterDraft(actor=self._actor)
                session.add(row)
            row.subject = clean(subject)[:300]
            row.markdown = clean_multiline(markdown)
            row.template = clean(template)[:100]
            row.updated_at = utcnow()
            session.flush()
            return row.id

    def drafts(self) -> list[DraftInfo]:
        """Every saved draft, the newest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(NewsletterDraft).order_by(
                    NewsletterDraft.updated_at.desc(), NewsletterDraft.id.desc()
                )
            )
            return [DraftInfo(r.id, r.subject, r.markdown, r.template, r.updated_at) for r in rows]

    def draft(self, draft_id: int) -> DraftInfo:
        """One draft.

        Raises:
            NotFoundError: No such draft.
        """
        with self._sessions() as session:
            r = session.get(NewsletterDraft, draft_id)
            if r is None:
                raise NotFoundError(f"Fant ikke utkast nr. {draft_id}.")
            return DraftInfo(r.id, r.subject, r.markdown, r.template, r.updated_at)

    def delete_draft(self, draft_id: int) -> None:
        """Throw a draft away (e.g. once it is sent)."""
        with self._sessions.begin() as session:
            row = session.get(NewsletterDraft, draft_id)
            if row is not None:
                session.delete(row)

    # -- sent newsletters --------------------------------------------------------

    def sent(self) -> list[DraftInfo]:
        """The newsletters sent (stored mailings of kind «newsletter»), newest first."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Mailing).where(Mailing.kind == "newsletter").order_by(Mailing.id.desc())
            )
            return [DraftInfo(m.id, m.subject, m.markdown, "", m.created_at) for m in rows]

    def copy_sent(self, mailing_id: int) -> int:
        """«Kopier et tidligere nyhetsbrev»: a new draft from a sent newsletter's Markdown.

        Raises:
            KontaktError: No such mailing, or it is not a newsletter.
        """
        with self._sessions() as session:
            mailing = session.get(Mailing, mailing_id)
            if mailing is None or mailing.kind != "newsletter":
                raise KontaktError(f"Utsending nr. {mailing_id} er ikke et nyhetsbrev.")
            subject, markdown = mailing.subject, mailing.markdown
        return self.save_draft(subject, markdown)
