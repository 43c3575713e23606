"""Tests for kontakt.domain.survey: recognising roles (verv) and unions in free text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontakt.domain.records import RoleKind, RoleLevel
from kontakt.domain.survey import MAX_TITLE_LENGTH, find_union, recognise_role

_FOLKEVALGT = RoleKind.FOLKEVALGT
_TILLITSVALGT = RoleKind.TILLITSVALGT
_ORG = RoleLevel.ORGANISASJON


@pytest.mark.parametrize(
    ("text", "kind", "level"),
    [
        # Names from roller.csv.
        ("Kommunestyrerepresentant", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Vararepresentant, kommunestyret", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Ordfører", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Varaordfører", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Medlem av formannskapet", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Gruppeleder i kommunestyret", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Leder av helse- og omsorgsutvalg", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Byråd for helse", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Medlem av bydelsutvalg", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Fylkestingsrepresentant", _FOLKEVALGT, RoleLevel.FYLKE),
        ("Vararepresentant, fylkestinget", _FOLKEVALGT, RoleLevel.FYLKE),
        ("Fylkesordfører", _FOLKEVALGT, RoleLevel.FYLKE),
        ("Gruppeleder i fylkestinget", _FOLKEVALGT, RoleLevel.FYLKE),
        ("Fylkesråd", _FOLKEVALGT, RoleLevel.FYLKE),
        ("Stortingsrepresentant", _FOLKEVALGT, RoleLevel.STORTING),
        ("Vararepresentant til Stortinget", _FOLKEVALGT, RoleLevel.STORTING),
        ("Medlem av helse- og omsorgskomiteen", _FOLKEVALGT, RoleLevel.STORTING),
        ("Saksordfører", _FOLKEVALGT, RoleLevel.STORTING),
        ("Parlamentarisk leder", _FOLKEVALGT, RoleLevel.STORTING),
        ("Statsråd", RoleKind.ANNET, RoleLevel.STORTING),
        ("Statssekretær", RoleKind.ANNET, RoleLevel.STORTING),
        ("Helsepolitisk talsperson", _TILLITSVALGT, _ORG),
        ("Lokallagsleder", _TILLITSVALGT, _ORG),
        ("Fylkesleder", _TILLITSVALGT, _ORG),
        ("Tillitsvalgt", _TILLITSVALGT, _ORG),
        ("Hovedtillitsvalgt", _TILLITSVALGT, _ORG),
        ("Foretakstillitsvalgt", _TILLITSVALGT, _ORG),
        ("Konserntillitsvalgt", _TILLITSVALGT, _ORG),
        ("Forbundsleder", _TILLITSVALGT, _ORG),
        # As people write them.
        ("bystyremedlem i Bergen", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("ordforer", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("sitter i kommunestyret", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("HTV", _TILLITSVALGT, _ORG),
        ("verneombud", _TILLITSVALGT, _ORG),
        ("Helse- og omsorgskomiteen i Bergen bystyre", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("tillitsvalgt i fylkeskommunen", _TILLITSVALGT, _ORG),
    ],
)
def test_recognised_roles(text: str, kind: RoleKind, level: RoleLevel) -> None:
    role = recognise_role(text)
    assert (role.kind, role.level) == (kind, level)
    assert role.title == text[:1].upper() + text[1:]
    assert role.body == ""


def test_highest_level_wins_and_the_whole_answer_is_kept() -> None:
    role = recognise_role("Hovedtillitsvalgt i NSF og vara til kommunestyret")
    assert (role.kind, role.level) == (_FOLKEVALGT, RoleLevel.KOMMUNE)
    assert role.title == "Hovedtillitsvalgt i NSF og vara til kommunestyret"
    assert role.organisation == "Norsk Sykepleierforbund"


def test_board_post_in_a_union_is_a_union_role() -> None:
    role = recognise_role("Nestleder i Fagforbundet Bergen")
    assert (role.kind, role.level, role.organisation) == (_TILLITSVALGT, _ORG, "Fagforbundet")


def test_board_post_elsewhere_is_another_role() -> None:
    role = recognise_role("Styremedlem i pasientforeningen")
    assert (role.kind, role.level, role.organisation) == (RoleKind.ANNET, None, "")


def test_membership_of_a_union_is_another_role_in_that_organisation() -> None:
    role = recognise_role("Medlem av Delta")
    assert (role.kind, role.level, role.organisation) == (RoleKind.ANNET, _ORG, "Delta")


def test_employment_is_recognised() -> None:
    role = recognise_role("Ansatt i Legeforeningen")
    assert (role.kind, role.organisation) == (RoleKind.ANSATT, "Legeforeningen")


@pytest.mark.parametrize(
    ("text", "union"),
    [
        ("Tillitsvalgt i Fagforbundet", "Fagforbundet"),
        ("fagforbundet", "Fagforbundet"),
        ("NSF", "Norsk Sykepleierforbund"),
        ("nsf", "Norsk Sykepleierforbund"),
        ("Norsk Sykepleierforbund", "Norsk Sykepleierforbund"),
        ("Sykepleierforbundet", "Norsk Sykepleierforbund"),
        ("Jordmorforbundet NSF", "Jordmorforbundet NSF"),
        ("NSF (Unio)", "Norsk Sykepleierforbund"),
        ("Delta", "Delta"),
        ("Helsesekretærforbundet i Delta", "Helsesekretærforbundet"),
        ("Den norske legeforening", "Legeforeningen"),
        ("Legeforeningen", "Legeforeningen"),
        ("FO", "FO"),
        ("Fellesorganisasjonen", "FO"),
        ("Unio", "Unio"),
        ("LO", "LO"),
        ("Landsorganisasjonen", "LO"),
        ("Norsk Fysioterapeutforbund", "Norsk Fysioterapeutforbund"),
        ("Psykologforeningen", "Psykologforeningen"),
        ("NITO", "NITO"),
        ("Parat", "Parat"),
    ],
)
def test_unions(text: str, union: str) -> None:
    assert find_union(text) == union


@pytest.mark.parametrize(
    "text", ["Jeg vil gjerne delta", "lo og smilte", "fo", "parat til innsats", "Union", ""]
)
def test_ordinary_words_are_not_unions(text: str) -> None:
    assert find_union(text) == ""


def test_long_titles_are_shortened() -> None:
    role = recognise_role("Medlem " * 100)
    assert len(role.title) == MAX_TITLE_LENGTH
    assert role.title.endswith("…")


@given(st.text())
def test_recognise_role_never_raises(text: str) -> None:
    role = recognise_role(text)
    assert len(role.title) <= MAX_TITLE_LENGTH
