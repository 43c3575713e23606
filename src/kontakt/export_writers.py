"""The writer behind each export format, handed to the export service by app.py.

Each writer's module is imported when that format is written, not before:
start-up stays fast, the command line never loads Qt unless it writes a PDF
(Qt's PDF writer draws it), and a module missing from a build fails only its
own format.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.domain.records import ContactRow
from kontakt.services.exporting import Writer


def _vcard(version: str) -> Writer:
    def write(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
        from kontakt.io.exporters.vcard_file import vcard_steps

        return vcard_steps(rows, target, options, "4.0" if version == "4.0" else "3.0")

    return write


def _xlsx(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
    from kontakt.io.exporters.xlsx import xlsx_steps

    return xlsx_steps(rows, target, options)


def _csv(layout_name: str) -> Writer:
    def write(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
        from kontakt.io.exporters import contacts_csv

        layout = contacts_csv.GOOGLE if layout_name == "google" else contacts_csv.OUTLOOK
        return contacts_csv.csv_steps(rows, target, layout, options)

    return write


def _pdf(rows: list[ContactRow], target: Path, options: ExportOptions) -> Iterator[int]:
    from kontakt.ui.printing.pdf_list import pdf_steps

    return pdf_steps(rows, target, options)


def export_writers() -> dict[ExportFormat, Writer]:
    """One writer per export format."""
    return {
        ExportFormat.VCARD: _vcard("3.0"),
        ExportFormat.VCARD4: _vcard("4.0"),
        ExportFormat.XLSX: _xlsx,
        ExportFormat.CSV_GOOGLE: _csv("google"),
        ExportFormat.CSV_OUTLOOK: _csv("outlook"),
        ExportFormat.PDF: _pdf,
    }
