"""A role written as text by Kontakt reads back as the same role; text typed by hand does not
pretend to be in Kontakt's shape."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from kontakt.domain.records import RoleData, RoleKind, RoleLevel
from kontakt.domain.role_text import parse_role_line, parse_roles_cell, role_line, roles_cell

_TEXT = st.text(alphabet=st.sampled_from("ab æøå,;()«»-:.'\"1"), max_size=12)
_ROLES = st.builds(
    RoleData,
    kind=st.sampled_from([k for k in RoleKind if k is not RoleKind.KANDIDAT]),
    level=st.none() | st.sampled_from(RoleLevel),
    body=_TEXT,
    title=_TEXT,
    organisation=_TEXT | st.sampled_from(["kommune", "annet", "fra 2023-01-01"]),
    start=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    end=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
)


@given(st.lists(_ROLES, min_size=1, max_size=4))
def test_any_roles_read_back_exactly(roles: list[RoleData]) -> None:
    assert parse_roles_cell(roles_cell(roles)) == roles


def test_the_line_reads_like_a_role() -> None:
    role = RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Herøy (Nordland) kommunestyre",
                    "Medlem", "Ap")  # fmt: skip
    assert role_line(role) == "Medlem, «Herøy (Nordland) kommunestyre» (folkevalgt, kommune, Ap)"


def test_text_typed_by_hand_is_not_taken_for_kontakts_shape() -> None:
    for text in ("Hovedtillitsvalgt i Fagforbundet", "Medlem (vara)", "Leder; Medlem", ""):
        assert parse_roles_cell(text) is None
    assert parse_role_line("Leder (annet, kommune, X, Y)") is None
    assert parse_role_line("Leder (folkevalgt, fra 2023-02-30)") is None


_CANDIDATES = st.builds(
    RoleData,
    kind=st.just(RoleKind.KANDIDAT),
    start=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    end=st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2040, 1, 1)),
    election=_TEXT | st.sampled_from(["kommunestyrevalget 2027", "valgt", "kandidat"]),
    list_name=_TEXT | st.sampled_from(["SV", "Kandidat nr. 2", "fra 2023-01-01"]),
    list_place=st.none() | st.integers(1, 9999),
    municipality=_TEXT | st.sampled_from(["valgt", "ikke valgt", "kandidat", "til 2027-01-01"]),
    result=st.sampled_from(["", "valgt", "ikke valgt"]),
)


@given(st.lists(_CANDIDATES | _ROLES, min_size=1, max_size=4))
def test_candidates_read_back_exactly(roles: list[RoleData]) -> None:
    """A candidate's election, list, place on the list, place, result and dates come back
    (its title, body, level and organisation are not written), beside other roles."""
    assert parse_roles_cell(roles_cell(roles)) == roles


def test_candidate_reads_as_a_person_would_write_it() -> None:
    """Numbers are written as names: «Kandidat nr. 3, SV, kommunestyrevalget 2027 (Bergen)»;
    a county candidate's place is «<Fylke> fylke»; the result follows the place."""
    bergen = RoleData(
        RoleKind.KANDIDAT,
        election="kommunestyrevalget 2027",
        list_name="SV",
        list_place=3,
        municipality="4601",
    )
    assert role_line(bergen) == "Kandidat nr. 3, SV, kommunestyrevalget 2027 (Bergen)"
    vestland = RoleData(
        RoleKind.KANDIDAT, election="fylkestingsvalget 2027", county="46", result="valgt"
    )
    line = role_line(vestland)
    assert line == "Kandidat, «», fylkestingsvalget 2027 (Vestland fylke, valgt)"
    back = parse_role_line(line)
    assert back is not None and (back.county, back.result) == ("Vestland", "valgt")
