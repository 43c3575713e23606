"""Spreadsheet formula injection (OWASP "CSV injection"): no exported value may run.

A spreadsheet program treats a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, in some programs, a tab or carriage return) as a formula. A CSV
cell starting like that gets a leading apostrophe, which spreadsheets show as
text. Phone numbers such as ``+47 912 34 567`` and negative numbers are left
alone: a ``+`` or ``-`` followed by a number cannot run anything.
"""

from __future__ import annotations

import re

_ALWAYS = ("=", "@", "\t", "\r")
_SIGNS = ("+", "-")
# A sign followed by nothing but a number written as people write numbers
# (digits, spaces, dashes, brackets, dots, commas), e.g. "+47 912 34 567",
# "+1 (217) 555-0100", "-12,5": no function name or operator that could run.
_NUMBER = re.compile(r"[+-][\d ().,/-]*\d[\d ().,/-]*")


def csv_safe(value: str) -> str:
    """The cell text a spreadsheet will show as text, never evaluate."""
    if value.startswith(_ALWAYS):
        return "'" + value
    if value.startswith(_SIGNS) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value
