"""One filter object finds contacts by text, place, topic, role, list and saved search."""

from __future__ import annotations

import pytest

from kontakt.app import Core
from kontakt.domain.records import (
    ContactDraft,
    ContactFilter,
    EmailData,
    Page,
    PhoneData,
    RoleData,
    RoleKind,
    RoleLevel,
    SortField,
)
from kontakt.errors import NotFoundError

PEOPLE = [
    ContactDraft(
        given_name="Øystein",
        family_name="Ødegård",
        emails=(EmailData("oystein@example.org"),),
        phones=(PhoneData("987 65 432"),),
        municipality="Bergen",
        topics=("Psykisk helse",),
        roles=(RoleData(RoleKind.FOLKEVALGT),),
    ),
    ContactDraft(
        given_name="Åse",
        family_name="Aas",
        organisation="Fagforbundet",
        municipality="Bærum",
        topics=("Rus", "Psykisk helse"),
        roles=(RoleData(RoleKind.TILLITSVALGT),),
    ),
    ContactDraft(
        given_name="Kari",
        family_name="Zakariassen",
        emails=(EmailData("kari_100%@example.org"),),
        municipality="Fredrikstad",
        topics=("Rus",),
    ),
    ContactDraft(given_name="Émile", family_name="Berg", municipality="Tromsø"),
    ContactDraft(given_name="Ola", family_name="Æsøy", county="Vestland"),
]


@pytest.fixture
def people(core: Core) -> Core:
    core.contacts.create_many(PEOPLE)
    return core


def names(core: Core, f: ContactFilter, page: Page | None = None) -> list[str]:
    return [r.full_name for r in core.search.search(f, page).rows]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("øys", ["Øystein Ødegård"]),  # SQLite's lower() would miss this
        ("ØYSTEIN", ["Øystein Ødegård"]),
        ("åse", ["Åse Aas"]),
        ("ø", ["Øystein Ødegård", "Ola Æsøy", "Émile Berg"]),  # Tromsø; one letter: no index
        ("fagforb", ["Åse Aas"]),  # organisation
        ("bærum", ["Åse Aas"]),  # municipality
        ("oystein@example", ["Øystein Ødegård"]),  # e-mail
        ("98765", ["Øystein Ødegård"]),  # phone, national digits
        ("+4798765432", ["Øystein Ødegård"]),
        ("kari berg", []),  # all words must match
        ("øys bergen", ["Øystein Ødegård"]),
        ("100%", ["Kari Zakariassen"]),  # LIKE wildcards are literal
        ('"; drop', []),  # FTS syntax is literal too
        ("_", ["Kari Zakariassen"]),
        ("kari\x00", ["Kari Zakariassen"]),  # a pasted NUL: PostgreSQL refused it
        ("zak\x1bari", ["Kari Zakariassen"]),
    ],
)
def test_free_text_ignores_case_including_norwegian_letters(
    people: Core, text: str, expected: list[str]
) -> None:
    assert sorted(names(people, ContactFilter(text=text))) == sorted(expected)


def test_results_sort_in_norwegian_alphabetical_order(people: Core) -> None:
    assert names(people, ContactFilter()) == [
        "Åse Aas",
        "Émile Berg",
        "Kari Zakariassen",
        "Ola Æsøy",
        "Øystein Ødegård",
    ]
    by_county = names(people, ContactFilter(), Page(sort=SortField.COUNTY))
    assert by_county == [
        "Åse Aas",  # Akershus
        "Émile Berg",  # Troms
        "Ola Æsøy",  # Vestland
        "Øystein Ødegård",  # Vestland
        "Kari Zakariassen",  # Østfold
    ]


def test_county_filter_accepts_names_numbers_and_old_counties(people: Core) -> None:
    assert names(people, ContactFilter(county="46")) == ["Ola Æsøy", "Øystein Ødegård"]
    assert names(people, ContactFilter(county="vestland")) == ["Ola Æsøy", "Øystein Ødegård"]
    # Viken became Østfold, Akershus and Buskerud in 2024.
    assert names(people, ContactFilter(county="Viken")) == ["Åse Aas", "Kari Zakariassen"]
    assert names(people, ContactFilter(municipality="0301")) == []


def test_topic_role_and_combined_filters(people: Core) -> None:
    assert names(people, ContactFilter(topics=("rus",))) == ["Åse Aas", "Kari Zakariassen"]
    assert names(people, ContactFilter(topics=("rus", "psykisk helse"))) == ["Åse Aas"]
    assert names(people, ContactFilter(role_kind=RoleKind.FOLKEVALGT)) == ["Øystein Ødegård"]
    assert names(people, ContactFilter(county="Viken", topics=("Rus",), text="kari")) == [
        "Kari Zakariassen"
    ]


def test_list_and_saved_search(people: Core) -> None:
    people.catalog.create_list("Styret")
    uids = [r.uid for r in people.search.search(ContactFilter(topics=("Rus",))).rows]
    assert sorted(people.catalog.add_to_list("styret", uids)) == sorted(uids)
    assert people.catalog.add_to_list("Styret", uids) == []
    assert names(people, ContactFilter(list_name="Styret")) == ["Åse Aas", "Kari Zakariassen"]
    people.catalog.save_search("Rus i Viken", ContactFilter(county="Viken", topics=("Rus",)))
    saved = people.catalog.saved_search("rus i viken")
    assert names(people, saved) == ["Åse Aas", "Kari Zakariassen"]
    exact = ContactFilter(role_level=RoleLevel.FYLKE, confirmed_months=0)
    people.catalog.save_search("Fylket, bekreftet i dag", exact)
    assert people.catalog.saved_search("fylket, bekreftet i dag") == exact
    assert people.catalog.remove_from_list("Styret", uids[:1]) == uids[:1]
    assert people.catalog.remove_from_list("Styret", uids[:1]) == []


def test_unknown_names_give_the_closest_match(people: Core) -> None:
    with pytest.raises(NotFoundError, match="Mente du: Psykisk helse"):
        people.search.search(ContactFilter(topics=("psykisk helze",)))
    with pytest.raises(NotFoundError, match="Ukjent liste"):
        people.search.search(ContactFilter(list_name="Finnes ikke"))


def test_paging_and_total(people: Core) -> None:
    first = people.search.search(ContactFilter(), Page(offset=0, limit=2))
    second = people.search.search(ContactFilter(), Page(offset=2, limit=2))
    assert first.total == second.total == 5
    assert [r.full_name for r in first.rows + second.rows] == names(people, ContactFilter())[:4]
    descending = names(people, ContactFilter(), Page(descending=True))
    assert descending == list(reversed(names(people, ContactFilter())))


def test_trashed_contacts_are_only_in_the_trash(people: Core) -> None:
    uid = people.search.search(ContactFilter(text="øystein")).rows[0].uid
    people.contacts.trash([uid])
    assert names(people, ContactFilter(text="øystein")) == []
    assert names(people, ContactFilter(text="øystein", trashed=True)) == ["Øystein Ødegård"]


def test_edited_contacts_are_found_by_their_new_text(people: Core) -> None:
    row = people.search.search(ContactFilter(text="zakariassen")).rows[0]
    draft = row.to_draft()
    from dataclasses import replace

    people.contacts.update(row.uid, replace(draft, family_name="Kvernmo"), row.version)
    assert names(people, ContactFilter(text="zakariassen")) == []
    assert names(people, ContactFilter(text="kvernmo")) == ["Kari Kvernmo"]
