"""Splitting a .vcf file into cards of logical content lines, as real files come.

This is the first half of the repair pre-pass (:mod:`~kontakt.io.vcard.repair`):
it works on bytes, because a vCard 2.1 file may carry a different character
set on every line, and it copes with what address books actually write:

- any line ends, CR CR LF (iOS 6) and lone CR included;
- folded lines (a line starting with a space or tab continues the one before),
  and vCard 2.1 base64 lines written without the folding space;
- quoted-printable soft line breaks (a QP value ending in ``=`` continues on
  the next line whatever that line looks like, even ``#...`` or `` ...``);
- ``#`` comment lines and blank lines inside a card;
- an embedded vCard 2.1 AGENT (``AGENT:`` followed by a nested BEGIN:VCARD);
- a card without END:VCARD (the next BEGIN:VCARD or the end of the file).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

__all__ = ["LogicalLine", "RawCard", "split_cards"]

_SEPARATED = re.compile(rb"(\r*\n|\r)")
_BEGIN = b"BEGIN:VCARD"
_END = b"END:VCARD"
_QP = b"QUOTED-PRINTABLE"
_BINARY = frozenset({b"PHOTO", b"LOGO", b"SOUND", b"KEY"})
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/]+=*[ \t]*")


@dataclass(slots=True)
class LogicalLine:
    """One content line, unfolded, as bytes.

    Attributes:
        number: 1-based line number in the file where the content line starts.
        parts: The physical pieces, joined by :attr:`data` (kept apart while
            reading: joining each piece on arrival is quadratic for a photo
            folded over thousands of lines).
        quoted_printable: The parameters say QUOTED-PRINTABLE.
        binary: A PHOTO, LOGO, SOUND or KEY: its value is never read, so its
            continuation lines are passed over instead of kept.
    """

    number: int
    parts: list[bytes]
    quoted_printable: bool = False
    binary: bool = False

    @classmethod
    def start(cls, number: int, data: bytes) -> LogicalLine:
        """A content line beginning on line ``number``."""
        head = data.split(b":", 1)[0]
        name = head.split(b";", 1)[0].rsplit(b".", 1)[-1].strip().upper()
        return cls(number, [data], _QP in head.upper(), name in _BINARY)

    @property
    def data(self) -> bytes:
        """The unfolded line: name, parameters, colon and value (a quoted-printable
        value with its soft line breaks removed but not yet decoded)."""
        return b"".join(self.parts)

    def append(self, piece: bytes) -> None:
        """Add a folded continuation (without its leading space)."""
        if not self.binary:
            self.parts.append(piece)

    def soft_break(self) -> bool:
        """Whether a quoted-printable value ends with ``=``: it goes on on the next line."""
        if not self.quoted_printable:
            return False
        last = next((p for p in reversed(self.parts) if p), b"")
        return last.rstrip(b" \t").endswith(b"=")

    def join_soft_break(self, piece: bytes) -> None:
        """Drop the ``=`` of a soft line break and add the next line as it is."""
        while not self.parts[-1]:
            self.parts.pop()
        self.parts[-1] = self.parts[-1].rstrip(b" \t")[:-1]
        self.parts.append(piece)

    def name(self) -> bytes:
        """The property name in upper case, without a group (``b""`` if unclear)."""
        head = self.parts[0].split(b":", 1)[0].split(b";", 1)[0]
        return head.rsplit(b".", 1)[-1].strip().upper()


@dataclass(slots=True)
class RawCard:
    """One card as found in the file, before its values are decoded.

    Attributes:
        number: 1-based position of the card in the file.
        line: 1-based line number of its BEGIN:VCARD.
        lines: Its content lines, BEGIN and END left out.
        complete: False when END:VCARD is missing.
        odd_line_ends: Some of its lines end in CR CR LF or a lone CR.
        ignored: Line numbers of the ``#`` comment lines left out.
        comments: How many of those there were.
    """

    number: int
    line: int
    lines: list[LogicalLine] = field(default_factory=list)
    complete: bool = False
    odd_line_ends: bool = False
    ignored: list[int] = field(default_factory=list)
    comments: int = 0


def _is(line: bytes, marker: bytes) -> bool:
    """Whether a physical line is BEGIN:VCARD / END:VCARD (any case, blanks around)."""
    return len(line) < 40 and line.strip().upper() == marker


def split_cards(data: bytes) -> Iterator[RawCard]:
    """The cards of a file, in order, with their content lines unfolded.

    Lines outside BEGIN:VCARD ... END:VCARD are skipped.

    Args:
        data: The whole file in an ASCII-compatible encoding (UTF-16 already
            converted to UTF-8 by the caller).

    Yields:
        One :class:`RawCard` per BEGIN:VCARD at the top level, also those
        without END:VCARD (``complete`` is then False).
    """
    parts = _SEPARATED.split(data)
    lines = parts[0::2]
    ends = parts[1::2]
    count = len(lines)
    number = 0
    index = 0
    while index < count:
        if not _is(lines[index], _BEGIN):
            index += 1
            continue
        number += 1
        card = RawCard(number, index + 1)
        index = _fill(card, lines, ends, index + 1)
        yield card


def _fill(card: RawCard, lines: list[bytes], ends: list[bytes], index: int) -> int:
    """Read the card's lines from ``index``; return the index after its END:VCARD.

    Without END:VCARD the card stops before the next BEGIN:VCARD (which starts
    the next card) or at the end of the file, and ``card.complete`` stays False.
    """
    pending: LogicalLine | None = None
    count = len(lines)
    while index < count:
        raw = lines[index]
        if index < len(ends) and ends[index] not in (b"\r\n", b"\n"):
            card.odd_line_ends = True
        boundary = _is(raw, _END) or _is(raw, _BEGIN)
        if pending is not None and not boundary and pending.soft_break():
            # Quoted-printable soft line break: the '=' goes, the next line is value.
            pending.join_soft_break(raw)
            index += 1
            continue
        if pending is not None and raw[:1] in (b" ", b"\t"):
            pending.append(raw[1:])
            index += 1
            continue
        if pending is not None and pending.binary and _BASE64_LINE.fullmatch(raw):
            index += 1  # vCard 2.1 base64 written without the folding space
            continue
        if pending is not None:
            card.lines.append(pending)
            pending = None
        stripped = raw.strip()
        if not stripped:
            index += 1
        elif _is(raw, _END):
            card.complete = True
            return index + 1
        elif _is(raw, _BEGIN):
            if card.lines and card.lines[-1].name() == b"AGENT" and _empty_value(card.lines[-1]):
                index = _skip_nested(lines, index)
                continue
            return index  # END:VCARD is missing; this BEGIN starts the next card
        elif stripped.startswith(b"#"):
            card.ignored.append(index + 1)
            card.comments += 1
            index += 1
        else:
            pending = LogicalLine.start(index + 1, stripped if raw[:1] in b" \t" else raw)
            index += 1
    if pending is not None:
        card.lines.append(pending)
    return index


def _empty_value(line: LogicalLine) -> bool:
    return len(line.parts) == 1 and line.parts[0].rstrip().endswith(b":")


def _skip_nested(lines: list[bytes], index: int) -> int:
    """Skip an embedded card (2.1 AGENT) from its BEGIN line; return the index after its END."""
    depth = 0
    while index < len(lines):
        if _is(lines[index], _BEGIN):
            depth += 1
        elif _is(lines[index], _END):
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index
