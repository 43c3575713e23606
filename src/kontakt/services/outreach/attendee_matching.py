"""Who in an attendance report is who in Kontakt: by e-mail address, else by full name.

A name counts only when exactly one live contact has it, so two «Ola Hansen»
never get each other's attendance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.domain.text import fold
from kontakt.io.importers.attendance import Attendee
from kontakt.storage.models import Contact, ContactEmail


def match_attendees(
    session: Session, attendees: Iterable[Attendee]
) -> Iterator[tuple[Attendee, tuple[int, str] | None]]:
    """Each attendee with the (contact id, full name) it matches, or None."""
    by_email, by_name = _contact_index(session)
    for person in attendees:
        contact = by_email.get(person.email.casefold()) if person.email else None
        if contact is None:
            candidates = by_name.get(fold(person.name), [])
            contact = candidates[0] if len(candidates) == 1 else None
        yield person, contact


def _contact_index(
    session: Session,
) -> tuple[dict[str, tuple[int, str]], dict[str, list[tuple[int, str]]]]:
    """Live contacts by e-mail address and by folded full name."""
    by_email: dict[str, tuple[int, str]] = {}
    by_name: dict[str, list[tuple[int, str]]] = {}
    people = session.execute(
        select(Contact.id, Contact.given_name, Contact.family_name).where(
            Contact.deleted_at.is_(None)
        )
    ).all()
    names = {cid: " ".join(p for p in (g, f) if p) for cid, g, f in people}
    for cid, name in names.items():
        by_name.setdefault(fold(name), []).append((cid, name))
    for cid, address in session.execute(select(ContactEmail.contact_id, ContactEmail.address)):
        if cid in names:
            by_email[address.casefold()] = (cid, names[cid])
    return by_email, by_name
