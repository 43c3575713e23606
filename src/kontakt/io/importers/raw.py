"""Value types, limits and message helpers shared by the table readers.

:mod:`kontakt.io.importers.table` re-exports everything public here; the
helper modules import from this module so that none of them imports another in
a circle.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kontakt.domain.pickling import pickled_by_fields
from kontakt.errors import KontaktError

MAX_FILE_BYTES = 50 * 1024 * 1024
"""Files larger than this are refused before they are opened."""

MAX_ROWS = 200_000
"""Largest number of data rows (non-empty rows below the header) read from one sheet."""

MAX_CELLS = 20_000_000
"""Largest sheet area (rows x columns, counted from A1) handed to the spreadsheet reader.

python-calamine allocates the whole rectangle around the used cells, about
32 bytes per cell, so one stray cell in XFD1048576 of an .xlsx would ask for
512 GB and abort the process. 20 million cells is 200,000 rows x 100 columns.
"""

MAX_COLUMNS = 16_384
"""Widest sheet read: column XFD, as far as Excel and LibreOffice go.

A reference past it (``ABCDEFGHIJ1``) is not from a spreadsheet program, and
each column of a wide sheet costs a header and a cell in every row.
"""

ROW_CELLS = 8
"""What one row of a loaded sheet costs, in cells: its Python list and the table row.

A sheet's grid is judged by ``rows x columns + ROW_CELLS x rows``: a million
rows of ten columns took 920 MB where 200,000 rows of 100 took 855 MB.
"""

ODS_MAX_CELLS = MAX_CELLS // 4
"""Largest area (rows x columns from A1, all sheets together) of an .ods file.

python-calamine reads every sheet of an .ods when the file is opened and keeps
each twice (values and formulas), once as written and once as a grid, about
112 bytes per cell in all.
"""

MAX_SHEET_TEXT = 64 * 1024 * 1024
"""Most bytes of text the cells of one sheet may hold once repeats are filled in.

