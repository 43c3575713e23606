"""The tables behind each kind of name contacts are grouped by (topic, label,
list, saved search): finding one by name, its members, and bumping the
contacts whose set of topics or labels a change alters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Table, func, insert, select, update
from sqlalchemy.orm import Session

from kontakt.domain.text import clean, fold
from kontakt.storage.base import utcnow
from kontakt.storage.contact_query import trashed_ids
from kontakt.storage.models import (
    Contact,
    ContactList,
    Label,
    ListMember,
    SavedSearch,
    Topic,
    contact_label,
    contact_topic,
)

_CHUNK = 5000  # ids per IN list: well under SQLite's and PostgreSQL's parameter limits


@dataclass(frozen=True, slots=True)
class KindSpec:
    """How one kind is stored.

    Attributes:
        kind: ``topic``, ``label``, ``list`` or ``saved_search``.
        model: The ORM class holding the names.
        links: The contact link table, or None (saved searches).
        column: The link table's column naming the entity.
        held_by_contact: The link is part of a contact's own state (topics,
            labels): changing it bumps the contact's version.
    """

    kind: str
    model: type[Any]
    links: Table | None
    column: str
    held_by_contact: bool


SPECS: dict[str, KindSpec] = {
    "topic": KindSpec("topic", Topic, contact_topic, "topic_id", True),
    "label": KindSpec("label", Label, contact_label, "label_id", True),
    "list": KindSpec("list", ContactList, ListMember.__table__, "list_id", False),  # type: ignore[arg-type]
    "saved_search": KindSpec("saved_search", SavedSearch, None, "", False),
}


def find(session: Session, spec: KindSpec, name: str) -> Any | None:
    """The entity of this kind with this name (case ignored), or None."""
    return session.scalar(select(spec.model).where(spec.model.name_key == fold(clean(name))))


def all_names(session: Session, spec: KindSpec) -> list[str]:
    """Every name of this kind."""
    return list(session.scalars(select(spec.model.name)))


def member_ids(session: Session, spec: KindSpec, entity_id: int) -> list[int]:
    """Ids of every contact linked to the entity, trashed ones included."""
    if spec.links is None:
        return []
    col = spec.links.c[spec.column]
    return sorted(session.scalars(select(spec.links.c.contact_id).where(col == entity_id)))


def live_count(session: Session, spec: KindSpec, entity_id: int) -> int:
    """How many live (not trashed) contacts the entity holds."""
    if spec.links is None:
        return 0
    col = spec.links.c[spec.column]
    return int(
        session.scalar(
            select(func.count())
            .select_from(spec.links)
            .where(col == entity_id, spec.links.c.contact_id.not_in(trashed_ids()))
        )
        or 0
    )


def counts(session: Session, spec: KindSpec) -> dict[int, int]:
    """Live contacts per entity id, for every entity of the kind that has any."""
    if spec.links is None:
        return {}
    col = spec.links.c[spec.column]
    rows = session.execute(
        select(col, func.count()).where(spec.links.c.contact_id.not_in(trashed_ids())).group_by(col)
    ).all()
    return {int(i): int(n) for i, n in rows}


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def link(session: Session, spec: KindSpec, entity_id: int, contact_ids: Sequence[int]) -> None:
    """Link these contacts (that still exist) to the entity; none may be linked yet."""
    if spec.links is None or not contact_ids:
        return
    for part in _chunks(contact_ids):
        alive = list(session.scalars(select(Contact.id).where(Contact.id.in_(part))))
        if alive:
            session.execute(
                insert(spec.links), [{"contact_id": c, spec.column: entity_id} for c in alive]
            )


def unlink(session: Session, spec: KindSpec, entity_id: int, contact_ids: Sequence[int]) -> None:
    """Remove these contacts' links to the entity."""
    if spec.links is None:
        return
    col = spec.links.c[spec.column]
    for part in _chunks(contact_ids):
        session.execute(
            spec.links.delete().where(col == entity_id, spec.links.c.contact_id.in_(part))
        )


def bump(session: Session, spec: KindSpec, contact_ids: Sequence[int]) -> None:
    """Mark the contacts changed (version + 1), so an edit begun before the change
    is refused as a conflict instead of writing back a deleted topic or label."""
    if not spec.held_by_contact:
        return
    for part in _chunks(contact_ids):
        session.execute(
            update(Contact)
            .where(Contact.id.in_(part))
            .values(version=Contact.version + 1, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        )


def member_ids_alive(session: Session, contact_ids: Sequence[int]) -> list[int]:
    """Those of these contact ids that still exist (an erased person stays erased)."""
    found: list[int] = []
    for part in _chunks(list(contact_ids)):
        found.extend(session.scalars(select(Contact.id).where(Contact.id.in_(part))))
    return found
