"""Undo one user action: put every contact it touched back as it was.

Each write carries a change id into the audit log; undoing reads those
entries newest first and restores each contact's state from before. A
contact changed again since (by this user or someone sharing the database) is
never overwritten: the whole undo is refused with a clear message.
"""

from __future__ import annotations

import uuid

from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.contact_state import state_to_draft
from kontakt.errors import ConflictError, NotFoundError
from kontakt.services.audit import ContactAudit
from kontakt.services.validation import validate_draft
from kontakt.storage import audit_log
from kontakt.storage.contact_repository import ContactRepository


class UndoService:
    """Reverts the changes made under one change id.

    Args:
        sessions: Session factory.
        contacts: The contacts as stored.
        audit: Reads what was recorded, and records the undo.
    """

    def __init__(
        self, sessions: sessionmaker[Session], contacts: ContactRepository, audit: ContactAudit
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts
        self._audit = audit

    def undo(self, change_id: str) -> int:
        """Revert a change; returns how many contacts were put back.

        Raises:
            NotFoundError: Nothing was recorded under this change id.
            ConflictError: A contact was changed again since; nothing is reverted.
        """
        undo_id = str(uuid.uuid4())
        with self._sessions.begin() as session:
            entries = audit_log.of_change(session, change_id)
            if not entries:
                raise NotFoundError("Det er ingenting å angre.")
            touched: set[str] = set()
            for entry in entries:
                self._revert(
                    session, entry, check_version=entry.uid not in touched, undo_id=undo_id
                )
                touched.add(entry.uid)
            return len(touched)

    def _revert(
        self, session: Session, entry: audit_log.Entry, check_version: bool, undo_id: str
    ) -> None:
        uid = entry.uid
        current = self._contacts.find(session, uid)
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
            last = self._audit.state(session, current)
            self._audit.record(session, "undo", uid, last, None, undo_id)
            self._contacts.remove(session, current)
            session.flush()
            return

        clean = validate_draft(state_to_draft(entry.before), self._contacts.geography)
        trashed = bool(entry.before.get("trashed"))
        if current is None:  # undo a purge: the contact comes back
            contact = self._contacts.add(session, uid, clean)
            before = None
        else:
            contact = current
            before = self._audit.state(session, current)
            self._contacts.apply(session, contact, clean)
        if (contact.deleted_at is not None) != trashed:
            self._contacts.set_trashed(contact, trashed)
        after = self._audit.state(session, contact)
        self._audit.record(session, "undo", uid, before, after, undo_id)
