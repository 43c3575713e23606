"""Update stored contacts from an import's rows, and take a whole import back.

:mod:`.writing` runs the transaction. New contacts go in with bulk inserts
(:mod:`.new_contacts`; about 7x faster than ORM objects for 50,000 rows);
contacts that are updated go through the same ContactStore as every other
edit. Each import is recorded as a batch with the state before of everything
it touched, so «Angre import» can restore it exactly, and refuses if anything
it touched was changed since.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from kontakt.domain.contact_state import state_to_draft
from kontakt.domain.merge import merge_drafts
from kontakt.errors import KontaktError, NotFoundError
from kontakt.services.contact_store import ContactStore
from kontakt.services.importing.model import OnDuplicate
from kontakt.services.validation import CleanContact, validate_draft
from kontakt.storage.base import utcnow
from kontakt.storage.models import (
    Contact,
    ImportBatch,
    ImportChange,
)

_CHUNK = 2000


def _chunks(items: Sequence[Any]) -> list[Sequence[Any]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def update_existing(
    session: Session,
    store: ContactStore,
    uid: str,
    rows: Sequence[tuple[CleanContact, OnDuplicate]],
    batch_id: int,
    change: str,
) -> None:
    """Join rows, in file order, into a stored contact (each filling empty fields,
    or overwriting); recorded as one change, so undo puts back the state before."""
    contact = store.load(session, uid)
    before = store.state(session, contact)
    merged = state_to_draft(before)
    for clean, mode in rows:
        merged = merge_drafts(merged, clean.draft, overwrite=mode is OnDuplicate.UPDATE)
    store.apply(session, contact, validate_draft(merged, store.geography))
    after = store.state(session, contact)
    store.record(session, "import", uid, before, after, change)
    session.add(
        ImportChange(
            batch_id=batch_id,
            contact_uid=uid,
            action="updated",
            before=before,
            version_after=contact.version,
        )
    )


def undo_batch(session: Session, store: ContactStore, batch_id: int | None) -> ImportBatch:
    """Put everything an import did back as it was.

    Raises:
        NotFoundError: No such import (or none to undo).
        KontaktError: A contact the import touched was changed since; nothing is undone.
    """
    query = select(ImportBatch).where(ImportBatch.undone_at.is_(None))
    if batch_id is not None:
        query = select(ImportBatch).where(ImportBatch.id == batch_id)
    batch = session.scalar(query.order_by(ImportBatch.id.desc()).limit(1))
    if batch is None:
        raise NotFoundError(
            "Fant ingen import å angre."
            if batch_id is None
            else f"Fant ingen import nr. {batch_id}."
        )
    if batch.undone_at is not None:
        raise KontaktError(f"Import nr. {batch.id} ({batch.file_name}) er allerede angret.")
    changes = session.scalars(select(ImportChange).where(ImportChange.batch_id == batch.id)).all()
    current = {
        uid: (cid, version)
        for cid, uid, version in session.execute(
            select(Contact.id, Contact.uid, Contact.version).where(
                Contact.uid.in_([c.contact_uid for c in changes])
            )
        )
    }
    touched = [
        c.contact_uid for c in changes if current.get(c.contact_uid, (0, -1))[1] != c.version_after
    ]
    if touched:
        names = ", ".join(_name(session, uid) for uid in touched[:3])
        more = f" og {len(touched) - 3} til" if len(touched) > 3 else ""
        raise KontaktError(
            f"Kan ikke angre importen av {batch.file_name}: {len(touched)} av kontaktene er "
            f"endret etterpå ({names}{more}). Endre dem tilbake eller slett dem for hånd."
        )
    undo_id = str(uuid.uuid4())
    created = [current[c.contact_uid][0] for c in changes if c.action == "created"]
    for chunk in _chunks(created):
        session.execute(delete(Contact).where(Contact.id.in_(chunk)))
    for c in changes:
        if c.action == "updated" and c.before is not None:
            contact = store.load(session, c.contact_uid)
            now = store.state(session, contact)
            store.apply(session, contact, validate_draft(state_to_draft(c.before), store.geography))
            store.record(
                session, "undo-import", c.contact_uid, now, store.state(session, contact), undo_id
            )
    batch.undone_at = utcnow()
    return batch


def _name(session: Session, uid: str) -> str:
    row = session.execute(
        select(Contact.given_name, Contact.family_name).where(Contact.uid == uid)
    ).first()
    return f"{row[0]} {row[1]}".strip() if row else "slettet kontakt"
