"""Topics and labels by name: found ignoring case, made where missing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kontakt.domain.text import fold
from kontakt.storage.models import Topic


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


def topic_names(session: Session) -> list[str]:
    """The names of every topic."""
    return list(session.scalars(select(Topic.name)))
