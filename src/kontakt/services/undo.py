"""Undo one user action: put every contact it touched back as it was.

Each write carries a change id into the audit log; undoing reads those
entries newest first and restores each contact's state from before. A
contact changed again since (by this user or someone sharing the database) is
never overwritten: the whole undo is refused with a clear message.
"""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.contact_state import state_to_draft
from kontakt.errors import ConflictError, NotFoundError
from kontakt.services.contact_store import ContactStore
from kontakt.services.validation import validate_draft
from kontakt.storage.base import utcnow
from kontakt.storage.models import AuditEntry, Contact


class UndoService:
    """Reverts the changes made under one change id.

    Args:
        sessions: Session factory.
        store: The shared contact-writing mechanics.
    """

    def __init__(self, sessions: sessionmaker[Session], store: ContactStore) -> None:
        self._sessions = sessions
        self._store = store

    def undo(self, change_id: str) -> int:
        """Revert a change; returns how many contacts were put back.

        Raises:
            NotFoundError: Nothing was recorded under this change id.
            ConflictError: A contact was changed again since; nothing is reverted.
        """
        undo_id = str(uuid.uuid4())
        with self._sessions.begin() as session:
            entries = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.change_id == change_id, AuditEntry.action != "undo")
                .order_by(AuditEntry.id.desc())
            ).all()
            if not entries:
                raise NotFoundError("Det er ingenting å angre.")
            touched: set[str] = set()
            for entry in entries:
                self._revert(
                    session, entry, check_version=entry.entity_uid not in touched, undo_id=undo_id
                )
                touched.add(entry.entity_uid)
            return len(touched)

    def _revert(
        self, session: Session, entry: AuditEntry, check_version: bool, undo_id: str
    ) -> None:
        uid = entry.entity_uid
        current = session.scalar(select(Contact).where(Contact.uid == uid))
        if entry.after is not None:
            stale = current is None or (
                check_version and current.version != int(entry.after["version"])
            )
            if stale:
                raise ConflictError(
                    "Kan ikke angre: kontakten er endret eller slettet etterpå.", uid=uid
                )
        elif current is not None:
            raise ConflictError("Kan ikke angre: kontakten finnes allerede igjen.", uid=uid)

        if entry.before is None:  # undo a creation: the contact goes away again
            assert current is not None
            last = self._store.state(session, current)
            self._store.record(session, "undo", uid, last, None, undo_id)
            session.delete(current)
            session.flush()
            return

        contact = current if current is not None else Contact(uid=uid)
        before = None if current is None else self._store.state(session, current)
        self._store.apply(
            session, contact, validate_draft(state_to_draft(entry.before), self._store.geography)
        )
        contact.deleted_at = utcnow() if entry.before.get("trashed") else None
        if current is None:
            session.add(contact)
        after = self._store.state(session, contact)
        self._store.record(session, "undo", uid, before, after, undo_id)
