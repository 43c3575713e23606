"""A .vcf file read as an import table: one row per card, one column per field.

The import then treats it like a spreadsheet (mapping, validation, duplicate
choices, undo): the columns carry headers the mapping recognises, several
e-mails or phones sit in one cell separated by « ::: » (as in Google's CSV),
preferred first. Cards the reader had to skip are returned as problems for
the report; the vCard's UID comes along, so a card Kontakt exported updates
its contact instead of doubling it.
"""

from __future__ import annotations

from pathlib import Path

from kontakt.domain.geography import load_geography
from kontakt.io.importers.raw import RawRow, RawTable
from kontakt.io.vcard import read_vcard_file

HEADERS = (
    "Fornavn", "Etternavn", "E-post", "Telefon", "Organisasjon", "Tittel", "Fylke", "Tema",
    "Merknad", "vCard UID",
)  # fmt: skip
MANY = " ::: "


def read_vcard_table(path: Path) -> tuple[RawTable, list[tuple[int, str]]]:
    """The cards as a table, and the problems as (card number, Norwegian message).

    Raises:
        ImportRefused: The file holds no vCard (or is too big); nothing was read.
    """
    counties = [c.name for c in load_geography().counties]
    result = read_vcard_file(path)
    rows = []
    for card in result.contacts:
        draft = card.to_draft(counties)
        cells: tuple[object, ...] = (
            draft.given_name,
            draft.family_name,
            MANY.join(e.address for e in draft.emails),
            MANY.join(p.number for p in draft.phones),
            draft.organisation,
            draft.title,
            draft.county,
            "; ".join(draft.topics),
            draft.notes,
            card.uid,
        )
        rows.append(RawRow(card.card, tuple(c or None for c in cells)))
    problems = [(p.card, str(p)) for p in result.problems]
    return RawTable(path, "", 0, HEADERS, tuple(rows)), problems
