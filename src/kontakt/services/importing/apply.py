"""Update stored contacts from an import's rows, and take a whole import back.

:mod:`.writing` runs the transaction. New contacts go in with the bulk insert
of the contact repository (:mod:`kontakt.storage.contact_bulk`); contacts that
are updated go through the same repository and audit as every other edit.
Each import is recorded as a batch with the state before of everything it
touched, so «Angre import» can restore it exactly, and refuses if anything it
touched was changed since.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from kontakt.domain.contact_state import state_to_draft
from kontakt.domain.merge import merge_drafts
from kontakt.domain.records import CleanContact, ImportBatchInfo
from kontakt.errors import KontaktError, NotFoundError
from kontakt.services.audit import ContactAudit
from kontakt.services.importing.model import OnDuplicate
from kontakt.services.validation import validate_draft
from kontakt.storage import import_batches, survey_store
from kontakt.storage.import_batches import Change


def update_existing(
    session: Session,
    audit: ContactAudit,
    uid: str,
    rows: Sequence[tuple[CleanContact, OnDuplicate]],
    batch_id: int,
    change: str,
) -> int:
    """Join rows, in file order, into a stored contact (each filling empty fields,
    or overwriting); recorded as one change, so undo puts back the state before.

    Returns:
        The contact's id.
    """
    contacts = audit.contacts
    contact = contacts.load(session, uid)
    before = audit.state(session, contact)
    merged = state_to_draft(before)
    for clean, mode in rows:
        merged = merge_drafts(merged, clean.draft, overwrite=mode is OnDuplicate.UPDATE)
    contacts.apply(session, contact, validate_draft(merged, contacts.geography))
    after = audit.state(session, contact)
    audit.record(session, "import", uid, before, after, change)
    import_batches.add_changes(session, batch_id, [Change(uid, "updated", before, contact.version)])
    return contact.id


def undo_batch(session: Session, audit: ContactAudit, batch_id: int | None) -> ImportBatchInfo:
    """Put everything an import did back as it was.

    Raises:
        NotFoundError: No such import (or none to undo).
        KontaktError: A contact the import touched was changed since; nothing is undone.
    """
    batch = import_batches.find(session, batch_id)
    if batch is None:
        raise NotFoundError(
            "Fant ingen import å angre."
            if batch_id is None
            else f"Fant ingen import nr. {batch_id}."
        )
    if batch.undone_at is not None:
        raise KontaktError(f"Import nr. {batch.id} ({batch.file_name}) er allerede angret.")
    contacts = audit.contacts
    changes = import_batches.changes(session, batch.id)
    current = contacts.versions(session, [c.uid for c in changes])
    touched = [c.uid for c in changes if current.get(c.uid, (0, -1))[1] != c.version_after]
    if touched:
        names = contacts.names(session, touched[:3])
        shown = ", ".join(names.get(uid, "slettet kontakt") for uid in touched[:3])
        more = f" og {len(touched) - 3} til" if len(touched) > 3 else ""
        raise KontaktError(
            f"Kan ikke angre importen av {batch.file_name}: {len(touched)} av kontaktene er "
            f"endret etterpå ({shown}{more}). Endre dem tilbake eller slett dem for hånd."
        )
    undo_id = str(uuid.uuid4())
    survey_store.delete_for_batch(session, batch.id)
    contacts.remove_ids(session, [current[c.uid][0] for c in changes if c.action == "created"])
    for c in changes:
        if c.action == "updated" and c.before is not None:
            contact = contacts.load(session, c.uid)
            now = audit.state(session, contact)
            contacts.apply(
                session, contact, validate_draft(state_to_draft(c.before), contacts.geography)
            )
            audit.record(session, "undo-import", c.uid, now, audit.state(session, contact), undo_id)
    return import_batches.mark_undone(session, batch.id)
