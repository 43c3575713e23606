"""Text folding for search and Norwegian sort order.

SQLite's ``lower()`` and ``LIKE`` fold ASCII only, so "øys" would never find
"Øystein". Kontakt therefore stores a casefolded copy of the searchable text
and compares against :func:`fold` of what the user typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

_SPACES = re.compile(r"\s+")
# Norwegian letters sort after z, in the order æ, ø, å. Mapped to the three
# ASCII characters after "z" so that a plain binary ORDER BY sorts correctly.
_NORWEGIAN_ORDER = str.maketrans({"æ": "{", "ø": "|", "å": "}"})
_PROTECT = str.maketrans({"å": "\x01", "æ": "\x02", "ø": "\x03"})
_UNPROTECT = str.maketrans({"\x01": "å", "\x02": "æ", "\x03": "ø"})


def is_tidy(text: str) -> bool:
    """True if :func:`clean` would return ``text`` unchanged and it has no control character.

    A cheap check for the common case: printable (so no control, invisible or
    line-break character and no whitespace but the plain space), no double,
    leading or trailing space, and NFC.
    """
    return (
        text.isprintable()
        and "  " not in text
        and text[:1] != " "
        and text[-1:] != " "
        and (text.isascii() or unicodedata.is_normalized("NFC", text))
    )


def clean(value: object) -> str:
    """Trim, NFC-normalise and collapse runs of whitespace (NBSP included) to one space."""
    if value is None or value == "":
        return ""
    if type(value) is str and is_tidy(value):
        return value
    text = unicodedata.normalize("NFC", str(value))
    return _SPACES.sub(" ", text).strip()


def fold(text: str) -> str:
    """Casefold for matching: ``fold("ØYSTEIN") == fold("øystein")``; æøå are kept."""
    return unicodedata.normalize("NFC", text).casefold()


# Sort key of an empty value: after every real key, so blanks come last, as in
# a spreadsheet.
LAST = "\U0010ffff"


@functools.lru_cache(maxsize=65536)
def sort_key(text: str) -> str:
    """A key whose binary order is Norwegian alphabetical order.

    Case is ignored, other accents are dropped (é sorts as e) and æ, ø, å come
    after z in that order. Remembered: names repeat (an import computes tens of
    thousands of keys for a few hundred place and family names).
    """
    folded = fold(clean(text)).translate(_PROTECT)
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", folded) if not unicodedata.combining(ch)
    )
    return stripped.translate(_UNPROTECT).translate(_NORWEGIAN_ORDER)


def sort_key_or_last(text: str) -> str:
    """:func:`sort_key`, but :data:`LAST` for an empty text."""
    return sort_key(text) if clean(text) else LAST
