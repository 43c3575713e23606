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

from rapidfuzz import fuzz, process

from kontakt.domain.duplicate_rules import NAME_SIMILARITY, identifying_email, identifying_name
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


def _holders(values: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
    holders: dict[str, list[int]] = defaultdict(list)
    for i, value in values:
        who = holders[value]
        if not who or who[-1] != i:  # one person writing an address twice is one holder
            who.append(i)
    return holders


def personal_addresses(people: People) -> list[list[str]]:
    """Each person's identifying e-mail addresses, casefolded (no shared mailboxes)."""
    return [[e.casefold() for e in emails if identifying_email(e)] for emails in people.emails]


def addresses_and_phones(people: People, personal: list[list[str]], found: Found) -> None:
    """Pairs with the same personal e-mail address or the same phone number."""
    emails = _holders((i, e) for i, es in enumerate(personal) for e in es)
    for address, i, j in _pairs(emails):
        note(found, i, j, Evidence.EMAIL, f"samme personlige e-post {address}")
    phones = _holders((i, p) for i, ps in enumerate(people.phones) for p in ps)
    for number, i, j in _pairs(phones):
        note(found, i, j, Evidence.PHONE, f"samme telefon {number}")


def folded_names(people: People) -> list[str | None]:
    """Each person's folded full name, or None for a placeholder or no name."""
    names: list[str | None] = []
    for i in range(len(people)):
        name = people.name(i)
        names.append(" ".join(fold(name).split()) if identifying_name(name) else None)
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


# Queries compared at once: the score matrix (a byte per score) stays under 1 MB
# per 1,000 names in the municipality.
_CHUNK = 1000


def similar_names(queries: list[str], choices: list[str]) -> Iterator[tuple[str, str]]:
    """(query, choice) for each choice at least NAME_SIMILARITY alike (itself included).

    rapidfuzz's cdist compares all of them in C++ on every core (about 50 times
    faster than one extract per query: Oslo's 13,000 names would take 5 s).
    """
    if not queries:
        return
    import numpy as np  # only here: start-up does without it

    for start in range(0, len(queries), _CHUNK):
        part = queries[start : start + _CHUNK]
        scores = process.cdist(
            part,
            choices,
            scorer=fuzz.ratio,
            score_cutoff=NAME_SIMILARITY,
            dtype=np.uint8,
            workers=-1,
        )
        for q, c in zip(*np.nonzero(scores), strict=True):
            yield part[q], choices[c]


def names_and_organisations(people: People, names: list[str | None], found: Found) -> None:
    """Pairs with the same name and the same organisation (anywhere)."""
    holders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, name in enumerate(names):
        org = " ".join(fold(people.organisation[i]).split())
        if name is not None and org:
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
