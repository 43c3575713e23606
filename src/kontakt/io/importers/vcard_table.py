"""A .vcf file read as an import table: one row per card, one column per field.

The import then treats it like a spreadsheet (mapping, validation, duplicate
choices, undo): the columns carry headers the mapping recognises, several
e-mails or phones sit in one cell separated by « ::: » (as in Google's CSV),
preferred first. Cards the reader had to skip are returned as problems for
the report; the vCard's UID comes along, so a card Kontakt exported updates
its contact instead of doubling it. An address's locality becomes the
municipality when it is one (a postal place such as «Nesttun» is not); the
roles and the reservation against e-mail Kontakt wrote come back as its
«Verv» and «Reservert mot e-post» columns.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kontakt.domain.column_mapping import OWN_UID_HEADER
from kontakt.domain.geography import Geography, load_geography
from kontakt.domain.normalize import normalize_email, normalize_phone
from kontakt.errors import KontaktError, ValidationError
from kontakt.io.importers.raw import RawRow, RawTable
from kontakt.io.vcard import read_vcard_file

HEADERS = (
    "Fornavn", "Etternavn", "E-post", "Telefon", "Organisasjon", "Tittel", "Fylke", "Tema",
    "Merknad", "vCard UID", "Kommune", "Verv", "Reservert mot e-post",
)  # fmt: skip

MANY = " ::: "


Problem = tuple[int, str, bool]  # (card number, Norwegian message, card left out)


def _usable(values: list[str], check: Callable[[str], object]) -> tuple[list[str], list[str]]:
    good, bad = [], []
    for value in values:
        try:
            check(value)
            good.append(value)
        except (ValidationError, ValueError):
            bad.append(value)
    return good, bad


def _municipality(geography: Geography, locality: str, county: str) -> str:
    """The locality when it names a municipality (in the county, if one is known)."""
    if not locality:
        return ""
    try:
        geography.find_municipality(locality, county=county or None)
    except KontaktError:
        return ""
    return locality


def read_vcard_table(path: Path) -> tuple[RawTable, list[Problem]]:
    """The cards as a table, and the problems as (card number, message, left out).

    A phone number or e-mail address that cannot be used is left out of its
    card with a warning (a phone's address book is full of them) instead of
    stopping the whole card; a card without a name takes its organisation or
    e-mail address as the name.

    Raises:
        ImportRefused: The file holds no vCard (or is too big); nothing was read.
    """
    geography = load_geography()
    counties = [c.name for c in geography.counties]
    result = read_vcard_file(path)
    problems: list[Problem] = [(p.card, str(p), p.skipped) for p in result.problems]
    rows = []
    for card in result.contacts:
        draft = card.to_draft(counties)
        where = f"Kort {card.card} (linje {card.line})"
        emails, bad_emails = _usable([e.address for e in draft.emails], normalize_email)
        phones, bad_phones = _usable([p.number for p in draft.phones], normalize_phone)
        for value in bad_emails + bad_phones:
            problems.append(
                (card.card, f"{where}: «{value}» kan ikke brukes og ble utelatt", False)
            )
        given, family = draft.given_name, draft.family_name
        if not given and not family:
            family = (
                draft.organisation or (emails[0] if emails else "") or (phones[0] if phones else "")
            )
            if family:
                problems.append((card.card, f"{where}: uten navn, bruker «{family}»", False))
        cells: tuple[object, ...] = (
            given,
            family,
            MANY.join(emails),
            MANY.join(phones),
            draft.organisation,
            draft.title,
            draft.county,
            "; ".join(draft.topics),
            draft.notes,
            card.uid,
            _municipality(geography, card.locality, draft.county),
            "; ".join(card.roles),
            "Ja" if draft.opted_out else "",
        )
        rows.append(RawRow(card.card, tuple(c or None for c in cells)))
    # Kontakt's own cards name their id column as its lists do: their topics are
    # then created as they are (services/importing/rows.py).
    own = any(card.from_kontakt for card in result.contacts)
    headers = tuple(OWN_UID_HEADER if own and h == "vCard UID" else h for h in HEADERS)
    return RawTable(path, "", 0, headers, tuple(rows)), problems
