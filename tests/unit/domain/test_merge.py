"""Joining a row into a stored contact: single values, lists, and the place as one value."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kontakt.domain.geography import Geography, load_geography
from kontakt.domain.merge import merge_drafts
from kontakt.domain.records import ContactDraft, RoleData, RoleKind
from kontakt.services.validation import validate_draft

GEO = load_geography()
BERGEN, VOSS, OSLO = "4601", "4621", "0301"


def at(municipality: str = "", county: str = "", **kw: object) -> ContactDraft:
    """A validated draft of Kari at a place."""
    draft = ContactDraft(given_name="Kari", family_name="Nordmann", municipality=municipality,
                         county=county, **kw)  # type: ignore[arg-type]  # fmt: skip
    return validate_draft(draft, GEO).draft


def place(d: ContactDraft) -> tuple[str, str]:
    return d.municipality, d.county


@pytest.mark.parametrize(
    ("stored", "incoming", "overwrite", "expected"),
    [
        # Filling in: a gap takes the row's place; a known place stays.
        (at(), at(BERGEN), False, (BERGEN, "46")),
        (at(BERGEN), at(OSLO), False, (BERGEN, "46")),
        (at(BERGEN), at(county="03"), False, (BERGEN, "46")),
        # ... but a municipality within the known county is filled in.
        (at(county="46"), at(VOSS), False, (VOSS, "46")),
        (at(county="46"), at(OSLO), False, ("", "46")),
        # Overwriting: the row's municipality wins, with its own county.
        (at(BERGEN), at(OSLO), True, (OSLO, "03")),
        (at(BERGEN), at(VOSS), True, (VOSS, "46")),
        # A county alone: another county replaces the place; the same one keeps
        # the municipality known in it.
        (at(BERGEN), at(county="03"), True, ("", "03")),
        (at(BERGEN), at(county="46"), True, (BERGEN, "46")),
        # The row says nothing about where: the stored place stays.
        (at(BERGEN), at(), True, (BERGEN, "46")),
    ],
)
def test_the_place_is_taken_whole(
    stored: ContactDraft, incoming: ContactDraft, overwrite: bool, expected: tuple[str, str]
) -> None:
    merged = merge_drafts(stored, incoming, overwrite)
    assert place(merged) == expected
    validate_draft(merged, GEO)  # a municipality is always in its county


def _places(geo: Geography) -> st.SearchStrategy[tuple[str, str]]:
    municipalities = [(m.number, "") for m in geo.municipalities]
    counties = [("", c.number) for c in geo.counties]
    return st.sampled_from([("", ""), *municipalities, *counties])


@settings(max_examples=300, deadline=None)
@given(a=_places(GEO), b=_places(GEO), c=_places(GEO), overwrite=st.booleans())
def test_merging_validated_rows_always_validates(
    a: tuple[str, str], b: tuple[str, str], c: tuple[str, str], overwrite: bool
) -> None:
    # Stored contact, then two rows of a file joined into it, as an import does.
    merged = merge_drafts(merge_drafts(at(*a), at(*b), overwrite), at(*c), not overwrite)
    clean = validate_draft(merged, GEO)
    assert clean.draft == merged  # already normalised: nothing to change


def test_lists_are_joined_and_single_values_follow_the_choice() -> None:
    stored = at(BERGEN, topics=("Rus",), organisation="Helse Bergen")
    row = at(topics=("rus", "Sykehus"), organisation="Haukeland", title="Sykepleier")
    filled = merge_drafts(stored, row, overwrite=False)
    assert filled.topics == ("Rus", "Sykehus")
    assert (filled.organisation, filled.title) == ("Helse Bergen", "Sykepleier")
    assert merge_drafts(stored, row, overwrite=True).organisation == "Haukeland"


def test_a_reservation_against_e_mail_is_never_lifted_by_a_row() -> None:
    stored = ContactDraft(given_name="Kari", opted_out=True)
    for overwrite in (True, False):
        assert merge_drafts(stored, ContactDraft(given_name="Kari"), overwrite).opted_out
        added = merge_drafts(ContactDraft(), ContactDraft(opted_out=True), overwrite)
        assert added.opted_out


def test_candidacies_for_two_elections_are_both_kept_and_one_is_not_doubled() -> None:
    """A candidate role is one per election and list: the municipal and the county
    candidacy both stay; the same one again (place by name, not number) is kept once."""
    municipal = RoleData(
        RoleKind.KANDIDAT, election="kommunestyrevalget 2027", list_name="SV", municipality="4601"
    )
    county = RoleData(
        RoleKind.KANDIDAT, election="fylkestingsvalget 2027", list_name="SV", county="46"
    )
    again = RoleData(
        RoleKind.KANDIDAT, election="Kommunestyrevalget 2027", list_name="SV", municipality="Bergen"
    )
    stored = ContactDraft("Kari", "Nordmann", roles=(municipal,))
    merged = merge_drafts(stored, ContactDraft("Kari", "Nordmann", roles=(county, again)), False)
    assert merged.roles == (municipal, county)
