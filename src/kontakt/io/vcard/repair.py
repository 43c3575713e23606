"""Repair pre-pass: every card of a real-world .vcf file as clean vCard 3.0 text for vobject.

vobject alone fails on about a third of the files address books really
write. This pass takes the file's bytes, splits them into cards
(:mod:`~kontakt.io.vcard.lines`) and rewrites each card so that vobject reads
it, one card at a time, so that one broken card costs only itself:

- the file's encoding: UTF-16/32 (with or without byte-order mark) and a UTF-8
  byte-order mark;
- vCard 2.1: QUOTED-PRINTABLE values (soft line breaks joined, ``=XX``
  decoded), CHARSET=... per value (Shift-JIS, ISO-8859-1, ...), bare
  parameters (``TEL;CELL;PREF``) made ``TYPE=cell,pref``, and unescaped
  values made escaped;
- text that is not UTF-8 without any CHARSET (read as Windows-1252);
- lower-case property names, a missing VERSION;
- commas not escaped in single text values (FN, NOTE, TITLE, ORG), which
  vobject would cut at the first comma;
- CR CR LF and lone CR line ends, ``#`` comment lines, lines that are no
  content line at all.

Only the properties Kontakt reads are kept (N, FN, EMAIL, TEL, ADR, ORG, TITLE,
CATEGORIES, NOTE, UID, Apple's X-ABLabel and Kontakt's own X-KONTAKT-ROLE and
X-KONTAKT-RESERVED); PHOTO and the other binary
properties, where most malformed data sits, are left out before vobject sees
them. Values are written back escaped the standard way.
"""

from __future__ import annotations

import binascii
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum

from kontakt.io.vcard.escape import escape_text, split_escaped, unescape_text
from kontakt.io.vcard.lines import LogicalLine, RawCard, split_cards

__all__ = ["KEPT_PROPERTIES", "Repair", "RepairedCard", "decode_container", "repair_cards"]

KEPT_PROPERTIES = frozenset(
    {
        "VERSION", "N", "FN", "EMAIL", "TEL", "ADR", "ORG", "TITLE", "CATEGORIES", "NOTE", "UID",
        "X-ABLABEL", "X-KONTAKT-ROLE", "X-KONTAKT-RESERVED", "PRODID",
    }
)  # fmt: skip
"""Properties the repaired card keeps; everything else is left out."""

_BINARY = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_SINGLE_TEXT = frozenset({"FN", "NOTE", "TITLE"})
_COMPOUND = {"N": 5, "ADR": 7}  # components of each structured value
_ENCODINGS = frozenset({"QUOTED-PRINTABLE", "BASE64", "B", "8BIT", "7BIT"})
_NAME = re.compile(r"(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)")
_TOKEN = re.compile(r"[a-z0-9-]+")
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_UNICODE_NAMES = frozenset({"utf-8", "ascii"})
# Codecs that are supersets of what phones label with the plain name.
_CHARSET_ALIASES = {
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "ks_c_5601-1987": "cp949",
    "euc-kr": "cp949",
}


class Repair(StrEnum):
    """A kind of damage or oddity the pre-pass had to deal with in a card."""

    LINE_ENDS = "line-ends"
    """CR CR LF or lone CR line ends."""
    QUOTED_PRINTABLE = "quoted-printable"
    """Quoted-printable values (vCard 2.1), soft line breaks included."""
    CHARSET = "charset"
    """Text in a character set other than UTF-8 (declared, or guessed Windows-1252)."""
    LOWERCASE = "lowercase"
    """Property names in lower case."""
    COMMENT_LINES = "comment-lines"
    """``#`` comment lines inside the card."""
    BAD_LINES = "bad-lines"
    """Lines that are no content line (no colon, or an impossible name), left out."""
    NO_VERSION = "no-version"
    """No VERSION property."""
    UNESCAPED = "unescaped"
    """Unescaped commas in a single text value of a vCard 3.0/4.0 card."""
    BINARY = "binary"
    """PHOTO, LOGO, SOUND, KEY or base64 values, left out."""


@dataclass(frozen=True, slots=True)
class RepairedCard:
    """One card of the file after the pre-pass.

    Attributes:
        number: 1-based position of the card in the file.
        line: 1-based line number of its BEGIN:VCARD.
        version: The version the card declares (``"2.1"``, ``"3.0"``,
            ``"4.0"``), ``""`` when it has none.
        text: The card as clean vCard 3.0 (BEGIN to END, CRLF line ends),
            holding only :data:`KEPT_PROPERTIES`; ``""`` when the card is
            incomplete.
        complete: False when the card has no END:VCARD; it is not read.
        repairs: What the pre-pass had to deal with.
        ignored_lines: Line numbers of lines left out because they are no
            vCard data (comment lines, garbage); of the comment lines, only
            the first ones.
        ignored_count: How many such lines there were in all.
    """

    number: int
    line: int
    version: str
    text: str
    complete: bool
    repairs: frozenset[Repair]
    ignored_lines: tuple[int, ...]
    ignored_count: int = 0


