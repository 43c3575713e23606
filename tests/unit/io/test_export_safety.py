"""Spreadsheet formula injection: what a CSV cell may start with."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kontakt.io.exporters.safety import csv_safe


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://x")',
        "@SUM(A1)",
        "\tstart",
        "\rstart",
        "+cmd|' /C calc'!A0",
        "-2+3",
        "+A1",
        "+47 1 ::: =1+1",
        "+47 1 ::: SUM(A1)",
        "+47 1 :::",
        "-",
        "+",
        # What some program skips before it looks: NUL and other controls,
        # spaces, zero-width and direction marks, and full-width signs.
        '\x00=HYPERLINK("http://x")',
        "\x00\x00@SUM(A1)",
        "\x1b=1+1",
        " =1+1",
        "\u00a0\u3000=1+1",
        "\u200b=1+1",
        "\ufeff=1+1",
        "\u202e=1+1",
        "\x85=1+1",
        "\u2028@A1",
        "\uff1d1+1",
        "\x00\uff20SUM(A1)",
        "\x00+cmd|' /C calc'!A0",
        " -2+3",
        "\x00\tstart",
        " \rstart",
    ],
)
def test_formula_starts_are_neutralised(value: str) -> None:
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    [
        "+47 912 34 567",
        "+4791234567",
        "+1 (217) 555-0100",
        "-12,5",
        " +47 912 34 567",
        "Kari",
        "",
        "   ",
        "0047 22 33",
        "Kari = Nordmann",
        # Several numbers in one Google cell.
        "+47 22 33 44 55 ::: +47 400 00 001",
        "+47 22 33 44 55 ::: 22 33 44 56 ::: +1 (217) 555-0100",
    ],
)
def test_numbers_and_ordinary_text_stay(value: str) -> None:
    assert csv_safe(value) == value


# Leading characters a spreadsheet program may drop before deciding.
SKIPPABLE = st.sampled_from(["\x00", "\x01", "\x1b", " ", "\u00a0", "\u200b", "\ufeff", "\x85"])
BLANK_OR_CONTROL = ("Cc", "Cf", "Zs", "Zl", "Zp")
TRIGGERS = st.sampled_from(["=", "@", "+", "-", "\t", "\r", "\uff1d", "\uff20", "\uff0b"])


def _formula_start(value: str) -> bool:
    """Would a program that skips leading blanks and controls (and folds full-width
    signs) see a formula start? A sign counts unless a plain number follows."""
    start = 0
    while start < len(value) and unicodedata.category(value[start]) in BLANK_OR_CONTROL:
        if value[start] in "\t\r":
            return True
        start += 1
    rest = value[start:]
    first = unicodedata.normalize("NFKC", rest[:1])[:1]
    if first in ("=", "@"):
        return True
    if first in ("+", "-"):  # only numbers written as people write numbers may follow
        numbers = rest[1:].split(" ::: ")
        return not all(
            all(c.isdigit() or c in " ().,/-+" for c in n) and any(map(str.isdigit, n))
            for n in numbers
        )
    return False


@given(
    st.text()
    | st.tuples(st.lists(SKIPPABLE), TRIGGERS, st.text()).map(lambda t: "".join(t[0]) + t[1] + t[2])
)
def test_no_safe_value_can_start_a_formula(value: str) -> None:
    safe = csv_safe(value)
    assert safe.startswith("'") or not _formula_start(safe), repr(safe)
    if not safe.startswith("'"):
        assert safe == value  # left alone means left exactly as it was
