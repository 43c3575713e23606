"""Addresses on hold: read by the mailings (left out) and written by the mailbox (bounces).

Three soft bounces in a row put an address on hold, like one hard bounce.
A reply from the address proves it works and clears the soft count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.storage.base import utcnow
from kontakt.storage.mailbox_models import AddressHold

__all__ = [
    "SOFT_LIMIT",
    "HoldInfo",
    "clear_soft",
    "held_addresses",
    "held_reason",
    "holds_of",
    "record_bounce",
    "release",
    "restore",
    "snapshot",
]

SOFT_LIMIT = 3


@dataclass(frozen=True, slots=True)
class HoldInfo:
    """An address on hold, as the contact card shows it."""

    address: str
    kind: str
    reason: str
    held_at: dt.datetime | None
    soft_count: int
    mailing_id: int | None


def held_addresses(session: Session) -> dict[str, str]:
    """Every address on hold (lower case) -> why, in a few words."""
    rows = session.execute(
        select(
            AddressHold.address, AddressHold.kind, AddressHold.reason, AddressHold.held_at
        ).where(AddressHold.held_at.is_not(None))
    ).all()
    return {
        address: f"{'returnert' if kind == 'hard' else 'returnert flere ganger'}"
        f" {held_at:%d.%m.%Y}: {reason[:80]}".rstrip(": ")
        for address, kind, reason, held_at in rows
    }


def held_reason(session: Session, address: str) -> str:
    """Why ``address`` is on hold, or "" when it is not."""
    row = session.execute(
        select(AddressHold.reason, AddressHold.held_at).where(
            AddressHold.address == address.lower(), AddressHold.held_at.is_not(None)
        )
    ).first()
    return "" if row is None else f"returnert {row.held_at:%d.%m.%Y}: {row.reason[:200]}"


def holds_of(session: Session, contact_id: int) -> list[HoldInfo]:
    """The bounced addresses of one contact (on hold or counting soft bounces)."""
    return [
        HoldInfo(h.address, h.kind, h.reason, h.held_at, h.soft_count, h.mailing_id)
        for h in session.scalars(
            select(AddressHold).where(AddressHold.contact_id == contact_id).order_by(AddressHold.id)
        )
    ]


def snapshot(hold: AddressHold | None) -> dict[str, Any] | None:
    """A hold's state, for undo."""
    if hold is None:
        return None
    return {
        "kind": hold.kind,
        "reason": hold.reason,
        "held_at": hold.held_at.isoformat() if hold.held_at else None,
        "last_bounce_at": hold.last_bounce_at.isoformat(),
        "mailing_id": hold.mailing_id,
        "soft_count": hold.soft_count,
        "message_id": hold.message_id,
    }


def record_bounce(
    session: Session,
    address: str,
    contact_id: int,
    hard: bool,
    reason: str,
    mailing_id: int | None,
    message_id: str,
) -> tuple[dict[str, Any] | None, bool]:
    """Count a bounce of ``address``; returns (the state before, whether it is now on hold).

    A soft bounce for a mailing already counted is not counted again.
    """
    address = address.lower()
    hold = session.scalar(select(AddressHold).where(AddressHold.address == address))
    before = snapshot(hold)
    now = utcnow()
    if hold is None:
        hold = AddressHold(address=address, contact_id=contact_id, soft_count=0, reason="")
        session.add(hold)
    elif not hard and hold.mailing_id == mailing_id and hold.held_at is None and mailing_id:
        return before, False
    hold.kind = "hard" if hard else "soft"
    hold.reason = reason[:1000]
    hold.last_bounce_at = now
    hold.mailing_id = mailing_id
    hold.message_id = message_id[:300]
    hold.contact_id = contact_id
    if not hard:
        hold.soft_count = (hold.soft_count or 0) + 1
    if hold.held_at is None and (hard or hold.soft_count >= SOFT_LIMIT):
        hold.held_at = now
    session.flush()
    return before, hold.held_at is not None


def clear_soft(session: Session, address: str) -> dict[str, Any] | None:
    """A reply came from the address: its soft bounces no longer count (not a hold)."""
    hold = session.scalar(select(AddressHold).where(AddressHold.address == address.lower()))
    if hold is None or hold.held_at is not None or not hold.soft_count:
        return None
    before = snapshot(hold)
    hold.soft_count = 0
    return before


def restore(session: Session, address: str, before: dict[str, Any] | None) -> None:
    """Put a hold back as it was (undo): gone if it did not exist."""
    hold = session.scalar(select(AddressHold).where(AddressHold.address == address.lower()))
    if hold is None:
        return
    if before is None:
        session.delete(hold)
        return
    hold.kind = before["kind"]
    hold.reason = before["reason"]
    hold.held_at = dt.datetime.fromisoformat(before["held_at"]) if before["held_at"] else None
    hold.last_bounce_at = dt.datetime.fromisoformat(before["last_bounce_at"])
    hold.mailing_id = before["mailing_id"]
    hold.soft_count = before["soft_count"]
    hold.message_id = before["message_id"]


def release(session: Session, address: str) -> bool:
    """Take an address off hold (the secretary knows it works again); True if it was held."""
    hold = session.scalar(select(AddressHold).where(AddressHold.address == address.lower()))
    if hold is None:
        return False
    session.delete(hold)
    return True
