"""Text escaping and line folding shared by the vCard writer and the repair pass.

vCard text values (RFC 2426 section 5, RFC 6350 section 3.4) escape a
backslash as ``\\\\``, a newline as ``\\n``, a comma as ``\\,`` and a
semicolon as ``\\;``. Escaping all four everywhere is always valid: a reader
unescapes them whether or not the property needed it, and it keeps a comma in
a single-valued property such as FN from being read as a list separator.

Content lines longer than 75 octets are folded: CRLF followed by one space,
never inside a UTF-8 multi-byte character (RFC 6350 section 3.2).
"""

from __future__ import annotations

import re

__all__ = ["FOLD_OCTETS", "escape_text", "fold_line", "split_escaped", "unescape_text"]

FOLD_OCTETS = 75
"""Longest physical line, in octets, without the line break."""

# Control characters have no place in vCard text (RFC 6350 section 3.3: only
# WSP, VCHAR and non-ASCII): tab is kept, C0 and C1 controls and DEL are
# dropped, and every line break - CR, LF, and the NEL, LINE SEPARATOR and
# PARAGRAPH SEPARATOR that many readers (Python's splitlines among them) also
# split lines at - becomes an escaped newline.
_DROPPED: dict[int, str | None] = {
    code: None for code in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))
}
_REPLACED: dict[int, str | None] = {
    ord(char): escaped
    for char, escaped in (
        ("\\", "\\\\"),
        (",", "\\,"),
        (";", "\\;"),
        ("\n", "\\n"),
        ("\x85", "\\n"),
        ("\u2028", "\\n"),
        ("\u2029", "\\n"),
    )
}
_ESCAPES = {**_DROPPED, **_REPLACED}
_NEEDS_WORK = re.compile("[\\\\,;\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAKS = re.compile(r"\r\n?")
# Escape sequences a reader turns back into characters: RFC 6350's, plus the
# \: Apple writes in URLs and the \" and \' Apple and Google write in notes.
# Any other backslash is kept as a backslash (a Windows path in a sloppy NOTE).
_UNESCAPE = re.compile(r"\\([\\,;:nN\"'])")
_UNESCAPE_21 = re.compile(r"\\([\\,;:\"'])")


def escape_text(value: str) -> str:
    """Escape a text value for a vCard content line.

    Args:
        value: Plain text; any line break (CRLF, CR or LF) becomes ``\\n``,
            other control characters except tab are dropped.

    Returns:
        The escaped text, safe as a single value or as one component of a
        compound value such as N or ORG.
    """
    if _NEEDS_WORK.search(value) is None:
        return value
    if "\r" in value:
        value = _LINE_BREAKS.sub("\n", value)
    return value.translate(_ESCAPES)


def unescape_text(value: str, *, version_21: bool = False) -> str:
    """Undo :func:`escape_text`, leniently.

    Args:
        value: An escaped text value (one component, already split).
        version_21: vCard 2.1 has no ``\\n`` escape (line breaks come
            quoted-printable), so a backslash before ``n`` is kept.

    Returns:
        The plain text. A backslash before any other character is kept as is.
    """
    if "\\" not in value:
        return value
    if version_21:
        return _UNESCAPE_21.sub(r"\1", value)
    return _UNESCAPE.sub(lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def split_escaped(value: str, separator: str) -> list[str]:
    """Split an escaped value at every separator not preceded by an escaping backslash.

    Args:
        value: The escaped value, e.g. an N or ORG value or a CATEGORIES list.
        separator: ``";"`` for components, ``","`` for list items.

    Returns:
        The still-escaped parts (at least one, possibly empty).
    """
    if "\\" not in value:
        return value.split(separator)
    parts: list[str] = []
    current: list[str] = []
    chars = iter(value)
    for char in chars:
        if char == "\\":
            current.append(char)
            current.append(next(chars, ""))
        elif char == separator:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def fold_line(line: str) -> str:
    """Fold a content line at 75 octets of UTF-8 without splitting a character.

    Args:
        line: One unfolded content line without its line break.

    Returns:
        The line, or its pieces joined by CRLF and a space; every physical
        line is at most 75 octets (the leading space included).
    """
    if line.isascii():
        if len(line) <= FOLD_OCTETS:
            return line
        pieces = [line[:FOLD_OCTETS]]
        pieces.extend(
            line[start : start + FOLD_OCTETS - 1]
            for start in range(FOLD_OCTETS, len(line), FOLD_OCTETS - 1)
        )
        return "\r\n ".join(pieces)
    data = line.encode("utf-8")
    if len(data) <= FOLD_OCTETS:
        return line
    pieces = []
    start = 0
    limit = FOLD_OCTETS
    while len(data) - start > limit:
        end = start + limit
        while data[end] & 0xC0 == 0x80:  # a continuation byte: step back to the character start
            end -= 1
        pieces.append(data[start:end].decode("utf-8"))
        start = end
        limit = FOLD_OCTETS - 1
    pieces.append(data[start:].decode("utf-8"))
    return "\r\n ".join(pieces)
