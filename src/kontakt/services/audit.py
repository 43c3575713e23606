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
    entity: str = "contact",
) -> None:
    """Add one audit entry to the session's transaction."""
    session.add(
        AuditEntry(
            actor=actor, action=action, entity=entity, entity_uid=uid, before=before, after=after
        )
    )
