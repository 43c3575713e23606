"""Topics, labels, static lists and saved searches: the names contacts are grouped by."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.contact_state import filter_from_dict, filter_to_dict
from kontakt.domain.records import ContactFilter
from kontakt.domain.text import clean, clean_multiline, fold, sort_key
from kontakt.errors import NotFoundError, ValidationError
from kontakt.services.search import closest
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


@dataclass(frozen=True, slots=True)
class NamedCount:
    """A topic, label or list with the number of live contacts it holds."""

    name: str
    count: int


def _require_name(name: str, what: str) -> str:
    value = clean(name)
    if not value:
        raise ValidationError(f"Navnet på {what} kan ikke være tomt.", field="name")
    if len(value) > 100:
        raise ValidationError(f"Navnet på {what} er for langt (over 100 tegn).", field="name")
    return value


def _tag_counts(
    session: Session,
    model: type[Topic | Label],
    tag: ColumnElement[int],
    contact: ColumnElement[int],
) -> list[NamedCount]:
    """Each topic or label with its live contacts, in Norwegian alphabetical order.

    All tags are counted from the tag's index, minus those of trashed contacts:
    joining every tag to its contact to skip the few trashed ones costs 116 ms
    at 100,000 contacts, this 15 ms. «IN (trashed ids)» makes SQLite start from
    the deleted_at index (0.7 ms) instead of probing every tag's contact (71 ms).
    """
    every = session.execute(select(tag, func.count()).group_by(tag)).all()
    trashed: dict[int, int] = dict(
        session.execute(
            select(tag, func.count()).where(contact.in_(trashed_ids())).group_by(tag)
        ).all()
    )
    counts = {tid: n - trashed.get(tid, 0) for tid, n in every}
    names = session.execute(select(model.id, model.name)).all()
    result = [NamedCount(name, counts.get(tid, 0)) for tid, name in names]
    return sorted(result, key=lambda t: sort_key(t.name))


class CatalogService:
    """Manage topics, labels, lists and saved searches.

    Args:
        sessions: Session factory.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- topics ----------------------------------------------------------------

    def topics(self) -> list[NamedCount]:
        """Every topic with its number of live contacts, in Norwegian alphabetical order."""
        with self._sessions() as session:
            return _tag_counts(session, Topic, contact_topic.c.topic_id, contact_topic.c.contact_id)

    def add_topic(self, name: str) -> str:
        """Create a topic; an existing one (any case) is returned as it is."""
        value = _require_name(name, "temaet")
        with self._sessions.begin() as session:
            existing = session.scalar(select(Topic.name).where(Topic.name_key == fold(value)))
            if existing:
                return existing
            session.add(Topic(name=value, name_key=fold(value)))
            return value

    # -- labels ------------------------------------------------------------------

    def labels(self) -> list[NamedCount]:
        """Every label with its number of live contacts, in Norwegian alphabetical order."""
        with self._sessions() as session:
            return _tag_counts(session, Label, contact_label.c.label_id, contact_label.c.contact_id)

    # -- static lists ----------------------------------------------------------

    def lists(self) -> list[NamedCount]:
        """Every list with its number of live members."""
        with self._sessions() as session:
            rows = session.execute(
                select(ContactList.name, func.count(Contact.id))
                .outerjoin(ListMember, ListMember.list_id == ContactList.id)
                .outerjoin(
                    Contact, (Contact.id == ListMember.contact_id) & Contact.deleted_at.is_(None)
                )
                .group_by(ContactList.id, ContactList.name)
            ).all()
            return sorted((NamedCount(n, c) for n, c in rows), key=lambda t: sort_key(t.name))

    def create_list(self, name: str, description: str = "") -> str:
        """Create a static list. Raises ValidationError if the name is taken."""
        value = _require_name(name, "listen")
        with self._sessions.begin() as session:
            if session.scalar(select(ContactList.id).where(ContactList.name_key == fold(value))):
                raise ValidationError(f"Det finnes allerede en liste som heter «{value}».")
            session.add(
                ContactList(
                    name=value,
                    name_key=fold(value),
                    description=clean_multiline(description).strip(),
                )
            )
        return value

    def _list_id(self, session: Session, name: str) -> int:
        found = session.scalar(
            select(ContactList.id).where(ContactList.name_key == fold(clean(name)))
        )
        if found is None:
            names = list(session.scalars(select(ContactList.name)))
            raise NotFoundError(f"Ukjent liste «{clean(name)}».{closest(name, names)}")
        return found

    def add_to_list(self, name: str, uids: Sequence[str]) -> list[str]:
        """Add contacts to a list; returns the uids that were not already on it."""
        with self._sessions.begin() as session:
            list_id = self._list_id(session, name)
            ids = set(session.scalars(select(Contact.id).where(Contact.uid.in_(uids))))
            present = set(
                session.scalars(
                    select(ListMember.contact_id).where(
                        ListMember.list_id == list_id, ListMember.contact_id.in_(ids)
                    )
                )
            )
            new = sorted(ids - present)
            if new:
                session.execute(
                    insert(ListMember), [{"list_id": list_id, "contact_id": cid} for cid in new]
                )
                return list(session.scalars(select(Contact.uid).where(Contact.id.in_(new))))
            return []

    def remove_from_list(self, name: str, uids: Sequence[str]) -> list[str]:
        """Take contacts off a list; returns the uids of those who were on it."""
        with self._sessions.begin() as session:
            list_id = self._list_id(session, name)
            on_list = list(
                session.scalars(
                    select(Contact.uid)
                    .join(ListMember, ListMember.contact_id == Contact.id)
                    .where(ListMember.list_id == list_id, Contact.uid.in_(uids))
                )
            )
            ids = select(Contact.id).where(Contact.uid.in_(on_list))
            session.execute(
                delete(ListMember).where(
                    ListMember.list_id == list_id, ListMember.contact_id.in_(ids)
                )
            )
            return on_list

    # -- saved searches --------------------------------------------------------

    def save_search(self, name: str, f: ContactFilter) -> str:
        """Store a filter by name, replacing one of the same name."""
        value = _require_name(name, "søket")
        with self._sessions.begin() as session:
            existing = session.scalar(
                select(SavedSearch).where(SavedSearch.name_key == fold(value))
            )
            if existing is not None:
                existing.filter = filter_to_dict(f)
                existing.name = value
            else:
                session.add(SavedSearch(name=value, name_key=fold(value), filter=filter_to_dict(f)))
        return value

    def saved_searches(self) -> list[str]:
        """Names of the saved searches, alphabetically."""
        with self._sessions() as session:
            return sorted(session.scalars(select(SavedSearch.name)), key=sort_key)

    def saved_search(self, name: str) -> ContactFilter:
        """The filter stored under this name."""
        with self._sessions() as session:
            found = session.scalar(
                select(SavedSearch).where(SavedSearch.name_key == fold(clean(name)))
            )
            if found is None:
                names = list(session.scalars(select(SavedSearch.name)))
                raise NotFoundError(f"Ukjent lagret søk «{clean(name)}».{closest(name, names)}")
            return filter_from_dict(found.filter)

    def delete_saved_search(self, name: str) -> None:
        """Remove a saved search."""
        with self._sessions.begin() as session:
            session.execute(delete(SavedSearch).where(SavedSearch.name_key == fold(clean(name))))
