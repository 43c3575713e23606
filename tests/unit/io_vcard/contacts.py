"""Contact snapshots and checkers shared by the vCard tests.

Imported as ``tests.unit.io_vcard.contacts`` (pytest's ``pythonpath`` is the
project root).
"""

from __future__ import annotations

import datetime as dt
import warnings
from pathlib import Path
from typing import Any

import vobject
from vcard.vcard_validator import validate_file

from kontakt.domain.records import ContactRow, EmailData, EmailKind, PhoneData, PhoneKind, Place

UPDATED = dt.datetime(2025, 3, 1, 9, 30, 15, tzinfo=dt.UTC)


def make_row(**changes: Any) -> ContactRow:
    """A complete contact with Norwegian data; keyword arguments replace fields."""
    values: dict[str, Any] = {
        "id": 1,
        "uid": "0b8a2f6e-3f7e-4b8e-9a52-2b8f6f0c1d11",
        "given_name": "Åse Marie",
        "family_name": "Bjørnstad",
        "emails": (
            EmailData("ase.bjornstad@example.no", EmailKind.JOBB, primary=True),
            EmailData("ase@privat.example.com", EmailKind.PRIVAT),
        ),
        "phones": (
            PhoneData("+4798765432", PhoneKind.MOBIL, primary=True),
            PhoneData("+4722334455", PhoneKind.JOBB),
            PhoneData("+4755667788", PhoneKind.PRIVAT),
        ),
        "organisation": "Helse Bergen",
        "title": "Hovedtillitsvalgt",
        "municipality": Place("4601", "Bergen"),
        "county": Place("46", "Vestland"),
        "party": "SV",
        "notes": "Møtte på landsmøtet.",
        "topics": ("Psykisk helse", "Rus"),
        "labels": (),
        "roles": (),
        "consent_basis": None,
        "consent_date": None,
        "consent_source": "",
        "opted_out": False,
        "last_confirmed": None,
        "created_at": UPDATED,
        "updated_at": UPDATED,
        "deleted_at": None,
        "version": 1,
    }
    values.update(changes)
    return ContactRow(**values)


def validator_errors(path: Path) -> str:
    """What the independent ``vcard`` package (RFC 2426 validator) says; ``""`` when valid.

    Its warnings (short folded lines: it counts characters, the writer folds at
    75 octets; non-ASCII text) are not errors and are silenced.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return validate_file(str(path), False)


def vobject_cards(data: bytes) -> list[Any]:
    """The cards of a file as parsed by vobject alone."""
    return list(vobject.readComponents(data.decode("utf-8")))


def vobject_summary(card: Any) -> dict[str, Any]:
    """The fields Kontakt writes, as vobject reads them back from one card."""

    def values(name: str) -> list[Any]:
        return [line.value for line in card.contents.get(name, [])]

    def types(line: Any) -> set[str]:
        return {t.lower() for t in line.params.get("TYPE", [])}

    n = card.n.value
    return {
        "family": n.family,
        "given": n.given,
        "fn": card.fn.value,
        "emails": [(line.value, types(line)) for line in card.contents.get("email", [])],
        "phones": [(line.value, types(line)) for line in card.contents.get("tel", [])],
        "org": values("org"),
        "title": values("title"),
        "categories": [c for v in values("categories") for c in v],
        "note": values("note"),
        "uid": values("uid"),
        "rev": values("rev"),
    }
