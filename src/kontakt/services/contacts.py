"""Create, edit, tag, trash, restore and purge contacts, each change audited.

Saving uses optimistic locking: the caller passes the version it read, and a
contact changed since then raises :class:`~kontakt.errors.ConflictError`
naming the fields that changed, instead of silently overwriting them. Two
saves at the same moment take turns (storage/sessions.py): the second one
reads what the first stored and meets the same conflict, on SQLite as on
PostgreSQL.

Every writing method takes an optional ``change_id``: the audit entries of one
user action share it, and :class:`~kontakt.services.undo.UndoService` reverts
them as one.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from kontakt.domain.contact_state import changed_fields, row_to_state
from kontakt.domain.records import ContactDraft, ContactRow
from kontakt.domain.text import clean
from kontakt.errors import BusyError, ConflictError, ValidationError
from kontakt.services.audit import ContactAudit
from kontakt.services.validation import validate_draft
from kontakt.storage import audit_log
from kontakt.storage.contact_repository import ContactRepository
from kontakt.storage.models import Contact


class ContactService:
    """Use cases on single contacts and on selections of contacts.

    Args:
        sessions: Session factory; one session per call.
        contacts: The contacts as stored.
        audit: Records each change.
    """

    def __init__(
        self, sessions: sessionmaker[Session], contacts: ContactRepository, audit: ContactAudit
    ) -> None:
        self._sessions = sessions
        self._contacts = contacts
        self._audit = audit

    def get(self, uid: str) -> ContactRow:
        """The contact with this uid, trashed or not."""
        with self._sessions() as session:
            return self._contacts.row(session, self._contacts.load(session, uid).id)

    def create(self, draft: ContactDraft, change_id: str | None = None) -> ContactRow:
        """Validate and store a new contact.

        Raises:
            DraftErrors: A field is invalid; nothing is stored.
        """
        return self.create_many([draft], change_id)[0]

    def create_many(
        self, drafts: Sequence[ContactDraft], change_id: str | None = None
    ) -> list[ContactRow]:
        """Store several new contacts in one transaction: all of them or none.

        Raises:
            DraftErrors: A field of some draft is invalid; nothing is stored.
        """
        cleaned = [validate_draft(d, self._contacts.geography) for d in drafts]
        with self._sessions.begin() as session:
            contacts = [self._contacts.add(session, str(uuid.uuid4()), c) for c in cleaned]
            session.flush()
            rows = self._contacts.rows(session, [c.id for c in contacts])
            for row in rows:
                after = row_to_state(row)
                self._audit.record(session, "create", row.uid, None, after, change_id)
            return rows

    def update(
        self, uid: str, draft: ContactDraft, expected_version: int, change_id: str | None = None
    ) -> ContactRow:
        """Save new values for a contact read at ``expected_version``.

        Raises:
            DraftErrors: A field is invalid; nothing is stored.
            ConflictError: Someone saved the contact after it was read.
        """
        c = validate_draft(draft, self._contacts.geography)
        try:
            with self._sessions.begin() as session:
                contact = self._contacts.load(session, uid)
                if contact.version != expected_version:
                    raise conflict(session, uid, expected_version)
                before = self._audit.state(session, contact)
                was_reserved = contact.opted_out
                self._contacts.apply(session, contact, c)
                if was_reserved != c.draft.opted_out:
                    self._note_reservation(session, contact, c.draft.opted_out)
                after = self._audit.state(session, contact)
                self._audit.record(session, "update", uid, before, after, change_id)
                return self._contacts.row(session, contact.id)
        except StaleDataError as exc:
            # Another session committed between our read and our write.
            with self._sessions() as session:
                raise conflict(session, uid, expected_version) from exc
        except BusyError as exc:
            # Another window kept the database past the busy timeout: if it saved
            # this contact meanwhile, that is the conflict; else say so, as a conflict
            # too, so that the window offers the same choices (keeping mine retries).
            with self._sessions() as session:
                version = self._contacts.version(session, uid)
                if version is not None and version != expected_version:
                    raise conflict(session, uid, expected_version) from exc
            raise ConflictError(
                "Kontakten ble ikke lagret: noen andre lagret i databasen akkurat da. "
                "Prøv å lagre igjen.",
                uid=uid,
            ) from exc

    def _note_reservation(self, session: Session, contact: Contact, reserved: bool) -> None:
        """A reservation against e-mail set or lifted in the editor goes in the history:
        an import never lifts one, so a lifted one is always someone's decision."""
        subject = "Reservert mot e-post" if reserved else "Reservasjon mot e-post opphevet"
        note = f"{'Satt' if reserved else 'Opphevet'} i kontaktskjemaet av {self._audit.actor}."
        self._contacts.add_history(session, contact, subject, note)

    def _set_trashed(self, uids: Sequence[str], trashed: bool, change_id: str | None) -> int:
        with self._sessions.begin() as session:
            changed = 0
            for contact in self._contacts.load_many(session, uids):
                if (contact.deleted_at is not None) == trashed:
                    continue
                before = self._audit.state(session, contact)
                self._contacts.set_trashed(contact, trashed)
                after = self._audit.state(session, contact)
                action = "trash" if trashed else "restore"
                self._audit.record(session, action, contact.uid, before, after, change_id)
                changed += 1
            return changed

    def trash(self, uids: Sequence[str], change_id: str | None = None) -> int:
        """Move contacts to the trash (restorable). Returns how many moved."""
        return self._set_trashed(uids, True, change_id)

    def restore(self, uids: Sequence[str], change_id: str | None = None) -> int:
        """Bring contacts back from the trash. Returns how many came back."""
        return self._set_trashed(uids, False, change_id)

    def purge(self, uids: Sequence[str], change_id: str | None = None) -> int:
        """Delete trashed contacts for good. Contacts not in the trash are left alone."""
        with self._sessions.begin() as session:
            contacts = self._contacts.load_many(session, uids, trashed_only=True)
            for contact in contacts:
                before = self._audit.state(session, contact)
                self._audit.record(session, "purge", contact.uid, before, None, change_id)
                self._contacts.remove(session, contact)
            return len(contacts)

    def empty_trash(self, change_id: str | None = None) -> int:
        """Purge every contact in the trash."""
        with self._sessions() as session:
            uids = self._contacts.trashed_uids(session)
        return self.purge(uids, change_id)

    def set_topic(
        self, uids: Sequence[str], topic: str, present: bool, change_id: str | None = None
    ) -> int:
        """Add a topic to (or remove it from) contacts; returns how many changed."""
        return self._retag(uids, "topics", topic, present, change_id)

    def set_label(
        self, uids: Sequence[str], label: str, present: bool, change_id: str | None = None
    ) -> int:
        """Add a label to (or remove it from) contacts; returns how many changed."""
        return self._retag(uids, "labels", label, present, change_id)

    def _retag(
        self,
        uids: Sequence[str],
        kind: str,
        name: str,
        present: bool,
        change_id: str | None,
    ) -> int:
        value = clean(name)
        if not value:
            raise ValidationError("Navnet kan ikke være tomt.", field="name")
        with self._sessions.begin() as session:
            tag = self._contacts.tag(session, kind, value)
            changed = 0
            for contact in self._contacts.load_many(session, uids):
                if self._contacts.has_tag(contact, kind, value) == present:
                    continue
                before = self._audit.state(session, contact)
                self._contacts.set_tag(contact, kind, tag, present)
                after = self._audit.state(session, contact)
                self._audit.record(session, "tag", contact.uid, before, after, change_id)
                changed += 1
            return changed


def conflict(session: Session, uid: str, since_version: int) -> ConflictError:
    """The conflict error for a contact changed after ``since_version``, naming what changed."""
    entries = audit_log.about(session, uid)
    fields: set[str] = set()
    who: set[str] = set()
    for entry in entries:
        if entry.after and int(entry.after.get("version", 0)) > since_version:
            fields.update(changed_fields(entry.before, entry.after))
            who.add(entry.actor)
    by = f" av {', '.join(sorted(who))}" if who else ""
    return ConflictError(
        f"Kontakten er endret{by} etter at du åpnet den. "
        "Last inn på nytt, eller behold din versjon.",
        uid=uid,
        changed_fields=tuple(sorted(fields)),
    )
