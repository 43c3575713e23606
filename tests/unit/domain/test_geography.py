"""Tests for kontakt.domain.geography: loading the SSB lists and forgiving lookups."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontakt.domain.geography import County, Geography, Municipality, load_geography
from kontakt.errors import KontaktError, NotFoundError, ValidationError

COUNTS = {
    "03": 1,
    "11": 23,
    "15": 27,
    "18": 41,
    "31": 12,
    "32": 21,
    "33": 18,
    "34": 46,
    "39": 6,
    "40": 17,
    "42": 25,
    "46": 43,
    "50": 38,
    "55": 21,
    "56": 18,
}


@pytest.fixture(scope="module")
def geo() -> Geography:
    return load_geography()


# -- loading -----------------------------------------------------------------------------


def test_loads_15_counties_and_357_municipalities(geo: Geography) -> None:
    assert len(geo.counties) == 15
    assert len(geo.municipalities) == 357
    assert [c.number for c in geo.counties] == sorted(COUNTS)
    numbers = [m.number for m in geo.municipalities]
    assert numbers == sorted(numbers)
    assert all(len(n) == 4 and n.isdigit() for n in numbers)


def test_load_is_cached() -> None:
    assert load_geography() is load_geography()


@pytest.mark.parametrize(("county", "count"), sorted(COUNTS.items()))
def test_municipalities_per_county(geo: Geography, county: str, count: int) -> None:
    inside = geo.municipalities_in(county)
    assert len(inside) == count
    assert all(m.county_number == county for m in inside)


def test_municipalities_in_unknown_county(geo: Geography) -> None:
    with pytest.raises(NotFoundError):
        geo.municipalities_in("30")


def test_exact_lookups(geo: Geography) -> None:
    assert geo.county("46") == County("46", "Vestland")
    assert geo.municipality("0301") == Municipality("0301", "Oslo - Oslove", "03")
    assert geo.municipality("3201") == Municipality("3201", "Bærum", "32")
    with pytest.raises(NotFoundError):
        geo.county("6")
    with pytest.raises(NotFoundError):
        geo.county("12")  # former number: only find_county maps it
    with pytest.raises(NotFoundError):
        geo.municipality("301")


def test_display_name_is_official_name(geo: Geography) -> None:
    assert geo.display_name(geo.municipality("0301")) == "Oslo - Oslove"
    assert geo.display_name(geo.county("55")) == "Troms - Romsa - Tromssa"


# -- find_municipality -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["301", 301, 301.0, " 0301 ", "0301", "301.0"])
def test_municipality_number_restores_leading_zeros(geo: Geography, value: str | float) -> None:
    assert geo.find_municipality(value).number == "0301"


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("baerum", "3201"),
        ("BÆRUM", "3201"),
        ("Bærum", "3201"),
        ("  bærum  ", "3201"),
        ("Tromsoe", "5501"),
        ("Tromsø", "5501"),
        ("Kautokeino", "5612"),
        ("Guovdageaidnu", "5612"),
        ("Guovdageaidnu - Kautokeino", "5612"),
        ("Oslo", "0301"),
        ("Oslove", "0301"),
        ("Oslo - Oslove", "0301"),
        ("Trondheim", "5001"),
        ("Tråante", "5001"),
        ("Traaante", "5001"),
        ("Steinkjer", "5006"),
        ("Lyngen", "5536"),
        ("Yykeä", "5536"),
        ("Lyngen - Ivgu - Yykeä", "5536"),
        ("Aurskog Høland", "3226"),
        ("aurskog-høland", "3226"),
        ("Aurskog  -  Høland", "3226"),
        ("Herøy (Nordland)", "1818"),
        ("Herøy (Møre og Romsdal)", "1515"),
        ("heroey (moere og romsdal)", "1515"),
        ("Våler (Østfold)", "3114"),
        ("Bergen kommune", "4601"),
    ],
)
def test_municipality_by_name(geo: Geography, text: str, number: str) -> None:
    assert geo.find_municipality(text).number == number


def test_ambiguous_municipality_names_candidates(geo: Geography) -> None:
    with pytest.raises(ValidationError) as caught:
        geo.find_municipality("Herøy")
    assert str(caught.value) == (
        "Kommunen «Herøy» finnes i flere fylker: "
        "Herøy (Møre og Romsdal), Herøy (Nordland). Oppgi fylket."
    )
    assert caught.value.field == "municipality"


@pytest.mark.parametrize(
    ("county", "number"),
    [("18", "1818"), ("Nordland", "1818"), (18, "1818"), ("Møre og Romsdal", "1515")],
)
def test_ambiguous_municipality_resolved_by_county(
    geo: Geography, county: str | int, number: str
) -> None:
    assert geo.find_municipality("Herøy", county=county).number == number


def test_ambiguous_municipality_resolved_by_former_county(geo: Geography) -> None:
    assert geo.find_municipality("Våler", county="Viken").number == "3114"
    assert geo.find_municipality("Våler", county="Hedmark").number == "3419"


def test_municipality_in_other_county_is_rejected(geo: Geography) -> None:
    with pytest.raises(ValidationError, match="«Bergen» ligger ikke i fylket «Rogaland»"):
        geo.find_municipality("Bergen", county="Rogaland")
    with pytest.raises(ValidationError, match="ligger ikke i fylket"):
        geo.find_municipality("4601", county="11")


def test_municipality_in_former_county_is_accepted(geo: Geography) -> None:
    assert geo.find_municipality("Bærum", county="Viken").number == "3201"
    assert geo.find_municipality("Bergen", county="Hordaland").number == "4601"
    assert geo.find_municipality(3201, county="30").number == "3201"


def test_unknown_municipality_suggests_closest(geo: Geography) -> None:
    with pytest.raises(NotFoundError) as caught:
        geo.find_municipality("Bergn")
    message = str(caught.value)
    assert message.startswith("Ukjent kommune «Bergn». Mente du: Bergen")
    assert message.endswith("?")
    assert message.count(",") <= 2


def test_unknown_municipality_suggestions_use_official_names(geo: Geography) -> None:
    with pytest.raises(NotFoundError, match="Mente du: Guovdageaidnu - Kautokeino"):
        geo.find_municipality("Kautokeeno")


def test_unknown_municipality_without_suggestions(geo: Geography) -> None:
    with pytest.raises(NotFoundError) as caught:
        geo.find_municipality("Xyzzyqwv")
    assert str(caught.value) == "Ukjent kommune «Xyzzyqwv»."


@pytest.mark.parametrize("value", ["9999", 9999, "12345"])
def test_unknown_municipality_number(geo: Geography, value: str | int) -> None:
    with pytest.raises(NotFoundError, match="Ukjent kommunenummer"):
        geo.find_municipality(value)


@pytest.mark.parametrize("value", ["", "   ", "\u00a0"])
def test_empty_municipality(geo: Geography, value: str) -> None:
    with pytest.raises(ValidationError):
        geo.find_municipality(value)


@pytest.mark.parametrize("value", [301.5, float("nan"), float("inf"), -301, True])
def test_invalid_municipality_numbers(geo: Geography, value: float) -> None:
    with pytest.raises(ValidationError):
        geo.find_municipality(value)


def test_unknown_county_filter_for_municipality(geo: Geography) -> None:
    with pytest.raises(NotFoundError, match="Ukjent fylke"):
        geo.find_municipality("Herøy", county="Narnia")


# -- find_county -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "number"),
    [("46", "46"), (46, "46"), (46.0, "46"), ("3", "03"), (3, "03"), (" 03 ", "03")],
)
def test_county_by_number(geo: Geography, value: str | float, number: str) -> None:
    assert geo.find_county(value).number == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Vestland", "46"),
        ("vestland", "46"),
        ("Troms", "55"),
        ("Romsa", "55"),
        ("Tromssa", "55"),
        ("Finnmark", "56"),
        ("Finnmárku", "56"),
        ("Nordland", "18"),
        ("Trøndelag", "50"),
        ("Troendelag", "50"),
        ("Oslo", "03"),
        ("Oslo - Oslove", "03"),
        ("Moere og Romsdal", "15"),
        ("Møre  og   Romsdal", "15"),
        ("Vestland fylke", "46"),
        ("Vestland fylkeskommune", "46"),
    ],
)
def test_county_by_name(geo: Geography, text: str, number: str) -> None:
    assert geo.find_county(text).number == number


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Østfold", "31"),
        ("Akershus", "32"),
        ("Hedmark", "34"),
        ("Oppland", "34"),
        ("Buskerud", "33"),
        ("Vestfold", "39"),
        ("Telemark", "40"),
        ("Aust-Agder", "42"),
        ("Vest-Agder", "42"),
        ("Vest Agder", "42"),
        ("Hordaland", "46"),
        ("Sogn og Fjordane", "46"),
        ("Sør-Trøndelag", "50"),
        ("Nord-Trøndelag", "50"),
        ("Innlandet", "34"),
        ("Agder", "42"),
    ],
)
def test_former_county_names(geo: Geography, text: str, number: str) -> None:
    assert geo.find_county(text).number == number


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("01", "31"),
        ("02", "32"),
        ("04", "34"),
        ("05", "34"),
        ("06", "33"),
        ("07", "39"),
        ("08", "40"),
        ("09", "42"),
        ("10", "42"),
        ("12", "46"),
        ("14", "46"),
        ("16", "50"),
        ("17", "50"),
        ("19", "55"),
        ("20", "56"),
        (1, "31"),
        (12.0, "46"),
    ],
)
def test_former_county_numbers(geo: Geography, old: str | float, new: str) -> None:
    assert geo.find_county(old).number == new


def test_split_county_needs_municipality(geo: Geography) -> None:
    with pytest.raises(ValidationError) as caught:
        geo.find_county("Viken")
    assert str(caught.value) == (
        "Fylket «Viken» ble delt i 2024 (Østfold, Akershus, Buskerud). "
        "Oppgi kommunen for å velge riktig fylke."
    )
    assert caught.value.field == "county"


@pytest.mark.parametrize("text", ["Vestfold og Telemark", "38", "Troms og Finnmark", "54", 30])
def test_other_split_counties_need_municipality(geo: Geography, text: str | int) -> None:
    with pytest.raises(ValidationError, match="ble delt i 2024"):
        geo.find_county(text)


@pytest.mark.parametrize(
    ("county", "municipality", "number"),
    [
        ("Viken", "Bærum", "32"),
        ("Viken", "Fredrikstad", "31"),
        ("Viken", "Drammen", "33"),
        ("30", "3201", "32"),
        ("Viken", 3201, "32"),
        ("Viken", "Våler", "31"),
        ("Troms og Finnmark", "Alta", "56"),
        ("Troms og Finnmark", "Tromsø", "55"),
        ("Romsa ja Finnmárku", "Kautokeino", "56"),
        ("Vestfold og Telemark", "Skien", "40"),
        ("Vestfold og Telemark", "Larvik", "39"),
    ],
)
def test_split_county_resolved_by_municipality(
    geo: Geography, county: str, municipality: str | int, number: str
) -> None:
    assert geo.find_county(county, municipality=municipality).number == number


def test_split_county_with_municipality_elsewhere(geo: Geography) -> None:
    with pytest.raises(ValidationError, match="ligger ikke i fylket «Viken»"):
        geo.find_county("Viken", municipality="Bergen")


def test_unknown_county_suggests_closest(geo: Geography) -> None:
    with pytest.raises(NotFoundError) as caught:
        geo.find_county("Nordlnd")
    assert str(caught.value).startswith("Ukjent fylke «Nordlnd». Mente du: Nordland")


def test_unknown_county_without_suggestions(geo: Geography) -> None:
    with pytest.raises(NotFoundError) as caught:
        geo.find_county("Qxzzyv")
    assert str(caught.value) == "Ukjent fylke «Qxzzyv»."


@pytest.mark.parametrize("value", ["99", 0, "123"])
def test_unknown_county_number(geo: Geography, value: str | int) -> None:
    with pytest.raises(NotFoundError, match="Ukjent fylkesnummer"):
        geo.find_county(value)


def test_empty_county(geo: Geography) -> None:
    with pytest.raises(ValidationError):
        geo.find_county("  ")


# -- successors --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "numbers"),
    [
        ("Viken", ("31", "32", "33")),
        ("30", ("31", "32", "33")),
        ("Vestfold og Telemark", ("39", "40")),
        ("Troms og Finnmark", ("55", "56")),
        ("Hordaland", ("46",)),
        ("46", ("46",)),
        ("Oslo", ("03",)),
        ("Hedmark", ("34",)),
    ],
)
def test_successors(geo: Geography, text: str, numbers: tuple[str, ...]) -> None:
    assert tuple(c.number for c in geo.successors(text)) == numbers


def test_successors_unknown(geo: Geography) -> None:
    with pytest.raises(NotFoundError):
        geo.successors("Narnia")


# -- robustness --------------------------------------------------------------------------


@given(st.one_of(st.text(), st.integers(), st.floats()))
def test_lookups_raise_only_kontakt_errors(value: str | int | float) -> None:
    geo = load_geography()
    for lookup in (geo.find_municipality, geo.find_county, geo.successors):
        with contextlib.suppress(KontaktError):
            lookup(value)


# -- names typed without æ, ø and å --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [("Tromso", "5501"), ("Alesund", "1508"), ("Barum", "3201"), ("Lorenskog", "3222"),
     ("bodo kommune", "1804")],
)  # fmt: skip
def test_a_name_typed_with_one_letter_for_aeoeaa_is_found(
    geo: Geography, text: str, number: str
) -> None:
    assert geo.find_municipality(text).number == number
    assert geo.read_as(text)


@pytest.mark.parametrize("text", ["Tromsø", "TROMSØ", "Bergen kommune", "0301", "Herøy (Nordland)"])
def test_a_name_written_as_the_official_one_needs_no_note(geo: Geography, text: str) -> None:
    assert not geo.read_as(text)


def test_a_county_typed_without_aeoeaa_is_found(geo: Geography) -> None:
    assert geo.find_county("Ostfold").name == "Østfold"
    assert geo.find_county("More og Romsdal fylke").number == "15"


def test_a_loose_spelling_that_fits_two_names_names_both() -> None:
    counties = [County("46", "Vestland")]
    geo = Geography(
        counties, [Municipality("4601", "Sæter", "46"), Municipality("4602", "Såter", "46")]
    )
    with pytest.raises(ValidationError) as caught:
        geo.find_municipality("Sater")
    assert "Sæter" in str(caught.value) and "Såter" in str(caught.value)
    assert geo.find_municipality("Saeter").number == "4601"
