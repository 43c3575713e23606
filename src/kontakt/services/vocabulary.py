"""Rename, merge and delete topics, labels, lists and saved searches, with undo.

Every change runs in one transaction and is recorded in ``vocabulary_change``
with what undoing it needs (:mod:`kontakt.services.vocabulary_undo`): the old
name, the members, the synonyms, and the saved searches whose filters it
rewrote (their filters before and after).

Contacts hold topics and labels by id, so a rename changes no contact and
leaves their versions alone. A merge or delete changes the set of topics or
labels some contacts hold: their version goes up, so an edit begun before
(in another window on a shared database) is refused as a conflict instead of
writing the old topic back. Lists are not part of a contact's own state and
bump nothing. The free-text index holds no topics or labels, so none of
this re-indexes anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain import filter_names
from kontakt.domain.contact_state import filter_from_dict
from kontakt.domain.text import fold, sort_key
from kontakt.errors import NotFoundError, ValidationError
from kontakt.services.audit import current_actor
from kontakt.services.catalog import _require_name
from kontakt.services.search import SearchService, closest
from kontakt.storage import vocabulary as store
from kontakt.storage.models import SavedSearch
from kontakt.storage.vocabulary_models import TopicSynonym, VocabularyChange

KINDS = ("topic", "label", "list", "saved_search")

# (the X, X, a X) in Norwegian, per kind.
WORDS: dict[str, tuple[str, str, str]] = {
    "topic": ("temaet", "tema", "et tema"),
    "label": ("etiketten", "etikett", "en etikett"),
    "list": ("listen", "liste", "en liste"),
    "saved_search": ("søket", "lagret søk", "et lagret søk"),
}


class NameTakenError(ValidationError):
    """A rename to a name another entity of the kind has: merging is what is meant.

    Attributes:
        kind: The kind.
        name: The entity being renamed, as it is called now.
        existing: The other entity's name, as spelled in the database.
    """

    def __init__(self, kind: str, name: str, existing: str) -> None:
        super().__init__(
            f"Det finnes allerede {WORDS[kind][2]} som heter «{existing}». "
            f"Slå sammen «{name}» med «{existing}» i stedet.",
            field="name",
        )
        self.kind = kind
        self.name = name
        self.existing = existing


@dataclass(frozen=True, slots=True)
class Usage:
    """What a topic, label, list or saved search is used by.

    Attributes:
        name: Its name as spelled in the database.
        contacts: Live contacts it holds (a saved search: contacts it finds).
        searches: Names of the saved searches whose filter names it.
    """

    name: str
    contacts: int
    searches: tuple[str, ...]


class VocabularyService:
    """Rename, merge, delete and undo for each kind of name.

    Args:
        sessions: Session factory.
        search: Counts what a saved search finds.
        actor: Who makes the changes (the operating-system user by default).
    """

    def __init__(
        self, sessions: sessionmaker[Session], search: SearchService, actor: str | None = None
    ) -> None:
        self._sessions = sessions
        self._search = search
        self._actor = actor if actor is not None else current_actor()

    # -- reading ----------------------------------------------------------------

    def names(self, kind: str) -> list[tuple[str, int]]:
        """Every name of the kind with its live contacts, alphabetically."""
        spec = _spec(kind)
        with self._sessions() as session:
            per_id = store.counts(session, spec)
            rows = session.execute(select(spec.model.id, spec.model.name)).all()
        return sorted(((n, per_id.get(i, 0)) for i, n in rows), key=lambda r: sort_key(r[0]))

    def usage(self, kind: str, name: str) -> Usage:
        """How many live contacts the entity holds and which saved searches name it."""
        spec = _spec(kind)
        with self._sessions() as session:
            entity = self._get(session, kind, name)
            if kind == "saved_search":
                n = self._search.count(filter_from_dict(entity.filter))
                return Usage(entity.name, n, ())
            searches = tuple(
                sorted((s.name for s in _searches_naming(session, kind, entity.name)), key=sort_key)
            )
            return Usage(entity.name, store.live_count(session, spec, entity.id), searches)

    # -- changing ---------------------------------------------------------------

    def rename(self, kind: str, old: str, new: str) -> int:
        """Give an entity a new name; saved searches naming it follow.

        Returns:
            The change id (for :meth:`undo`).

        Raises:
            NotFoundError: No entity is called ``old``.
            NameTakenError: Another entity is called ``new`` (any case).
            ValidationError: ``new`` is empty, too long, or a synonym of another topic.
        """
        spec = _spec(kind)
        value = _require_name(new, WORDS[kind][0])
        with self._sessions.begin() as session:
            entity = self._get(session, kind, old)
            other = store.find(session, spec, value)
            if other is not None and other.id != entity.id:
                raise NameTakenError(kind, entity.name, other.name)
            before: dict[str, Any] = {"id": entity.id, "name": entity.name}
            if kind == "topic":
                before["dropped_synonym"] = _free_word_for_topic(session, entity.id, value)
            before["searches"] = _rewrite_searches(
                session, kind, entity.name, lambda d: filter_names.rename_name(d, kind, old, value)
            )
            old_name = entity.name
            entity.name, entity.name_key = value, fold(value)
            return self._record(session, kind, "rename", old_name, value, before)

    def merge(self, kind: str, source: str, into: str) -> int:
        """Move every member of ``source`` to ``into`` and remove ``source``.

        Saved searches naming ``source`` name ``into`` instead. For topics, the
        synonyms of ``source`` move to ``into`` and its name becomes one of them,
        so a file that says ``source`` lands in ``into``.

        Raises:
            NotFoundError: Either name is unknown.
            ValidationError: Both are the same, or the kind is a saved search
                (a search finds what all its criteria say; two cannot be united).
        """
        spec = _spec(kind)
        if kind == "saved_search":
            raise ValidationError("Lagrede søk kan ikke slås sammen; slett det ene i stedet.")
        with self._sessions.begin() as session:
            src = self._get(session, kind, source)
            dst = self._get(session, kind, into)
            if src.id == dst.id:
                raise ValidationError(f"Kan ikke slå sammen «{src.name}» med seg selv.")
            members = store.member_ids(session, spec, src.id)
            present = set(store.member_ids(session, spec, dst.id))
            added = [c for c in members if c not in present]
            before: dict[str, Any] = {
                **_entity_state(src),
                "target_id": dst.id,
                "members": members,
                "added": added,
            }
            if kind == "list":
                before["members"] = _list_members(session, src.id)
            if kind == "topic":
                moved = list(
                    session.scalars(
                        select(TopicSynonym.word).where(TopicSynonym.topic_id == src.id)
                    )
                )
                before["synonyms"] = moved
                session.execute(
                    update(TopicSynonym)
                    .where(TopicSynonym.topic_id == src.id)
                    .values(topic_id=dst.id)
                )
            before["searches"] = _rewrite_searches(
                session,
                kind,
                src.name,
                lambda d: filter_names.rename_name(d, kind, src.name, dst.name),
            )
            store.bump(session, spec, members)
            store.link(session, spec, dst.id, added)
            store.unlink(session, spec, src.id, members)
            source_name, target_name = src.name, dst.name
            session.delete(src)
            session.flush()
            if kind == "topic":
                session.add(
                    TopicSynonym(topic_id=dst.id, word=source_name, word_key=fold(source_name))
                )
            return self._record(session, kind, "merge", source_name, target_name, before)

    def delete(self, kind: str, name: str) -> int:
        """Remove an entity; saved searches naming it no longer narrow by it.

        Returns:
            The change id (for :meth:`undo`).
        """
        spec = _spec(kind)
        with self._sessions.begin() as session:
            entity = self._get(session, kind, name)
            members = store.member_ids(session, spec, entity.id)
            before: dict[str, Any] = {**_entity_state(entity), "members": members}
            if kind == "list":
                before["members"] = _list_members(session, entity.id)
                before["description"] = entity.description
            if kind == "saved_search":
                before["filter"] = entity.filter
            if kind == "topic":
                before["synonyms"] = list(
                    session.scalars(
                        select(TopicSynonym.word).where(TopicSynonym.topic_id == entity.id)
                    )
                )
                session.execute(delete(TopicSynonym).where(TopicSynonym.topic_id == entity.id))
            before["searches"] = _rewrite_searches(
                session, kind, entity.name, lambda d: filter_names.remove_name(d, kind, name)
            )
            store.bump(session, spec, members)
            store.unlink(session, spec, entity.id, members)
            old_name = entity.name
            session.delete(entity)
            return self._record(session, kind, "delete", old_name, "", before)

    def undo(self, change_id: int) -> str:
        """Reverse a change; returns a Norwegian sentence saying what was undone.

        Raises:
            NotFoundError: No such change.
            ValidationError: Already undone, or what it changed has changed since.
        """
        from kontakt.services.vocabulary_undo import reverse

        with self._sessions.begin() as session:
            change = session.get(VocabularyChange, change_id)
            if change is None:
                raise NotFoundError(f"Ukjent endring {change_id}.")
            return reverse(session, change)

    def changes(self, kind: str | None = None) -> list[VocabularyChange]:
        """The recorded changes, newest first (detached snapshots)."""
        with self._sessions() as session:
            query = select(VocabularyChange).order_by(VocabularyChange.id.desc())
            if kind:
                query = query.where(VocabularyChange.kind == kind)
            found = list(session.scalars(query))
            session.expunge_all()
            return found

    # -- helpers ----------------------------------------------------------------

    def _get(self, session: Session, kind: str, name: str) -> Any:
        spec = _spec(kind)
        entity = store.find(session, spec, name)
        if entity is None:
            known = store.all_names(session, spec)
            raise NotFoundError(f"Ukjent {WORDS[kind][1]} «{name.strip()}».{closest(name, known)}")
        return entity

    def _record(
        self,
        session: Session,
        kind: str,
        action: str,
        name: str,
        target: str,
        before: dict[str, Any],
    ) -> int:
        change = VocabularyChange(
            actor=self._actor, kind=kind, action=action, name=name, target=target, before=before
        )
        session.add(change)
        session.flush()
        return int(change.id)


def _spec(kind: str) -> store.KindSpec:
    if kind not in store.SPECS:
        raise ValidationError(f"Ukjent slag «{kind}».")
    return store.SPECS[kind]


def _entity_state(entity: Any) -> dict[str, Any]:
    return {"id": entity.id, "name": entity.name, "created_at": entity.created_at.isoformat()}


def _list_members(session: Session, list_id: int) -> list[list[Any]]:
    from kontakt.storage.models import ListMember

    rows = session.execute(
        select(ListMember.contact_id, ListMember.added_at).where(ListMember.list_id == list_id)
    ).all()
    return [[c, at.isoformat()] for c, at in sorted(rows)]


def _searches_naming(session: Session, kind: str, name: str) -> list[SavedSearch]:
    key = fold(name)
    return [
        s
        for s in session.scalars(select(SavedSearch))
        if any(fold(n) == key for n in filter_names.names_in(s.filter, kind))
    ]


def _rewrite_searches(session: Session, kind: str, name: str, rewrite: Any) -> dict[str, Any]:
    """Rewrite the saved searches naming ``name``; {id: [before, after]} for undo."""
    changed: dict[str, Any] = {}
    if kind == "saved_search":
        return changed
    for search in _searches_naming(session, kind, name):
        old = dict(search.filter)
        new = rewrite(old)
        search.filter = new
        changed[str(search.id)] = [old, new]
    return changed


def _free_word_for_topic(session: Session, topic_id: int, name: str) -> str:
    """Make ``name`` free to be the topic's name: a synonym of the topic itself is
    dropped (returned, for undo); another topic's synonym is refused."""
    found = session.scalar(select(TopicSynonym).where(TopicSynonym.word_key == fold(name)))
    if found is None:
        return ""
    if found.topic_id != topic_id:
        from kontakt.storage.models import Topic

        owner = session.get(Topic, found.topic_id)
        raise ValidationError(
            f"«{name}» er et synonym for temaet «{owner.name if owner else '?'}»; "
            "fjern synonymet først, eller slå temaene sammen.",
            field="name",
        )
    word = found.word
    session.delete(found)
    session.flush()
    return word
