"""Spreadsheet formula injection (OWASP "CSV injection"): no exported value may run.

A spreadsheet program treats a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and, in some programs, a tab or carriage return) as a formula. A CSV
cell starting like that gets a leading apostrophe, which spreadsheets show as
text. Phone numbers such as ``+47 912 34 567`` and negative numbers are left
alone: a ``+`` or ``-`` followed by a number cannot run anything (nor can
several numbers joined the way Google Contacts joins them, `` ::: ``).

Programs differ in what they skip before looking: spaces are trimmed on
import by some (LibreOffice's «Trim spaces», Excel for a typed cell), NUL and
other control characters dropped by others, full-width signs (``＝``) folded
to ASCII by some input methods. So the first character that counts is the
first one after any leading whitespace, control, format (zero-width) or
separator characters, compared after NFKC folding; a tab or carriage return
anywhere in that leading run counts as a formula start itself.
"""

from __future__ import annotations

import re
import unicodedata

_ALWAYS = ("=", "@")
_SIGNS = ("+", "-")
_BLANK_OR_CONTROL = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))
# A sign followed by nothing but a number written as people write numbers
# (digits, spaces, dashes, brackets, dots, commas), e.g. "+47 912 34 567",
# "+1 (217) 555-0100", "-12,5": no function name or operator that could run.
# Google joins several numbers of one kind in one cell with " ::: ": digits,
# signs and colons name no function either.
_DIGITS = r"[\d ().,/-]*\d[\d ().,/-]*"
_NUMBER = re.compile(rf"[+-]{_DIGITS}(?: ::: [+-]?{_DIGITS})*")


def _skipped(char: str) -> bool:
    return unicodedata.category(char) in _BLANK_OR_CONTROL


def csv_safe(value: str) -> str:
    """The cell text a spreadsheet will show as text, never evaluate."""
    start = 0
    while start < len(value) and _skipped(value[start]):
        start += 1
    if "\t" in value[:start] or "\r" in value[:start]:
        return "'" + value
    if start == len(value):
        return value
    rest = value[start:]
    first = unicodedata.normalize("NFKC", rest[0])[:1]
    if first in _ALWAYS:
        return "'" + value
    if first in _SIGNS and not _NUMBER.fullmatch(first + rest[1:]):
        return "'" + value
    return value