@dataclass(slots=True)
class _Property:
    group: str
    name: str
    params: dict[str, list[str]]
    value: bytes
    line: int


def decode_container(data: bytes) -> tuple[bytes, bool]:
    """The file's bytes in an ASCII-compatible form.

    UTF-16 and UTF-32 files (with a byte-order mark, or UTF-16 recognised by
    the zero bytes of ``BEGIN``) are converted to UTF-8; a UTF-8 byte-order
    mark is removed; anything else is returned as is.

    Args:
        data: The whole file.

    Returns:
        The bytes, and whether the whole file was Unicode text (then every
        value is UTF-8 and CHARSET parameters no longer apply).
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return data.decode(codec, errors="replace").encode("utf-8"), True
    head = data[:4]
    if len(head) == 4 and head[1] == 0 and head[3] == 0 and head[0] and head[2]:
        return data.decode("utf-16-le", errors="replace").encode("utf-8"), True
    if len(head) == 4 and head[0] == 0 and head[2] == 0 and head[1] and head[3]:
        return data.decode("utf-16-be", errors="replace").encode("utf-8"), True
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :], False
    return data, False


def repair_cards(data: bytes) -> Iterator[RepairedCard]:
    """Every card of a .vcf file, repaired.

    Args:
        data: The whole file as read from disk.

    Yields:
        One :class:`RepairedCard` per top-level BEGIN:VCARD, in file order.

    Raises:
        OversizedVCard: A line, a card or the file is over the limits of
            :mod:`~kontakt.io.vcard.lines`.
    """
    data, unicode_file = decode_container(data)
    context = _Context(unicode_file, utf8_file=_UTF8_SEQUENCE.search(data) is not None)
    for raw in split_cards(data):
        yield _repair(raw, context)


@dataclass(frozen=True, slots=True)
class _Context:
    """What is known about the whole file when a value is decoded."""

    unicode_file: bool
    """The file was UTF-16/32: every value is now UTF-8, CHARSET no longer applies."""
    utf8_file: bool
    """The file holds UTF-8 multi-byte characters: a value without CHARSET that is not
    valid UTF-8 is UTF-8 with a few broken bytes rather than Windows-1252."""


def _repair(raw: RawCard, context: _Context) -> RepairedCard:
    repairs: set[Repair] = set()
    ignored = list(raw.ignored)
    if raw.odd_line_ends:
        repairs.add(Repair.LINE_ENDS)
    if raw.comments:
        repairs.add(Repair.COMMENT_LINES)
    if any(logical.quoted_printable for logical in raw.lines):
        repairs.add(Repair.QUOTED_PRINTABLE)  # also when only a left-out LABEL had it
    properties: list[_Property] = []
    bad = 0
    for logical in raw.lines:
        prop = _parse(logical)
        if prop is None:
            bad += 1
            ignored.append(logical.number)
            repairs.add(Repair.BAD_LINES)
        else:
            properties.append(prop)
    version = ""
    for prop in properties:
        if prop.name.upper() == "VERSION":
            version = prop.value.decode("ascii", errors="replace").strip()
            break
    if not version:
        repairs.add(Repair.NO_VERSION)
    text = ""
    if raw.complete:
        out = ["BEGIN:VCARD", "VERSION:3.0"]
        for prop in properties:
            line = _rewrite(prop, version, context, repairs)
            if line is not None:
                out.append(line)
        out.append("END:VCARD\r\n")
        text = "\r\n".join(out)
    return RepairedCard(
        number=raw.number,
        line=raw.line,
        version=version,
        text=text,
        complete=raw.complete,
        repairs=frozenset(repairs),
        ignored_lines=tuple(sorted(ignored)),
        ignored_count=raw.comments + bad,
    )


# -- one content line ---------------------------------------------------------------------


def _parse(logical: LogicalLine) -> _Property | None:
    """Split a content line into group, name, parameters and raw value; None if it is none."""
    data = logical.data
    colon = _unquoted_colon(data)
    if colon < 0:
        return None
    head = data[:colon].decode("utf-8", errors="replace").strip()
    pieces = _split_unquoted(head, ";")
    match = _NAME.fullmatch(pieces[0].strip())
    if match is None:
        return None
    params: dict[str, list[str]] = {}
    for piece in pieces[1:]:
        key, equals, values = piece.partition("=")
        key = key.strip().upper()
        if not equals:  # vCard 2.1 bare parameter: TEL;CELL;PREF / NOTE;QUOTED-PRINTABLE
            key, values = ("ENCODING" if key in _ENCODINGS else "TYPE"), key
        if key:
            params.setdefault(key, []).extend(_param_values(values))
    return _Property(
        group=match.group(1) or "",
        name=match.group(2),
        params=params,
        value=data[colon + 1 :],
        line=logical.number,
    )


def _unquoted_colon(data: bytes) -> int:
    """Index of the first colon outside double quotes (the end of the parameters), or -1."""
    colon = data.find(b":")
    quote = data.find(b'"')
    if colon < 0 or quote < 0 or quote > colon:
        return colon
    inside = False
    for index, byte in enumerate(data):
        if byte == 0x22:
            inside = not inside
        elif byte == 0x3A and not inside:
            return index
    return -1


def _split_unquoted(text: str, separator: str) -> list[str]:
    if '"' not in text:
        return text.split(separator)
    parts: list[str] = []
    current: list[str] = []
    inside = False
    for char in text:
        if char == '"':
            inside = not inside
            current.append(char)
        elif char == separator and not inside:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _param_values(values: str) -> list[str]:
    """``a,b`` / ``"a,b",c`` -> the single values, quotes removed, blanks dropped."""
    result: list[str] = []
    for value in _split_unquoted(values, ","):
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            result.extend(v.strip() for v in value[1:-1].split(","))
        elif value:
            result.append(value)
    return [v for v in result if v]


def _rewrite(prop: _Property, version: str, context: _Context, repairs: set[Repair]) -> str | None:
    """The property as a clean vCard 3.0 content line, or None to leave it out."""
    name = prop.name.upper()
    if name != prop.name and not name.startswith("X-"):
        repairs.add(Repair.LOWERCASE)
    encoding = (prop.params.get("ENCODING") or [""])[0].upper()
    if name in _BINARY or encoding in ("B", "BASE64"):
        repairs.add(Repair.BINARY)
        return None
    if name not in KEPT_PROPERTIES or name == "VERSION":
        return None
    value = _decode(prop, encoding, context, repairs)
    version_21 = version == "2.1"
    if name in _COMPOUND:
        count = _COMPOUND[name]
        text = ";".join(_list(c, version_21) for c in _components(value, count))
    elif name == "ORG":
        parts = split_escaped(value, ";")
        if not version_21 and any(len(split_escaped(p, ",")) > 1 for p in parts):
            repairs.add(Repair.UNESCAPED)
        text = ";".join(escape_text(unescape_text(p, version_21=version_21)) for p in parts)
    elif name == "CATEGORIES":
        items = [i for p in split_escaped(value, ";") for i in split_escaped(p, ",")]
        text = ",".join(escape_text(unescape_text(i, version_21=version_21)) for i in items)
    else:
        if name in _SINGLE_TEXT and not version_21 and len(split_escaped(value, ",")) > 1:
            repairs.add(Repair.UNESCAPED)
        text = escape_text(unescape_text(value, version_21=version_21))
    group = f"{prop.group}." if prop.group else ""
    return f"{group}{name}{_type_params(prop) if name in ('EMAIL', 'TEL') else ''}:{text}"


def _components(value: str, count: int) -> list[str]:
    parts = split_escaped(value, ";")
    return (parts + [""] * count)[:count]


def _list(component: str, version_21: bool) -> str:
    """One N component: a comma-separated list, each item re-escaped."""
    return ",".join(
        escape_text(unescape_text(item, version_21=version_21))
        for item in split_escaped(component, ",")
    )


def _type_params(prop: _Property) -> str:
    """``;TYPE=work,pref;PREF=1`` from TYPE (2.1 bare ones included) and 4.0's PREF."""
    types: list[str] = []
    for value in prop.params.get("TYPE", []):
        token = value.lower()
        if _TOKEN.fullmatch(token) and token not in types:
            types.append(token)
    pref = next((p for p in prop.params.get("PREF", []) if p.isdigit()), "")
    if pref and "pref" not in types:
        types.append("pref")
    return (f";TYPE={','.join(types)}" if types else "") + (f";PREF={pref}" if pref else "")


def _decode(prop: _Property, encoding: str, context: _Context, repairs: set[Repair]) -> str:
    """The value as text: quoted-printable undone, then its character set decoded."""
    raw = prop.value
    if encoding == "QUOTED-PRINTABLE":
        repairs.add(Repair.QUOTED_PRINTABLE)
        raw = binascii.a2b_qp(raw)
    if context.unicode_file:
        return raw.decode("utf-8", errors="replace")
    charset = (prop.params.get("CHARSET") or [""])[0].strip().lower()
    codec = _codec(charset)
    if codec is not None and codec not in _UNICODE_NAMES:
        repairs.add(Repair.CHARSET)
        return raw.decode(codec, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if codec is not None or context.utf8_file:
        return raw.decode("utf-8", errors="replace")  # UTF-8 with a few broken bytes
    repairs.add(Repair.CHARSET)
    try:
        return raw.decode("cp1252")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _codec(charset: str) -> str | None:
    """The Python codec for a CHARSET parameter; None when absent or unknown."""
    if not charset:
        return None
    try:
        name = codecs.lookup(_CHARSET_ALIASES.get(charset, charset)).name
    except LookupError:
        return None
    return "ascii" if name == "ascii" else name
