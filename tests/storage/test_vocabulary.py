"""Renaming, merging and deleting topics, labels, lists and saved searches, with undo
(issue 21), on SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.errors import ConflictError, NotFoundError, ValidationError
from kontakt.services.vocabulary import NameTakenError
from kontakt.storage.vocabulary_models import VocabularyChange


def person(given: str, topics: tuple[str, ...] = (), labels: tuple[str, ...] = ()) -> ContactDraft:
    return ContactDraft(
        given_name=given,
        family_name="Nordmann",
        municipality="Bergen",
        topics=topics,
        labels=labels,
    )


@pytest.fixture
def uids(core: Core) -> list[str]:
    people = [
        person("Kari", ("Rus",), ("Styret",)),
        person("Ola", ("Rus", "Familie"), ("Styret", "Presse")),
        person("Per", ("Familie",), ("Presse",)),
        person("Siri", ("Psykisk helse",)),
    ]
    return [r.uid for r in core.contacts.create_many(people)]


def topic_names(core: Core) -> set[str]:
    return {t.name for t in core.catalog.topics()}


def test_rename_a_topic_keeps_members_and_rewrites_saved_searches(
    core: Core, uids: list[str]
) -> None:
    core.catalog.save_search("Rus i Bergen", ContactFilter(topics=("rus",), municipality="Bergen"))
    version = core.contacts.get(uids[0]).version
    change = core.vocabulary.rename("topic", "Rus", "Rusomsorg og avhengighet")
    assert "Rus" not in topic_names(core)
    assert core.search.count(ContactFilter(topics=("Rusomsorg og avhengighet",))) == 2
    assert core.catalog.saved_search("Rus i Bergen").topics == ("Rusomsorg og avhengighet",)
    assert core.search.count(core.catalog.saved_search("Rus i Bergen")) == 2
    # Contacts hold the topic by id: a rename leaves them (and their versions) alone.
    assert core.contacts.get(uids[0]).version == version
    assert core.contacts.get(uids[0]).topics == ("Rusomsorg og avhengighet",)

    core.vocabulary.undo(change)
    assert "Rus" in topic_names(core)
    assert core.catalog.saved_search("Rus i Bergen").topics == ("rus",)
    with pytest.raises(ValidationError, match="allerede angret"):
        core.vocabulary.undo(change)


def test_rename_only_the_case(core: Core, uids: list[str]) -> None:
    core.vocabulary.rename("topic", "rus", "RUS")
    assert "RUS" in topic_names(core)
    assert core.contacts.get(uids[0]).topics == ("RUS",)


def test_rename_to_an_existing_name_offers_merge(core: Core, uids: list[str]) -> None:
    with pytest.raises(NameTakenError) as caught:
        core.vocabulary.rename("topic", "Familie", "psykisk HELSE")
    assert caught.value.existing == "Psykisk helse"
    assert "Slå sammen" in str(caught.value)
    with pytest.raises(ValidationError, match="tomt"):
        core.vocabulary.rename("label", "Styret", "   ")
    with pytest.raises(ValidationError, match="for langt"):
        core.vocabulary.rename("label", "Styret", "a" * 101)
    with pytest.raises(NotFoundError, match="Mente du: Styret"):
        core.vocabulary.rename("label", "Styre", "Board")


def test_rename_a_topic_to_another_topics_synonym_is_refused(core: Core, uids: list[str]) -> None:
    with pytest.raises(ValidationError, match="synonym for temaet «Psykisk helse»"):
        core.vocabulary.rename("topic", "Familie", "psykiatri")
    # Its own synonym may become its name: the synonym goes, and comes back on undo.
    change = core.vocabulary.rename("topic", "Psykisk helse", "Psykiatri")
    assert "psykiatri" not in [w.casefold() for w in core.synonyms.synonyms("Psykiatri")]
    core.vocabulary.undo(change)
    assert "psykiatri" in core.synonyms.synonyms("Psykisk helse")


def test_merge_topics_unites_members_and_moves_synonyms(core: Core, uids: list[str]) -> None:
    core.catalog.save_search("Familiefolk", ContactFilter(topics=("Familie", "Rus")))
    core.synonyms.set_synonyms("Familie", ["slekt"])
    before = core.contacts.get(uids[2])
    change = core.vocabulary.merge("topic", "Familie", "Rus")
    assert "Familie" not in topic_names(core)
    assert core.search.count(ContactFilter(topics=("Rus",))) == 3
    assert core.contacts.get(uids[1]).topics == ("Rus",)
    assert core.catalog.saved_search("Familiefolk").topics == ("Rus",)
    assert set(core.synonyms.synonyms("Rus")) >= {"slekt", "Familie"}
    # The old name now finds the topic it went into, in filters too.
    assert core.search.count(ContactFilter(topics=("familie",))) == 3
    # A contact whose topics changed is newer: an edit begun before is a conflict.
    assert core.contacts.get(uids[2]).version > before.version
    with pytest.raises(ConflictError):
        core.contacts.update(before.uid, replace(before.to_draft(), title="X"), before.version)

    core.vocabulary.undo(change)
    assert core.contacts.get(uids[2]).topics == ("Familie",)
    assert core.contacts.get(uids[1]).topics == ("Familie", "Rus")
    assert core.contacts.get(uids[0]).topics == ("Rus",)
    assert core.search.count(ContactFilter(topics=("Rus",))) == 2
    assert core.synonyms.synonyms("Familie") == ["slekt"]
    assert "Familie" not in core.synonyms.synonyms("Rus")
    assert core.catalog.saved_search("Familiefolk").topics == ("Familie", "Rus")


def test_delete_a_topic_names_the_searches_and_undo_puts_everything_back(
    core: Core, uids: list[str]
) -> None:
    core.catalog.save_search("Familie", ContactFilter(topics=("Familie",), county="Vestland"))
    usage = core.vocabulary.usage("topic", "familie")
    assert (usage.name, usage.contacts, usage.searches) == ("Familie", 2, ("Familie",))
    change = core.vocabulary.delete("topic", "Familie")
    assert "Familie" not in topic_names(core)
    assert core.contacts.get(uids[1]).topics == ("Rus",)
    assert core.catalog.saved_search("Familie").topics == ()
    assert core.catalog.saved_search("Familie").county == "Vestland"

    core.vocabulary.undo(change)
    assert core.search.count(ContactFilter(topics=("Familie",))) == 2
    assert core.catalog.saved_search("Familie").topics == ("Familie",)


def test_undo_refuses_when_the_name_was_taken_again(core: Core, uids: list[str]) -> None:
    change = core.vocabulary.delete("topic", "Familie")
    core.catalog.add_topic("familie")
    with pytest.raises(ValidationError, match="tatt i bruk igjen"):
        core.vocabulary.undo(change)
    with core.sessions() as session:
        assert session.get(VocabularyChange, change).undone_at is None  # type: ignore[union-attr]


def test_undo_a_delete_leaves_an_erased_person_out(core: Core, uids: list[str]) -> None:
    change = core.vocabulary.delete("label", "Presse")
    core.privacy.erase(uids[2])
    core.vocabulary.undo(change)
    assert core.search.count(ContactFilter(labels=("Presse",))) == 1
    assert core.contacts.get(uids[1]).labels == ("Presse", "Styret")


def test_labels_merge_and_delete(core: Core, uids: list[str]) -> None:
    core.catalog.save_search("Styret", ContactFilter(labels=("styret",)))
    change = core.vocabulary.merge("label", "Styret", "Presse")
    assert core.search.count(ContactFilter(labels=("Presse",))) == 3
    assert core.catalog.saved_search("Styret").labels == ("Presse",)
    assert dict(core.vocabulary.names("label")) == {"Presse": 3}
    core.vocabulary.undo(change)
    assert dict(core.vocabulary.names("label")) == {"Presse": 2, "Styret": 2}
    assert core.catalog.saved_search("Styret").labels == ("styret",)


def test_lists_rename_merge_delete(core: Core, uids: list[str]) -> None:
    core.catalog.create_list("Styret 2025", "Valgt på årsmøtet")
    core.catalog.create_list("Valgkomiteen")
    core.catalog.add_to_list("Styret 2025", uids[:2])
    core.catalog.add_to_list("Valgkomiteen", uids[1:3])
    core.catalog.save_search("Styret i Bergen", ContactFilter(list_name="Styret 2025"))
    rename = core.vocabulary.rename("list", "Styret 2025", "Styret")
    assert core.catalog.saved_search("Styret i Bergen").list_name == "Styret"
    merge = core.vocabulary.merge("list", "Valgkomiteen", "Styret")
    assert dict(core.vocabulary.names("list")) == {"Styret": 3}
    core.vocabulary.undo(merge)
    assert dict(core.vocabulary.names("list")) == {"Styret": 2, "Valgkomiteen": 2}
    core.vocabulary.undo(rename)
    delete = core.vocabulary.delete("list", "Styret 2025")
    assert core.vocabulary.usage("list", "Valgkomiteen").contacts == 2
    core.vocabulary.undo(delete)
    assert dict(core.vocabulary.names("list")) == {"Styret 2025": 2, "Valgkomiteen": 2}


def test_saved_searches_rename_delete_and_no_merge(core: Core, uids: list[str]) -> None:
    core.catalog.save_search("Rus", ContactFilter(topics=("Rus",)))
    core.catalog.save_search("Alle", ContactFilter())
    assert core.vocabulary.usage("saved_search", "Rus").contacts == 2
    change = core.vocabulary.rename("saved_search", "Rus", "Rusfolk")
    assert core.catalog.saved_searches() == ["Alle", "Rusfolk"]
    with pytest.raises(ValidationError, match="kan ikke slås sammen"):
        core.vocabulary.merge("saved_search", "Rusfolk", "Alle")
    core.vocabulary.undo(change)
    delete = core.vocabulary.delete("saved_search", "Rus")
    assert core.catalog.saved_searches() == ["Alle"]
    core.vocabulary.undo(delete)
    assert core.catalog.saved_search("Rus").topics == ("Rus",)


def test_synonyms_are_checked_and_used_by_filters(core: Core, uids: list[str]) -> None:
    assert "psykiatri" in core.synonyms.synonyms("Psykisk helse")
    assert core.search.count(ContactFilter(topics=("psykiatri",))) == 1
    with pytest.raises(ValidationError, match="navnet på temaet «Rus»"):
        core.synonyms.set_synonyms("Familie", ["rus"])
    with pytest.raises(ValidationError, match="synonym for temaet «Psykisk helse»"):
        core.synonyms.set_synonyms("Familie", ["slekt", "Psykiatri"])
    assert core.synonyms.synonyms("Familie") == []  # nothing half-done
    old = core.synonyms.set_synonyms("Familie", ["slekt", "Slekt", " søsken "])
    assert old == []
    assert core.synonyms.synonyms("Familie") == ["slekt", "søsken"]
    assert core.search.count(ContactFilter(topics=("søsken",))) == 2


def test_every_change_is_one_transaction(core: Core, uids: list[str]) -> None:
    with core.sessions() as session:
        before = len(list(session.scalars(select(VocabularyChange))))
    with pytest.raises(NameTakenError):
        core.vocabulary.rename("topic", "Rus", "Familie")
    assert "Rus" in topic_names(core)
    with core.sessions() as session:
        assert len(list(session.scalars(select(VocabularyChange)))) == before
