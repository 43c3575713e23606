"""How far each worksheet of an .xlsx reaches, measured before python-calamine loads it.

python-calamine builds a dense grid spanning every cell it finds, and for the
.xlsx format it does not refuse a huge one: a 10 KB file with one cell in
XFD1048576 makes it ask for 512 GB and abort the whole process. So the
worksheet XML is measured first, while :mod:`~kontakt.io.importers.safety`
unpacks it anyway:

* Fast path, for worksheets where every ``<row>`` and ``<c>`` element starts
  with an ``r="..."`` reference (what Excel, LibreOffice and openpyxl write):
  byte counts confirm that form, and two regular expressions find references
  with column letters past Z or row numbers of six digits or more. That gives
  an upper bound of the grid at about 25 % of calamine's own reading time.
* Exact path, when that upper bound is over the limit: every reference is read.
* Careful path, for other writers (namespace prefixes, attributes in another
  order, cells without a reference): the worksheet is walked with expat,
  counting positions the way calamine does.
"""

from __future__ import annotations

import posixpath
import re
import xml.etree.ElementTree as ElementTree
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat

from kontakt.io.importers.raw import MAX_CELLS, column_index
from kontakt.io.importers.safety import corrupt, unreadable
from kontakt.io.importers.zipcheck import MemberScanner, member_chunks

_WORKSHEET = re.compile(r"xl/worksheets/[^/]+\.xml", re.IGNORECASE)
_WIDE_COLUMN = re.compile(rb'r="([A-Za-z]{2,})[0-9]')
_HIGH_ROW = re.compile(rb'r="[A-Za-z]*([0-9]{6,})"')
_ANY_COLUMN = re.compile(rb'r="([A-Za-z]+)[0-9]')
_ANY_ROW = re.compile(rb'r="[A-Za-z]*([0-9]+)"')
_REFERENCE = re.compile(r"([A-Za-z]*)([0-9]*)")
_HUGE = 10**9
_WORKBOOK_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")
_MAX_WORKBOOK_PART = 16 * 1024 * 1024


def _row_number(digits: bytes) -> int:
    return _HUGE if len(digits) > 9 else int(digits)


def _column_count(letters: bytes) -> int:
    return _HUGE if len(letters) > 4 else column_index(letters.decode("ascii")) + 1


@dataclass
class Extent:
    """Rows and columns a worksheet reaches, counted from A1 (an upper bound)."""

    rows: int = 0
    columns: int = 0
    standard: bool = True

    @property
    def cells(self) -> int:
        """The area calamine would allocate, at most."""
        return self.rows * self.columns


class _FastScanner:
    """Measures one worksheet member on the fast path (see the module docstring)."""

    def __init__(self, extent: Extent) -> None:
        self._extent = extent
        self._carry = b""
        self._rows = 99_999
        self._columns = 26

    def feed(self, data: bytes) -> None:
        buffer = self._carry + data
        cut = buffer.rfind(b">") + 1
        if cut == 0 and len(buffer) < 1024 * 1024:
            self._carry = buffer
            return
        segment, self._carry = (buffer[:cut], buffer[cut:]) if cut else (buffer, b"")
        self._measure(segment)

    def _measure(self, segment: bytes) -> None:
        if not self._extent.standard:
            return
        cells = segment.count(b"<c")
        referenced = segment.count(b'<c r="')
        if cells != referenced:
            others = sum(segment.count(tag) for tag in (b"<co", b"<cf", b"<ch", b"<cu", b"<ce"))
            if cells - others != referenced:
                self._extent.standard = False
                return
        rows = segment.count(b"<row")
        if rows != segment.count(b'<row r="') + segment.count(b"<rowB"):
            self._extent.standard = False
            return
        if b":sheetData" in segment:
            self._extent.standard = False
            return
        for letters in set(_WIDE_COLUMN.findall(segment)):
            self._columns = max(self._columns, _column_count(letters))
        for digits in set(_HIGH_ROW.findall(segment)):
            self._rows = max(self._rows, _row_number(digits))

    def close(self) -> None:
        if self._carry:
            self._measure(self._carry)
            self._carry = b""
        self._extent.rows = self._rows
        self._extent.columns = self._columns


class _PartCollector:
    """Keeps the (small) content of a workbook part."""

    def __init__(self, path: Path, parts: dict[str, bytes], name: str) -> None:
        self._path = path
        self._parts = parts
        self._name = name
        self._pieces: list[bytes] = []
        self._size = 0

    def feed(self, data: bytes) -> None:
        self._size += len(data)
        if self._size > _MAX_WORKBOOK_PART:
            raise corrupt(self._path, "arbeidsbokdelen er unormalt stor")
        self._pieces.append(data)

    def close(self) -> None:
        self._parts[self._name] = b"".join(self._pieces)


