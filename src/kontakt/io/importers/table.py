"""Reading a spreadsheet or CSV file into a plain table of cleaned values.

This is the file-reading layer of the Excel/CSV import: it knows nothing of
contacts or of the database. :func:`read_table` returns a :class:`RawTable`
(cleaned, unique headers and the data rows below them, with the row numbers
the user sees in Excel) or raises :class:`ImportRefused` with a one-line
Norwegian message naming the file, and then nothing has been read.

Formats: .xlsx, .xlsm, .xls and .ods through python-calamine
(:mod:`~kontakt.io.importers.spreadsheet`), .csv through the standard library
(:mod:`~kontakt.io.importers.csv_reader`). Limits: 50 MB per file, 200,000
data rows per sheet, 2,000 characters per cell; zip bombs, XML entity attacks
and password-protected workbooks are refused before any parser runs
(:mod:`~kontakt.io.importers.safety`, :mod:`~kontakt.io.importers.zipcheck`).
Header detection and merged header cells: :mod:`~kontakt.io.importers.layout`;
Google's custom fields and Kontakt's notes block become columns of their own
(:mod:`~kontakt.io.importers.unfold`).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from kontakt.io.importers.csv_reader import read_csv
from kontakt.io.importers.raw import (
    ACCEPTED_SUFFIXES,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    ImportRefused,
    RawRow,
    RawTable,
    column_letter,
)
from kontakt.io.importers.safety import check_path
from kontakt.io.importers.spreadsheet import list_sheet_names, read_sheet
from kontakt.io.importers.unfold import unfold

__all__ = [
    "ACCEPTED_SUFFIXES",
    "MAX_CELL_CHARS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "ImportRefused",
    "RawRow",
    "RawTable",
    "column_letter",
    "list_sheets",
    "read_table",
]


def list_sheets(path: Path) -> list[str]:
    """Names of the sheets in a file, for the user to choose from.

    Args:
        path: The file.

    Returns:
        The worksheet names in workbook order (hidden sheets included, chart
        sheets left out); ``[""]`` for a CSV file.

    Raises:
        ImportRefused: If the file cannot be imported at all.
    """
    path = Path(path)
    suffix = check_path(path)
    if suffix in (".csv", ".vcf"):
        return [""]
    return list_sheet_names(path, suffix)


def read_table(
    path: Path,
    sheet: str | None = None,
    header_row: int | None = None,
    encoding: str | None = None,
) -> RawTable:
    """Read one sheet (or a CSV file) into a table of headers and data rows.

    Args:
        path: The file.
        sheet: The sheet's name as given by :func:`list_sheets`; ``None`` for
            the first sheet with data. Must be ``None`` or ``""`` for CSV.
        header_row: 1-based row number of the header row; ``None`` to detect
            it (title rows and blank rows above the header are skipped).
        encoding: For CSV, the encoding to read it with (a Python codec name);
            None to guess.

    Returns:
        The table, with the names of the file's sheets.

    Raises:
        ImportRefused: If the file cannot be imported; nothing was read.
    """
    path = Path(path)
    suffix = check_path(path)
    if suffix == ".csv":
        return unfold(replace(read_csv(path, sheet, header_row, encoding), sheets=("",)))
    if suffix == ".vcf":
        from kontakt.io.importers.vcard_table import read_vcard_table

        table, problems = read_vcard_table(path)
        return replace(table, sheets=("",), problems=tuple(problems))
    return unfold(read_sheet(path, suffix, sheet, header_row))
