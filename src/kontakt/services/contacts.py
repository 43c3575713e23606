"""Create, edit, trash, restore and purge contacts, each change audited.

Saving uses optimistic locking: the caller passes the version it read, and a
contact changed since then raises :class:`~kontakt.errors.ConflictError`
naming the fields that changed, instead of silently overwriting them.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from kontakt.domain.contact_state import changed_fields, row_to_state
from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactDraft, ContactRow
from kontakt.domain.text import fold, sort_key
from kontakt.errors import ConflictError, NotFoundError
from kontakt.services import audit
from kontakt.services.validation import CleanContact, validate_draft
from kontakt.storage.base import utcnow
from kontakt.storage.contact_rows import load_rows
from kontakt.storage.models import (
    AuditEntry,
    Contact,
    ContactEmail,
    ContactPhone,
    Label,
    Role,
    Topic,
)


class ContactService:
    """Use cases on single contacts and on selections of contacts.

    Args:
        sessions: Session factory; one session per call.
        geography: Counties and municipalities.
        actor: Who is making the changes (recorded in the audit log).
    """

    def __init__(self, sessions: sessionmaker[Session], geography: Geography, actor: str) -> None:
        self._sessions = sessions
        self._geography = geography
        self._actor = actor

    # -- reading -------------------------------------------------------------

    def get(self, uid: str) -> ContactRow:
        """The contact with this uid, trashed or not."""
        with self._sessions() as session:
            return self._row(session, self._load(session, uid).id)

    def _load(self, session: Session, uid: str) -> Contact:
        contact = session.scalar(select(Contact).where(Contact.uid == uid))
        if contact is None:
            raise NotFoundError(f"Fant ingen kontakt med id {uid}.")
        return contact

    def _row(self, session: Session, contact_id: int) -> ContactRow:
        return load_rows(session.connection(), [contact_id], self._geography)[0]

    # -- writing -------------------------------------------------------------

    def create(self, draft: ContactDraft) -> ContactRow:
        """Validate and store a new contact.

        Raises:
            DraftErrors: A field is invalid; nothing is stored.
        """
        return self.create_many([draft])[0]

    def create_many(self, drafts: Sequence[ContactDraft]) -> list[ContactRow]:
        """Store several new contacts in one transaction: all of them or none.

        Raises:
            DraftErrors: A field of some draft is invalid; nothing is stored.
        """
        cleaned = [validate_draft(d, self._geography) for d in drafts]
        with self._sessions.begin() as session:
            contacts = []
            for clean in cleaned:
                contact = Contact(uid=str(uuid.uuid4()))
                self._apply(session, contact, clean)
                session.add(contact)
                contacts.append(contact)
            session.flush()
            rows = load_rows(session.connection(), [c.id for c in contacts], self._geography)
            for row in rows:
                audit.record(session, self._actor, "create", row.uid, None, row_to_state(row))
            return rows

    def update(self, uid: str, draft: ContactDraft, expected_version: int) -> ContactRow:
        """Save new values for a contact read at ``expected_version``.

        Raises:
            DraftErrors: A field is invalid; nothing is stored.
            ConflictError: Someone saved the contact after it was read.
        """
        clean = validate_draft(draft, self._geography)
        try:
            with self._sessions.begin() as session:
                contact = self._load(session, uid)
                if contact.version != expected_version:
                    raise self._conflict(session, uid, expected_version)
                before = row_to_state(self._row(session, contact.id))
                self._apply(session, contact, clean)
                session.flush()
                row = self._row(session, contact.id)
                audit.record(session, self._actor, "update", uid, before, row_to_state(row))
                return row
        except StaleDataError as exc:
            # Another session committed between our read and our write.
            with self._sessions() as session:
                raise self._conflict(session, uid, expected_version) from exc

    def _conflict(self, session: Session, uid: str, since_version: int) -> ConflictError:
        entries = session.scalars(
            select(AuditEntry).where(AuditEntry.entity_uid == uid).order_by(AuditEntry.id)
        ).all()
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

    def _apply(self, session: Session, contact: Contact, clean: CleanContact) -> None:
        # One flush per save: a flush half-way would bump the version twice.
        # Earlier pending work (e.g. topics made for the previous contact of a
        # batch) is flushed first so that lookups below can see it.
        session.flush()
        with session.no_autoflush:
            self._apply_fields(session, contact, clean)

    def _apply_fields(self, session: Session, contact: Contact, clean: CleanContact) -> None:
        d = clean.draft
        contact.given_name = d.given_name
        contact.family_name = d.family_name
        contact.sort_key = sort_key(f"{d.family_name} {d.given_name}")
        contact.organisation = d.organisation
        contact.title = d.title
        contact.municipality_number = clean.municipality_number
        contact.county_number = clean.county_number
        contact.party = d.party
        contact.notes = d.notes
        contact.consent_basis = d.consent_basis.value if d.consent_basis else None
        contact.consent_date = d.consent_date
        contact.consent_source = d.consent_source
        contact.opted_out = d.opted_out
        contact.last_confirmed = d.last_confirmed
        # Always touching updated_at makes every save an UPDATE of the contact
        # row, so the version counter moves even when only an e-mail changed.
        contact.updated_at = utcnow()
        contact.emails = [
            ContactEmail(address=e.address, kind=e.kind.value, is_primary=e.primary, position=i)
            for i, e in enumerate(d.emails)
        ]
        contact.phones = [
            ContactPhone(number=p.number, kind=p.kind.value, is_primary=p.primary, position=i)
            for i, p in enumerate(d.phones)
        ]
        contact.roles = [
            Role(
                kind=r.kind.value,
                level=r.level.value if r.level else None,
                body=r.body,
                title=r.title,
                organisation=r.organisation,
                start_date=r.start,
                end_date=r.end,
                position=i,
            )
            for i, r in enumerate(d.roles)
        ]
        contact.topics = named_entities(session, Topic, d.topics)
        contact.labels = named_entities(session, Label, d.labels)
        contact.search_text = search_text(clean, self._geography)

    def _set_trashed(self, uids: Sequence[str], trashed: bool) -> int:
        with self._sessions.begin() as session:
            contacts = session.scalars(select(Contact).where(Contact.uid.in_(uids))).all()
            changed = 0
            for contact in contacts:
                if (contact.deleted_at is not None) == trashed:
                    continue
                before = row_to_state(self._row(session, contact.id))
                contact.deleted_at = utcnow() if trashed else None
                contact.updated_at = utcnow()
                session.flush()
                after = row_to_state(self._row(session, contact.id))
                action = "trash" if trashed else "restore"
                audit.record(session, self._actor, action, contact.uid, before, after)
                changed += 1
            return changed

    def trash(self, uids: Sequence[str]) -> int:
        """Move contacts to the trash (restorable). Returns how many moved."""
        return self._set_trashed(uids, True)

    def restore(self, uids: Sequence[str]) -> int:
        """Bring contacts back from the trash. Returns how many came back."""
        return self._set_trashed(uids, False)

    def purge(self, uids: Sequence[str]) -> int:
        """Delete trashed contacts for good. Contacts not in the trash are left alone."""
        with self._sessions.begin() as session:
            contacts = session.scalars(
                select(Contact).where(Contact.uid.in_(uids), Contact.deleted_at.is_not(None))
            ).all()
            for contact in contacts:
                before = row_to_state(self._row(session, contact.id))
                audit.record(session, self._actor, "purge", contact.uid, before, None)
                session.delete(contact)
            return len(contacts)

    def empty_trash(self) -> int:
        """Purge every contact in the trash."""
        with self._sessions() as session:
            uids = session.scalars(select(Contact.uid).where(Contact.deleted_at.is_not(None))).all()
        return self.purge(uids)


def named_entities(session: Session, model: type[Any], names: Sequence[str]) -> list[Any]:
    """Topics or labels with these names, created where missing (matched ignoring case)."""
    if not names:
        return []
    keys = {fold(n): n for n in names}
    found = {e.name_key: e for e in session.scalars(select(model).where(model.name_key.in_(keys)))}
    for key, name in keys.items():
        if key not in found:
            entity = model(name=name, name_key=key)
            session.add(entity)
            found[key] = entity
    return [found[k] for k in keys]


def search_text(clean: CleanContact, geography: Geography) -> str:
    """The casefolded text free-text search matches: names, organisation, e-mails,
    phones (E.164 and national digits, so "98765" finds +4798765432) and municipality."""
    d = clean.draft
    parts = [d.given_name, d.family_name, d.organisation]
    parts += [e.address for e in d.emails]
    for p in d.phones:
        parts.append(p.number)
        parts.append(p.number[3:] if p.number.startswith("+47") else p.number.lstrip("+"))
    if clean.municipality_number:
        parts.append(geography.municipality(clean.municipality_number).name)
    return fold(" ".join(p for p in parts if p))
