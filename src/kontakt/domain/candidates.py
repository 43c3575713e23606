"""Candidates for an election (issue 22): the elections offered, results, the term.

A candidate is a role of kind «kandidat» (:class:`~kontakt.domain.records.RoleData`
with ``election``, ``list_name``, ``list_place``, ``municipality``, ``county``
and, after the election, ``result``). This module holds the words and dates
the editor, the command line and «Marker valgte» share: which elections are
offered, what a result may be, and what folkevalgt role an elected candidate
gets (body «Bergen kommunestyre» / «Vestland fylkesting», term 2027–2031).
"""

from __future__ import annotations

import datetime as dt

from kontakt.domain.records import RoleData, RoleKind, RoleLevel

__all__ = [
    "ELECTED",
    "ELECTIONS",
    "NOT_ELECTED",
    "RESULTS",
    "TERM_END",
    "TERM_START",
    "elected_role",
    "is_county_election",
]

ELECTIONS: tuple[str, ...] = ("kommunestyrevalget 2027", "fylkestingsvalget 2027")
"""The elections the editor offers (free text is allowed too)."""

ELECTED = "valgt"
NOT_ELECTED = "ikke valgt"
RESULTS: tuple[str, ...] = ("", ELECTED, NOT_ELECTED)
"""A candidate's result: not known yet, elected, not elected."""

TERM_START = dt.date(2027, 10, 1)
TERM_END = dt.date(2031, 9, 30)
"""The term of the councils elected in September 2027."""


def is_county_election(role: RoleData) -> bool:
    """True for a county election (fylkestingsvalget), or a candidacy for a county only."""
    if "fylkesting" in role.election.casefold():
        return True
    return bool(role.county) and not role.municipality


def elected_role(candidate: RoleData, place_name: str) -> RoleData:
    """The folkevalgt role an elected candidate gets for the 2027–2031 term.

    Args:
        candidate: The candidate role (its list becomes the organisation).
        place_name: The municipality's name for a municipal election, the
            county's for a county election.

    Returns:
        E.g. folkevalgt / kommune / «Bergen kommunestyre» / «Medlem» / SV.
    """
    county = is_county_election(candidate)
    return RoleData(
        RoleKind.FOLKEVALGT,
        RoleLevel.FYLKE if county else RoleLevel.KOMMUNE,
        f"{place_name} {'fylkesting' if county else 'kommunestyre'}",
        "Medlem",
        candidate.list_name,
        TERM_START,
        TERM_END,
    )
