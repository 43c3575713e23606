"""The columns of the Excel list: one flat text row per contact.

The headers are the field labels the editor shows; the importer recognises
them all, and «Merknad», the notes header of lists earlier versions exported.
The list imports back as it was: roles in :mod:`kontakt.domain.role_text`'s
shape (kind and level in brackets), «Reservert mot e-post» «Ja» for a person
who asked for no e-mail, and the contact's id last, so that a list edited in
Excel and imported again updates its contacts instead of doubling them.
"""

from __future__ import annotations

from collections.abc import Callable

from kontakt.domain.column_mapping import OWN_UID_HEADER
from kontakt.domain.exporting import ExportOptions, shared_emails, shared_phones
from kontakt.domain.normalize import format_phone
from kontakt.domain.records import ContactRow
from kontakt.domain.role_text import roles_cell
from kontakt.domain.wording import field_label

Column = tuple[str, Callable[[ContactRow, ExportOptions], str]]

COLUMNS: tuple[Column, ...] = (
    (field_label("given_name"), lambda r, o: r.given_name),
    (field_label("family_name"), lambda r, o: r.family_name),
    (field_label("municipality"), lambda r, o: r.municipality.name if r.municipality else ""),
    (field_label("county"), lambda r, o: r.county.name if r.county else ""),
    (field_label("organisation"), lambda r, o: r.organisation),
    (field_label("title"), lambda r, o: r.title),
    (field_label("roles"), lambda r, o: roles_cell(r.roles)),
    (field_label("topics"), lambda r, o: ", ".join(r.topics)),
    (field_label("emails"), lambda r, o: ", ".join(e.address for e in shared_emails(r, o))),
    (
        field_label("phones"),
        lambda r, o: ", ".join(format_phone(p.number) for p in shared_phones(r, o)),
    ),
    (field_label("opted_out"), lambda r, o: "Ja" if r.opted_out else ""),
)
NOTES: Column = (field_label("notes"), lambda r, o: r.notes)
UID: Column = (OWN_UID_HEADER, lambda r, o: r.uid)


def columns_for(options: ExportOptions) -> tuple[Column, ...]:
    """The list's columns: notes only when chosen; the contact's id last."""
    return (*COLUMNS, NOTES, UID) if options.include_notes else (*COLUMNS, UID)


def text_rows(rows: list[ContactRow], options: ExportOptions) -> list[list[str]]:
    """Every contact as a row of cell texts, in the order of :func:`columns_for`."""
    columns = columns_for(options)
    return [[value(row, options) for _, value in columns] for row in rows]
