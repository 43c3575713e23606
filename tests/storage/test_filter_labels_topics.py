"""Several labels (all of them), several topics (any or all), and old saved searches.

Runs on SQLite and PostgreSQL: the conditions are SQL (one EXISTS with IN for
«minst ett av» topics, one EXISTS per label).
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kontakt.app import Core
from kontakt.domain.contact_state import filter_from_dict, filter_to_dict
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.errors import NotFoundError
from kontakt.storage.models import SavedSearch

PEOPLE = [
    ContactDraft(given_name="Anne", family_name="Rus", topics=("Rus",), labels=("Styret",)),
    ContactDraft(
        given_name="Bjørn",
        family_name="Begge",
        topics=("Rus", "Fastlege"),
        labels=("Styret", "Presse"),
    ),
    ContactDraft(
        given_name="Cecilie", family_name="Lege", topics=("Fastlege",), labels=("Presse",)
    ),
    ContactDraft(given_name="David", family_name="Ingen", topics=("Psykisk helse",)),
]


@pytest.fixture
def people(core: Core) -> Core:
    core.contacts.create_many(PEOPLE)
    return core


def names(core: Core, f: ContactFilter) -> list[str]:
    return sorted(r.given_name for r in core.search.search(f).rows)


def test_any_topic_is_the_union_all_topics_the_intersection(people: Core) -> None:
    both = ("Rus", "fastlege")
    assert names(people, ContactFilter(topics=both, any_topic=True)) == [
        "Anne",
        "Bjørn",
        "Cecilie",
    ]
    assert names(people, ContactFilter(topics=both)) == ["Bjørn"]
    assert people.search.count(ContactFilter(topics=both, any_topic=True)) == 3
    # any_topic without topics narrows nothing
    assert len(names(people, ContactFilter(any_topic=True))) == 4


def test_several_labels_all_must_match(people: Core) -> None:
    assert names(people, ContactFilter(labels=("styret",))) == ["Anne", "Bjørn"]
    assert names(people, ContactFilter(labels=("Styret", "presse"))) == ["Bjørn"]
    assert people.search.count(ContactFilter(labels=("Styret", "Presse"))) == 1


def test_label_and_any_topic_combine(people: Core) -> None:
    f = ContactFilter(labels=("Presse",), topics=("Rus", "Psykisk helse"), any_topic=True)
    assert names(people, f) == ["Bjørn"]


def test_unknown_label_names_the_closest(people: Core) -> None:
    with pytest.raises(NotFoundError, match=r"Ukjent etikett «Styre».*Mente du: Styret"):
        people.search.search(ContactFilter(labels=("Styre",)))


def test_label_counts_leave_out_the_trash(people: Core) -> None:
    anne = people.search.search(ContactFilter(text="Anne")).rows[0]
    people.contacts.trash([anne.uid])
    counts = {c.name: c.count for c in people.catalog.labels()}
    assert counts == {"Presse": 2, "Styret": 1}


def test_saved_search_keeps_labels_and_any_topic(people: Core) -> None:
    f = ContactFilter(topics=("Rus", "Fastlege"), any_topic=True, labels=("Presse",))
    people.catalog.save_search("Presse og tema", f)
    back = people.catalog.saved_search("Presse og tema")
    assert back == f
    assert names(people, back) == ["Bjørn", "Cecilie"]


def test_old_saved_search_with_one_label_still_works(people: Core) -> None:
    # A search saved before labels became a list: {"label": "Styret"}.
    with people.sessions.begin() as session:
        session.add(SavedSearch(name="Gammelt", name_key="gammelt", filter={"label": "Styret"}))
    old = people.catalog.saved_search("Gammelt")
    assert old.labels == ("Styret",)
    assert names(people, old) == ["Anne", "Bjørn"]
    with people.sessions() as session:
        assert session.scalar(select(SavedSearch.filter)) == {"label": "Styret"}


def test_filter_dict_round_trip_and_old_shape() -> None:
    f = ContactFilter(topics=("A", "B"), any_topic=True, labels=("X", "Y"))
    assert filter_to_dict(f) == {"topics": ["A", "B"], "any_topic": True, "labels": ["X", "Y"]}
    assert filter_from_dict(filter_to_dict(f)) == f
    assert filter_from_dict({"label": "X", "labels": ["X", "Y"]}).labels == ("X", "Y")
    assert filter_from_dict({"label": ""}).labels == ()


def test_chosen_people_are_kept_in_a_saved_search_and_named_in_words(people: Core) -> None:
    """The people «Hvem kan fylle hullet?» showed, saved as a search, come back the same."""
    from kontakt.domain.geography import load_geography
    from kontakt.ui.filter_text import describe_filter

    uids = [r.uid for r in people.search.all_rows(ContactFilter())][:2]
    shown = ContactFilter(county="46", uids=tuple(uids))
    assert filter_from_dict(filter_to_dict(shown)) == shown
    people.catalog.save_search("Rekruttering Vestland", shown)
    assert people.catalog.saved_search("Rekruttering Vestland") == shown
    assert describe_filter(ContactFilter(uids=tuple(uids)), load_geography()) == (
        "Viser: 2 utvalgte personer"
    )
