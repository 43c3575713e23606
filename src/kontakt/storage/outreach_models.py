"""Tables of the outreach: mailings and their recipients, events and their participants.

A mailing and every recipient are stored before the first message leaves;
each recipient then moves pending -> sending -> sent (or failed), one commit
per step, so a crash never makes Kontakt send a message twice.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class Event(Base):
    """A meeting, digital or not, that people are invited to."""

    __tablename__ = "event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    uid: Mapped[str] = mapped_column(String(36), unique=True)
    title: Mapped[str] = mapped_column(String(300))
    starts_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, index=True)
    ends_at: Mapped[dt.datetime] = mapped_column(UtcDateTime)
    link: Mapped[str] = mapped_column(String(1000), default="")
    place: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    # The calendar entry's revision (iCalendar SEQUENCE), raised by each change.
    sequence: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # The start its day-before reminder went out for (None: none yet); a moved event gets another.
    reminded_for: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)


class EventParticipant(Base):
    """A contact's part in an event: invited, accepted, declined or attended."""

    __tablename__ = "event_participant"
    __table_args__ = (UniqueConstraint("event_id", "contact_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[str] = mapped_column(String(20))
    updated_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class Mailing(Base):
    """One e-mail sent to many, each recipient getting a personal message."""

    __tablename__ = "mailing"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(100), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text)
    html: Mapped[str] = mapped_column(Text, default="")
    sender_name: Mapped[str] = mapped_column(String(200), default="")
    sender_address: Mapped[str] = mapped_column(String(320))
    scope: Mapped[str] = mapped_column(String(500), default="")  # the filter, in words
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # "message" or "newsletter" (migration 0010); a newsletter keeps its Markdown source.
    kind: Mapped[str] = mapped_column(String(20), default="message", server_default="message")
    markdown: Mapped[str] = mapped_column(Text, default="", server_default="")


class MailingAttachment(Base):
    """A file sent with every message of a mailing (kept, so a resumed mailing has it)."""

    __tablename__ = "mailing_attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mailing_id: Mapped[int] = mapped_column(
        ForeignKey("mailing.id", ondelete="CASCADE"), index=True
    )
    filename: Mapped[str] = mapped_column(String(300))
    mime_type: Mapped[str] = mapped_column(String(100))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class MailingRecipient(Base):
    """One recipient of a mailing and how far their message has come.

    ``status``: pending, sending, sent or failed. ``values``: the merge values
    at the time the mailing was made, so a resumed mailing sends the same text.
    """

    __tablename__ = "mailing_recipient"
    __table_args__ = (
        UniqueConstraint("mailing_id", "contact_id"),
        Index("ix_mailing_recipient_status", "mailing_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mailing_id: Mapped[int] = mapped_column(ForeignKey("mailing.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(420), default="")
    address: Mapped[str] = mapped_column(String(320))
    values: Mapped[dict[str, Any]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    message_id: Mapped[str] = mapped_column(String(300), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    sent_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime, index=True)
