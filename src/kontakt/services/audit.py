"""The audit log of contacts: who changed which contact, when, from what to what.

The services decide what an entry says (the contact's full state before and
after, as :func:`~kontakt.domain.contact_state.row_to_state` gives it);
:mod:`kontakt.storage.audit_log` writes it.
"""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy.orm import Session

from kontakt.domain.contact_state import row_to_state
from kontakt.storage import audit_log
from kontakt.storage.base import utcnow
from kontakt.storage.contact_repository import ContactRepository
from kontakt.storage.models import Contact


def current_actor() -> str:
    """The operating-system user name, recorded as the author of changes."""
    try:
        return getpass.getuser()
    except Exception:  # getuser raises OSError or KeyError without a user entry
        return "ukjent"


class ContactAudit:
    """Records changes of contacts in the caller's transaction.

    Args:
        contacts: Reads the states recorded.
        actor: Who is making the changes.
    """

    def __init__(self, contacts: ContactRepository, actor: str) -> None:
        self.contacts = contacts
        self.actor = actor

    def state(self, session: Session, contact: Contact) -> dict[str, Any]:
        """The contact's full state for the log (pending changes flushed first)."""
        return row_to_state(self.contacts.snapshot(session, contact))

    def record(
        self,
        session: Session,
        action: str,
        uid: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        change_id: str | None,
    ) -> None:
        """Write one entry.

        Args:
            change_id: Groups the entries of one user action, so it can be undone as one.
        """
        entry = audit_log.Entry(self.actor, action, uid, before, after, change_id, utcnow())
        audit_log.add(session, entry)
