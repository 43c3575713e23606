"""Planned rows cross process boundaries pickled by their fields: nothing may change on the way."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
from dataclasses import dataclass, field

import pytest

from kontakt.domain.pickling import pickled_by_fields
from kontakt.domain.records import (
    CleanContact,
    ConsentBasis,
    ContactDraft,
    EmailData,
    EmailKind,
    PhoneData,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.io.importers.raw import RawRow
from kontakt.services.importing.model import Issue


def test_records_survive_pickling_and_copying() -> None:
    draft = ContactDraft(
        given_name="Kari",
        family_name="Nordmann",
        emails=(EmailData("kari@example.org", EmailKind.JOBB, True),),
        phones=(PhoneData("+4798765432"),),
        roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, start=dt.date(2023, 10, 1)),),
        topics=("Rus",),
        consent_basis=ConsentBasis.SAMTYKKE,
        opted_out=True,
    )
    items = [
        draft,
        CleanContact(draft, "4601", "46"),
        Issue(7, "«E-post» (C)", "Ugyldig."),
        RawRow(7, ("Kari", None, 98765432.0, dt.datetime(2025, 3, 1, 10, 0))),
    ]
    for item in items:
        for protocol in range(2, pickle.HIGHEST_PROTOCOL + 1):
            again = pickle.loads(pickle.dumps(item, protocol))
            assert again == item and type(again) is type(item)
        assert copy.deepcopy(item) == item
    shared = [draft, CleanContact(draft, None, None)]
    first, clean = pickle.loads(pickle.dumps(shared))
    assert clean.draft is first  # one object stays one object


def test_only_plain_dataclasses_can_be_pickled_by_their_fields() -> None:
    with pytest.raises(TypeError):

        @pickled_by_fields
        @dataclass(frozen=True)
        class _Derived:
            a: int
            b: int = field(init=False, default=0)
