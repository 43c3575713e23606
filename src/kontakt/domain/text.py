"""Cleaning of text on its way in, folding for search, and Norwegian sort order.

Every text a person or a file hands Kontakt is cleaned the same way, whether it
comes through the window, the command line, the service API or an import:
:func:`clean` for one-line fields (names, organisation, title, roles, topics,
labels, list names, subjects, titles, places) and :func:`clean_multiline` for
texts that keep their lines (notes, descriptions, document and message texts).
Both drop control characters and the invisible characters that come along when
copying from web pages and documents, so that no value in the database can
break a header, a line-based file or a terminal. Line breaks of every kind
count as line breaks: CR, LF, CR LF, VT, FF, the file/group/record separators,
NEL (U+0085) and the Unicode line and paragraph separators (U+2028, U+2029);
the characters themselves are listed once, in :mod:`kontakt.domain.control_chars`.

SQLite's ``lower()`` and ``LIKE`` fold ASCII only, so "øys" would never find
"Øystein". Kontakt therefore stores a casefolded copy of the searchable text
and compares against :func:`fold` of what the user typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata

from kontakt.domain.control_chars import LINE_BREAK, drop_controls

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
    """One line of text as Kontakt stores it: trimmed, single-spaced, NFC, no control characters.

    Runs of whitespace (NBSP, tabs and line breaks of every kind included)
    become one space; control and invisible characters are dropped (see
    :func:`~kontakt.domain.control_chars.drop_controls`). ``None`` gives ``""``.
    """
    if value is None or value == "":
        return ""
    if type(value) is str and is_tidy(value):
        return value
    text = unicodedata.normalize("NFC", drop_controls(str(value)))
    return _SPACES.sub(" ", text).strip()


def clean_multiline(value: object) -> str:
    """A text that keeps its lines, as Kontakt stores it (notes, descriptions, messages).

    Every kind of line break becomes ``"\\n"``, tabs and the spacing within
    lines are kept, other control and invisible characters are dropped, and
    the text is NFC-normalised. Nothing is trimmed: callers strip what they
    want (a note its surrounding blank lines, a message nothing).
    """
    if value is None or value == "":
        return ""
    return unicodedata.normalize("NFC", drop_controls(LINE_BREAK.sub("\n", str(value))))


def clean_lines(value: object) -> list[str]:
    """The lines of a text (split at every kind of line break), each cleaned by :func:`clean`.

    Blank lines are kept, as empty strings, so that callers decide about them.
    """
    return [clean(line) for line in LINE_BREAK.split(str(value))]


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
