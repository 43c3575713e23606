"""Cleaning of single cell values read from a spreadsheet or CSV file.

Text is trimmed and its runs of spaces (NBSP included) collapsed with
:func:`kontakt.domain.text.clean`, line by line, so that a multi-line address or
note keeps its line breaks. Control characters other than the line break are
removed and text is cut to :data:`~kontakt.io.importers.raw.MAX_CELL_CHARS`.
Dates, times, numbers and booleans are kept as they are: deciding that
98765432.0 is a phone number is the business of later code.
"""

from __future__ import annotations

import datetime
import math
import re

from kontakt.domain.text import clean, clean_lines, is_tidy
from kontakt.io.importers.raw import MAX_CELL_CHARS

# Our exporters neutralise formulas as "'=...", "'+...", "'-...", "'@...".
_NEUTRALISED = re.compile(r"'(?=[=+\-@])")
_NUMBER_LIKE = re.compile(r"[+-]?[\d\s.,]*\d[\d\s.,%]*")
_DATE_LIKE = re.compile(r"\d{1,4}[-./]\d{1,2}[-./]\d{1,4}(?:[ T]\d{1,2}[:.]\d{2}(?:[:.]\d{2})?)?")

HEADER_MAX_CHARS = 200
"""Header texts are cut to this many characters."""


def clean_text(value: str) -> str | None:
    """Clean one text cell, keeping line breaks.

    Args:
        value: The text as read.

    Returns:
        The cleaned text, or ``None`` if nothing but whitespace was left.
    """
    if is_tidy(value):
        if len(value) <= MAX_CELL_CHARS and value[:1] != "'":
            return value or None  # already clean: the common case, checked cheaply
        text = value
    else:
        text = _clean_lines(value)
    if len(text) > MAX_CELL_CHARS:
        text = text[:MAX_CELL_CHARS].rstrip()
    if text.startswith("'"):
        text = _NEUTRALISED.sub("", text, count=1)
    return text or None


def _clean_lines(value: str) -> str:
    # The same cleaning as every text typed into Kontakt, line by line.
    return "\n".join(clean_lines(value)).strip("\n")


def _format_timedelta(value: datetime.timedelta) -> str:
    """A duration as Excel shows it with the format ``[h]:mm:ss``."""
    total = int(value.total_seconds())
    sign = "-" if total < 0 else ""
    hours, rest = divmod(abs(total), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{sign}{hours}:{minutes:02d}:{seconds:02d}"


def convert_cell(value: object) -> object:
    """Turn a value from the reader into a value for :class:`~kontakt.io.importers.raw.RawRow`.

    Args:
        value: What python-calamine or the CSV reader returned for one cell.

    Returns:
        Cleaned text or ``None`` for text; ``None`` for an empty cell; dates,
        times, numbers and booleans unchanged; a duration as ``"30:00:00"``;
        anything else as cleaned text.
    """
    if value is None:
        return None
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, bool | int | datetime.date | datetime.time):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, datetime.timedelta):
        return _format_timedelta(value)
    return clean_text(str(value))


def header_text(value: object) -> str:
    """The text of a header cell: cleaned, on one line, ``""`` when empty.

    Args:
        value: The raw cell value.

    Returns:
        The cleaned header text (numbers without a pointless ``.0``, dates in
        ISO form).
    """
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    elif isinstance(value, datetime.date | datetime.time):
        value = value.isoformat()
    text = clean(str(value))
    return text[:HEADER_MAX_CHARS].rstrip()


def is_text(value: object) -> bool:
    """Whether a converted cell holds words rather than a number or a date.

    Used to tell a header row from a data row: text that only looks like a
    number (``"98 76 54 32"``, ``"1,5"``) or a date (``"01.02.2025"``) counts as
    not text.

    Args:
        value: A value returned by :func:`convert_cell`.

    Returns:
        ``True`` for text that is neither number-like nor date-like.
    """
    if not isinstance(value, str):
        return False
    return not (_NUMBER_LIKE.fullmatch(value) or _DATE_LIKE.fullmatch(value))


def looks_like_data(value: object) -> bool:
    """Whether a cell looks like a data value rather than a column title.

    An e-mail address or a value with five or more digits (a phone number, a
    postcode with a place) is almost never a header.

    Args:
        value: A value returned by :func:`convert_cell`.

    Returns:
        ``True`` when the value is probably data.
    """
    if value is None:
        return False
    if not is_text(value):
        return True
    text = str(value)
    return "@" in text or sum(char.isdigit() for char in text) >= 5
