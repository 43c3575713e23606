"""How far the sheets of an .xls reach, measured before python-calamine opens it.

python-calamine reads every sheet of an Excel 97-2003 file when it is opened,
reserving room for the area each DIMENSIONS record claims and building a
dense grid around the cells it finds. It refuses neither: a 4 KB file with
one number in cell (65535, 65535) made it ask for 137 GB and abort the
process. So the workbook stream is taken out of the OLE container with
olefile and its records are walked here first, the way calamine walks them:
from each sheet's BOF (its BOUNDSHEET offset) to its EOF, counting the area
of the cell records (row and column in the first four bytes; MULRK and
MULBLANK end with their last column) and of the DIMENSIONS claims, nested
substreams included. All sheets together must stay within
:data:`~kontakt.io.importers.raw.MAX_CELLS`.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator
from pathlib import Path

import olefile  # type: ignore[import-untyped]

from kontakt.io.importers.raw import MAX_CELLS, too_wide
from kontakt.io.importers.safety import corrupt

_BOUNDSHEET = 0x0085
_DIMENSIONS = 0x0200
_EOF = 0x000A
_MULTIPLE = (0x00BD, 0x00BE)  # MULRK, MULBLANK: row, first column, ..., last column
_CELLS = frozenset({0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x027E, 0x00D6, 0x00FD, *_MULTIPLE})
_HEADER = struct.Struct("<HH")


def _stream(path: Path) -> bytes | None:
    """The workbook stream as calamine looks for it ("Workbook", else "Book")."""
    try:
        with olefile.OleFileIO(str(path)) as ole:
            for name in ("Workbook", "Book"):
                if ole.exists(name):
                    data: bytes = ole.openstream(name).read()
                    return data
    except Exception as exc:  # olefile raises many kinds on a damaged container
        raise corrupt(path, "ikke et gyldig Excel 97–2003-dokument") from exc
    return None


def _records(stream: bytes, start: int) -> Iterator[tuple[int, bytes]]:
    """(type, data) of the records from ``start`` on."""
    at = start
    while at + 4 <= len(stream):
        kind, length = _HEADER.unpack_from(stream, at)
        yield kind, stream[at + 4 : at + 4 + length]
        at += 4 + length


def _sheets(stream: bytes) -> list[tuple[int, str]]:
    """(offset, name) of every sheet the globals list."""
    found = []
    at = 0
    while at + 4 <= len(stream):
        kind, length = _HEADER.unpack_from(stream, at)
        data = stream[at + 4 : at + 4 + length]
        at += 4 + length
        if kind == _EOF:
            break
        if kind == _BOUNDSHEET and len(data) >= 8:
            offset = struct.unpack_from("<I", data)[0]
            count, flags = data[6], data[7]
            raw = data[8 : 8 + count * (2 if flags & 1 else 1)]
            name = raw.decode("utf-16-le" if flags & 1 else "latin-1", errors="replace")
            found.append((offset, name))
    return found


def _area(records: Iterator[tuple[int, bytes]]) -> tuple[int, int, int, int]:
    """(rows, columns) reached by one sheet's cells, and (rows, columns) its DIMENSIONS claim."""
    rows = columns = claimed_rows = claimed_columns = 0
    depth = 0
    for kind, data in records:
        if kind == 0x0809:
            depth += 1
        elif kind == _EOF:
            depth -= 1
            if depth <= 0:
                break
        elif kind in _CELLS and len(data) >= 4:
            row, column = struct.unpack_from("<HH", data)
            if kind in _MULTIPLE and len(data) >= 6:
                column = max(column, struct.unpack_from("<H", data, len(data) - 2)[0])
            rows, columns = max(rows, row + 1), max(columns, column + 1)
        elif kind == _DIMENSIONS and len(data) in (10, 14):
            if len(data) == 14:
                first, last, left, right = struct.unpack_from("<IIHH", data)
            else:
                first, last, left, right = struct.unpack_from("<HHHH", data)
            claimed_rows = max(claimed_rows, abs(last - first) + 1)
            claimed_columns = max(claimed_columns, abs(right - left) + 1)
    return rows, columns, claimed_rows, claimed_columns


def check_xls(path: Path) -> None:
    """Refuse an .xls whose sheets would make calamine allocate out of proportion.

    Raises:
        ImportRefused: Naming the sheet that takes the file over the limit,
            or the file when its container cannot be read.
    """
    stream = _stream(path)
    if stream is None:
        return  # no workbook stream: calamine refuses the file itself
    total = 0
    for offset, name in _sheets(stream):
        rows, columns, claimed_rows, claimed_columns = _area(_records(stream, offset))
        total += rows * columns + claimed_rows * claimed_columns
        if total > MAX_CELLS:
            if claimed_rows * claimed_columns > rows * columns:
                rows, columns = claimed_rows, claimed_columns
            raise too_wide(path, name, rows, columns)
