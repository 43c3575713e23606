"""Retention review: who has not been confirmed for a long time, and whose roles have all ended.

Personal data is kept only while it is needed. The review lists contacts not
confirmed (or, never confirmed, not added) for N months, and contacts whose
every role's term is over — the municipal term 2023–2027 ends in October
2027 — so the secretary can confirm, update or delete them in bulk.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import replace

from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from kontakt.domain.dates import months_ago
from kontakt.domain.records import ContactRow
from kontakt.services.contacts import ContactService
from kontakt.services.search import SearchService
from kontakt.storage.models import Contact, Role


class RetentionService:
    """Finds contacts due for review and confirms them."""

    def __init__(
        self, sessions: sessionmaker[Session], search: SearchService, contacts: ContactService
    ) -> None:
        self._sessions = sessions
        self._search = search
        self._contacts = contacts

    def _rows(self, session: Session, ids: list[int]) -> list[ContactRow]:
        uids = list(session.scalars(select(Contact.uid).where(Contact.id.in_(ids))))
        rows = self._search.rows_by_uid(uids)
        return sorted(rows, key=lambda r: (r.family_name.casefold(), r.given_name.casefold()))

    def not_confirmed(self, months: int, today: dt.date | None = None) -> list[ContactRow]:
        """Live contacts last confirmed (or, never confirmed, added) over ``months`` ago."""
        query = select(Contact.id).where(_due(months, today))
        with self._sessions() as session:
            return self._rows(session, list(session.scalars(query)))

    def roles_ended(self, today: dt.date | None = None) -> list[ContactRow]:
        """Live contacts with roles, every one of which has ended before ``today``."""
        today = today or dt.date.today()
        has_role = exists().where(Role.contact_id == Contact.id)
        open_role = exists().where(
            Role.contact_id == Contact.id, or_(Role.end_date.is_(None), Role.end_date >= today)
        )
        query = select(Contact.id).where(Contact.deleted_at.is_(None), has_role, not_(open_role))
        with self._sessions() as session:
            return self._rows(session, list(session.scalars(query)))

    def confirm(self, rows: Sequence[ContactRow], today: dt.date | None = None) -> str:
        """Mark the contacts as confirmed today (one change, undoable); returns the change id."""
        change = str(uuid.uuid4())
        day = today or dt.date.today()
        for row in rows:
            self._contacts.update(
                row.uid, replace(row.to_draft(), last_confirmed=day), row.version, change
            )
        return change

    def count_due(self, months: int, today: dt.date | None = None) -> int:
        """How many contacts :meth:`not_confirmed` lists (the window's reminder)."""
        with self._sessions() as session:
            query = select(func.count()).select_from(Contact).where(_due(months, today))
            return int(session.scalar(query) or 0)


def _due(months: int, today: dt.date | None = None) -> ColumnElement[bool]:
    """Live, and last confirmed (or, never confirmed, added) over ``months`` ago."""
    cutoff = months_ago(months, today)
    since = dt.datetime.combine(cutoff, dt.time(), dt.UTC)
    return and_(
        Contact.deleted_at.is_(None),
        or_(
            Contact.last_confirmed < cutoff,
            and_(Contact.last_confirmed.is_(None), Contact.created_at < since),
        ),
    )
