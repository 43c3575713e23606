"""Control characters in user text: inert on a terminal, gone from file formats."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from kontakt.domain.control_chars import for_terminal, for_terminal_lines, multi_line, one_line

# Any character at all, lone surrogates included (a file name that was not UTF-8).
ANY_TEXT = st.text(st.characters(exclude_categories=()))
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def acts_on_a_terminal(char: str) -> bool:
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in BIDI


def test_what_a_terminal_would_act_on_is_shown_escaped() -> None:
    name = "rapport\x1b[2J\x07\u202etxt.exe\u2028\udcff.pdf"  # \udcff: the byte 0xff, not UTF-8
    assert for_terminal(name) == "rapport\\x1b[2J\\x07\\u202etxt.exe\\u2028\\xff.pdf"
    assert for_terminal("Åse Ødegård 👩\u200d⚕️") == "Åse Ødegård 👩\u200d⚕️"  # letters, ZWJ stay
    assert for_terminal_lines("Importert: 3\nFil: a\x1bb") == "Importert: 3\nFil: a\\x1bb"


@given(ANY_TEXT)
def test_terminal_text_has_nothing_a_terminal_acts_on(text: str) -> None:
    shown = for_terminal(text)
    assert not any(acts_on_a_terminal(c) for c in shown)
    shown.encode("utf-8")  # printable at all
    assert len(shown.splitlines()) <= 1


@given(ANY_TEXT)
def test_terminal_lines_keep_only_their_own_line_breaks(text: str) -> None:
    shown = for_terminal_lines(text)
    assert shown.count("\n") == text.count("\n")
    assert not any(acts_on_a_terminal(c) for c in shown.replace("\n", ""))


def test_file_text_loses_controls_and_foreign_line_breaks() -> None:
    text = "Møte\x00\x1b[1m\x85om\u2028rus\r\nog\rpsykisk\x0bhelse\tnå"
    assert one_line(text) == "Møte[1m om rus og psykisk helse nå"
    assert multi_line(text) == "Møte[1m\nom\nrus\nog\npsykisk\nhelse\tnå"


@given(st.text())
def test_one_line_is_one_line_without_controls(text: str) -> None:
    line = one_line(text)
    assert len(line.splitlines()) <= 1
    assert not any(unicodedata.category(c) == "Cc" for c in line)


@given(st.text())
def test_multi_line_breaks_only_at_newline(text: str) -> None:
    lines = multi_line(text)
    assert all(len(part.splitlines()) <= 1 for part in lines.split("\n"))
    assert not any(unicodedata.category(c) == "Cc" for c in lines if c not in "\n\t")
