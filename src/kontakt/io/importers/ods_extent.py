"""How much an .ods would take in python-calamine, measured before calamine opens it.

calamine reads every sheet of an .ods as soon as the file is opened. It
stores each ``<table:table-row>`` as written, a cell repeated
``table:number-columns-repeated`` times as that many copies, then expands the
rows repeated ``table:number-rows-repeated`` times into a grid, once for the
values and once for the formulas, and only then refuses grids over 100
million cells: a 1.4 KB file took 6 GB on the way. A ``<text:s text:c="N"/>``
becomes N spaces in the cell's text, copied into every repeat.

So ``content.xml`` is walked here with expat, in the same unpacking pass as the
zip checks (:mod:`~kontakt.io.importers.zipcheck`, which has already refused
DTDs; the parser here refuses them too), and for every sheet this counts:

* the area from A1 to the last non-empty cell, repeats included (a cell is
  non-empty when it has a value or formula attribute, or is of type string),
  all sheets together, at most :data:`~kontakt.io.importers.raw.ODS_MAX_CELLS`.
  Trailing empty repeats, which LibreOffice writes to the end of every
  sheet, cost nothing;
* the text the cells would hold, every repeat counted, at most
  :data:`~kontakt.io.importers.raw.MAX_SHEET_TEXT`;

and the two share one budget
(:func:`~kontakt.io.importers.raw.over_budget`).

Elements are matched by local name whatever their prefix, and cells and rows
at any depth are counted, a row for every table it is in and a cell for every
row it is in (calamine may take the rows and cells of a table nested in a
cell as the outer table's), so that nothing calamine could read is missed.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.parsers import expat

from kontakt.io.importers.raw import ODS_MAX_CELLS, over_budget, too_much_text, too_wide
from kontakt.io.importers.safety import corrupt
from kontakt.io.importers.xlsx_parts import member_key
from kontakt.io.importers.zipcheck import MemberScanner, ScannerFactory, suspicious

_MAX_ROWS = 1_048_576
_MAX_COLUMNS = 16_384
_TEXTS = frozenset({"string-value", "date-value", "time-value", "formula"})
"""Attributes whose text calamine keeps in the cell (numbers and booleans are not text)."""
_VALUE_ATTRIBUTES = frozenset(
    {"value", "string-value", "date-value", "time-value", "boolean-value", "formula"}
)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _repeats(attributes: dict[str, str], local: str) -> int:
    """A repeat count as calamine parses it (an unreadable one makes calamine fail)."""
    for key, value in attributes.items():
        if _local(key) == local:
            text = value.strip().removeprefix("+")
            return int(text[:15]) if text.isdigit() else 1
    return 1


@dataclass
class _Table:
    name: str
    rows: int = 0
    last_row: int = 0
    last_column: int = 0


@dataclass
class _Row:
    tables: list[_Table]
    repeats: int
    position: int = 0
    last_column: int = 0


@dataclass
class _Cell:
    repeats: int
    text: int
    row_repeats: int
    filled: bool


class OdsMeasure:
    """Walks one ``content.xml`` (a :class:`~kontakt.io.importers.zipcheck.MemberScanner`).

    Raises :class:`~kontakt.io.importers.raw.ImportRefused` as soon as the
    sheets seen so far are over a limit, naming the sheet.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._tables: list[_Table] = []
        self._rows: list[_Row] = []
        self._cells: list[_Cell] = []
        self._done_cells = 0
        self._text = 0
        self._parser = expat.ParserCreate()
        self._parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self._parser.StartDoctypeDeclHandler = self._refuse_doctype
        self._parser.EntityDeclHandler = self._refuse_doctype
        self._parser.StartElementHandler = self._start
        self._parser.EndElementHandler = self._end
        self._parser.CharacterDataHandler = self._characters

    def feed(self, data: bytes) -> None:
        """Parse the next piece of ``content.xml``."""
        try:
            self._parser.Parse(data, False)
        except expat.ExpatError as exc:
            raise corrupt(self._path, "ugyldig XML i content.xml") from exc

    def close(self) -> None:
        """Finish parsing and check the last sheet."""
        try:
            self._parser.Parse(b"", True)
        except expat.ExpatError as exc:
            raise corrupt(self._path, "ugyldig XML i content.xml") from exc
        while self._tables:
            self._close_table()

    def _refuse_doctype(self, *args: object) -> None:
        raise suspicious(
            self._path, "content.xml inneholder en DTD (et kjent angrep mot XML-lesere)"
        )

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "table":
            names = [value for key, value in attributes.items() if _local(key) == "name"]
            self._tables.append(_Table(names[0] if names else ""))
        elif local == "table-row" and self._tables:
            # A row counts for every open table: calamine may take the rows of a table
            # nested in a cell as rows of the outer one (a nested end tag ends its cell).
            asked = _repeats(attributes, "number-rows-repeated")
            repeats = 0
            for table in self._tables:
                added = max(min(asked, _MAX_ROWS - table.rows), 0)
                table.rows += added
                repeats = max(repeats, added)
            self._rows.append(_Row(list(self._tables), repeats))
        elif local in ("table-cell", "covered-table-cell") and self._rows:
            self._start_cell(attributes)
        elif local == "s":
            self._add_text(_repeats(attributes, "c"))
        elif local == "p":
            self._add_text(1)  # the line break between paragraphs

    def _start_cell(self, attributes: dict[str, str]) -> None:
        repeats = _repeats(attributes, "number-columns-repeated")
        filled = any(
            _local(key) in _VALUE_ATTRIBUTES or (_local(key) == "value-type" and value == "string")
            for key, value in attributes.items()
        )
        row_repeats = max(row.repeats for row in self._rows)
        for row in self._rows:
            start = row.position
            row.position = min(row.position + repeats, _MAX_COLUMNS)
            if filled and start < _MAX_COLUMNS:  # calamine drops cells past the last column
                row.last_column = max(row.last_column, row.position, start + 1)
                for table in row.tables:
                    self._check(table, table.rows, max(table.last_column, row.last_column))
        text = sum(len(value) for key, value in attributes.items() if _local(key) in _TEXTS)
        self._cells.append(_Cell(min(repeats, _MAX_COLUMNS), text, row_repeats, filled))

    def _add_text(self, length: int) -> None:
        for cell in self._cells:  # an outer cell's text takes in what nested ones hold
            cell.text += length

    def _characters(self, data: str) -> None:
        self._add_text(len(data))

    def _end(self, name: str) -> None:
        local = _local(name)
        if local in ("table-cell", "covered-table-cell") and self._cells:
            cell = self._cells.pop()
            if cell.filled and cell.text:
                self._text += cell.text * cell.repeats * (1 + cell.row_repeats)
                area = sum(table.last_row * table.last_column for table in self._tables)
                if over_budget(self._done_cells + area, ODS_MAX_CELLS, self._text):
                    raise too_much_text(self._path, self._tables[-1].name if self._tables else "")
        elif local == "table-row" and self._rows:
            row = self._rows.pop()
            if row.last_column:
                for table in row.tables:
                    table.last_row = table.rows
                    table.last_column = max(table.last_column, row.last_column)
                    self._check(table, table.last_row, table.last_column)
        elif local == "table" and self._tables:
            self._close_table()

    def _close_table(self) -> None:
        table = self._tables.pop()
        self._done_cells += table.last_row * table.last_column
        table.last_row = table.last_column = 0

    def _check(self, table: _Table, rows: int, columns: int) -> None:
        """Refuse when the sheets so far, this one reaching ``rows`` x ``columns``, are too big."""
        if over_budget(self._done_cells + rows * columns, ODS_MAX_CELLS, self._text):
            raise too_wide(self._path, table.name, rows, columns)


def scanner_for_ods(path: Path) -> ScannerFactory:
    """The ``scanner_for`` argument of the zip checks for an .ods: ``content.xml`` is measured."""

    def scanner_for(info: zipfile.ZipInfo) -> MemberScanner | None:
        return OdsMeasure(path) if member_key(info.filename) == "content.xml" else None

    return scanner_for
