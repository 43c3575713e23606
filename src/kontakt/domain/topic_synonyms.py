"""The existing topic closest to one a file names that Kontakt lacks.

Survey answers and county chapters' lists name the network's topics in their
own words: «tannhelse» is Tannhelsereform, «psykisk» Psykisk helse,
«sykehjem» Eldreomsorg. :func:`closest_topic` offers, in order:

1. the topic a word is known to mean (:data:`SYNONYMS`, the usual words for
   the seeded topics, used when that topic exists);
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
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from kontakt.domain.column_mapping import loose_text

__all__ = ["SYNONYMS", "closest_topic"]

CLOSE_SCORE = 75.0
"""Lowest rapidfuzz ratio (0-100) at which a topic is offered as the closest."""

_MIN_PREFIX = 3

# Word as people write it -> the seeded topic it means (see migration 0001).
SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        ("tannhelse", "tannlege", "tannleger", "tannbehandling", "tannpleie", "tenner"),
        "Tannhelsereform",
    ),
    **dict.fromkeys(
        ("psykiatri", "mental helse", "psykisk helsevern", "psykiske lidelser", "psykisk uhelse"),
        "Psykisk helse",
    ),
    **dict.fromkeys(
        ("rusomsorg", "rusbehandling", "rusreform", "avhengighet", "narkotika", "alkohol"),
        "Rus",
    ),
    **dict.fromkeys(
        (
            "eldre",
            "sykehjem",
            "hjemmetjenester",
            "hjemmetjenesten",
            "hjemmesykepleie",
            "eldrepolitikk",
            "omsorg for eldre",
            "demens",
        ),
        "Eldreomsorg",
    ),
    **dict.fromkeys(
        ("lokalsykehus", "sykehusstruktur", "spesialisthelsetjenesten", "akuttmottak"),
        "Sykehus",
    ),
    **dict.fromkeys(
        ("helsepersonell", "sykepleiermangel", "grunnbemanning", "heltid", "arbeidsvilkar"),
        "Bemanning",
    ),
    **dict.fromkeys(
        ("helseforetak", "foretaksmodellen", "helseforetakene", "styringsmodell"),
        "Helseforetaksmodellen",
    ),
    **dict.fromkeys(
        ("privatisering", "anbud", "velferdsprofitt", "profitt i velferden"),
        "Kommersialisering",
    ),
    **dict.fromkeys(("rehab", "opptrening"), "Rehabilitering"),
    **dict.fromkeys(("kvinners helse", "kvinnesykdommer", "endometriose"), "Kvinnehelse"),
    **dict.fromkeys(("forebygging", "forebyggende helse", "levekar"), "Folkehelse"),
    **dict.fromkeys(
        (
            "fodeavdeling",
            "fodeavdelinger",
            "fodsel",
            "fodsler",
            "jordmor",
            "jordmodre",
            "barselomsorg",
            "fodselsomsorg",
        ),
        "Fødetilbud",
    ),
    **dict.fromkeys(
        ("ambulansetjeneste", "luftambulanse", "akuttberedskap", "beredskap"), "Ambulanse"
    ),
    **dict.fromkeys(("fastlegeordningen", "fastleger", "allmennlege", "legevakt"), "Fastlege"),
    **dict.fromkeys(
        ("kommunehelse", "primerhelsetjenesten", "helsetjenester i kommunen"),
        "Kommunehelsetjenesten",
    ),
}


def _key(text: str) -> str:
    return loose_text(text).replace(" ", "")


@functools.lru_cache(maxsize=16)
def _index(vocabulary: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    """Topic key -> topic, and synonym key -> topic, of one vocabulary (once per import)."""
    by_key = {_key(topic): topic for topic in reversed(vocabulary)}
    by_key.pop("", None)
    synonyms = {
        _key(word): by_key[_key(topic)] for word, topic in SYNONYMS.items() if _key(topic) in by_key
    }
    return by_key, synonyms


def closest_topic(name: str, vocabulary: Sequence[str]) -> str | None:
    """The existing topic closest to a topic name Kontakt lacks, or None.

    Args:
        name: The topic as written, e.g. ``"tannhelse"``.
        vocabulary: The topics that exist.

    Returns:
        A topic from ``vocabulary`` as spelled there, e.g. ``"Tannhelsereform"``.
    """
    by_key, synonyms = _index(tuple(vocabulary))
    key = _key(name)
    if not key:
        return None
    if key in by_key:
        return by_key[key]
    if key in synonyms:
        return synonyms[key]
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
