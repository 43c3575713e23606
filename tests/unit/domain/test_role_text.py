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
    kind=st.sampled_from(RoleKind),
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
