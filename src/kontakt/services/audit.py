"""Write audit-log entries: who changed which contact, when, from what to what."""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy.orm import Session

from kontakt.storage.models import AuditEntry


def current_actor() -> str:
    """The operating-system user name, recorded as the author of changes."""
    try:
        return getpass.getuser()
    except Exception:  # getuser raises OSError or KeyError without a user entry
        return "ukjent"


def record(
    session: Session,
    actor: str,
    action: str,
    uid: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    change_id: str | None = None,
) -> None:
    """Add one audit entry about a contact to the session's transaction.

    Args:
        change_id: Groups the entries of one user action, so it can be undone as one.
    """
    session.add(
        AuditEntry(
            actor=actor,
            action=action,
            entity="contact",
            entity_uid=uid,
            change_id=change_id,
            before=before,
            after=after,
        )
    )
