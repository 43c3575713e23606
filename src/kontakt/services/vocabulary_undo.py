"""Undo of a recorded rename, merge or delete of a topic, label, list or saved search.

Each undo checks first that what the change left is still there as it left
it (the renamed entity still carries the new name, the old name is free, the
merge target still exists); otherwise it refuses with a clear message rather
than guessing. A saved search is put back as it was only if nobody edited it
since; one edited since keeps its edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from kontakt.domain.text import fold
from kontakt.errors import ValidationError
from kontakt.storage import vocabulary as store
from kontakt.storage.base import utcnow
from kontakt.storage.models import ListMember, SavedSearch
from kontakt.storage.vocabulary_models import TopicSynonym, VocabularyChange

_ACTIONS = {"rename": "Gitt nytt navn", "merge": "Slått sammen", "delete": "Slettet"}


def reverse(session: Session, change: VocabularyChange) -> str:
    """Undo the change in the caller's transaction; a sentence saying what was undone."""
    if change.undone_at is not None:
        raise ValidationError(f"Endringen {change.id} er allerede angret.")
    spec = store.SPECS[change.kind]
    before = change.before
    if change.action == "rename":
        _undo_rename(session, spec, change, before)
    elif change.action == "merge":
        _undo_merge(session, spec, change, before)
    else:
        _undo_delete(session, spec, change, before)
    _restore_searches(session, before.get("searches", {}))
    change.undone_at = utcnow()
    detail = f" → «{change.target}»" if change.target else ""
    return f"Angret: {_ACTIONS[change.action].lower()} «{change.name}»{detail}."


def _require_free(session: Session, spec: store.KindSpec, name: str) -> None:
    taken = store.find(session, spec, name)
    if taken is not None:
        raise ValidationError(
            f"Kan ikke angre: navnet «{name}» er tatt i bruk igjen («{taken.name}»)."
        )
    if spec.kind == "topic" and session.scalar(
        select(TopicSynonym.id).where(TopicSynonym.word_key == fold(name))
    ):
        raise ValidationError(f"Kan ikke angre: «{name}» er nå et synonym for et annet tema.")


def _undo_rename(
    session: Session, spec: store.KindSpec, change: VocabularyChange, before: dict[str, Any]
) -> None:
    entity = session.get(spec.model, before["id"])
    if entity is None or fold(entity.name) != fold(change.target):
        raise ValidationError(f"Kan ikke angre: «{change.target}» er endret eller slettet siden.")
    if fold(change.name) != fold(change.target):
        _require_free(session, spec, change.name)
    entity.name, entity.name_key = change.name, fold(change.name)
    dropped = before.get("dropped_synonym") or ""
    if dropped:
        session.flush()
        session.add(TopicSynonym(topic_id=entity.id, word=dropped, word_key=fold(dropped)))


def _recreate(session: Session, spec: store.KindSpec, before: dict[str, Any], **extra: Any) -> Any:
    """The entity as it was, with its old id (nothing else can have taken it)."""
    _require_free(session, spec, before["name"])
    entity = spec.model(
        id=before["id"],
        name=before["name"],
        name_key=fold(before["name"]),
        created_at=dt.datetime.fromisoformat(before["created_at"]),
        **extra,
    )
    session.add(entity)
    session.flush()
    return entity


def _relink(session: Session, spec: store.KindSpec, entity_id: int, members: list[Any]) -> None:
    if spec.kind == "list":
        alive = set(store.member_ids_alive(session, [int(c) for c, _ in members]))
        rows = [
            {"list_id": entity_id, "contact_id": int(c), "added_at": dt.datetime.fromisoformat(at)}
            for c, at in members
            if int(c) in alive
        ]
        if rows:
            session.execute(insert(ListMember), rows)
        return
    store.link(session, spec, entity_id, [int(c) for c in members])
    store.bump(session, spec, [int(c) for c in members])


def _undo_merge(
    session: Session, spec: store.KindSpec, change: VocabularyChange, before: dict[str, Any]
) -> None:
    target = session.get(spec.model, before["target_id"])
    if target is None:
        raise ValidationError(f"Kan ikke angre: «{change.target}» er slettet siden.")
    if spec.kind == "topic":
        # The source's name, made a synonym of the target by the merge, is a name again.
        session.execute(
            delete(TopicSynonym).where(
                TopicSynonym.word_key == fold(before["name"]),
                TopicSynonym.topic_id == target.id,
            )
        )
    entity = _recreate(session, spec, before)
    _relink(session, spec, entity.id, before["members"])
    added = [int(c) for c in before["added"]]
    store.unlink(session, spec, target.id, added)
    store.bump(session, spec, added)
    if spec.kind == "topic":
        words = [fold(w) for w in before.get("synonyms", [])]
        if words:
            session.execute(
                update(TopicSynonym)
                .where(TopicSynonym.word_key.in_(words), TopicSynonym.topic_id == target.id)
                .values(topic_id=entity.id)
            )


def _undo_delete(
    session: Session, spec: store.KindSpec, change: VocabularyChange, before: dict[str, Any]
) -> None:
    del change
    extra: dict[str, Any] = {}
    if spec.kind == "list":
        extra["description"] = before.get("description", "")
    if spec.kind == "saved_search":
        extra["filter"] = before["filter"]
    entity = _recreate(session, spec, before, **extra)
    _relink(session, spec, entity.id, before.get("members", []))
    if spec.kind == "topic":
        for word in before.get("synonyms", []):
            if not session.scalar(
                select(TopicSynonym.id).where(TopicSynonym.word_key == fold(word))
            ):
                session.add(TopicSynonym(topic_id=entity.id, word=word, word_key=fold(word)))


def _restore_searches(session: Session, searches: dict[str, Any]) -> None:
    for search_id, (old, new) in searches.items():
        search = session.get(SavedSearch, int(search_id))
        if search is not None and search.filter == new:
            search.filter = old
