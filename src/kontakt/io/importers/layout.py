"""Finding the header row in a grid of cells and turning the rest into a RawTable.

Header detection (when the caller does not name the header row): among the
first 30 non-empty rows, the header is the first row that

* has at least 2 non-empty cells,
* has more text cells than number or date cells (text that only looks like a
  number or a date counts as a number or a date),
* is followed by another non-empty row, and
* is not less than half as wide as that next row (so a title row such as
  "Medlemsundersøkelse 2025" or a two-cell title above a wide header is
  skipped).

If no row qualifies, the first row meeting the first two conditions is the
header (so that a sheet with only a header is reported as having no rows
below it), and failing that the first non-empty row.

Merged header cells (only where the reader knows merged ranges: .xlsx, .xlsm,
.xls): a header cell merged over several columns gives its text to every
column it covers; the copies are then made unique as "Kontaktinfo",
"Kontaktinfo 2". When the row with the merged cell is directly above another
header-like row that has text under the merged cell and no value that looks
like data (an e-mail address, a number of five digits or more), the two rows
form one header: "Kontaktinfo" over "E-post" and "Telefon" gives
"Kontaktinfo E-post" and "Kontaktinfo Telefon", and a cell merged down over
both rows (or standing alone in the upper row) keeps its own text. The lower
row is then the table's ``header_row``. Merged cells below the header are not
filled in: their value stays in the top-left cell.

Width: the table starts in column A. For a spreadsheet it reaches the last
column that has a header or any data (columns without a header are named
"Kolonne H"); for CSV it has as many columns as the header line has fields,
and cells past that are dropped. Trailing columns without a header and without
any data are dropped in both cases.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from kontakt.io.importers.cells import convert_cell, header_text, is_text, looks_like_data
from kontakt.io.importers.raw import (
    MAX_ROWS,
    ImportRefused,
    RawRow,
    RawTable,
    column_letter,
    format_count,
    place,
    place_in,
)

HEADER_SCAN_ROWS = 30
"""How many non-empty rows from the top are considered as header candidates."""

MergedRange = tuple[tuple[int, int], tuple[int, int]]
"""((first row, first column), (last row, last column)), 0-based and inclusive."""


@dataclass(frozen=True, slots=True)
class _Row:
    number: int
    raw: Sequence[object]
    cells: list[object]

    @property
    def filled(self) -> int:
        return sum(cell is not None for cell in self.cells)


def _prepare(rows: Iterable[tuple[int, Sequence[object]]]) -> Iterator[_Row]:
    """Convert the cells of each row; rows with nothing in them are left out."""
    for number, raw in rows:
        if isinstance(raw, list) and raw.count("") + raw.count(None) == len(raw):
            continue  # quick exit for the blank rows calamine fills gaps with
        cells = [convert_cell(value) for value in raw]
        while cells and cells[-1] is None:
            cells.pop()
        yield _Row(number, raw, cells)


def _headerish(row: _Row) -> bool:
    values = [cell for cell in row.cells if cell is not None]
    texts = sum(is_text(value) for value in values)
    return len(values) >= 2 and texts * 2 > len(values)


class _Merges:
    def __init__(self, ranges: Sequence[MergedRange]) -> None:
        self._ranges = [rng for rng in ranges if rng[0] != rng[1]]

    def at(self, row: int, column: int) -> MergedRange | None:
        for rng in self._ranges:
            (top, left), (bottom, right) = rng
            if top <= row <= bottom and left <= column <= right:
                return rng
        return None

    def horizontal_in(self, row: int) -> list[MergedRange]:
        return [rng for rng in self._ranges if rng[0][0] == row and rng[1][1] > rng[0][1]]


def _is_group_row(upper: _Row, lower: _Row, merges: _Merges) -> bool:
    """Whether ``upper`` is a row of merged group titles above the sub-header row ``lower``."""
    if upper.number != lower.number - 1 or not _headerish(lower):
        return False
    if any(looks_like_data(cell) for cell in lower.cells):
        return False
    for (_, left), (_, right) in merges.horizontal_in(upper.number - 1):
        if any(lower.cells[c] is not None for c in range(left, min(right + 1, len(lower.cells)))):
            return True
    return False


def _cell_text(row: _Row | None, column: int) -> str:
    if row is None or column >= len(row.raw):
        return ""
    return header_text(row.raw[column])


def _header_texts(header: _Row, group: _Row | None, merges: _Merges) -> list[str]:
    """Header text per column, merged cells spread out and a group row combined."""
    index = header.number - 1
    rows_by_index = {index: header}
    if group is not None:
        rows_by_index[index - 1] = group

    def text(row_index: int, column: int) -> tuple[str, MergedRange | None]:
        rng = merges.at(row_index, column)
        if rng is None:
            return _cell_text(rows_by_index.get(row_index), column), None
        (top, left), _ = rng
        return _cell_text(rows_by_index.get(top), left), rng

    widest = max([len(header.raw), len(group.raw) if group else 0])
    texts: list[str] = []
    for column in range(widest):
        lower, lower_range = text(index, column)
        if group is None:
            texts.append(lower)
            continue
        upper, upper_range = text(index - 1, column)
        if upper_range is not None and upper_range == lower_range:
            texts.append(upper)
        else:
            texts.append(" ".join(part for part in (upper, lower) if part))
    while texts and not texts[-1]:
        texts.pop()
    return texts


def _unique(texts: Sequence[str]) -> tuple[str, ...]:
    """Name empty headers after their column and number repeated ones " 2", " 3"."""
    named = [text or f"Kolonne {column_letter(i)}" for i, text in enumerate(texts)]
    taken = {name.casefold() for name in named}
    seen: set[str] = set()
    result: list[str] = []
    for name in named:
        key = name.casefold()
        if key in seen:
            suffix = 2
            while f"{name} {suffix}".casefold() in taken:
                suffix += 1
            name = f"{name} {suffix}"
            key = name.casefold()
            taken.add(key)
        seen.add(key)
        result.append(name)
    return tuple(result)


def _find_header(
    rows: Iterator[_Row], header_row: int | None, merges: _Merges, path: Path, sheet: str
) -> tuple[_Row, _Row | None, list[_Row]]:
    """Return (header row, group row or None, non-empty rows read past the header)."""
    if header_row is not None:
        if header_row < 1:
            raise ImportRefused(
                f"Overskriftsraden må være et radnummer fra 1 og oppover, ikke {header_row}."
            )
        previous: _Row | None = None
        for row in rows:
            if row.number == header_row and row.filled:
                group = previous if previous and _is_group_row(previous, row, merges) else None
                return row, group, []
            if row.number >= header_row:
                break
            previous = row if row.filled else None
        raise ImportRefused(
            f"Rad {header_row} i {place_in(path, sheet)} er tom og kan ikke brukes som "
            "overskriftsrad."
        )
    buffer: list[_Row] = []
    for row in rows:
        if row.filled:
            buffer.append(row)
            if len(buffer) >= HEADER_SCAN_ROWS + 2:
                break
    if not buffer:
        raise ImportRefused(f"{place(path, sheet)} er {'tomt' if sheet else 'tom'}.")
    candidates = [i for i, row in enumerate(buffer[:HEADER_SCAN_ROWS]) if _headerish(row)]
    chosen = next(
        (
            i
            for i in candidates
            if i + 1 < len(buffer) and buffer[i].filled * 2 >= buffer[i + 1].filled
        ),
        candidates[0] if candidates else 0,
    )
    if chosen + 2 < len(buffer) and _is_group_row(buffer[chosen], buffer[chosen + 1], merges):
        return buffer[chosen + 1], buffer[chosen], buffer[chosen + 2 :]
    return buffer[chosen], None, buffer[chosen + 1 :]


def build_table(
    path: Path,
    sheet: str,
    rows: Iterable[tuple[int, Sequence[object]]],
    *,
    header_row: int | None = None,
    merges: Sequence[MergedRange] = (),
    csv_width: bool = False,
) -> RawTable:
    """Find the header and collect the data rows of one sheet or CSV file.

    Args:
        path: The file, for the table and for messages.
        sheet: The sheet's name, ``""`` for CSV.
        rows: ``(1-based row number, raw cell values)`` in order; rows may be
            left out (they count as empty).
        header_row: The header's 1-based row number, or ``None`` to detect it.
        merges: Merged cell ranges of the sheet, 0-based and inclusive.
        csv_width: Cut rows to the number of fields in the header line (CSV);
            otherwise the table is as wide as its headers and data.

    Returns:
        The table.

    Raises:
        ImportRefused: If the sheet is empty, has no rows below the header,
            has more than :data:`~kontakt.io.importers.raw.MAX_ROWS` data rows,
            or ``header_row`` names an empty row.
    """
    merged = _Merges(merges)
    prepared = _prepare(rows)
    header, group, pending = _find_header(prepared, header_row, merged, path, sheet)
    texts = _header_texts(header, group, merged)
    limit = len(header.raw) if csv_width else None
    data: list[tuple[int, list[object]]] = []
    width = len(texts)
    for row in _chain(pending, prepared):
        cells = row.cells if limit is None else row.cells[:limit]
        while cells and cells[-1] is None:
            cells.pop()
        if not cells:
            continue
        data.append((row.number, cells))
        if len(data) > MAX_ROWS:
            raise ImportRefused(
                f"{place(path, sheet)} har mer enn {format_count(MAX_ROWS)} rader med data. "
                "Del opp fila og importer delene hver for seg."
            )
        width = max(width, len(cells))
    if not data:
        raise ImportRefused(
            f"{place(path, sheet)} er {'tomt' if sheet else 'tom'}: det er ingen rader under "
            f"overskriftsraden (rad {header.number})."
        )
    texts += [""] * (width - len(texts))
    headers = _unique(texts)
    padding = (None,) * width
    table_rows = tuple(
        RawRow(number, tuple(cells) + padding[len(cells) :]) for number, cells in data
    )
    return RawTable(path, sheet, header.number, headers, table_rows)


def _chain(first: list[_Row], rest: Iterator[_Row]) -> Iterator[_Row]:
    yield from first
    yield from rest
