"""validate_draft builds the clean draft field by field: no field may be lost on the way."""

from __future__ import annotations

import datetime as dt
from dataclasses import fields

from kontakt.domain.geography import load_geography
from kontakt.domain.records import (
    ConsentBasis,
    ContactDraft,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.services.validation import DraftErrors, validate_draft


def test_every_field_of_a_clean_draft_survives_validation() -> None:
    # Every field set to a value that is already clean and not the default; a new
    # field of ContactDraft, EmailData or PhoneData must be added here (and to
    # validate_draft, which names each field).
    values = {
        "given_name": "Kari",
        "family_name": "Nordmann",
        "emails": (
            EmailData("kari@example.org", EmailKind.JOBB, False),
            EmailData("kari@privat.example.org", EmailKind.PRIVAT, True),
        ),
        "phones": (PhoneData("+4798765432", PhoneKind.JOBB, True),),
        "organisation": "Helselaget",
        "title": "Leder",
        "municipality": "4601",
        "county": "46",
        "party": "Uavhengig",
        "notes": "Ringer helst etter kl. 16.",
        "topics": ("Psykisk helse", "Rus"),
        "labels": ("Styret",),
        "roles": (RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bergen bystyre", "Medlem"),),
        "consent_basis": ConsentBasis.SAMTYKKE,
        "consent_date": dt.date(2025, 3, 1),
        "consent_source": "Skjema",
        "opted_out": True,
        "last_confirmed": dt.date(2025, 3, 2),
    }
    assert set(values) == {f.name for f in fields(ContactDraft)}
    assert [f.name for f in fields(EmailData)] == ["address", "kind", "primary"]
    assert [f.name for f in fields(PhoneData)] == ["number", "kind", "primary"]
    draft = ContactDraft(**values)  # type: ignore[arg-type]

    clean = validate_draft(draft, load_geography())

    assert clean.draft == draft
    assert (clean.municipality_number, clean.county_number) == ("4601", "46")


def test_a_candidate_place_is_resolved_and_bad_values_named() -> None:
    """A candidate's municipality by name becomes its number (and its county's); an unknown
    place, a result other than valgt/ikke valgt and list place 0 are each named."""
    geography = load_geography()
    good = RoleData(
        RoleKind.KANDIDAT, election=" kommunestyrevalget  2027", municipality="tromsø",
        result="Valgt", list_place=2,
    )  # fmt: skip
    clean = validate_draft(ContactDraft("Kari", roles=(good,)), geography).draft.roles[0]
    assert (clean.municipality, clean.county, clean.result) == ("5501", "55", "valgt")
    assert clean.election == "kommunestyrevalget 2027"
    bad = RoleData(RoleKind.KANDIDAT, municipality="Tromsøø", result="kanskje", list_place=0)
    try:
        validate_draft(ContactDraft("Kari", roles=(bad,)), geography)
    except DraftErrors as exc:
        fields_named = [f for f, _ in exc.errors]
    else:
        raise AssertionError("no errors")
    assert fields_named == ["roles[0].municipality", "roles[0].result", "roles[0].list_place"]
