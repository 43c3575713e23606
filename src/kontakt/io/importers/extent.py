"""How far each worksheet of an .xlsx reaches, measured before python-calamine loads it.

python-calamine builds a dense grid spanning every cell it finds, and for the
.xlsx format it does not refuse a huge one: a 2 KB file with one cell in
XFD1048576 makes it ask for 512 GB and abort the whole process. It also gives
every cell that points into the shared strings table its own copy of the
text. So every member of the package is measured while
:mod:`~kontakt.io.importers.zipcheck` unpacks it anyway, whatever it is
called (a sheet may live in ``xl/other/sheet1.xml``: which member holds which
sheet is worked out afterwards, see :mod:`~kontakt.io.importers.xlsx_parts`):

* Fast path, for the usual form (Excel, LibreOffice, openpyxl): every
  ``<row>`` and ``<c>`` starts with ``r="..."``, no namespace prefixes, every
  attribute written ``name="value"``. Byte counts confirm that form, and two
  regular expressions find references with column letters past Z or row
  numbers of six digits or more. That gives an upper bound of the grid at
  about 25 % of calamine's own reading time, and the number of cells of type
  ``s`` (shared text).
* Exact path, when that bound is over the budget
  (:func:`~kontakt.io.importers.raw.over_budget`): every reference is read,
  and the shared text each ``s`` cell points at is added up.
* Careful path, for any other form (prefixes, attributes in another order or
  quoting, cells without a reference, UTF-16): the member is walked with
  expat, counting positions the way calamine does.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from kontakt.io.importers.raw import MAX_CELLS, ROW_CELLS, column_index, over_budget
from kontakt.io.importers.safety import corrupt, unreadable
from kontakt.io.importers.shared_strings import SharedStrings, referenced_bytes
from kontakt.io.importers.xlsx_parts import (
    PackageParts,
    PartCollector,
    is_kept_part,
    is_shared_strings,
    member_key,
)
from kontakt.io.importers.zipcheck import MemberScanner, member_chunks

_WIDE_COLUMN = re.compile(rb'r="([A-Za-z]{2,})[0-9]')
_HIGH_ROW = re.compile(rb'r="[A-Za-z]*([0-9]{6,})"')
_ANY_COLUMN = re.compile(rb'r="([A-Za-z]+)[0-9]')
_ANY_ROW = re.compile(rb'r="[A-Za-z]*([0-9]+)"')
_SHARED_CELL = re.compile(rb' t="s"[^>]*>\s*<v>([0-9]{1,18})</v>')
# Signs of another form than the usual one: a namespace prefix on a cell, row, value or
# sheetData element; an attribute in single quotes or with blanks around its '='. Both
# patterns start with a literal character, so the search skips ahead between colons and
# equals signs. Text that happens to hold them only sends the member the careful way.
_PREFIXED = re.compile(rb":(?:c|row|v)[ >/\t\n\r]|:sheetData")
_ODD_ATTRIBUTE = re.compile(rb"""=(?:(?<=[ \t\n\r]=)|[' \t\n\r])""")
_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]*)")
_OTHER_C_TAGS = (b"<co", b"<cf", b"<ch", b"<cu", b"<ce")
_HUGE = 10**9
_MAX_TAG = 1024 * 1024


def _row_number(digits: bytes) -> int:
    return _HUGE if len(digits) > 9 else int(digits)


def _column_count(letters: bytes) -> int:
    return _HUGE if len(letters) > 4 else column_index(letters.decode("ascii")) + 1


@dataclass
class Extent:
    """What a worksheet member holds, as upper bounds.

    Attributes:
        rows: Rows reached, counted from row 1.
        columns: Columns reached, counted from column A.
        standard: The member is in the usual form (see the module docstring).
        shared: Cells of type ``s`` (fast path count).
        text: Bytes of shared text the cells would hold (known once measured).
        exact: Rows, columns and text are measured exactly.
    """

    rows: int = 0
    columns: int = 0
    standard: bool = True
    shared: int = 0
    text: int = 0
    exact: bool = False

    @property
    def cells(self) -> int:
        """The area calamine would allocate, at most."""
        return self.rows * self.columns


