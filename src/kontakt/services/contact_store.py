"""Shared mechanics of writing contacts: load, apply a validated draft, snapshot, audit.

The contact, tagging and undo use cases all change contacts the same way,
through this one class, so that every change updates the search text, bumps
the version and lands in the audit log alike.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.domain.contact_state import row_to_state
from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactDraft, ContactRow
from kontakt.domain.text import fold, sort_key, sort_key_or_last
from kontakt.errors import NotFoundError
from kontakt.services import audit
from kontakt.services.validation import CleanContact
from kontakt.storage.base import utcnow
from kontakt.storage.contact_rows import load_rows
from kontakt.storage.models import Contact, ContactEmail, ContactPhone, Label, Role, Topic


class ContactStore:
    """Writes contacts inside a caller's session.

    Args:
        geography: Counties and municipalities (for the search text).
        actor: Who is making the changes (recorded in the audit log).
    """

    def __init__(self, geography: Geography, actor: str) -> None:
        self.geography = geography
        self.actor = actor

    def load(self, session: Session, uid: str) -> Contact:
        """The contact with this uid, or NotFoundError."""
        contact = session.scalar(select(Contact).where(Contact.uid == uid))
        if contact is None:
            raise NotFoundError(f"Fant ingen kontakt med id {uid}.")
        return contact

    def load_many(self, session: Session, uids: Sequence[str]) -> list[Contact]:
        """The contacts with these uids (unknown uids are skipped)."""
        return list(session.scalars(select(Contact).where(Contact.uid.in_(uids))))

    def row(self, session: Session, contact_id: int) -> ContactRow:
        """A snapshot of the contact as the session sees it now."""
        return load_rows(session.connection(), [contact_id], self.geography)[0]

    def state(self, session: Session, contact: Contact) -> dict[str, Any]:
        """The contact's full state for the audit log (flushes pending changes first)."""
        session.flush()
        return row_to_state(self.row(session, contact.id))

    def record(
        self,
        session: Session,
        action: str,
        uid: str,
        before: dict[str, Any] | None,
        after: dict[str, Any] | None,
        change_id: str | None,
    ) -> None:
        """Write one audit entry in the session's transaction."""
        audit.record(session, self.actor, action, uid, before, after, change_id)

    def apply(self, session: Session, contact: Contact, clean: CleanContact) -> None:
        """Set every editable field of the contact from a validated draft."""
        # One flush per save: a flush half-way would bump the version twice.
        # Earlier pending work (e.g. topics made for the previous contact of a
        # batch) is flushed first so that lookups below can see it.
        session.flush()
        with session.no_autoflush:
            self._apply_fields(session, contact, clean)

    def _apply_fields(self, session: Session, contact: Contact, clean: CleanContact) -> None:
        for name, value in contact_values(clean, self.geography).items():
            setattr(contact, name, value)
        d = clean.draft
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


CONTACT_COLUMNS = (
    "given_name", "family_name", "sort_key", "organisation", "organisation_sort",
    "municipality_sort", "county_sort", "title", "municipality_number", "county_number",
    "party", "notes", "consent_basis", "consent_date", "consent_source", "opted_out",
    "last_confirmed", "search_text",
)  # fmt: skip
"""The contact table's own columns that :func:`contact_row` gives, in its order."""


def contact_row(clean: CleanContact, geography: Geography) -> tuple[Any, ...]:
    """The values of :data:`CONTACT_COLUMNS` for a validated draft (children not included).

    Used for ORM saves and for bulk inserts alike, so that both store the same
    sort keys and search text.
    """
    d = clean.draft
    m, c = clean.municipality_number, clean.county_number
    municipality = geography.municipality(m).name if m else ""
    return (
        d.given_name,
        d.family_name,
        sort_key(f"{d.family_name} {d.given_name}"),
        d.organisation,
        sort_key_or_last(d.organisation),
        sort_key_or_last(municipality),
        sort_key_or_last(geography.county(c).name if c else ""),
        d.title,
        m,
        c,
        d.party,
        d.notes,
        d.consent_basis.value if d.consent_basis else None,
        d.consent_date,
        d.consent_source,
        d.opted_out,
        d.last_confirmed,
        _search_text(d, municipality),
    )


def contact_values(clean: CleanContact, geography: Geography) -> dict[str, Any]:
    """The contact table's own columns for a validated draft, by name, and ``updated_at``."""
    values = dict(zip(CONTACT_COLUMNS, contact_row(clean, geography), strict=True))
    # Always touching updated_at makes every save an UPDATE of the contact
    # row, so the version counter moves even when only an e-mail changed.
    values["updated_at"] = utcnow()
    return values


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
    """The casefolded text free-text search matches.

    Names, organisation, e-mails, phones (E.164 and national digits, so "98765"
    finds +4798765432) and the municipality.
    """
    m = clean.municipality_number
    return _search_text(clean.draft, geography.municipality(m).name if m else "")


def _search_text(d: ContactDraft, municipality: str) -> str:
    parts = [d.given_name, d.family_name, d.organisation]
    parts += [e.address for e in d.emails]
    for p in d.phones:
        parts.append(p.number)
        parts.append(p.number[3:] if p.number.startswith("+47") else p.number.lstrip("+"))
    parts.append(municipality)
    return fold(" ".join(p for p in parts if p))
