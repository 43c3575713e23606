"""Sample candidates for 2027 (issue 22), added after the sample contacts.

The municipalities where the sample has the most people get a list of
candidates for «kommunestyrevalget 2027» (the party's list, places 1, 2, ...),
and the county with the most people a list for «fylkestingsvalget 2027», so
that ``candidates list``, the Kandidatpakke and «Marker valgte» have
something to show. Added through the contact service, as a user's own edits.
"""

from __future__ import annotations

import dataclasses
from collections import Counter

from kontakt.domain.candidates import ELECTIONS
from kontakt.domain.records import ContactRow, RoleData, RoleKind
from kontakt.services.contacts import ContactService

MUNICIPALITIES = 4
PER_LIST = 6
LIST_NAME = "SV"


def _candidate(row: ContactRow, election: str, place: int, county: bool) -> RoleData:
    assert row.municipality is not None and row.county is not None
    return RoleData(
        RoleKind.KANDIDAT,
        election=election,
        list_name=LIST_NAME,
        list_place=place,
        municipality="" if county else row.municipality.number,
        county=row.county.number,
    )


def add_demo_candidates(contacts: ContactService, rows: list[ContactRow]) -> int:
    """Give some sample contacts a candidacy for 2027; returns how many candidacies."""
    live = [r for r in rows if r.municipality is not None and r.county is not None]
    by_municipality = Counter(r.municipality.number for r in live if r.municipality)
    chosen: dict[str, list[RoleData]] = {}
    for number, _ in by_municipality.most_common(MUNICIPALITIES):
        there = [r for r in live if r.municipality and r.municipality.number == number]
        for place, row in enumerate(there[:PER_LIST], start=1):
            chosen.setdefault(row.uid, []).append(_candidate(row, ELECTIONS[0], place, False))
    by_county = Counter(r.county.number for r in live if r.county)
    if by_county:
        county = by_county.most_common(1)[0][0]
        there = [r for r in live if r.county and r.county.number == county]
        others = [r for r in there if r.uid not in chosen] or there
        for place, row in enumerate(others[:PER_LIST], start=1):
            chosen.setdefault(row.uid, []).append(_candidate(row, ELECTIONS[1], place, True))
    for uid, candidacies in chosen.items():
        row = contacts.get(uid)  # as it is now: the activity may have changed it
        draft = dataclasses.replace(row.to_draft(), roles=(*row.roles, *candidacies))
        contacts.update(uid, draft, row.version)
    return sum(len(c) for c in chosen.values())
