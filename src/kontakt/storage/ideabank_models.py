"""Tables of the idea bank: documents, their topics, authors, files and recipients.

Authors and recipients are links to contacts with ``ON DELETE CASCADE``: when
a person is erased (privacy), the links vanish with them and the document
stays. Files are kept in the database (name, type, size, bytes and the text
extracted for search), so a shared PostgreSQL database shares them too.

``document.search_text`` is the casefolded title, text and file texts that
free-text search matches (SQLite folds only ASCII itself); the SQLite FTS5
index over it and PostgreSQL's trigram index are made by the migration.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow

document_topic = Table(
    "document_topic",
    Base.metadata,
    Column("document_id", ForeignKey("document.id", ondelete="CASCADE"), primary_key=True),
    Column("topic_id", ForeignKey("topic.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class Document(Base):
    """An interpellation, consultation answer, reader's letter ... shared between counties."""

    __tablename__ = "document"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    status: Mapped[str] = mapped_column(String(20))
    county_number: Mapped[str | None] = mapped_column(String(2), index=True)
    municipality_number: Mapped[str | None] = mapped_column(String(4))
    date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    link: Mapped[str] = mapped_column(String(1000), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # The long columns last: SQLite reads a row's columns in order, so the list's
    # columns are then read without walking a long text's overflow pages.
    text: Mapped[str] = mapped_column(Text, default="")
    search_text: Mapped[str] = mapped_column(Text, default="")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class DocumentAuthor(Base):
    """A contact who wrote (or co-wrote) a document."""

    __tablename__ = "document_author"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)


class DocumentFileRecord(Base):
    """A file attached to a document, with the text extracted from it for search."""

    __tablename__ = "document_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(300))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    text: Mapped[str] = mapped_column(Text, default="")
    added_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class DocumentMailing(Base):
    """A mailing that carried a document (so its deliveries are recorded as recipients)."""

    __tablename__ = "document_mailing"

    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), primary_key=True
    )
    mailing_id: Mapped[int] = mapped_column(
        ForeignKey("mailing.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    as_attachment: Mapped[bool] = mapped_column(Boolean, default=True)


class DocumentRecipient(Base):
    """A contact who received a document, when, and through which mailing."""

    __tablename__ = "document_recipient"
    __table_args__ = (UniqueConstraint("document_id", "contact_id", "mailing_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    mailing_id: Mapped[int | None] = mapped_column(ForeignKey("mailing.id", ondelete="SET NULL"))
    sent_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class DocumentUse(Base):
    """Where a document was used: a municipality or county, when, by whom, with what outcome.

    ``contact_id`` is the person who used it (SET NULL when erased: the use stays,
    without the name); ``outcome`` is fremmet, vedtatt, avvist or trukket (or empty).
    """

    __tablename__ = "document_use"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    document_id: Mapped[int] = mapped_column(
        ForeignKey("document.id", ondelete="CASCADE"), index=True
    )
    county_number: Mapped[str | None] = mapped_column(String(2), index=True)
    municipality_number: Mapped[str | None] = mapped_column(String(4))
    date: Mapped[dt.date | None] = mapped_column(Date)
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="SET NULL"), index=True
    )
    outcome: Mapped[str] = mapped_column(String(20), default="")
    link: Mapped[str] = mapped_column(String(1000), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    actor: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
