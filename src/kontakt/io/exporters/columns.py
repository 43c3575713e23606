"""The columns of a contact list (xlsx and PDF): one flat text row per contact.

The headers are the field labels the editor shows; the importer recognises
them all, and «Merknad», the notes header of lists earlier versions exported.
"""

from __future__ import annotations

from collections.abc import Callable

from kontakt.domain.exporting import ExportOptions, roles_text, shared_emails, shared_phones
from kontakt.domain.normalize import format_phone
from kontakt.domain.records import ContactRow
from kontakt.domain.wording import field_label

Column = tuple[str, Callable[[ContactRow, ExportOptions], str]]

COLUMNS: tuple[Column, ...] = (
    (field_label("given_name"), lambda r, o: r.given_name),
    (field_label("family_name"), lambda r, o: r.family_name),
    (field_label("municipality"), lambda r, o: r.municipality.name if r.municipality else ""),
    (field_label("county"), lambda r, o: r.county.name if r.county else ""),
    (field_label("organisation"), lambda r, o: r.organisation),
    (field_label("title"), lambda r, o: r.title),
    (field_label("roles"), lambda r, o: roles_text(r)),
    (field_label("topics"), lambda r, o: ", ".join(r.topics)),
    (field_label("emails"), lambda r, o: ", ".join(e.address for e in shared_emails(r, o))),
    (
        field_label("phones"),
        lambda r, o: ", ".join(format_phone(p.number) for p in shared_phones(r, o)),
    ),
)
NOTES: Column = (field_label("notes"), lambda r, o: r.notes)


def columns_for(options: ExportOptions) -> tuple[Column, ...]:
    """The list's columns: notes only when chosen."""
    return (*COLUMNS, NOTES) if options.include_notes else COLUMNS


def text_rows(rows: list[ContactRow], options: ExportOptions) -> list[list[str]]:
    """Every contact as a row of cell texts, in the order of :func:`columns_for`."""
    columns = columns_for(options)
    return [[value(row, options) for _, value in columns] for row in rows]
