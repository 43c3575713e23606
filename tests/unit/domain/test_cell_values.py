"""Tests for kontakt.domain.cell_values: reading spreadsheet and survey cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontakt.domain.cell_values import (
    TopicMatch,
    cell_text,
    clean_email_cell,
    match_topics,
    parse_date,
    parse_yes_no,
    role_from_text,
    split_email_cell,
    split_full_name,
    split_multi,
)
from kontakt.domain.normalize import normalize_email
from kontakt.domain.records import RoleData, RoleKind, RoleLevel
from kontakt.errors import ValidationError

# The topics a new database starts with.
VOCABULARY = (
    "Psykisk helse",
    "Rus",
    "Eldreomsorg",
    "Tannhelsereform",
    "Sykehus",
    "Bemanning",
    "Helseforetaksmodellen",
    "Kommersialisering",
    "Rehabilitering",
    "Kvinnehelse",
    "Folkehelse",
    "Fødetilbud",
    "Ambulanse",
    "Fastlege",
    "Kommunehelsetjenesten",
)

# Anything a spreadsheet reader can hand over.
CELLS = st.one_of(
    st.none(),
    st.text(),
    st.integers(),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.datetimes(),
)

# -- cell_text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (float("nan"), ""),
        (98765432.0, "98765432"),
        (98765432, "98765432"),
        (Decimal("98765432.00"), "98765432"),
        (3.5, "3.5"),
        (True, "Ja"),
        (False, "Nei"),
        (dt.date(2024, 1, 5), "05.01.2024"),
        (dt.datetime(2024, 1, 5), "05.01.2024"),
        (dt.datetime(2024, 1, 5, 13, 45), "05.01.2024 13:45"),
        (dt.time(9, 30), "09:30"),
        ("  Kari\u00a0 Nordmann ", "Kari Nordmann"),
        ("Kari\u200bNordmann\x00", "KariNordmann"),
    ],
)
def test_cell_text(value: object, text: str) -> None:
    assert cell_text(value) == text


def test_cell_text_keeps_line_breaks_but_not_empty_lines() -> None:
    assert cell_text("  Rus \r\n\r\n  Psykisk\thelse \n") == "Rus\nPsykisk helse"


@given(CELLS)
def test_cell_text_never_raises(value: object) -> None:
    assert isinstance(cell_text(value), str)


# -- split_full_name -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "parts"),
    [
        ("Kari Nordmann", ("Kari", "Nordmann")),
        ("Nordmann, Kari", ("Kari", "Nordmann")),
        ("Nordmann,Kari", ("Kari", "Nordmann")),
        ("Ola Johan Nordmann", ("Ola Johan", "Nordmann")),
        ("  Ola   Johan \u00a0Nordmann  ", ("Ola Johan", "Nordmann")),
        ("Jan van der Berg", ("Jan", "van der Berg")),
        ("van der Berg, Jan", ("Jan", "van der Berg")),
        ("Maria da Silva Santos", ("Maria", "da Silva Santos")),
        ("Anne-Lise Berg-Hansen", ("Anne-Lise", "Berg-Hansen")),
        ("Kari", ("Kari", "")),
        ("Nordmann,", ("", "Nordmann")),
        (", Kari", ("Kari", "")),
        ("", ("", "")),
        (",", ("", "")),
        (None, ("", "")),
    ],
)
def test_split_full_name(name: str | None, parts: tuple[str, str]) -> None:
    assert split_full_name(name) == parts


@given(CELLS)
def test_split_full_name_never_raises_and_keeps_every_word(value: object) -> None:
    given_name, family_name = split_full_name(value)
    words = cell_text(value).replace(",", " ").split()
    assert sorted(f"{given_name} {family_name}".split()) == sorted(words)


# -- split_multi -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "items"),
    [
        ("Psykisk helse, rus og eldreomsorg", ["Psykisk helse", "rus", "eldreomsorg"]),
        ("Rus;Fastlege;", ["Rus", "Fastlege"]),
        ("Rus / Fastlege | Sykehus", ["Rus", "Fastlege", "Sykehus"]),
        ("Rus\nFastlege\n\nSykehus", ["Rus", "Fastlege", "Sykehus"]),
        ("- Rus\n- Fastlege.", ["Rus", "Fastlege"]),
        ("* myContacts ::: Styret", ["myContacts", "Styret"]),
        ("Rus, rus, RUS, Fastlege", ["Rus", "Fastlege"]),
        ("Helse og omsorg", ["Helse", "omsorg"]),
        ("Helse- og omsorgstjenester", ["Helse- og omsorgstjenester"]),
        ("Bemanning OG sykehus", ["Bemanning", "sykehus"]),
        ("Fødetilbud", ["Fødetilbud"]),
        (", ; /", []),
        ("", []),
        (None, []),
    ],
)
def test_split_multi(text: str | None, items: list[str]) -> None:
    assert split_multi(text) == items


def test_split_multi_does_not_split_inside_words() -> None:
    assert split_multi("Rusogpsykiatri, Sorgarbeid") == ["Rusogpsykiatri", "Sorgarbeid"]


@given(CELLS)
def test_split_multi_never_raises(value: object) -> None:
    items = split_multi(value)
    assert all(item and item == item.strip() for item in items)
    assert len({item.casefold() for item in items}) == len(items)


# -- match_topics ----------------------------------------------------------------------------


def test_survey_answer_matches_three_topics() -> None:
    result = match_topics(split_multi("Psykisk helse, rus og eldreomsorg"), VOCABULARY)
    assert result == TopicMatch(matched=("Psykisk helse", "Rus", "Eldreomsorg"), unknown=())


@pytest.mark.parametrize(
    ("written", "topic"),
    [
        ("psykisk helse", "Psykisk helse"),
        ("PSYKISK HELSE", "Psykisk helse"),
        ("Psykisk-helse", "Psykisk helse"),
        ("psykiskhelse", "Psykisk helse"),
        ("eldreomsorgen", "Eldreomsorg"),
        ("tannhelse reform", "Tannhelsereform"),
        ("Fodetilbud", "Fødetilbud"),
        ("Kvinnehelsa", "Kvinnehelse"),
    ],
)
def test_small_spelling_differences_match(written: str, topic: str) -> None:
    assert match_topics([written], VOCABULARY) == TopicMatch(matched=(topic,), unknown=())


@pytest.mark.parametrize("written", ["Klima", "Rusomsorg", "Skole", "Ru"])
def test_other_topics_are_unknown(written: str) -> None:
    assert match_topics([written], VOCABULARY) == TopicMatch(matched=(), unknown=(written,))


def test_match_topics_keeps_order_and_drops_repeats() -> None:
    result = match_topics(["Rus", "Klima", "rus", " klima ", "", "Fastlege"], VOCABULARY)
    assert result == TopicMatch(matched=("Rus", "Fastlege"), unknown=("Klima",))


def test_match_topics_with_an_empty_vocabulary() -> None:
    assert match_topics(["Rus"], []) == TopicMatch(matched=(), unknown=("Rus",))


def test_match_topics_takes_a_single_name_as_one_name() -> None:
    assert match_topics("Rus", VOCABULARY) == TopicMatch(matched=("Rus",), unknown=())


# -- parse_yes_no ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        *("Ja", "ja", "JA", "J", "Yes", "y", "true", "TRUE", "SANN", "1", 1, 1.0, True, "x", "✓"),
        *("Ja, gjerne", "Ja takk!", "Ja, men ikke på SMS", "OK"),
    ],
)
def test_yes(value: object) -> None:
    assert parse_yes_no(value) is True


@pytest.mark.parametrize(
    "value",
    [
        *(
            "Nei",
            "nei",
            "N",
            "No",
            "false",
            "USANN",
            "0",
            0,
            0.0,
            False,
            "Nei takk",
            "Nei, ikke nå",
        ),
        *("Ingen", "Ikke interessert"),
    ],
)
def test_no(value: object) -> None:
    assert parse_yes_no(value) is False


@pytest.mark.parametrize(
    "value", [None, "", "  ", "Kanskje", "Vet ikke", "Ikke sikker", "N/A", "-", 2, 0.5]
)
def test_blank_or_unclear(value: object) -> None:
    assert parse_yes_no(value) is None


@given(CELLS)
def test_parse_yes_no_never_raises(value: object) -> None:
    assert parse_yes_no(value) in (True, False, None)


# -- parse_date ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "date"),
    [
        (45292, dt.date(2024, 1, 1)),
        (45292.0, dt.date(2024, 1, 1)),
        (45292.75, dt.date(2024, 1, 1)),
        (Decimal(45292), dt.date(2024, 1, 1)),
        ("45292", dt.date(2024, 1, 1)),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 1)),
        (dt.datetime(2024, 1, 1, 13, 45), dt.date(2024, 1, 1)),
        ("01.01.2024", dt.date(2024, 1, 1)),
        ("1.1.2024", dt.date(2024, 1, 1)),
        ("1.1.24", dt.date(2024, 1, 1)),
        ("1.1.49", dt.date(2049, 1, 1)),
        ("1.1.50", dt.date(1950, 1, 1)),
        ("2024-01-01", dt.date(2024, 1, 1)),
        ("2024-01-01T13:45:00Z", dt.date(2024, 1, 1)),
        ("2024-01-01 13:45:00", dt.date(2024, 1, 1)),
        ("05.01.2024 13:45:12", dt.date(2024, 1, 5)),
        ("05/01/2024", dt.date(2024, 1, 5)),
        ("05-01-2024", dt.date(2024, 1, 5)),
        ("4/15/1970", dt.date(1970, 4, 15)),
        ("01012024", dt.date(2024, 1, 1)),
        ("20240105", dt.date(2024, 1, 5)),
        ("050124", dt.date(2024, 1, 5)),
        ("1. januar 2024", dt.date(2024, 1, 1)),
        ("5 mai 2024", dt.date(2024, 5, 5)),
        ("17. des. 2023", dt.date(2023, 12, 17)),
        ("  01.01.2024  ", dt.date(2024, 1, 1)),
    ],
)
def test_parse_date(value: object, date: dt.date) -> None:
    assert parse_date(value) == date


@pytest.mark.parametrize("value", [None, "", "  ", float("nan"), 0, "0/0/00", "00.00.0000"])
def test_empty_dates(value: object) -> None:
    assert parse_date(value) is None


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("31.02.2025", "Ugyldig dato «31.02.2025»: datoen finnes ikke."),
        ("29.02.2023", "Ugyldig dato «29.02.2023»: datoen finnes ikke."),
        ("2024-13-01", "Ugyldig dato «2024-13-01»: datoen finnes ikke."),
        ("32.01.2024", "Ugyldig dato «32.01.2024»: datoen finnes ikke."),
        ("i går", "Ugyldig dato «i går»: forventet dd.mm.åååå."),
        ("2024", "Ugyldig dato «2024»: forventet dd.mm.åååå."),
        ("1. smurf 2024", "Ugyldig dato «1. smurf 2024»: forventet dd.mm.åååå."),
        (100000, "Ugyldig dato «100000»: tallet er ikke en dato."),
        (-5, "Ugyldig dato «-5»: tallet er ikke en dato."),
        (float("inf"), "Ugyldig dato «inf»: tallet er ikke en dato."),
        (True, "Ugyldig dato «Ja»: ikke en dato."),
        (dt.time(12, 0), "Ugyldig dato «12:00»: ikke en dato."),
    ],
)
def test_impossible_or_unreadable_dates(value: object, message: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_date(value)
    assert str(caught.value) == message
    assert caught.value.field == "date"


@given(st.one_of(CELLS, st.decimals(), st.times(), st.from_regex(r"\d{1,8}([./-]\d{1,4}){0,2}")))
def test_parse_date_raises_only_validation_errors(value: object) -> None:
    try:
        result = parse_date(value)
    except ValidationError as error:
        assert str(error).startswith("Ugyldig dato «")
    else:
        assert result is None or isinstance(result, dt.date)


# -- e-mail cells ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (" kari .nordmann@ example.org ", "kari.nordmann@example.org"),
        ("mailto:Kari@Example.org", "Kari@Example.org"),
        ("MAILTO:kari@example.org?subject=Hei", "kari@example.org"),
        ("<kari@example.org>", "kari@example.org"),
        ("Kari Nordmann <kari@example.org>", "kari@example.org"),
        ('"kari@example.org"', "kari@example.org"),
        ("kari@example.org.", "kari@example.org"),
        ("kari@example", "kari@example"),
        ("anonymous", ""),
        ("Anonym", ""),
        ("-", ""),
        ("", ""),
        (None, ""),
    ],
)
def test_clean_email_cell(value: object, text: str) -> None:
    assert clean_email_cell(value) == text


def test_clean_email_cell_gives_what_normalize_email_accepts() -> None:
    assert normalize_email(clean_email_cell("mailto:<Kari.Nordmann@EXAMPLE.org>")) == (
        "Kari.Nordmann@example.org"
    )


@pytest.mark.parametrize(
    ("value", "addresses"),
    [
        ("kari@jobb.no; kari@privat.no", ["kari@jobb.no", "kari@privat.no"]),
        (
            "grace@example.com ::: g.hopper@example.org",
            ["grace@example.com", "g.hopper@example.org"],
        ),
        ("a@example.org b@example.org", ["a@example.org", "b@example.org"]),
        ("Nordmann, Kari <kari@example.org>", ["kari@example.org"]),
        ("kari@jobb.no, kari@jobb.no", ["kari@jobb.no"]),
        ("kari .nordmann@ example.org", ["kari.nordmann@example.org"]),
        ("ikke en adresse", ["ikkeenadresse"]),
        ("anonymous", []),
        (None, []),
    ],
)
def test_split_email_cell(value: object, addresses: list[str]) -> None:
    assert split_email_cell(value) == addresses


# -- role_from_text --------------------------------------------------------------------------

_FOLKEVALGT = RoleKind.FOLKEVALGT
_TILLITSVALGT = RoleKind.TILLITSVALGT


@pytest.mark.parametrize(
    ("text", "kind", "level"),
    [
        ("kommunestyrerepresentant", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("bystyremedlem", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("ordfører", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("Leder av helse- og omsorgsutvalget", _FOLKEVALGT, RoleLevel.KOMMUNE),
        ("fylkestingsrepresentant", _FOLKEVALGT, RoleLevel.FYLKE),
        ("stortingsrepresentant", _FOLKEVALGT, RoleLevel.STORTING),
        ("hovedtillitsvalgt", _TILLITSVALGT, RoleLevel.ORGANISASJON),
        ("plasstillitsvalgt", _TILLITSVALGT, RoleLevel.ORGANISASJON),
    ],
)
def test_role_names(text: str, kind: RoleKind, level: RoleLevel) -> None:
    assert role_from_text(text) == RoleData(
        kind=kind, level=level, title=text[:1].upper() + text[1:]
    )


def test_union_becomes_the_organisation() -> None:
    assert role_from_text("tillitsvalgt i Fagforbundet") == RoleData(
        kind=_TILLITSVALGT,
        level=RoleLevel.ORGANISASJON,
        title="Tillitsvalgt i Fagforbundet",
        organisation="Fagforbundet",
    )


def test_yes_before_the_role_is_dropped() -> None:
    assert role_from_text("Ja, kommunestyrerepresentant i Bergen") == RoleData(
        kind=_FOLKEVALGT, level=RoleLevel.KOMMUNE, title="Kommunestyrerepresentant i Bergen"
    )


@pytest.mark.parametrize(
    "text",
    [
        *("Nei", "nei takk", "Ingen", "-", "", "  ", None, False),
        *("Ja", "ja!", "Ja, flere verv", "x", True),
        *("Har ikke verv", "Ikke for tiden", "Vet ikke", "N/A"),
    ],
)
def test_no_role(text: object) -> None:
    assert role_from_text(text) is None


def test_unrecognised_text_is_another_role() -> None:
    assert role_from_text("styremedlem i pasientforeningen") == RoleData(
        kind=RoleKind.ANNET, title="Styremedlem i pasientforeningen"
    )


@given(CELLS)
def test_role_from_text_never_raises(value: object) -> None:
    role = role_from_text(value)
    assert role is None or (role.title and len(role.title) <= 200)
