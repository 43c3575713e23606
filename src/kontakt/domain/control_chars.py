"""Control characters and line breaks in user text bound for files and terminals.

A name, title or file name can hold characters nobody typed on purpose: NUL,
ESC (which starts a terminal escape sequence), and line breaks other than
"\\n" that many readers split lines at (CR, NEL U+0085, LINE SEPARATOR
U+2028, PARAGRAPH SEPARATOR U+2029, vertical tab, form feed ...; Python's
``str.splitlines`` among them). Written raw, they start a new event in a
calendar file read line by line, or recolour and rewrite a terminal.

- :func:`drop_controls` is what every text loses on its way into the
  database (:func:`kontakt.domain.text.clean` and
  :func:`~kontakt.domain.text.clean_multiline` build on it and
  :data:`LINE_BREAK`).
- :func:`one_line` and :func:`multi_line` make a value fit for a file format
  (the .ics writer): other line breaks become a space or "\\n", the other
  control characters are dropped.
- :func:`for_terminal` shows a value on a terminal: every control character,
  line break and text-direction override is written as an escape (``\\x1b``,
  ``\\u2028``) so that it is visible and inert.
"""

from __future__ import annotations

import re

# Every character str.splitlines() splits at, CRLF first so that it counts once.
LINE_BREAK = re.compile("\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
"""Any line break: CR LF, CR, LF, VT, FF, FS/GS/RS, NEL, LINE and PARAGRAPH SEPARATOR."""
# C0 and C1 control characters and DEL, but tab (kept as a space or a tab).
_CONTROL = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# What stored text loses: _CONTROL's characters, lone surrogates (no character
# at all: PostgreSQL cannot store them, no encoder writes them) and the
# invisible soft hyphen, zero-width space, word joiner and byte order mark
# that come along when copying from web pages and documents.
_UNSTORED = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff]"
)
# What a terminal would act on or that reorders what it shows (bidirectional
# embeddings, overrides and isolates: «Trojan Source»), the line breaks above,
# tab and newline, which would break a table's line, and lone surrogates (a
# file name or argument that was not UTF-8), which cannot be encoded at all.
_TERMINAL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]"
)


def drop_controls(text: str) -> str:
    """``text`` without control, invisible and surrogate characters; whitespace left as it is.

    Line breaks and tabs stay (the callers decide what they become).
    """
    if text.isprintable():
        return text  # the common case: nothing to drop, found without a regex
    return _UNSTORED.sub("", text)


def one_line(text: str) -> str:
    """``text`` on one line: each line break and tab becomes a space, other controls go."""
    return _CONTROL.sub("", LINE_BREAK.sub(" ", text)).replace("\t", " ")


def multi_line(text: str) -> str:
    """``text`` with "\\n" as its only line break; tab kept, other controls dropped."""
    return _CONTROL.sub("", LINE_BREAK.sub("\n", text))


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        # A byte that was not UTF-8 (Python's surrogateescape): shown as that byte.
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` safe to print on one line: control characters, line breaks, direction
    overrides and lone surrogates written as visible escapes (``"a\\x1b[31mb"`` is
    shown as ``a\\x1b[31mb``)."""
    return _TERMINAL.sub(_escape, text)


def for_terminal_lines(text: str) -> str:
    """:func:`for_terminal` for each line of a text whose lines are joined by "\\n"."""
    return "\n".join(for_terminal(line) for line in text.split("\n"))


def printable(text: str) -> str:
    """``text`` safe to print and to store: bytes that were not UTF-8 in a name or an
    argument (Python keeps them as surrogates) shown as ``\\xe6``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
