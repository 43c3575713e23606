"""Candidates by place and «Marker valgte» for a county (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, RoleData, RoleKind, RoleLevel


def test_county_candidates_and_their_seat_in_the_fylkesting(core: Core) -> None:
    """A county's own list is its candidates; its municipalities' come with whole_county.
    Elected to the county: folkevalgt / fylke / «Vestland fylkesting»; the municipal
    candidate in the same county is left alone."""
    county = RoleData(
        RoleKind.KANDIDAT, election="fylkestingsvalget 2027", list_name="SV", county="Vestland"
    )
    municipal = RoleData(
        RoleKind.KANDIDAT, election="kommunestyrevalget 2027", list_name="SV", municipality="Voss"
    )
    anne, bo = core.contacts.create_many(
        [
            ContactDraft("Anne", "Fylke", roles=(county,)),
            ContactDraft("Bo", "Voss", roles=(municipal,)),
        ]
    )
    vestland = core.candidates.place(county="46")
    assert [c.row.uid for c in core.candidates.candidates(vestland)] == [anne.uid]
    whole = core.candidates.candidates(vestland, whole_county=True)
    assert {c.row.uid for c in whole} == {anne.uid, bo.uid}
    assert [(p.name, n) for p, n in core.candidates.places()] == [("Voss", 1), ("Vestland", 1)]

    outcome = core.candidates.mark_elected(vestland, [anne.uid])
    assert [c.row.uid for c in outcome.elected] == [anne.uid] and outcome.not_elected == ()
    seat = core.contacts.get(anne.uid).roles[1]
    assert (seat.kind, seat.level, seat.body, seat.title) == (
        RoleKind.FOLKEVALGT, RoleLevel.FYLKE, "Vestland fylkesting", "Medlem",
    )  # fmt: skip
    assert (seat.start, seat.end) == (dt.date(2027, 10, 1), dt.date(2031, 9, 30))
    assert core.contacts.get(bo.uid).roles == (
        RoleData(RoleKind.KANDIDAT, election="kommunestyrevalget 2027", list_name="SV",
                 municipality="4621", county="46"),
    )  # fmt: skip

    core.undo.undo(outcome.change_id)
    assert core.contacts.get(anne.uid).roles == (
        RoleData(RoleKind.KANDIDAT, election="fylkestingsvalget 2027", list_name="SV",
                 county="46"),
    )  # fmt: skip
    core.candidates.mark_elected(vestland, [anne.uid])
    core.candidates.mark_elected(vestland, [anne.uid])  # marking twice: one seat
    assert len(core.contacts.get(anne.uid).roles) == 2
