"""Spreadsheet formula injection: what a CSV cell may start with."""

from __future__ import annotations

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
        "-",
        "+",
    ],
)
def test_formula_starts_are_neutralised(value: str) -> None:
    assert csv_safe(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["+47 912 34 567", "+4791234567", "+1 (217) 555-0100", "-12,5", "Kari", "", "0047 22 33"],
)
def test_numbers_and_ordinary_text_stay(value: str) -> None:
    assert csv_safe(value) == value


@given(st.text())
def test_no_safe_value_can_start_a_formula(value: str) -> None:
    safe = csv_safe(value)
    if safe.startswith(("=", "@", "\t", "\r")):
        pytest.fail(f"{safe!r} starts a formula")
    if safe.startswith(("+", "-")):
        assert all(c.isdigit() or c in " ().,/-+" for c in safe[1:]), safe
        assert not any(c.isalpha() for c in safe)
