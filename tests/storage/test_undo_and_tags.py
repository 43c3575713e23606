"""Bulk tagging, and undoing one user action as a whole."""

from __future__ import annotations

from dataclasses import replace

import pytest

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.errors import ConflictError, NotFoundError

PEOPLE = [
    ContactDraft(given_name=g, family_name="Nordmann", municipality="Bergen", topics=("Rus",))
    for g in ("Kari", "Ola", "Per", "Siri")
]


@pytest.fixture
def uids(core: Core) -> list[str]:
    return [r.uid for r in core.contacts.create_many(PEOPLE)]


def topics_of(core: Core, uid: str) -> tuple[str, ...]:
    return core.contacts.get(uid).topics


def test_bulk_topic_and_label(core: Core, uids: list[str]) -> None:
    assert core.contacts.set_topic(uids[:3], "psykisk helse", True) == 3
    assert core.contacts.set_topic(uids[:3], "Psykisk helse", True) == 0  # already there
    assert core.search.count(ContactFilter(topics=("Psykisk helse",))) == 3
    assert core.contacts.set_topic(uids, "rus", False) == 4
    assert topics_of(core, uids[0]) == ("Psykisk helse",)
    assert core.contacts.set_label(uids[:2], "Styret", True) == 2
    assert core.search.count(ContactFilter(labels=("styret",))) == 2
    # A new topic name creates the topic.
    core.contacts.set_topic(uids[:1], "Jordmortjenesten", True)
    assert "Jordmortjenesten" in {t.name for t in core.catalog.topics()}


def test_undo_a_bulk_tag_puts_every_contact_back(core: Core, uids: list[str]) -> None:
    core.contacts.set_topic(uids[:3], "Sykehus", True, change_id="c1")
    assert core.undo.undo("c1") == 3
    assert core.search.count(ContactFilter(topics=("Sykehus",))) == 0
    assert topics_of(core, uids[0]) == ("Rus",)


def test_undo_trash_edit_and_create(core: Core, uids: list[str]) -> None:
    core.contacts.trash(uids[:2], change_id="trash")
    assert core.undo.undo("trash") == 2
    assert core.search.count(ContactFilter()) == 4

    row = core.contacts.get(uids[0])
    core.contacts.update(row.uid, replace(row.to_draft(), title="Leder"), row.version, "edit")
    core.undo.undo("edit")
    assert core.contacts.get(uids[0]).title == ""

    new = core.contacts.create(ContactDraft(given_name="Ny", family_name="Person"), "create")
    core.undo.undo("create")
    with pytest.raises(NotFoundError):
        core.contacts.get(new.uid)


def test_undo_refuses_when_someone_changed_the_contact_since(core: Core, uids: list[str]) -> None:
    core.contacts.set_topic(uids[:1], "Sykehus", True, change_id="mine")
    row = core.contacts.get(uids[0])
    core.contacts.update(row.uid, replace(row.to_draft(), title="Endret av en annen"), row.version)
    with pytest.raises(ConflictError, match="endret"):
        core.undo.undo("mine")
    assert core.contacts.get(uids[0]).title == "Endret av en annen"
    assert "Sykehus" in topics_of(core, uids[0])


def test_undo_of_an_unknown_change_is_refused(core: Core) -> None:
    with pytest.raises(NotFoundError, match="ingenting å angre"):
        core.undo.undo("finnes-ikke")


def test_undo_emptying_the_trash_brings_the_contacts_back(core: Core, uids: list[str]) -> None:
    core.contacts.trash(uids[:1])
    core.contacts.empty_trash(change_id="empty")
    core.undo.undo("empty")
    assert core.contacts.get(uids[0]).deleted_at is not None  # back, in the trash
