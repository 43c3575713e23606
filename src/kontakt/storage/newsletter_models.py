"""Tables of the newsletter (issue 20): the board's templates and the drafts being written.

A sent newsletter is a :class:`~kontakt.storage.outreach_models.Mailing`
(kind «newsletter», its Markdown kept); these hold what comes before it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class NewsletterTemplateRow(Base):
    """A template the board keeps: header and footer in Markdown, an optional logo."""

    __tablename__ = "newsletter_template"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    header: Mapped[str] = mapped_column(Text, default="")
    footer: Mapped[str] = mapped_column(Text, default="")
    logo: Mapped[bytes | None] = mapped_column(LargeBinary)
    logo_mime: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class NewsletterDraft(Base):
    """A newsletter being written: subject, Markdown and the template chosen."""

    __tablename__ = "newsletter_draft"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    subject: Mapped[str] = mapped_column(String(300), default="")
    markdown: Mapped[str] = mapped_column(Text, default="")
    template: Mapped[str] = mapped_column(String(100), default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
