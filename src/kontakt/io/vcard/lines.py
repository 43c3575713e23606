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

The file is walked line by line without splitting it into a list first, and
what a card keeps is capped, so that memory stays a small multiple of the
file's size whatever it holds (a 48 MB file of folded lines took 3.3 GB when
every line was kept): a text line may hold at most :data:`MAX_LINE_BYTES`
once unfolded (binary values, never read, are cut there), a card at most
:data:`MAX_CARD_BYTES`, and the file at most :data:`MAX_FILE_LINES` lines;
past any of them :class:`OversizedVCard` is raised and the file is not read
(no real address book comes near them). Of the ``#`` comment lines, the
first :data:`KEPT_IGNORED` numbers are kept and the rest counted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from kontakt.io.importers.raw import format_count

__all__ = [
    "MAX_CARD_BYTES",
    "MAX_FILE_LINES",
    "MAX_LINE_BYTES",
    "LogicalLine",
    "OversizedVCard",
    "RawCard",
    "split_cards",
]

MAX_LINE_BYTES = 256 * 1024
"""Most bytes one unfolded content line may hold (a NOTE of 256 KB is far beyond real cards)."""

MAX_CARD_BYTES = 1024 * 1024
"""Most bytes of content lines one card may keep (each line also counts 64 bytes)."""

MAX_FILE_LINES = 5_000_000
"""Most physical lines in one file (a 50 MB file of real cards has about 2 million)."""

KEPT_IGNORED = 10
"""How many line numbers of ignored lines a card keeps (the message shows ten)."""

_LINE_COST = 64
_PIECE_COST = 32
_WINDOW = 1024 * 1024
# Where a window may end: after LF, after a lone CR, or inside an absurd run of CRs.
_SAFE_END = re.compile(rb"\n|\r(?=[^\r\n])|\r{4096}")

_SEPARATED = re.compile(rb"(\r*\n|\r)")
_BEGIN = b"BEGIN:VCARD"
_END = b"END:VCARD"
_QP = b"QUOTED-PRINTABLE"
_BINARY = frozenset({b"PHOTO", b"LOGO", b"SOUND", b"KEY"})
_BASE64_LINE = re.compile(rb"[A-Za-z0-9+/]+=*[ \t]*")