class _FastScanner:
    """Measures one member on the fast path (see the module docstring)."""

    def __init__(self, extent: Extent) -> None:
        self._extent = extent
        self._carry = b""
        self._rows = 99_999
        self._columns = 26
        self._started = False

    def feed(self, data: bytes) -> None:
        if not self._started:
            self._started = True
            head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:2]
            if not head.startswith(b"<") or b"\x00" in head:
                self._extent.standard = False  # UTF-16, or text before the root
        if not self._extent.standard:
            return
        buffer = self._carry + data
        cut = buffer.rfind(b">") + 1
        if cut == 0:
            if len(buffer) >= _MAX_TAG:
                self._extent.standard = False  # a megabyte without '>': not the usual form
            self._carry = buffer
            return
        segment, self._carry = buffer[:cut], buffer[cut:]
        self._measure(segment)

    def _measure(self, segment: bytes) -> None:
        if not self._extent.standard:
            return
        cells = segment.count(b"<c")
        referenced = segment.count(b'<c r="')
        rows = segment.count(b"<row")
        if (
            (cells != referenced and cells - sum(map(segment.count, _OTHER_C_TAGS)) != referenced)
            or rows != segment.count(b'<row r="') + segment.count(b"<rowB")
            or _PREFIXED.search(segment)
            or _ODD_ATTRIBUTE.search(segment)
        ):
            self._extent.standard = False
            return
        self._extent.shared += segment.count(b' t="s"')
        for letters in set(_WIDE_COLUMN.findall(segment)):
            self._columns = max(self._columns, _column_count(letters))
        for digits in set(_HIGH_ROW.findall(segment)):
            self._rows = max(self._rows, _row_number(digits))

    def close(self) -> None:
        if self._carry.strip():
            self._measure(self._carry)
        self._carry = b""
        self._extent.rows = self._rows
        self._extent.columns = self._columns


class _Several:
    """Feeds one member to several scanners."""

    def __init__(self, scanners: list[MemberScanner]) -> None:
        self._scanners = scanners

    def feed(self, data: bytes) -> None:
        for scanner in self._scanners:
            scanner.feed(data)

    def close(self) -> None:
        for scanner in self._scanners:
            scanner.close()


@dataclass
class _Member:
    info: zipfile.ZipInfo
    key: str
    extent: Extent


