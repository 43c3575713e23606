"""Uids of contacts merged away, looked up as the contact they were merged into.

A vCard exported before a merge still carries the removed contact's UID; the
import finds the kept contact through ``contact_alias`` instead of making the
person anew.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.storage.cleanup_models import ContactAlias
from kontakt.storage.models import Contact

_CHUNK = 2000


def resolve(session: Session, uid: str) -> str | None:
    """The uid of the contact an alias now belongs to (None: ``uid`` is no alias)."""
    return resolve_many(session, [uid]).get(uid)


def resolve_many(session: Session, uids: Sequence[str], live_only: bool = False) -> dict[str, str]:
    """alias uid -> the uid of the contact it belongs to, for the aliases among ``uids``."""
    found: dict[str, str] = {}
    for start in range(0, len(uids), _CHUNK):
        query = (
            select(ContactAlias.uid, Contact.uid)
            .join(Contact, ContactAlias.contact_id == Contact.id)
            .where(ContactAlias.uid.in_(uids[start : start + _CHUNK]))
        )
        if live_only:
            query = query.where(Contact.deleted_at.is_(None))
        found.update((alias, uid) for alias, uid in session.execute(query))
    return found
