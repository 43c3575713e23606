"""What Kontakt adds to a Google or Outlook CSV so that the file imports back as it was.

Google Contacts and Outlook have no place for a contact's id, roles with
their kind and level, topics, municipality, county or reservation against
e-mail. Each goes out as a labelled value («Verv», «Tema», ...; the labels
are the field names the importer knows):

- Google: one «Custom Field N» per value (Google keeps and shows them);
- Outlook: a block at the end of «Notes», the one field both Outlook for
  Windows and Outlook on the web import, after a line «[Kontakt]»:
  ``Verv: Medlem, Bergen bystyre (folkevalgt, kommune, SV)``.

The importer unfolds both (:mod:`kontakt.io.importers.unfold`).
"""

from __future__ import annotations

from kontakt.domain.column_mapping import OWN_UID_HEADER
from kontakt.domain.records import ContactRow
from kontakt.domain.role_text import roles_cell
from kontakt.domain.wording import field_label

NOTES_MARKER = "[Kontakt]"
"""The line that starts Kontakt's block in a notes cell."""

UID_LABEL = OWN_UID_HEADER

LABELS = (
    UID_LABEL,
    *(field_label(f) for f in ("roles", "topics", "municipality", "county", "opted_out")),
)
"""Every label :func:`kontakt_fields` writes, in its order."""


def kontakt_fields(row: ContactRow) -> list[tuple[str, str]]:
    """The labelled values of one contact, the empty ones left out."""
    values = (
        row.uid,
        roles_cell(row.roles),
        "; ".join(row.topics),
        row.municipality.name if row.municipality else "",
        row.county.name if row.county else "",
        "Ja" if row.opted_out else "",
    )
    return [(label, value) for label, value in zip(LABELS, values, strict=True) if value]


def notes_with_block(notes: str, row: ContactRow) -> str:
    """The notes (``""`` when left out), then Kontakt's block."""
    lines = [NOTES_MARKER, *(f"{label}: {value}" for label, value in kontakt_fields(row))]
    block = "\n".join(lines)
    return f"{notes.rstrip()}\n\n{block}" if notes.strip() else block