A cell of an .xlsx that points into the shared strings table, or a repeated
cell of an .ods, gets its own copy of the text in python-calamine: a 300 KB
file can otherwise hold gigabytes. 64 MB is 50,000 rows of 1,300 characters.
"""


def over_budget(cells: int, max_cells: int, text: int) -> bool:
    """Whether a grid and its repeated text together pass the memory budget of one sheet.

    The grid (``cells`` of at most ``max_cells``) and the text (``text`` bytes
    of at most :data:`MAX_SHEET_TEXT`) share one budget of about 800 MB: half
    the cells leave room for half the text.
    """
    return cells * MAX_SHEET_TEXT + text * max_cells > max_cells * MAX_SHEET_TEXT


MAX_CELL_CHARS = 2_000
"""Text cells are cut to this many characters."""

ACCEPTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".vcf")
"""File name endings :func:`kontakt.io.importers.table.read_table` accepts (case-insensitive)."""

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class ImportRefused(KontaktError):
    """A file that cannot be imported at all; nothing was read into the database."""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class RawRow:
    """One data row of a table, as read.

    Attributes:
        number: 1-based row number as the user sees it in Excel or LibreOffice
            (for CSV: the record number, so a quoted field spanning several
            lines still counts as one row, as in a spreadsheet).
        cells: One value per header: ``str``, ``int``, ``float``, ``bool``,
            ``datetime.date``, ``datetime.datetime``, ``datetime.time`` or
            ``None`` for an empty cell; padded with ``None`` to the number of
            headers.
    """

    number: int
    cells: tuple[object, ...]


@dataclass(frozen=True, slots=True)
class RawTable:
    """A sheet (or CSV file) split into cleaned headers and data rows.

    Column ``i`` of ``headers`` and of every row's ``cells`` is spreadsheet
    column :func:`column_letter` ``(i)``: the table always starts in column A.

    Attributes:
        path: The file that was read.
        sheet: The sheet's name; ``""`` for CSV.
        header_row: 1-based row number of the header row (the lower one when
            a merged group row above was combined into the headers).
        headers: Cleaned, unique header texts; an empty header cell becomes
            ``"Kolonne C"`` (its column letter).
        rows: The data rows below the header, fully empty rows skipped.
        sheets: The names of the file's worksheets, as
            :func:`~kontakt.io.importers.table.list_sheets` gives them (``("",)``
            for CSV; empty when the reader did not say). Not part of the
            table's value: tables compare equal without it.
        problems: What the reader found wrong, as (row or card number,
            Norwegian message, whether that part was left out): e.g. a broken
            card in a .vcf (left out) or an unusable number in one (warning).
        encoding: For CSV, the encoding the file was read with (a Python codec
            name, e.g. ``"cp1252"``); ``""`` for other formats.
        encoding_certain: False when that encoding is a guess that may be wrong.
    """

    path: Path
    sheet: str
    header_row: int
    headers: tuple[str, ...]
    rows: tuple[RawRow, ...]
    sheets: tuple[str, ...] = field(default=(), compare=False)
    problems: tuple[tuple[int, str, bool], ...] = field(default=(), compare=False)
    encoding: str = field(default="", compare=False)
    encoding_certain: bool = field(default=True, compare=False)


def column_letter(index: int) -> str:
    """Return the spreadsheet column name of a 0-based column index.

    Args:
        index: 0-based column index.

    Returns:
        ``"A"`` for 0, ``"Z"`` for 25, ``"AA"`` for 26 and so on.

    Raises:
        ValueError: If ``index`` is negative.
    """
    if index < 0:
        raise ValueError(f"column index must be >= 0, got {index}")
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_index(letters: str) -> int:
    """Return the 0-based index of a column name such as ``"AA"`` (the inverse of column_letter).

    Args:
        letters: Column letters, upper or lower case.

    Returns:
        The 0-based column index.
    """
    number = 0
    for char in letters.upper():
        number = number * 26 + (ord(char) - ord("A") + 1)
    return number - 1


def display_name(text: str) -> str:
    """A file or sheet name made safe for a one-line message (control characters dropped)."""
    return _UNPRINTABLE.sub("", text)


def file_label(path: Path) -> str:
    """``«name.xlsx»``: the file's name in Norwegian quotation marks."""
    return f"«{display_name(path.name)}»"


def place(path: Path, sheet: str) -> str:
    """Where something is, capitalised: ``Arket «Ark1» i «x.xlsx»`` or ``Fila «x.csv»``."""
    if sheet:
        return f"Arket «{display_name(sheet)}» i {file_label(path)}"
    return f"Fila {file_label(path)}"


def place_in(path: Path, sheet: str) -> str:
    """Where something is, after "i": ``arket «Ark1» i «x.xlsx»`` or ``«x.csv»``."""
    if sheet:
        return f"arket «{display_name(sheet)}» i {file_label(path)}"
    return file_label(path)


def too_wide(path: Path, sheet: str, rows: int, columns: int) -> ImportRefused:
    """The refusal for a sheet whose content is spread over too large an area."""
    corner = f"{column_letter(max(columns, 1) - 1)}{rows}" if columns < 10**6 else "langt ute"
    return ImportRefused(
        f"{place(path, sheet)} har innhold spredt over et for stort område (til celle {corner}). "
        "Slett innholdet langt ute i arket, eller kopier tabellen til et nytt ark, og prøv igjen."
    )


def too_much_text(path: Path, sheet: str) -> ImportRefused:
    """The refusal for a sheet whose repeated texts would fill more than MAX_SHEET_TEXT."""
    megabytes = MAX_SHEET_TEXT // (1024 * 1024)
    return ImportRefused(
        f"{place(path, sheet)} gjentar så mye tekst at cellene ville fylle over {megabytes} MB "
        "minne. Fila ser mistenkelig ut; del opp arket eller kopier tabellen til en ny fil, "
        "og prøv igjen."
    )


def format_count(number: int) -> str:
    """An integer with a space as thousands separator, as written in Norwegian: ``200 000``."""
    return f"{number:,}".replace(",", " ")
