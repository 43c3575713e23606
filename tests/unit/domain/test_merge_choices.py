"""The values of a merge of two stored contacts: fill empty, chosen sides, lists united."""

from __future__ import annotations

import pytest

from kontakt.domain.merge import combine, default_choices
from kontakt.domain.records import ContactDraft, EmailData, PhoneData

KEEP = ContactDraft(
    given_name="Kari",
    family_name="Nordmann",
    emails=(EmailData("kari@example.org", primary=True),),
    municipality="4601",
    county="46",
    notes="Ringte.",
)
OTHER = ContactDraft(
    given_name="Kari Marie",
    family_name="Nordmann",
    emails=(EmailData("kari@example.org"), EmailData("kmn@example.net", primary=True)),
    phones=(PhoneData("+4798765432"),),
    organisation="Fagforbundet",
    municipality="0301",
    county="03",
    notes="Møtte.",
    opted_out=True,
)


def test_fill_empty_keeps_what_is_there_and_fills_gaps() -> None:
    choices = default_choices(KEEP, OTHER)
    assert choices["given_name"] == "keep"
    assert choices["organisation"] == "other"
    assert choices["place"] == "keep"  # another county's municipality does not replace
    assert choices["notes"] == "both"
    merged = combine(KEEP, OTHER, {})
    assert merged.given_name == "Kari" and merged.organisation == "Fagforbundet"
    assert merged.notes == "Ringte.\n\nMøtte."
    assert [(e.address, e.primary) for e in merged.emails] == [
        ("kari@example.org", True),
        ("kmn@example.net", False),  # one primary address
    ]
    assert merged.opted_out  # a reservation on either side stays


def test_a_chosen_side_wins_and_the_place_moves_as_one() -> None:
    merged = combine(KEEP, OTHER, {"given_name": "other", "place": "other", "notes": "keep"})
    assert merged.given_name == "Kari Marie"
    assert (merged.municipality, merged.county) == ("0301", "03")
    assert merged.notes == "Ringte."
    # The reservation cannot be chosen away.
    assert combine(OTHER, KEEP, {}).opted_out


def test_unknown_choices_are_refused() -> None:
    with pytest.raises(ValueError):
        combine(KEEP, OTHER, {"uid": "other"})
    with pytest.raises(ValueError):
        combine(KEEP, OTHER, {"given_name": "both"})


def test_united_lists_read_as_names_and_role_lines() -> None:
    """The merge dialog and `kontakt merge` show topics, labels and roles as a person reads them."""
    from kontakt.domain.records import RoleData, RoleKind, RoleLevel
    from kontakt.services.merging.plan import FIELD_WORDS, show

    assert show("topics", ("Psykisk helse", "Rus")) == "Psykisk helse, Rus"
    assert show("labels", ()) == "tom"
    role = RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bergen bystyre", "Medlem")
    assert show("roles", (role,)) == "Medlem, Bergen bystyre (folkevalgt, kommune)"
    assert FIELD_WORDS["labels"] == "Etiketter"  # as the sidebar names them
