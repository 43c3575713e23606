"""Reading .xlsx, .xlsm, .xls and .ods sheets with python-calamine.

calamine (Rust) reads cell values about 15 times faster than openpyxl and also
reads .xls and .ods. It also reports merged cell ranges for .xlsx, .xlsm and
.xls (``CalamineSheet.merged_cell_ranges``), so openpyxl is not needed here at
all, and no XML is parsed by openpyxl on import. (.ods merged cells are not
reported: there a merged header is read as one cell followed by empty ones.)

Before calamine sees a zip-based file, :mod:`~kontakt.io.importers.zipcheck`
has unpacked and checked it, and in the same pass
:mod:`~kontakt.io.importers.extent` has measured every member of an .xlsx
(calamine aborts the process, it does not raise, when an .xlsx asks for a
huge grid) and :mod:`~kontakt.io.importers.ods_extent` the sheets of an .ods
(calamine reads them all on opening and took gigabytes before its own cell
limit). :mod:`~kontakt.io.importers.xls_extent` measures the sheets of an
.xls the same way (calamine reads them all on opening, and aborted on one
cell far out). That is done for listing the sheets too: opening alone reads
the shared strings of an .xlsx and every sheet of an .ods or .xls. A loaded
sheet over :data:`~kontakt.io.importers.raw.MAX_CELLS` is still refused
before it is turned into Python objects.

Cell values come back as calamine gives them: text, floats (also for whole
numbers: 98765432.0), booleans, dates and times; a formula without a stored
result reads as an empty cell.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

import python_calamine as calamine

from kontakt.io.importers.extent import WorkbookExtents
from kontakt.io.importers.layout import MergedRange, build_table
from kontakt.io.importers.ods_extent import scanner_for_ods
from kontakt.io.importers.raw import (
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_SHEET_TEXT,
    ROW_CELLS,
    ImportRefused,
    RawTable,
    display_name,
    file_label,
    over_budget,
    place,
    too_much_text,
    too_wide,
)
from kontakt.io.importers.safety import ZIP_SUFFIXES, check_container, corrupt, password_protected
from kontakt.io.importers.xls_extent import check_xls
from kontakt.io.importers.zipcheck import inspect_zip

_T = TypeVar("_T")


def _refusal(path: Path, exc: BaseException) -> ImportRefused:
    """Translate a python-calamine failure into a Norwegian refusal."""
    text = str(exc).lower()
    if isinstance(exc, calamine.PasswordError) or "password" in text or "encrypt" in text:
        return password_protected(path)
    if "cell limit" in text:
        return ImportRefused(
            f"Fila {file_label(path)} har innhold spredt over et for stort område. Slett innholdet "
            "langt ute i arkene, eller kopier tabellen til en ny fil, og prøv igjen."
        )
    if isinstance(exc, calamine.ZipError):
        reason = "zip-pakken er skadet"
    elif isinstance(exc, calamine.XmlError):
        reason = "ugyldig XML i fila"
    elif "cfb" in text or "ole" in text:
        reason = "ikke et gyldig Excel 97–2003-dokument"
    else:
        reason = "innholdet kan ikke tolkes"
    return corrupt(path, reason)


def _guarded(path: Path, action: Callable[[], _T]) -> _T:
    """Run a calamine call; every failure, Rust panics included, becomes ImportRefused."""
    try:
        return action()
    except ImportRefused:
        raise
    except Exception as exc:
        raise _refusal(path, exc) from exc
    except BaseException as exc:
        # pyo3 turns a Rust panic into PanicException, a BaseException.
        if type(exc).__name__ == "PanicException":
            raise _refusal(path, exc) from exc
        raise


def prepare(path: Path, suffix: str) -> WorkbookExtents | None:
    """Run the checks that must pass before calamine opens the file.

    Args:
        path: A file that passed :func:`~kontakt.io.importers.safety.check_path`.
        suffix: Its lower-case suffix.

    Returns:
        For an .xlsx or .xlsm, the measure of its members, for :func:`load_sheet`.

    Raises:
        ImportRefused: If the file is damaged, a zip bomb, or an .ods too big to open.
    """
    check_container(path, suffix)
    if suffix == ".xls":
        check_xls(path)
    if suffix not in ZIP_SUFFIXES:
        return None
    if suffix == ".ods":
        inspect_zip(path, scanner_for_ods(path))
        return None
    extents = WorkbookExtents(path)
    extents.finish(inspect_zip(path, extents.scanner_for))
    return extents


def open_workbook(path: Path) -> calamine.CalamineWorkbook:
    """Open a file that passed :func:`prepare` (failures become ImportRefused)."""
    return _guarded(path, lambda: calamine.CalamineWorkbook.from_path(str(path)))


def _worksheets(path: Path, workbook: calamine.CalamineWorkbook) -> list[tuple[str, bool]]:
    """(name, visible) of every worksheet, in workbook order; chart sheets left out."""
    metadata = _guarded(path, lambda: workbook.sheets_metadata)
    return [
        (item.name, item.visible == calamine.SheetVisibleEnum.Visible)
        for item in metadata
        if item.typ == calamine.SheetTypeEnum.WorkSheet
    ]


def list_sheet_names(path: Path, suffix: str) -> list[str]:
    """Names of the worksheets of a spreadsheet file, hidden ones included.

    Args:
        path: A file that passed :func:`~kontakt.io.importers.safety.check_path`.
        suffix: Its lower-case suffix.

    Returns:
        The worksheet names in workbook order.

    Raises:
        ImportRefused: If the file cannot be read.
    """
    prepare(path, suffix)
    workbook = open_workbook(path)
    try:
        return [name for name, _ in _worksheets(path, workbook)]
    finally:
        _guarded(path, workbook.close)


def load_sheet(
    path: Path,
    workbook: calamine.CalamineWorkbook,
    name: str,
    extents: WorkbookExtents | None,
) -> calamine.CalamineSheet:
    """Load one sheet, refusing it first if its measure is over a limit.

    Args:
        path: The file, for messages.
        workbook: The file opened by :func:`open_workbook`.
        name: The sheet's name.
        extents: What :func:`prepare` returned.

    Returns:
        The loaded sheet.

    Raises:
        ImportRefused: If the sheet is too large or cannot be read.
    """
    extent = extents.extent_of(name) if extents is not None else None
    grid = extent.cells + ROW_CELLS * extent.rows if extent is not None else 0
    if extent is not None and (
        extent.columns > MAX_COLUMNS or over_budget(grid, MAX_CELLS, extent.text)
    ):
        if grid * MAX_SHEET_TEXT >= extent.text * MAX_CELLS:
            raise too_wide(path, name, extent.rows, extent.columns)
        raise too_much_text(path, name)
    sheet = _guarded(path, lambda: workbook.get_sheet_by_name(name))
    end = sheet.end
    if end is not None and (end[1] >= MAX_COLUMNS or (end[0] + 1) * (end[1] + 1) > MAX_CELLS):
        raise too_wide(path, name, end[0] + 1, end[1] + 1)
    return sheet


def read_sheet(path: Path, suffix: str, sheet: str | None, header_row: int | None) -> RawTable:
    """Read one sheet of a spreadsheet file into a RawTable.

    Args:
        path: A file that passed :func:`~kontakt.io.importers.safety.check_path`.
        suffix: Its lower-case suffix.
        sheet: The sheet's name, or ``None`` for the first sheet with data
            (visible sheets first).
        header_row: 1-based header row, or ``None`` to detect it.

    Returns:
        The table.

    Raises:
        ImportRefused: If the file or sheet cannot be imported.
    """
    extents = prepare(path, suffix)
    workbook = open_workbook(path)
    try:
        worksheets = _worksheets(path, workbook)
        if not worksheets:
            raise ImportRefused(f"Fila {file_label(path)} har ingen regneark.")
        names = [name for name, _ in worksheets]
        if sheet is not None:
            if sheet not in names:
                raise ImportRefused(
                    f"Fila {file_label(path)} har ikke arket «{display_name(sheet)}». "
                    f"Arkene heter: {', '.join(display_name(name) for name in names)}."
                )
            chosen, loaded = sheet, load_sheet(path, workbook, sheet, extents)
        else:
            chosen, loaded = _first_with_data(path, workbook, worksheets, extents)
        grid = _guarded(path, lambda: loaded.to_python(skip_empty_area=False))
        ranges = _guarded(path, lambda: loaded.merged_cell_ranges) or []
    finally:
        _guarded(path, workbook.close)
    merges: list[MergedRange] = [(start, end) for start, end in ranges]
    grid_rows = enumerate(grid, start=1)
    table = build_table(path, chosen, grid_rows, header_row=header_row, merges=merges)
    return replace(table, sheets=tuple(names))


def first_sheet_grid(path: Path) -> list[list[object]]:
    """The cells of the first worksheet, as calamine gives them, after the same checks.

    For readers that want the plain grid (the attendance reports).

    Raises:
        ImportRefused: If the file cannot be read or is too large.
    """
    suffix = path.suffix.lower()
    extents = prepare(path, suffix)
    workbook = open_workbook(path)
    try:
        worksheets = _worksheets(path, workbook)
        if not worksheets:
            raise ImportRefused(f"Fila {file_label(path)} har ingen regneark.")
        loaded = load_sheet(path, workbook, worksheets[0][0], extents)
        grid = _guarded(path, lambda: loaded.to_python())
    finally:
        _guarded(path, workbook.close)
    return [list(row) for row in grid]


def _first_with_data(
    path: Path,
    workbook: calamine.CalamineWorkbook,
    worksheets: list[tuple[str, bool]],
    extents: WorkbookExtents | None,
) -> tuple[str, calamine.CalamineSheet]:
    ordered = [name for name, visible in worksheets if visible]
    ordered += [name for name, visible in worksheets if not visible]
    for name in ordered:
        loaded = load_sheet(path, workbook, name, extents)
        if loaded.start is not None:
            return name, loaded
    raise ImportRefused(f"{place(path, ordered[0])} er tomt.")
