"""Escaping, unescaping, splitting and folding of vCard text."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kontakt.io.vcard.escape import (
    FOLD_OCTETS,
    escape_text,
    fold_line,
    split_escaped,
    unescape_text,
)


@pytest.mark.parametrize(
    ("plain", "escaped"),
    [
        ("Bjørnstad", "Bjørnstad"),
        ("Helse, omsorg", "Helse\\, omsorg"),
        ("SV; Stortinget", "SV\\; Stortinget"),
        ("C:\\Brukere", "C:\\\\Brukere"),
        ("linje 1\nlinje 2", "linje 1\\nlinje 2"),
        ("linje 1\r\nlinje 2\rlinje 3", "linje 1\\nlinje 2\\nlinje 3"),
        ("a\x85b\u2028c\u2029d", "a\\nb\\nc\\nd"),
        (
            "tab\tkept, bell\x07 and DEL\x7f and C1\x9a dropped",
            "tab\tkept\\, bell and DEL and C1 dropped",
        ),
        ("END:VCARD", "END:VCARD"),
    ],
)
def test_escape_text(plain: str, escaped: str) -> None:
    assert escape_text(plain) == escaped


@pytest.mark.parametrize(
    ("escaped", "plain"),
    [
        ("Helse\\, omsorg", "Helse, omsorg"),
        ("a\\;b\\\\c\\nd\\Ne", "a;b\\c\nd\ne"),
        ("http\\://www.ibm.com", "http://www.ibm.com"),
        ('\\"AS IS\\"', '"AS IS"'),
        ("C:\\Users", "C:\\Users"),  # an unknown escape keeps its backslash
        ("\\\\n", "\\n"),  # an escaped backslash followed by n is not a newline
    ],
)
def test_unescape_text(escaped: str, plain: str) -> None:
    assert unescape_text(escaped) == plain


def test_unescape_21_has_no_newline_escape() -> None:
    assert unescape_text("Sales Dept.\\;Manager\\n", version_21=True) == "Sales Dept.;Manager\\n"


@pytest.mark.parametrize(
    ("value", "separator", "parts"),
    [
        ("Doe;John;;;", ";", ["Doe", "John", "", "", ""]),
        ("ABC\\, Inc.;North", ";", ["ABC\\, Inc.", "North"]),
        ("a\\;b;c", ";", ["a\\;b", "c"]),
        ("a\\\\;b", ";", ["a\\\\", "b"]),  # the backslash is escaped, the semicolon is not
        ("Rus,Helse\\, omsorg", ",", ["Rus", "Helse\\, omsorg"]),
        ("", ",", [""]),
        ("trailing\\", ",", ["trailing\\"]),
    ],
)
def test_split_escaped(value: str, separator: str, parts: list[str]) -> None:
    assert split_escaped(value, separator) == parts


_TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=60)


def _plain(text: str) -> str:
    """What unescaping an escaped text gives back: line breaks as LF, controls gone."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in text:
        if char in "\x85\u2028\u2029":
            kept.append("\n")
        elif char in "\t\n" or not (ord(char) < 0x20 or 0x7F <= ord(char) < 0xA0):
            kept.append(char)
    return "".join(kept)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_escape_round_trip(text: str) -> None:
    escaped = escape_text(text)
    assert "\n" not in escaped and "\r" not in escaped
    assert unescape_text(escaped) == _plain(text)
    items = [unescape_text(p) for p in split_escaped(escape_text(text) + "," + escaped, ",")]
    assert items == [_plain(text), _plain(text)]


def test_fold_short_line_untouched() -> None:
    line = "N:Bjørnstad;Åse;;;"
    assert fold_line(line) == line


def test_fold_ascii_exactly_75_and_76() -> None:
    assert fold_line("X" * 75) == "X" * 75
    assert fold_line("X" * 76) == "X" * 75 + "\r\n X"


def test_fold_never_splits_a_character() -> None:
    line = "NOTE:" + "æøå€😀" * 40
    folded = fold_line(line)
    physical = folded.split("\r\n")
    assert len(physical) > 1
    for i, piece in enumerate(physical):
        data = piece.encode("utf-8")  # would raise if a piece held half a character
        assert len(data) <= FOLD_OCTETS
        if i:
            assert piece.startswith(" ")
    assert physical[0] + "".join(p[1:] for p in physical[1:]) == line


@settings(max_examples=300, deadline=None)
@given(_TEXT.map(lambda t: "NOTE:" + t.replace("\r", "").replace("\n", "")), st.integers(0, 3))
def test_fold_property(line: str, repeat: int) -> None:
    line = line + line * repeat * 3
    folded = fold_line(line)
    physical = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= FOLD_OCTETS for p in physical)
    assert all(p.startswith(" ") for p in physical[1:])
    # Pieces are as long as they can be: a fold happens only when the next
    # character would not fit.
    for piece, following in itertools.pairwise(physical):
        assert len(piece.encode("utf-8")) + len(following[1].encode("utf-8")) > FOLD_OCTETS
    assert physical[0] + "".join(p[1:] for p in physical[1:]) == line
