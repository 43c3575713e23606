"""Collect the evidence that two live contacts are one person, with the import's rules.

Same personal e-mail or same phone; the same or a similar name in one
municipality (unless both have personal e-mail addresses, which then differ);
the same name and organisation. A value held by more than :data:`MAX_SHARERS`
people (a switchboard number, a common name in a big town) tells nobody apart
and is left out, so that it cannot flood the list with thousands of pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz, process

from kontakt.domain.duplicate_rules import (
    NAME_SIMILARITY,
    identifying_email,
    identifying_folded,
)
from kontakt.domain.text import fold
from kontakt.services.duplicates.model import Evidence, Reason
from kontakt.services.duplicates.reading import People

MAX_SHARERS = 6

Found = dict[tuple[int, int], dict[Evidence, Reason]]
"""(person, person) with the smaller index first -> evidence of each kind (the first seen)."""


def note(found: Found, i: int, j: int, evidence: Evidence, text: str) -> None:
    """Record that persons ``i`` and ``j`` may be one, and why."""
    key = (i, j) if i < j else (j, i)
    kinds = found.setdefault(key, {})
    if evidence not in kinds:
        kinds[evidence] = Reason(evidence, text)


def _pairs(holders: dict[str, list[int]]) -> Iterator[tuple[str, int, int]]:
    """(value, i, j) for each value held by 2 to MAX_SHARERS people."""
    for value, who in holders.items():
        if 1 < len(who) <= MAX_SHARERS:
            for i, j in combinations(who, 2):
                yield value, i, j


def _holders(values: Iterable[tuple[int, str, int]]) -> dict[str, list[int]]:
    """Value -> the people holding it, for the values held by more than one."""
    first: dict[str, int] = {}
    more: dict[str, list[int]] = {}
    for i, value, _ in values:
        j = first.setdefault(value, i)
        if j != i:  # one person writing an address twice is one holder
            who = more.get(value)
            if who is None:
                more[value] = [j, i]
            elif i not in who:
                who.append(i)
    return more


def personal_addresses(people: People) -> list[tuple[int, str, int]]:
    """The identifying addresses (no shared mailboxes), casefolded, as ``People.emails``."""
    return [(i, e.casefold(), p) for i, e, p in people.emails if identifying_email(e)]


def addresses_and_phones(
    people: People, personal: list[tuple[int, str, int]], found: Found
) -> None:
    """Pairs with the same personal e-mail address or the same phone number."""
    for address, i, j in _pairs(_holders(personal)):
        note(found, i, j, Evidence.EMAIL, f"samme personlige e-post {address}")
    for number, i, j in _pairs(_holders(people.phones)):
        note(found, i, j, Evidence.PHONE, f"samme telefon {number}")


def folded_names(people: People) -> list[str | None]:
    """Each person's folded full name, or None for a placeholder or no name."""
    # Stored names are trimmed with single spaces (domain.normalize.normalize_name).
    names: list[str | None] = []
    for given, family in zip(people.given, people.family, strict=True):
        folded = fold(f"{given} {family}" if given and family else given or family)
        names.append(folded if identifying_folded(folded) else None)
    return names


def by_municipality(people: People, names: list[str | None]) -> dict[str, dict[str, list[int]]]:
    """Municipality number -> folded name -> the people with it there."""
    places: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for i, (name, muni) in enumerate(zip(names, people.municipality, strict=True)):
        if name is not None and muni:
            places[muni][name].append(i)
    return places


def names_in_municipality(
    names: dict[str, list[int]],
    has_email: list[bool],
    place: str,
    found: Found,
) -> None:
    """Pairs with the same or a similar name among one municipality's people.

    As at import, a name is weaker evidence than an address: two people who
    both have personal e-mail addresses (that differ) are not paired by name,
    so only the names of people without one are looked up, each against every
    name in the municipality.
    """
    choices = [name for name, who in names.items() if len(who) <= MAX_SHARERS]
    queries = [name for name in choices if not all(has_email[i] for i in names[name])]
    for name, other in similar_names(queries, choices):
        if other == name:
            evidence, text = Evidence.SAME_NAME_IN_MUNICIPALITY, "samme navn i samme kommune"
        else:
            evidence, text = Evidence.SIMILAR_NAME_IN_MUNICIPALITY, "lignende navn i samme kommune"
        for i in names[name]:
            if has_email[i]:
                continue
            for j in names[other]:
                if i != j:
                    note(found, i, j, evidence, f"{text} ({place})")


# Queries compared at once: the score matrix (a byte per score) stays small.
_CHUNK = 1000
_THREADED = 200_000


def similar_names(queries: list[str], choices: list[str]) -> Iterator[tuple[str, str]]:
    """(query, choice) for each choice at least NAME_SIMILARITY alike (itself included).

    rapidfuzz's cdist compares them in C++ on every core (one extract per query
    took 5 s for Oslo's 13,000 names). Only names of a length that can reach the
    similarity are compared: the ratio is 1 - d / (la + lb) with the edit distance
    d at least |la - lb|, so a name of length L only matches lengths between
    0.852 L and 1.174 L (taken a little wider here), which halves the work.
    """
    if not queries:
        return
    np = _numpy()
    by_length: dict[int, list[str]] = defaultdict(list)
    for choice in choices:
        by_length[len(choice)].append(choice)
    asked: dict[int, list[str]] = defaultdict(list)
    for query in queries:
        asked[len(query)].append(query)
    for length, group in asked.items():
        low, high = int(length * 0.85), int(length * 1.18) + 1
        near = [c for n in range(low, high + 1) for c in by_length.get(n, ())]
        if np is None:
            yield from _one_by_one(group, near)
            continue
        for start in range(0, len(group), _CHUNK):
            part = group[start : start + _CHUNK]
            scores = process.cdist(
                part,
                near,
                scorer=fuzz.ratio,
                score_cutoff=NAME_SIMILARITY,
                dtype=np.uint8,
                # Threads pay off only for a big matrix (starting them costs ~0.1 ms).
                workers=-1 if len(part) * len(near) > _THREADED else 1,
            )
            for q, c in zip(*np.nonzero(scores), strict=True):
                yield part[q], near[c]


def _numpy() -> Any:
    """numpy, imported only here (start-up does without it); None where it is not
    installed (the Windows build goes without it: pyproject.toml)."""
    try:
        import numpy
    except ImportError:
        return None
    return numpy


def _one_by_one(queries: list[str], near: list[str]) -> Iterator[tuple[str, str]]:
    """The same pairs as cdist gives, one extract per name (without numpy: slower)."""
    for query in queries:
        for choice, _score, _index in process.extract(
            query, near, scorer=fuzz.ratio, score_cutoff=NAME_SIMILARITY, limit=None
        ):
            yield query, choice


def names_and_organisations(people: People, names: list[str | None], found: Found) -> None:
    """Pairs with the same name and the same organisation (anywhere)."""
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        org = people.organisation[i]
        if name is not None and org:
            org = org.casefold()  # stored trimmed, with single spaces
            holders[(name, org)].append(i)
    for who in holders.values():
        if 1 < len(who) <= MAX_SHARERS:
            org = people.organisation[who[0]].strip()
            for i, j in combinations(who, 2):
                note(
                    found,
                    i,
                    j,
                    Evidence.NAME_AND_ORGANISATION,
                    f"samme navn og organisasjon ({org})",
                )
