"""The one cleaning every text gets on its way in: one-line fields and texts with lines."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontakt.domain.control_chars import drop_controls
from kontakt.domain.text import clean, clean_lines, clean_multiline

LINE_BREAKS = ["\r\n", "\r", "\n", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Leder\rBergen", "Leder Bergen"),
        ("Leder\x00 i\x1b[1m Bergen\x7f", "Leder i[1m Bergen"),
        ("Helse\u2028Bergen\u2029HF\x85Vest", "Helse Bergen HF Vest"),
        ("\ufeffFag\u00adforbundet\u200b\u2060", "Fagforbundet"),
        ("a\udcffb", "ab"),  # a lone surrogate (a byte that was not UTF-8) is no character
        ("  Kari\t\u00a0Nordmann \r\n", "Kari Nordmann"),
        ("e\u0301", "é"),
        (None, ""),
    ],
)
def test_clean_gives_one_line_without_control_characters(typed: str | None, stored: str) -> None:
    assert clean(typed) == stored


@pytest.mark.parametrize("brk", LINE_BREAKS)
def test_every_line_break_is_a_line_break(brk: str) -> None:
    assert clean(f"a{brk}b") == "a b"
    assert clean_multiline(f"a{brk}b") == "a\nb"
    assert clean_lines(f" a {brk} b ") == ["a", "b"]


def test_clean_multiline_keeps_lines_and_tabs_and_drops_the_rest() -> None:
    note = "Ring\x00 etter 16\r\n\tSvarer sjelden\x1b\u2028\u2028på e-post  \x07\x1fok"
    assert clean_multiline(note) == "Ring etter 16\n\tSvarer sjelden\n\npå e-post  ok"
    assert clean_multiline("") == clean_multiline(None) == ""


def test_drop_controls_leaves_whitespace_alone() -> None:
    assert drop_controls("a\r\n\tb\x00\x9b") == "a\r\n\tb"
    text = "Vanlig tekst"
    assert drop_controls(text) is text


@given(st.text())
def test_no_control_character_survives(text: str) -> None:
    one_line = clean(text)
    assert all(unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp") for ch in one_line)
    assert one_line == one_line.strip() and "  " not in one_line
    with_lines = clean_multiline(text)
    assert all(
        ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cs", "Zl", "Zp")
        for ch in with_lines
    )
    assert clean(with_lines) == one_line  # the two agree on everything but the lines