@dataclass
class WorkbookExtents:
    """Collects worksheet extents while :func:`~kontakt.io.importers.safety.inspect_zip` runs.

    Use :meth:`scanner_for` as the ``scanner_for`` argument, then
    :meth:`finish`, then :meth:`extent_of`.
    """

    path: Path
    extents: dict[str, Extent] = field(default_factory=dict)
    parts: dict[str, bytes] = field(default_factory=dict)
    sheet_members: dict[str, str] = field(default_factory=dict)

    def scanner_for(self, info: zipfile.ZipInfo) -> MemberScanner | None:
        """The scanner for one zip member, or ``None`` if it is of no interest here."""
        if _WORKSHEET.fullmatch(info.filename):
            extent = self.extents.setdefault(info.filename, Extent())
            return _FastScanner(extent)
        if info.filename in _WORKBOOK_PARTS:
            return _PartCollector(self.path, self.parts, info.filename)
        return None

    def finish(self, infos: list[zipfile.ZipInfo]) -> None:
        """Measure exactly where the fast path was not enough, and map sheet names to parts."""
        by_name = {info.filename: info for info in infos}
        for name, extent in self.extents.items():
            if not extent.standard:
                self._measure_carefully(by_name[name], extent)
            elif extent.cells > MAX_CELLS:
                self._measure_exactly(by_name[name], extent)
        self.sheet_members = self._map_sheets()

    def extent_of(self, sheet: str) -> Extent | None:
        """The extent of the named sheet (the largest of all if the mapping is unknown)."""
        member = self.sheet_members.get(sheet)
        if member is not None and member in self.extents:
            return self.extents[member]
        if not self.extents:
            return None
        return max(self.extents.values(), key=lambda extent: extent.cells)

    def _measure_exactly(self, info: zipfile.ZipInfo, extent: Extent) -> None:
        rows, columns, carry = 0, 0, b""
        try:
            with self.path.open("rb") as handle:
                for piece in member_chunks(self.path, handle, info):
                    buffer = carry + piece
                    cut = buffer.rfind(b">") + 1
                    segment, carry = buffer[:cut], buffer[cut:]
                    for letters in set(_ANY_COLUMN.findall(segment)):
                        columns = max(columns, _column_count(letters))
                    for digits in set(_ANY_ROW.findall(segment)):
                        rows = max(rows, _row_number(digits))
        except OSError as exc:
            raise unreadable(self.path, exc) from exc
        extent.rows, extent.columns = rows, columns

    def _measure_carefully(self, info: zipfile.ZipInfo, extent: Extent) -> None:
        state = {"row": 0, "column": 0, "rows": 0, "columns": 0}

        def start(name: str, attributes: dict[str, str]) -> None:
            local = name.rpartition(" ")[2]
            if local == "row":
                number = attributes.get("r", "")
                if number.isdigit():
                    state["row"] = _row_number(number.encode())
                else:
                    state["row"] += 1
                state["column"] = 0
            elif local == "c":
                match = _REFERENCE.fullmatch(attributes.get("r", ""))
                if match and match.group(1) and match.group(2):
                    state["column"] = _column_count(match.group(1).encode())
                    state["row"] = _row_number(match.group(2).encode())
                else:
                    state["column"] += 1
                state["rows"] = max(state["rows"], state["row"])
                state["columns"] = max(state["columns"], state["column"])

        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = start
        try:
            with self.path.open("rb") as handle:
                for piece in member_chunks(self.path, handle, info):
                    parser.Parse(piece, False)
                parser.Parse(b"", True)
        except OSError as exc:
            raise unreadable(self.path, exc) from exc
        except expat.ExpatError as exc:
            raise corrupt(self.path, f"ugyldig XML i «{info.filename}»") from exc
        extent.rows, extent.columns = state["rows"], state["columns"]

    def _map_sheets(self) -> dict[str, str]:
        """Sheet name -> worksheet part, from xl/workbook.xml and its relationships.

        Both parts passed the DTD check, so the standard library parser is safe
        on them. Any problem leaves the mapping empty (then every sheet is
        judged by the largest worksheet).
        """
        try:
            workbook = ElementTree.fromstring(self.parts[_WORKBOOK_PARTS[0]])
            relations = ElementTree.fromstring(self.parts[_WORKBOOK_PARTS[1]])
        except (KeyError, ElementTree.ParseError):
            return {}
        targets: dict[str, str] = {}
        for element in relations.iter():
            if element.tag.rpartition("}")[2] == "Relationship":
                target = element.get("Target", "")
                if target.startswith("/"):
                    member = target.lstrip("/")
                else:
                    member = posixpath.normpath(posixpath.join("xl", target))
                targets[element.get("Id", "")] = member
        members: dict[str, str] = {}
        for element in workbook.iter():
            if element.tag.rpartition("}")[2] != "sheet":
                continue
            relation = next(
                (value for key, value in element.attrib.items() if key.endswith("}id")), ""
            )
            if relation in targets:
                members[element.get("name", "")] = targets[relation]
        return members
