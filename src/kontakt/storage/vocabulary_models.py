"""Tables of the vocabulary (issue 21): topic synonyms, and changes to names that can be undone.

A synonym is a word people use for a topic («psykiatri» for Psykisk helse);
search, filters, imports and the overview take it for the topic. A word
means one topic (``word_key`` is unique) and is never itself a topic's name.

``vocabulary_change`` records a rename, merge or delete of a topic, label,
list or saved search with what it was before (names, members, synonyms, the
saved searches it changed), so it can be undone.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class TopicSynonym(Base):
    """A word that means a topic."""

    __tablename__ = "topic_synonym"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"), index=True)
    word: Mapped[str] = mapped_column(String(100))
    # Casefolded word (domain.text.fold).
    word_key: Mapped[str] = mapped_column(String(100), unique=True)


class VocabularyChange(Base):
    """A rename, merge or delete of a topic, label, list or saved search, for undo."""

    __tablename__ = "vocabulary_change"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(100), default="")
    kind: Mapped[str] = mapped_column(String(20))  # topic, label, list, saved_search
    action: Mapped[str] = mapped_column(String(20))  # rename, merge, delete
    name: Mapped[str] = mapped_column(String(100))  # the name it had
    target: Mapped[str] = mapped_column(String(100), default="")  # new name / merged into
    before: Mapped[dict[str, Any]] = mapped_column(JSON)
    undone_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