@dataclass
class WorkbookExtents:
    """Measures every member of an .xlsx while the zip checks unpack it.

    Use :meth:`scanner_for` as the ``scanner_for`` argument, then
    :meth:`finish`, then :meth:`extent_of` for each sheet before it is loaded.
    """

    path: Path
    members: list[_Member] = field(default_factory=list)
    parts: PackageParts = field(default_factory=PackageParts)
    strings: list[tuple[str, SharedStrings]] = field(default_factory=list)
    sheet_members: dict[str, set[str]] = field(default_factory=dict)
    lengths: array[int] = field(default_factory=lambda: array("Q"))

    def scanner_for(self, info: zipfile.ZipInfo) -> MemberScanner | None:
        """The scanner for one zip member: every member is measured."""
        key = member_key(info.filename)
        extent = Extent()
        self.members.append(_Member(info, key, extent))
        scanners: list[MemberScanner] = []
        if is_shared_strings(key):
            # Measured as a table; should a sheet point at it, it goes the careful way.
            extent.standard = False
            table = SharedStrings(self.path, info)
            self.strings.append((key, table))
            scanners.append(table)
        else:
            scanners.append(_FastScanner(extent))
        if is_kept_part(key):
            scanners.append(PartCollector(self.path, self.parts, key))
        return _Several(scanners)

    def finish(self, infos: list[zipfile.ZipInfo]) -> None:
        """Work out which members hold which sheet, and which shared strings calamine uses."""
        del infos  # every member was seen through scanner_for
        self.sheet_members = self.parts.sheet_members()
        wanted = self.parts.shared_strings_members()
        tables = [table for key, table in self.strings if key in wanted]
        lengths = array("Q")
        for table in tables or [table for _, table in self.strings]:
            for index, length in enumerate(table.lengths):
                if index < len(lengths):
                    lengths[index] = max(lengths[index], length)
                else:
                    lengths.append(length)
        self.lengths = lengths

    def extent_of(self, sheet: str) -> Extent | None:
        """What the named sheet holds at most: its own member(s), or every member if unknown."""
        keys = self.sheet_members.get(sheet, set())
        chosen = [member for member in self.members if member.key in keys]
        if not chosen:
            chosen = self.members
        if not chosen:
            return None
        combined = Extent(exact=True)
        for member in chosen:
            extent = self._complete(member)
            combined.rows = max(combined.rows, extent.rows)
            combined.columns = max(combined.columns, extent.columns)
            combined.text = max(combined.text, extent.text)
        return combined

    def _complete(self, member: _Member) -> Extent:
        """Measure one member exactly where the fast bound is over a limit."""
        extent = member.extent
        if extent.exact:
            return extent
        longest = max(self.lengths, default=0)
        if not extent.standard:
            self._measure_carefully(member.info, extent)
        else:
            extent.text = extent.shared * longest
            if over_budget(extent.cells + ROW_CELLS * extent.rows, MAX_CELLS, extent.text):
                self._measure_exactly(member.info, extent)
        extent.exact = True
        return extent

    def _pieces(self, info: zipfile.ZipInfo) -> Iterator[bytes]:
        try:
            with self.path.open("rb") as handle:
                yield from member_chunks(self.path, handle, info)
        except OSError as exc:
            raise unreadable(self.path, exc) from exc

    def _measure_exactly(self, info: zipfile.ZipInfo, extent: Extent) -> None:
        rows, columns, text, matched, carry = 0, 0, 0, 0, b""
        for piece in self._pieces(info):
            buffer = carry + piece
            cut = buffer.rfind(b"</c>") + 4  # whole cells, so that a value stays with its type
            if cut < 4:
                cut = buffer.rfind(b">") + 1
            segment, carry = buffer[:cut], buffer[cut:]
            for letters in set(_ANY_COLUMN.findall(segment)):
                columns = max(columns, _column_count(letters))
            for digits in set(_ANY_ROW.findall(segment)):
                rows = max(rows, _row_number(digits))
            found = [int(index) for index in _SHARED_CELL.findall(segment)]
            matched += len(found)
            text += referenced_bytes(self.lengths, found)
        extent.rows, extent.columns, extent.text = rows, columns, text
        if matched != extent.shared:  # a shared-text cell in another form: count every one
            self._measure_carefully(info, extent)

    def _measure_carefully(self, info: zipfile.ZipInfo, extent: Extent) -> None:
        walk = _CarefulWalk(self.lengths)
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = walk.start
        parser.EndElementHandler = walk.end
        parser.CharacterDataHandler = walk.characters
        parser.StartDoctypeDeclHandler = walk.doctype  # a part not named .xml escaped the DTD check
        try:
            for piece in self._pieces(info):
                parser.Parse(piece, False)
            parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise corrupt(self.path, f"ugyldig XML i «{info.filename}»") from exc
        extent.rows, extent.columns, extent.text = walk.rows, walk.columns, walk.text


class _CarefulWalk:
    """Counts positions and shared text the way calamine reads cells, element by element."""

    def __init__(self, lengths: array[int]) -> None:
        self._lengths = lengths
        self.row = 0
        self.column = 0
        self.rows = 0
        self.columns = 0
        self.text = 0
        self._shared = False
        self._value: list[str] | None = None

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(" ")[2]
        if local == "row":
            number = attributes.get("r", "")
            self.row = _row_number(number.encode()) if number.isdigit() else self.row + 1
            self.column = 0
        elif local == "c":
            match = _REFERENCE.fullmatch(attributes.get("r", ""))
            if match and match.group(1) and match.group(2):
                self.column = _column_count(match.group(1).encode())
                self.row = max(self.row, _row_number(match.group(2).encode()))
            else:
                self.column += 1
            self.rows = max(self.rows, self.row)
            self.columns = max(self.columns, self.column)
            self._shared = attributes.get("t") == "s"
        elif local == "v" and self._shared:
            self._value = []

    def doctype(self, *args: object) -> None:
        raise expat.ExpatError("DTD")

    def characters(self, data: str) -> None:
        if self._value is not None and len(self._value) < 64:
            self._value.append(data)

    def end(self, name: str) -> None:
        local = name.rpartition(" ")[2]
        if local == "v" and self._value is not None:
            digits = "".join(self._value).strip()
            self._value = None
            if digits.isdigit() and len(digits) < 19:
                self.text += referenced_bytes(self._lengths, [int(digits)])
        elif local == "c":
            self._shared = False
