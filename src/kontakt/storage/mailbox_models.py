"""Tables of the mailbox: addresses on hold after bounces, and messages already processed.

An address on hold is not used by mailings (shown at the contact with the
reason and date). A soft bounce only counts; three in a row put the address
on hold. Both tables belong to a contact and go with it when the contact is
erased.

A processed message is remembered by its folder, the folder's UIDVALIDITY and
its UID (so the next fetch need not even download it) and by its
Message-ID (so the same message in another folder, or after the server
renumbered the folder, is not proposed again). What an applied change did
is kept in ``undo`` so that it can be reverted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class AddressHold(Base):
    """An e-mail address that bounced: counted (soft) or on hold (``held_at`` set)."""

    __tablename__ = "address_hold"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    address: Mapped[str] = mapped_column(String(320), unique=True)  # lower case
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))  # the last bounce: hard or soft
    reason: Mapped[str] = mapped_column(Text, default="")
    held_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    last_bounce_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    mailing_id: Mapped[int | None] = mapped_column(ForeignKey("mailing.id", ondelete="SET NULL"))
    soft_count: Mapped[int] = mapped_column(Integer, default=0)
    message_id: Mapped[str] = mapped_column(String(300), default="")


class InboundMessage(Base):
    """An incoming message Kontakt has processed (applied, declined or only counted)."""

    __tablename__ = "inbound_message"
    __table_args__ = (UniqueConstraint("folder", "uid_validity", "uid"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    folder: Mapped[str] = mapped_column(String(300))
    uid_validity: Mapped[int] = mapped_column(BigInteger)
    uid: Mapped[int] = mapped_column(BigInteger)
    message_id: Mapped[str] = mapped_column(String(300), index=True, default="")
    kind: Mapped[str] = mapped_column(String(20))
    contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    mailing_id: Mapped[int | None] = mapped_column(ForeignKey("mailing.id", ondelete="SET NULL"))
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    processed_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)
    applied: Mapped[bool] = mapped_column(Boolean, default=False)
    change_id: Mapped[str | None] = mapped_column(String(36), index=True)
    undo: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text, default="")
