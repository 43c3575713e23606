"""Write -> read round trips on generated contacts.

Every written vCard 3.0 file must pass the independent validator of the
``vcard`` package, read back with vobject to the same data, and read back with
Kontakt's own reader to the same data; 4.0 files must read back with the own
reader. The validator knows only Latin-1 text, so the generated text is
Latin-1 (æøå among it) plus the characters vCard escapes.
"""

from __future__ import annotations

import io
import tempfile
from pathlib import Path
from typing import TypeVar

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.io_vcard.contacts import (
    make_row,
    validator_errors,
    vobject_cards,
    vobject_summary,
)

from kontakt.domain.records import (
    ContactRow,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    Place,
)
from kontakt.io.vcard import VCardOptions, read_vcard_bytes, write_vcards

ALL_30 = VCardOptions(version="3.0", include_notes=True, include_private=True)
ALL_40 = VCardOptions(version="4.0", include_notes=True, include_private=True)

_SPECIAL = st.sampled_from(list("æøåÆØÅ,;\\:\"' \t-.@"))
_LATIN1 = st.characters(codec="latin-1", exclude_categories=("Cc",))
_LINE = st.text(st.one_of(_LATIN1, _SPECIAL), max_size=90).map(str.strip)
_WORD = _LINE.filter(bool)
_NOTE = st.text(st.one_of(_LATIN1, _SPECIAL, st.just("\n")), max_size=300).map(str.strip)


@st.composite
def emails(draw: st.DrawFn) -> tuple[EmailData, ...]:
    # A stored address never starts with «mailto:» (normalize_email takes it off, as
    # the vCard reader does): such a local part is not an address Kontakt can hold.
    words = _WORD.map(lambda w: w.replace(" ", "_")).filter(
        lambda w: not w.casefold().startswith("mailto:")
    )
    locals_ = draw(st.lists(words, max_size=3, unique_by=str.casefold))
    if not locals_:
        return ()
    primary = draw(st.integers(0, len(locals_) - 1))
    return tuple(
        EmailData(f"{local}{i}@eksempel.no", draw(st.sampled_from(EmailKind)), i == primary)
        for i, local in enumerate(locals_)
    )


@st.composite
def phones(draw: st.DrawFn) -> tuple[PhoneData, ...]:
    numbers = draw(st.lists(st.integers(10_000_000, 99_999_999), max_size=3, unique=True))
    if not numbers:
        return ()
    primary = draw(st.integers(0, len(numbers) - 1))
    return tuple(
        PhoneData(f"+47{n}", draw(st.sampled_from(PhoneKind)), i == primary)
        for i, n in enumerate(numbers)
    )


@st.composite
def rows(draw: st.DrawFn) -> ContactRow:
    given_name = draw(_LINE)
    family_name = draw(_WORD if not given_name else _LINE)
    county = draw(st.none() | _WORD.map(lambda name: Place("46", name)))
    return make_row(
        uid=draw(st.uuids().map(str) | st.uuids().map(lambda u: str(u).upper()) | _WORD),
        given_name=given_name,
        family_name=family_name,
        emails=draw(emails()),
        phones=draw(phones()),
        organisation=draw(_LINE),
        title=draw(_LINE),
        county=county,
        notes=draw(_NOTE),
        topics=tuple(draw(st.lists(_WORD, max_size=4, unique_by=str.casefold))),
    )


_Item = TypeVar("_Item", EmailData, PhoneData)


def _preferred_first(items: tuple[_Item, ...]) -> tuple[_Item, ...]:
    return tuple(sorted(items, key=lambda item: not item.primary))


def _categories(row: ContactRow) -> tuple[str, ...]:
    seen: set[str] = set()
    result = []
    for name in (*row.topics, *([row.county.name] if row.county else [])):
        if name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return tuple(result)


def _check_own_reader(written: list[ContactRow], data: bytes) -> None:
    result = read_vcard_bytes(data, "rundtur.vcf")
    assert result.problems == ()
    assert len(result.contacts) == len(written)
    for row, contact in zip(written, result.contacts, strict=True):
        assert contact.uid == row.uid
        assert (contact.given_name, contact.family_name) == (row.given_name, row.family_name)
        assert contact.emails == _preferred_first(row.emails)
        assert contact.phones == _preferred_first(row.phones)
        assert contact.organisation == row.organisation
        assert contact.title == row.title
        assert contact.categories == _categories(row)
        assert contact.note == row.notes


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.lists(rows(), min_size=1, max_size=4))
def test_round_trip_30(written: list[ContactRow]) -> None:
    out = io.BytesIO()
    assert write_vcards(written, out, ALL_30) == len(written)
    data = out.getvalue()

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rundtur.vcf"
        path.write_bytes(data)
        assert validator_errors(path) == ""

    cards = vobject_cards(data)
    assert len(cards) == len(written)
    for row, card in zip(written, cards, strict=True):
        got = vobject_summary(card)
        assert (got["given"], got["family"]) == (row.given_name, row.family_name)
        assert got["fn"] == row.full_name
        assert [address for address, _ in got["emails"]] == [
            e.address for e in _preferred_first(row.emails)
        ]
        assert [number for number, _ in got["phones"]] == [
            p.number for p in _preferred_first(row.phones)
        ]
        assert got["org"] == ([[row.organisation]] if row.organisation else [])
        assert got["title"] == ([row.title] if row.title else [])
        assert tuple(got["categories"]) == _categories(row)
        assert got["note"] == ([row.notes] if row.notes else [])
        assert got["uid"] == [row.uid]

    _check_own_reader(written, data)


@SETTINGS
@given(st.lists(rows(), min_size=1, max_size=4))
def test_round_trip_40(written: list[ContactRow]) -> None:
    out = io.BytesIO()
    write_vcards(written, out, ALL_40)
    _check_own_reader(written, out.getvalue())


@settings(max_examples=60, deadline=None)
@given(rows())
def test_default_options_leave_private_numbers_and_notes_out(row: ContactRow) -> None:
    out = io.BytesIO()
    write_vcards([row], out)
    (contact,) = read_vcard_bytes(out.getvalue()).contacts
    assert contact.note == ""
    assert {e.address for e in contact.emails} == {e.address for e in row.emails}
    assert {p.number for p in contact.phones} == {
        p.number for p in row.phones if p.kind is not PhoneKind.PRIVAT
    }


def test_round_trip_wide_unicode() -> None:
    """Beyond Latin-1 (not for the validator): Sami, Chinese, emoji, long folded lines."""
    row = make_row(
        given_name="Máret Ánde",
        family_name="Čáhppes-Ŋuolja 黄世勇",
        organisation="Sámediggi 🦌",
        notes="Ruoŧŧa " * 40 + "\nEND:VCARD\n" + "😀" * 30,
        topics=("Sámi dearvvašvuohta", "健康, 护理"),
    )
    for options in (ALL_30, ALL_40):
        out = io.BytesIO()
        write_vcards([row], out, options)
        _check_own_reader([row], out.getvalue())
