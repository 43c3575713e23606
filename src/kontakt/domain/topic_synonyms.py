"""The existing topic closest to one a file names that Kontakt lacks.

Survey answers and county chapters' lists name the network's topics in their
own words: «tannhelse» is Tannhelsereform, «psykisk» Psykisk helse,
«sykehjem» Eldreomsorg. :func:`closest_topic` offers, in order:

1. the topic a word is known to mean (its synonyms: the ``topic_synonym``
   table, seeded by migration 0012 and edited by the board; the caller
   passes them in);
2. the one topic whose name begins with the word (at least half of it:
   «psykisk» -> Psykisk helse, but not «helse» -> Helseforetaksmodellen), or
   that the word begins with («rusomsorg» -> Rus), three letters or more;
3. the topic most alike in spelling, from a ratio of 75 (the import itself
   takes 85 as the same topic without asking).

Nothing is offered for a word like «Familie» from a phone's address book:
such a word is not a topic of the network.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from rapidfuzz import fuzz, process

from kontakt.domain.column_mapping import loose_text

__all__ = ["closest_topic", "synonym_index", "synonym_key"]

CLOSE_SCORE = 75.0
"""Lowest rapidfuzz ratio (0-100) at which a topic is offered as the closest."""

_MIN_PREFIX = 3


def synonym_key(text: str) -> str:
    """A word as :func:`synonym_index` keys it."""
    return loose_text(text).replace(" ", "")


_key = synonym_key


def synonym_index(synonyms: Mapping[str, str]) -> dict[str, str]:
    """Synonym -> topic, keyed loosely (case, spaces, hyphens and æøå spelling ignored)."""
    index = {_key(word): topic for word, topic in synonyms.items()}
    index.pop("", None)
    return index


@functools.lru_cache(maxsize=16)
def _index(vocabulary: tuple[str, ...]) -> dict[str, str]:
    """Topic key -> topic of one vocabulary (once per import)."""
    by_key = {_key(topic): topic for topic in reversed(vocabulary)}
    by_key.pop("", None)
    return by_key


def closest_topic(
    name: str, vocabulary: Sequence[str], synonyms: Mapping[str, str] | None = None
) -> str | None:
    """The existing topic closest to a topic name Kontakt lacks, or None.

    Args:
        name: The topic as written, e.g. ``"tannhelse"``.
        vocabulary: The topics that exist.
        synonyms: Word -> topic (:func:`kontakt.services.synonyms.synonym_map`);
            a synonym of a topic missing from ``vocabulary`` is passed over.

    Returns:
        A topic from ``vocabulary`` as spelled there, e.g. ``"Tannhelsereform"``.
    """
    by_key = _index(tuple(vocabulary))
    key = _key(name)
    if not key:
        return None
    if key in by_key:
        return by_key[key]
    meant = synonym_index(synonyms or {}).get(key)
    if meant is not None and _key(meant) in by_key:
        return by_key[_key(meant)]
    if len(key) >= _MIN_PREFIX:
        fits = {
            topic
            for other, topic in by_key.items()
            if len(other) >= _MIN_PREFIX
            and (key.startswith(other) or (other.startswith(key) and 2 * len(key) >= len(other)))
        }
        if len(fits) == 1:
            return fits.pop()
    best = process.extractOne(key, list(by_key), scorer=fuzz.ratio, score_cutoff=CLOSE_SCORE)
    return by_key[best[0]] if best is not None else None
