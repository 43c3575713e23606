"""How long each shared string of an .xlsx can be, measured before python-calamine reads it.

A worksheet cell of type ``s`` points into the shared strings table, and
python-calamine gives every such cell its own copy of the text: a 300 KB file
whose 30,000 cells all point to one 30,000-character string takes 2 GB. So
the table is measured while :mod:`~kontakt.io.importers.zipcheck` unpacks it:

* the ``uniqueCount`` calamine reserves room for must be in proportion to the
  part's size (a 2 KB file claiming 10^12 strings made it abort);
* at most :data:`MAX_SHARED_STRINGS` strings;
* an upper bound of each string's length in bytes: the distance from its
  ``<si`` to the next one (entities and phonetic runs only make the text
  shorter). Parts in another form (namespace prefixes, UTF-16) are walked
  with expat instead, which counts the text itself.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Iterable
from pathlib import Path
from xml.parsers import expat

from kontakt.io.importers.raw import format_count
from kontakt.io.importers.safety import corrupt, unreadable
from kontakt.io.importers.zipcheck import member_chunks, suspicious

MAX_SHARED_STRINGS = 5_000_000
"""Most strings in a shared strings table (calamine keeps each as a Rust String)."""

_UNIQUE_COUNT = re.compile(rb"uniqueCount\s*=\s*[\"']\s*([0-9]+)")
_STRING_START = re.compile(rb"<si[\s/>]")
_PREFIXED = re.compile(rb"<[^\s<>/!?]+:(?:si|sst)[\s/>]")
_ODD = re.compile(rb"<!|<\?")  # comments, CDATA, processing instructions after the first
_CARRY = 64


class SharedStrings:
    """Upper bounds of the lengths of one shared strings part, in bytes, by index."""

    def __init__(self, path: Path, info: zipfile.ZipInfo) -> None:
        self.path = path
        self.info = info
        self.lengths: array[int] = array("Q")
        self.standard = True
        self._offset = 0
        self._last_start: int | None = None
        self._carry = b""
        self._head_checked = False
        self._declaration = 0
        self._counted = False

    @property
    def longest(self) -> int:
        """The longest string's bound (0 for an empty table)."""
        return max(self.lengths, default=0)

    def feed(self, data: bytes) -> None:
        """Measure the next piece of the part."""
        if not self._head_checked:
            self._head_checked = True
            stripped = data.lstrip(b"\xef\xbb\xbf \t\r\n")
            self._declaration = len(data) - len(stripped)
            if not stripped[:2].startswith(b"<") or b"\x00" in stripped[:2]:
                self.standard = False
        buffer = self._carry + data
        base = self._offset - len(self._carry)
        if not self._counted:
            self._check_unique_count(buffer)
        odd_from = max(self._declaration + 1 - base, 0)
        if self.standard and (_PREFIXED.search(buffer) or _ODD.search(buffer, odd_from)):
            self.standard = False
        if self.standard:
            keep = max(len(buffer) - _CARRY, 0)
            for match in _STRING_START.finditer(buffer):
                if match.start() >= keep:
                    break
                self._start(base + match.start())
            self._carry = buffer[keep:]
        self._offset += len(data)

    def close(self) -> None:
        """Measure what is left, then walk the part with expat if it was not in the usual form."""
        if self.standard:
            base = self._offset - len(self._carry)
            for match in _STRING_START.finditer(self._carry):
                self._start(base + match.start())
            self._carry = b""
            if self._last_start is not None:
                self.lengths.append(self._offset - self._last_start)
        else:
            self._walk()

    def _start(self, position: int) -> None:
        if self._last_start is not None:
            self.lengths.append(position - self._last_start)
            if len(self.lengths) > MAX_SHARED_STRINGS:
                raise self._too_many()
        self._last_start = position

    def _too_many(self) -> Exception:
        return suspicious(
            self.path, f"den har over {format_count(MAX_SHARED_STRINGS)} forskjellige tekster"
        )

    def _check_unique_count(self, buffer: bytes) -> None:
        match = _UNIQUE_COUNT.search(buffer)
        if match is None:
            if self._offset > 64 * 1024:
                self._counted = True  # calamine reads it from the <sst> element, near the start
            return
        self._counted = True
        claimed = int(match.group(1)) if len(match.group(1)) < 16 else 10**16
        if claimed > self.info.file_size // 8 + 1024 or claimed > MAX_SHARED_STRINGS:
            raise suspicious(
                self.path,
                f"den oppgir {format_count(min(claimed, 10**15))} tekster i en del på "
                f"{format_count(self.info.file_size)} byte",
            )

    def _walk(self) -> None:
        """Count the text of each ``<si>`` with expat (any prefix, any encoding expat knows)."""
        self.lengths = array("Q")
        depth = {"si": 0, "current": 0}

        def start(name: str, attributes: dict[str, str]) -> None:
            if name.rpartition(" ")[2] == "si":
                depth["si"] += 1
                if depth["si"] == 1:
                    self.lengths.append(0)
                    if len(self.lengths) > MAX_SHARED_STRINGS:
                        raise self._too_many()

        def end(name: str) -> None:
            if name.rpartition(" ")[2] == "si":
                depth["si"] = max(depth["si"] - 1, 0)

        def text(data: str) -> None:
            if depth["si"] and self.lengths:
                self.lengths[-1] += len(data.encode("utf-8", errors="replace"))

        def refuse_doctype(*args: object) -> None:
            raise expat.ExpatError("DTD")

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = text
        parser.StartDoctypeDeclHandler = refuse_doctype
        try:
            with self.path.open("rb") as handle:
                for piece in member_chunks(self.path, handle, self.info):
                    parser.Parse(piece, False)
                parser.Parse(b"", True)
        except OSError as exc:
            raise unreadable(self.path, exc) from exc
        except expat.ExpatError as exc:
            raise corrupt(self.path, "ugyldig XML i tekstlisten") from exc


def referenced_bytes(lengths: array[int], indexes: Iterable[int]) -> int:
    """The text the cells pointing at ``indexes`` would hold (an index past the end holds none)."""
    count = len(lengths)
    return sum(lengths[index] for index in indexes if 0 <= index < count)
