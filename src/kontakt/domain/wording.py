"""The Norwegian words Kontakt uses in many places: counts, plurals, field labels.

One table of field labels, keyed by the English field names the code uses
(the keys of :func:`~kontakt.domain.contact_state.row_to_state` and of the
art. 15 export), so that the editor, the conflict dialog, the printed
«Innsyn» report, the contact list's columns and the command line call a
field by the same name. Where the labels had drifted apart, the editor's
word won (the secretary sees it most): «Notater», not «Merknader»;
«Rettsgrunnlag», not «Behandlingsgrunnlag».

Column headers of files other programs read (the Google and Outlook CSV
layouts) are not labels and are not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

FIELD_LABELS: Mapping[str, str] = MappingProxyType(
    {
        "uid": "Id",
        "name": "Navn",
        "given_name": "Fornavn",
        "family_name": "Etternavn",
        "emails": "E-post",
        "phones": "Telefon",
        "organisation": "Organisasjon",
        "title": "Tittel",
        "party": "Parti",
        "municipality": "Kommune",
        "county": "Fylke",
        "topics": "Tema",
        "labels": "Etiketter",
        "roles": "Verv",
        "notes": "Notater",
        "consent_basis": "Rettsgrunnlag",
        "consent_date": "Dato for rettsgrunnlag",
        "consent_source": "Kilde",
        "opted_out": "Reservert mot e-post",
        "last_confirmed": "Sist bekreftet",
        "created_at": "Registrert",
        "updated_at": "Sist endret",
        "trashed": "I papirkurven",
    }
)
"""A contact's fields as the user reads them, by the field's name in the code."""


def field_label(field: str) -> str:
    """The Norwegian label of a contact field (the name itself if it has none)."""
    return FIELD_LABELS.get(field, field)


def number(n: int) -> str:
    """A count as Norwegians write it: «12 345» (no-break space between thousands)."""
    return f"{n:,}".replace(",", "\u00a0")


def plural(n: int, one: str, many: str) -> str:
    """The count and the word in the right number: «1 rad», «0 rader», «1 234 rader»."""
    return f"{number(n)} {one if n == 1 else many}"


def yes_no(value: bool) -> str:
    """«ja» or «nei»."""
    return "ja" if value else "nei"
