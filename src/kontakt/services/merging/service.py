"""Merge two contacts into one, undo a merge, list merges (issue 21).

A merge happens in one transaction: the kept contact gets the chosen values
(validated as the editor validates), every record of the other contact
follows the kept one (:mod:`kontakt.storage.merge_moves`), the other contact
is deleted (not trashed) and its uid becomes an alias of the kept contact, so
a later vCard with that UID updates the kept contact. Both states before,
the kept version after and the moved records are kept in ``contact_merge``;
the audit log gets both contacts under one change id. An undo puts it all
back, unless the kept contact was changed since.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.contact_state import row_to_state, state_to_draft
from kontakt.domain.merge import combine, default_choices
from kontakt.domain.records import ContactRow
from kontakt.errors import ConflictError, NotFoundError, ValidationError
from kontakt.services.audit import ContactAudit
from kontakt.services.contacts import conflict
from kontakt.services.merging.plan import MergePlan
from kontakt.services.suppression import SuppressionList
from kontakt.services.validation import validate_draft
from kontakt.storage import contact_aliases, merge_moves
from kontakt.storage.base import utcnow
from kontakt.storage.cleanup_models import ContactAlias, ContactMerge
from kontakt.storage.contact_repository import ContactRepository
from kontakt.storage.models import Contact


@dataclass(frozen=True)
class MergeResult:
    """A merge done: its id (for ``undo-merge``), change id, and the kept contact now."""

    merge_id: int
    change_id: str
    kept: ContactRow
    moved: dict[str, int]


@dataclass(frozen=True)
class MergeInfo:
    """One merge as the history and ``kontakt undo-merge`` list it."""

    id: int
    at: str
    actor: str
    kept_uid: str
    other_uid: str
    kept_name: str
    other_name: str
    change_id: str
    undone: bool


class MergingService:
    """Merges of duplicate contacts, with undo and uid aliases.

    Args:
        sessions: Session factory.
        contacts: The contacts as stored.
        audit: Records both contacts' changes under one change id.
    """

    def __init__(
        self, sessions: sessionmaker[Session], contacts: ContactRepository, audit: ContactAudit
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts
        self._audit = audit

    # -- looking -------------------------------------------------------------------------

    def resolve(self, uid: str) -> str:
        """The uid of the contact ``uid`` names now: itself, or the contact it was merged into."""
        with self._sessions() as session:
            return resolve_uid(session, uid) or uid

    def plan(self, keep_uid: str, other_uid: str) -> MergePlan:
        """Both contacts side by side with the proposed (fill-empty) values.

        Raises:
            NotFoundError, ValidationError: As :meth:`merge` refuses.
        """
        with self._sessions() as session:
            keep, other = self._pair(session, keep_uid, other_uid)
            rows = self._contacts.rows(session, [keep.id, other.id])
            moving = merge_moves.count_all(session, other.id)
        k, o = rows[0].to_draft(), rows[1].to_draft()
        choices = default_choices(k, o)
        return MergePlan(rows[0], rows[1], choices, combine(k, o, choices), moving)

    def _pair(self, session: Session, keep_uid: str, other_uid: str) -> tuple[Contact, Contact]:
        if keep_uid == other_uid:
            raise ValidationError("En kontakt kan ikke slås sammen med seg selv.")
        pair = []
        for uid in (keep_uid, other_uid):
            contact = self._contacts.find(session, uid)
            if contact is None:
                now = resolve_uid(session, uid)
                if now is not None:
                    raise NotFoundError(
                        f"Kontakten {uid} er allerede slått sammen med {now}; bruk den id-en."
                    )
                raise NotFoundError(f"Fant ingen kontakt med id {uid}.")
            if contact.deleted_at is not None:
                raise ValidationError(
                    f"Kontakten {uid} ligger i papirkurven: gjenopprett den før sammenslåing."
                )
            pair.append(contact)
        if pair[0].id == pair[1].id:
            raise ValidationError("En kontakt kan ikke slås sammen med seg selv.")
        return pair[0], pair[1]

    # -- merging -------------------------------------------------------------------------

    def merge(
        self,
        keep_uid: str,
        other_uid: str,
        choices: Mapping[str, str] | None = None,
        expected_versions: Mapping[str, int] | None = None,
    ) -> MergeResult:
        """Merge ``other_uid`` into ``keep_uid`` in one transaction.

        Args:
            choices: Per single field "keep", "other" (or "both" for notes); the
                fields left out take the fill-empty default.
            expected_versions: uid -> version as shown; a contact changed since is refused.

        Raises:
            NotFoundError: An unknown uid.
            ValidationError: The same contact twice, a contact in the trash, an erased
                person's e-mail or phone, or merged values that are not valid.
            ConflictError: Either contact changed since it was shown.
        """
        # Read before the write begins: the check never waits for (or blocks) a writer.
        erased = SuppressionList(self._sessions).checker()
        change_id = str(uuid.uuid4())
        with self._sessions.begin() as session:
            keep, other = self._pair(session, keep_uid, other_uid)
            for contact in (keep, other):
                wanted = (expected_versions or {}).get(contact.uid)
                if wanted is not None and contact.version != wanted:
                    raise conflict(session, contact.uid, wanted)
            keep_row, other_row = self._contacts.rows(session, [keep.id, other.id])
            k, o = keep_row.to_draft(), other_row.to_draft()
            try:
                merged = combine(k, o, dict(choices or {}))
            except ValueError as exc:
                raise ValidationError(f"Ugyldig valg for sammenslåing: {exc}.") from exc
            clean = validate_draft(merged, self._contacts.geography)
            emails = [e.address for e in clean.draft.emails]
            if erased is not None and erased(emails, [p.number for p in clean.draft.phones]):
                raise ValidationError(
                    "Kan ikke slå sammen: en e-postadresse eller et telefonnummer tilhører "
                    "en person som er slettet etter eget ønske."
                )
            kept_before, other_before = row_to_state(keep_row), row_to_state(other_row)
            other_before["created_at"] = other_row.created_at.isoformat()
            moved = merge_moves.move_all(session, other.id, keep.id)
            self._contacts.apply(session, keep, clean)
            kept_after = self._audit.state(session, keep)
            record = ContactMerge(
                actor=self._audit.actor,
                kept_uid=keep.uid,
                other_uid=other.uid,
                change_id=change_id,
                kept_before=kept_before,
                other_before=other_before,
                kept_version_after=int(kept_after["version"]),
                moved=moved,
            )
            session.add(record)
            self._audit.record(session, "merge", keep.uid, kept_before, kept_after, change_id)
            self._audit.record(session, "merge", other.uid, other_before, None, change_id)
            session.flush()
            self._contacts.remove_ids(session, [other.id])
            session.add(ContactAlias(uid=other_row.uid, contact_id=keep.id, merge_id=record.id))
            session.flush()
            counts = {t: len(p["moved"]) + len(p["dropped"]) for t, p in moved.items()}
            return MergeResult(record.id, change_id, self._contacts.row(session, keep.id), counts)

    # -- undoing -------------------------------------------------------------------------

    def undo(self, merge_id: int | None = None) -> MergeInfo:
        """Reverse a merge (None: the latest not undone); returns it.

        Raises:
            NotFoundError: No such merge, or none left to undo.
            ValidationError: The merge was undone already.
            ConflictError: The kept contact was changed after the merge, or the
                other contact's uid is in use again.
        """
        undo_id = str(uuid.uuid4())
        with self._sessions.begin() as session:
            record = self._record(session, merge_id)
            keep = self._contacts.find(session, record.kept_uid)
            if keep is None:
                raise NotFoundError(
                    f"Kan ikke angre sammenslåing {record.id}: kontakten {record.kept_uid} "
                    "finnes ikke lenger."
                )
            if keep.version != record.kept_version_after:
                raise ConflictError(
                    f"Kan ikke angre sammenslåing {record.id}: kontakten er endret etter "
                    "sammenslåingen. Endre den tilbake for hånd, eller la sammenslåingen stå.",
                    uid=record.kept_uid,
                )
            if self._contacts.find(session, record.other_uid) is not None:
                raise ConflictError(
                    f"Kan ikke angre sammenslåing {record.id}: id-en {record.other_uid} "
                    "er i bruk igjen.",
                    uid=record.other_uid,
                )
            session.execute(delete(ContactAlias).where(ContactAlias.uid == record.other_uid))
            other_state = dict(record.other_before)
            other_clean = validate_draft(state_to_draft(other_state), self._contacts.geography)
            other = self._contacts.add(session, record.other_uid, other_clean)
            session.flush()
            if other_state.get("created_at"):
                other.created_at = _parse_time(other_state["created_at"])
            merge_moves.move_back(session, record.moved, keep.id, other.id)
            kept_now = self._audit.state(session, keep)
            kept_clean = validate_draft(
                state_to_draft(record.kept_before), self._contacts.geography
            )
            self._contacts.apply(session, keep, kept_clean)
            kept_after = self._audit.state(session, keep)
            other_after = self._audit.state(session, other)
            self._audit.record(session, "unmerge", keep.uid, kept_now, kept_after, undo_id)
            self._audit.record(session, "unmerge", other.uid, None, other_after, undo_id)
            record.undone_at = utcnow()
            record.undo_change_id = undo_id
            session.flush()
            return _info(session, record)

    def _record(self, session: Session, merge_id: int | None) -> ContactMerge:
        if merge_id is None:
            record = session.scalar(
                select(ContactMerge)
                .where(ContactMerge.undone_at.is_(None))
                .order_by(ContactMerge.id.desc())
                .limit(1)
            )
            if record is None:
                raise NotFoundError("Det er ingen sammenslåing å angre.")
            return record
        record = session.get(ContactMerge, merge_id)
        if record is None:
            raise NotFoundError(f"Fant ingen sammenslåing med nummer {merge_id}.")
        if record.undone_at is not None:
            raise ValidationError(f"Sammenslåing {merge_id} er allerede angret.")
        return record

    def merge_of_change(self, change_id: str) -> int | None:
        """The merge id written under this audit change id, if it was a merge."""
        with self._sessions() as session:
            return session.scalar(
                select(ContactMerge.id).where(ContactMerge.change_id == change_id)
            )

    # -- listing -------------------------------------------------------------------------

    def merges(self, uid: str | None = None) -> list[MergeInfo]:
        """The merges, newest first; with ``uid``, those naming that contact (kept or other)."""
        with self._sessions() as session:
            query = select(ContactMerge).order_by(ContactMerge.id.desc())
            if uid is not None:
                query = query.where(
                    (ContactMerge.kept_uid == uid) | (ContactMerge.other_uid == uid)
                )
            return [_info(session, r) for r in session.scalars(query)]


def resolve_uid(session: Session, uid: str) -> str | None:
    """The uid of the contact an alias now belongs to (None: ``uid`` is no alias)."""
    return contact_aliases.resolve(session, uid)


def _name(state: Mapping[str, Any]) -> str:
    return f"{state.get('given_name', '')} {state.get('family_name', '')}".strip()


def _parse_time(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _info(session: Session, record: ContactMerge) -> MergeInfo:
    return MergeInfo(
        id=record.id,
        at=record.at.isoformat(timespec="seconds") if record.at else "",
        actor=record.actor,
        kept_uid=record.kept_uid,
        other_uid=record.other_uid,
        kept_name=_name(record.kept_before),
        other_name=_name(record.other_before),
        change_id=record.change_id,
        undone=record.undone_at is not None,
    )