class OversizedVCard(Exception):
    """A card or file over the limits of this module.

    Attributes:
        card: 1-based number of the card (0 when the whole file is meant).
        line: 1-based line number where the limit was passed.
        what: Which limit, in Norwegian, e.g. «en linje er over 256 KB».
    """

    def __init__(self, card: int, line: int, what: str) -> None:
        super().__init__(what)
        self.card = card
        self.line = line
        self.what = what


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
    size: int = 0
    too_long: bool = False

    @classmethod
    def start(cls, number: int, data: bytes) -> LogicalLine:
        """A content line beginning on line ``number``."""
        head = data[:MAX_LINE_BYTES].split(b":", 1)[0]
        name = head.split(b";", 1)[0].rsplit(b".", 1)[-1].strip().upper()
        line = cls(number, [], _QP in head.upper(), name in _BINARY)
        line.parts.append(line._kept(data))
        return line

    def _kept(self, piece: bytes) -> bytes:
        """What of ``piece`` fits under MAX_LINE_BYTES (a binary value is cut there).

        Raises:
            OversizedVCard: A text line is longer (its card number left 0).
        """
        room = MAX_LINE_BYTES - self.size
        if len(piece) + _PIECE_COST > room:
            if not self.binary:
                raise OversizedVCard(
                    0, self.number, f"en linje er over {MAX_LINE_BYTES // 1024} KB"
                )
            piece = piece[: max(room, 0)]
            self.too_long = True
        self.size += len(piece) + _PIECE_COST
        return piece

    @property
    def data(self) -> bytes:
        """The unfolded line: name, parameters, colon and value (a quoted-printable
        value with its soft line breaks removed but not yet decoded)."""
        return b"".join(self.parts)

    def append(self, piece: bytes) -> None:
        """Add a folded continuation (without its leading space)."""
        if not self.binary and not self.too_long:
            self.parts.append(self._kept(piece))

    def soft_break(self) -> bool:
        """Whether a quoted-printable value ends with ``=``: it goes on on the next line."""
        if not self.quoted_printable:
            return False
        last = next((p for p in reversed(self.parts) if p), b"")
        return last.rstrip(b" \t").endswith(b"=")

    def join_soft_break(self, piece: bytes) -> None:
        """Drop the ``=`` of a soft line break and add the next line as it is."""
        while len(self.parts) > 1 and not self.parts[-1]:
            self.parts.pop()
        self.parts[-1] = self.parts[-1].rstrip(b" \t")[:-1]
        if not self.too_long:
            self.parts.append(self._kept(piece))

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
        ignored: Line numbers of the first ``#`` comment lines left out
            (at most :data:`KEPT_IGNORED`).
        comments: How many of those there were.
    """

    number: int
    line: int
    lines: list[LogicalLine] = field(default_factory=list)
    complete: bool = False
    odd_line_ends: bool = False
    ignored: list[int] = field(default_factory=list)
    comments: int = 0
    size: int = 0

    def keep(self, line: LogicalLine) -> None:
        """Keep a finished content line.

        Raises:
            OversizedVCard: The line or the card is over its limit.
        """
        self.size += line.size + _LINE_COST
        if self.size > MAX_CARD_BYTES:
            raise OversizedVCard(
                self.number, line.number, f"kortet er over {MAX_CARD_BYTES // 2**20} MB tekst"
            )
        self.lines.append(line)


def _is(line: bytes, marker: bytes) -> bool:
    """Whether a physical line is BEGIN:VCARD / END:VCARD (any case, blanks around)."""
    return len(line) < 40 and line.strip().upper() == marker


class _Lines:
    """The physical lines of the data with their line ends, one at a time, with a look-ahead.

    The data is split a window of about :data:`_WINDOW` bytes at a time, so
    that a file of millions of tiny lines never becomes one list of them.
    """

    def __init__(self, data: bytes) -> None:
        self._data = data
        self._position = 0
        self._lines: list[bytes] = []
        self._ends: list[bytes] = []
        self._at = 0
        self.index = 0
        """0-based number of the line :meth:`peek` shows."""

    def _load(self) -> bool:
        data, start = self._data, self._position
        if start > len(data):
            return False
        stop = min(start + _WINDOW, len(data))
        if stop < len(data):  # end the window with a whole line end
            match = _SAFE_END.search(data, stop)
            stop = match.end() if match else len(data)
        parts = _SEPARATED.split(data[start:stop])
        if stop < len(data):
            parts.pop()  # the window ends with a line end: drop the empty tail
            self._position = stop
        else:
            self._position = len(data) + 1
            parts.append(b"")
        self._lines, self._ends, self._at = parts[0::2], parts[1::2], 0
        return True

    def peek(self) -> tuple[bytes, bytes] | None:
        """(line, its end) of the current line (``b""`` ends the last); ``None`` after it."""
        if self._at >= len(self._lines) and not self._load():
            return None
        return self._lines[self._at], self._ends[self._at]

    def advance(self) -> None:
        """Go on to the next line.

        Raises:
            OversizedVCard: The file has more than MAX_FILE_LINES lines.
        """
        self._at += 1
        self.index += 1
        if self.index > MAX_FILE_LINES:
            raise OversizedVCard(
                0, self.index, f"fila har over {format_count(MAX_FILE_LINES)} linjer"
            )


def split_cards(data: bytes) -> Iterator[RawCard]:
    """The cards of a file, in order, with their content lines unfolded.

    Lines outside BEGIN:VCARD ... END:VCARD are skipped.

    Args:
        data: The whole file in an ASCII-compatible encoding (UTF-16 already
            converted to UTF-8 by the caller).

    Yields:
        One :class:`RawCard` per BEGIN:VCARD at the top level, also those
        without END:VCARD (``complete`` is then False).

    Raises:
        OversizedVCard: A line, a card or the file is over its limit.
    """
    lines = _Lines(data)
    number = 0
    while (current := lines.peek()) is not None:
        if not _is(current[0], _BEGIN):
            lines.advance()
            continue
        number += 1
        card = RawCard(number, lines.index + 1)
        lines.advance()
        try:
            _fill(card, lines)
        except OversizedVCard as exc:
            exc.card = exc.card or number
            raise
        yield card


def _fill(card: RawCard, lines: _Lines) -> None:
    """Read the card's lines up to and with its END:VCARD.

    Without END:VCARD the card stops before the next BEGIN:VCARD (which starts
    the next card) or at the end of the file, and ``card.complete`` stays False.
    """
    pending: LogicalLine | None = None
    while (current := lines.peek()) is not None:
        raw, end = current
        number = lines.index + 1
        if end and end not in (b"\r\n", b"\n"):
            card.odd_line_ends = True
        boundary = _is(raw, _END) or _is(raw, _BEGIN)
        if pending is not None and not boundary and pending.soft_break():
            # Quoted-printable soft line break: the '=' goes, the next line is value.
            pending.join_soft_break(raw)
            lines.advance()
            continue
        if pending is not None and raw[:1] in (b" ", b"\t"):
            pending.append(raw[1:])
            lines.advance()
            continue
        if pending is not None and pending.binary and _BASE64_LINE.fullmatch(raw):
            lines.advance()  # vCard 2.1 base64 written without the folding space
            continue
        if pending is not None:
            card.keep(pending)
            pending = None
        stripped = raw.strip()
        if not stripped:
            lines.advance()
        elif _is(raw, _END):
            card.complete = True
            lines.advance()
            return
        elif _is(raw, _BEGIN):
            if card.lines and card.lines[-1].name() == b"AGENT" and _empty_value(card.lines[-1]):
                _skip_nested(lines)
                continue
            return  # END:VCARD is missing; this BEGIN starts the next card
        elif stripped.startswith(b"#"):
            if len(card.ignored) < KEPT_IGNORED:
                card.ignored.append(number)
            card.comments += 1
            lines.advance()
        else:
            pending = LogicalLine.start(number, stripped if raw[:1] in b" \t" else raw)
            lines.advance()
    if pending is not None:
        card.keep(pending)


def _empty_value(line: LogicalLine) -> bool:
    return len(line.parts) == 1 and line.parts[0].rstrip().endswith(b":")


def _skip_nested(lines: _Lines) -> None:
    """Skip an embedded card (2.1 AGENT) from its BEGIN line to the line after its END."""
    depth = 0
    while (current := lines.peek()) is not None:
        if _is(current[0], _BEGIN):
            depth += 1
        elif _is(current[0], _END):
            depth -= 1
            if depth == 0:
                lines.advance()
                return
        lines.advance()
