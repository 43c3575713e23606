"""Write the audit log of contacts: who changed which contact, when, from what to what.

One entry at a time for the edits of the window, or in bulk for the new
contacts of an import. What an entry says (the states before and after) is
decided by the services (``services/audit.py``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kontakt.storage.models import AuditEntry


class Entry(NamedTuple):
    """One audit entry about a contact."""

    actor: str
    action: str
    uid: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    change_id: str | None
    at: dt.datetime


_COLUMNS = ("actor", "action", "entity", "entity_uid", "before", "after", "change_id", "at")


def add(session: Session, entry: Entry) -> None:
    """Add one entry to the session's transaction."""
    session.add(AuditEntry(**dict(zip(_COLUMNS, _values(entry), strict=True))))


def _values(e: Entry) -> tuple[Any, ...]:
    return (e.actor, e.action, "contact", e.uid, e.before, e.after, e.change_id, e.at)


def about(session: Session, uid: str) -> list[Entry]:
    """The entries about one contact, oldest first."""
    query = select(AuditEntry).where(AuditEntry.entity_uid == uid).order_by(AuditEntry.id)
    return [_entry(e) for e in session.scalars(query)]


def of_change(session: Session, change_id: str) -> list[Entry]:
    """The entries one user action wrote (undos aside), newest first."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.change_id == change_id, AuditEntry.action != "undo")
        .order_by(AuditEntry.id.desc())
    )
    return [_entry(e) for e in session.scalars(query)]


def _entry(e: AuditEntry) -> Entry:
    return Entry(e.actor, e.action, e.entity_uid, e.before, e.after, e.change_id, e.at)


def forget(session: Session, uid: str) -> None:
    """Blank what the entries about a contact say: the log keeps that something happened."""
    session.execute(
        update(AuditEntry).where(AuditEntry.entity_uid == uid).values(before=None, after=None)
    )
