"""The columns of a contact list (xlsx and PDF): one flat text row per contact."""

from __future__ import annotations

from collections.abc import Callable

from kontakt.domain.exporting import ExportOptions, roles_text, shared_emails, shared_phones
from kontakt.domain.normalize import format_phone
from kontakt.domain.records import ContactRow

Column = tuple[str, Callable[[ContactRow, ExportOptions], str]]

COLUMNS: tuple[Column, ...] = (
    ("Fornavn", lambda r, o: r.given_name),
    ("Etternavn", lambda r, o: r.family_name),
    ("Kommune", lambda r, o: r.municipality.name if r.municipality else ""),
    ("Fylke", lambda r, o: r.county.name if r.county else ""),
    ("Organisasjon", lambda r, o: r.organisation),
    ("Tittel", lambda r, o: r.title),
    ("Verv", lambda r, o: roles_text(r)),
    ("Tema", lambda r, o: ", ".join(r.topics)),
    ("E-post", lambda r, o: ", ".join(e.address for e in shared_emails(r, o))),
    ("Telefon", lambda r, o: ", ".join(format_phone(p.number) for p in shared_phones(r, o))),
)
NOTES: Column = ("Merknad", lambda r, o: r.notes)


def columns_for(options: ExportOptions) -> tuple[Column, ...]:
    """The list's columns: notes only when chosen."""
    return (*COLUMNS, NOTES) if options.include_notes else COLUMNS


def text_rows(rows: list[ContactRow], options: ExportOptions) -> list[list[str]]:
    """Every contact as a row of cell texts, in the order of :func:`columns_for`."""
    columns = columns_for(options)
    return [[value(row, options) for _, value in columns] for row in rows]
