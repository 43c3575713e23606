"""Topic synonyms: the words people use for a topic («psykiatri» for Psykisk helse).

The words are the board's to edit; migration 0012 seeded the usual ones for
the seed topics. Filters (:meth:`SearchService.resolve`), imports
(:func:`~kontakt.domain.topic_synonyms.closest_topic`) and the overview take
a synonym for its topic. A word means one topic and is never a topic's name.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.text import clean, fold, sort_key
from kontakt.errors import NotFoundError, ValidationError
from kontakt.services.search import closest
from kontakt.storage.models import Topic
from kontakt.storage.vocabulary_models import TopicSynonym


def synonym_map(session: Session) -> dict[str, str]:
    """Every synonym (as written) -> the name of its topic."""
    rows = session.execute(
        select(TopicSynonym.word, Topic.name).join(Topic, Topic.id == TopicSynonym.topic_id)
    ).all()
    return {word: name for word, name in rows}


class SynonymService:
    """Read and edit the synonyms of topics.

    Args:
        sessions: Session factory.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def synonyms(self, topic: str) -> list[str]:
        """The topic's synonyms, alphabetically."""
        with self._sessions() as session:
            found = _topic(session, topic)
            words = session.scalars(
                select(TopicSynonym.word).where(TopicSynonym.topic_id == found.id)
            )
            return sorted(words, key=sort_key)

    def all(self) -> dict[str, list[str]]:
        """Topic name -> its synonyms, for every topic that has any."""
        with self._sessions() as session:
            result: dict[str, list[str]] = {}
            for word, name in synonym_map(session).items():
                result.setdefault(name, []).append(word)
        return {name: sorted(words, key=sort_key) for name, words in result.items()}

    def set_synonyms(self, topic: str, words: Sequence[str]) -> list[str]:
        """Make these words the topic's synonyms (replacing the ones it had).

        Returns:
            The synonyms before, so the change can be reverted.

        Raises:
            ValidationError: A word is empty, too long, a topic's name, or
                another topic's synonym; nothing is changed then.
        """
        with self._sessions.begin() as session:
            found = _topic(session, topic)
            old = sorted(
                session.scalars(select(TopicSynonym.word).where(TopicSynonym.topic_id == found.id)),
                key=sort_key,
            )
            wanted: dict[str, str] = {}
            for raw in words:
                word = clean(raw)
                if not word:
                    continue
                if len(word) > 100:
                    raise ValidationError(f"Synonymet «{word[:40]}…» er for langt (over 100 tegn).")
                wanted.setdefault(fold(word), word)
            for key, word in wanted.items():
                named = session.scalar(select(Topic.name).where(Topic.name_key == key))
                if named is not None:
                    raise ValidationError(
                        f"«{word}» er navnet på temaet «{named}» og kan ikke være et synonym."
                    )
                owner = session.scalar(
                    select(Topic.name)
                    .join(TopicSynonym, TopicSynonym.topic_id == Topic.id)
                    .where(TopicSynonym.word_key == key, Topic.id != found.id)
                )
                if owner is not None:
                    raise ValidationError(f"«{word}» er allerede et synonym for temaet «{owner}».")
            session.execute(delete(TopicSynonym).where(TopicSynonym.topic_id == found.id))
            session.flush()
            session.add_all(
                TopicSynonym(topic_id=found.id, word=w, word_key=k) for k, w in wanted.items()
            )
            return old


def _topic(session: Session, name: str) -> Topic:
    found = session.scalar(select(Topic).where(Topic.name_key == fold(clean(name))))
    if found is None:
        names = list(session.scalars(select(Topic.name)))
        raise NotFoundError(f"Ukjent tema «{clean(name)}».{closest(name, names)}")
    return found
