"""Merging two contacts: values chosen, records follow the kept one, undo puts all back."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import select

from kontakt.app import Core
from kontakt.domain.contact_state import row_to_json
from kontakt.domain.records import ContactDraft, EmailData, PhoneData
from kontakt.errors import ConflictError, NotFoundError, ValidationError
from kontakt.storage import merge_moves
from kontakt.storage.cleanup_models import ContactAlias, ContactMerge
from kontakt.storage.models import Contact, Interaction, ListMember
from kontakt.storage.outreach_models import Event, EventParticipant

KARI = ContactDraft(
    given_name="Kari",
    family_name="Nordmann",
    emails=(EmailData("kari@example.org"),),
    organisation="",
    municipality="4601",
    topics=("Rus",),
    notes="Ringte i mars.",
)
KARI_2 = ContactDraft(
    given_name="Kari",
    family_name="Nordmann",
    emails=(EmailData("kari.n@example.net"),),
    phones=(PhoneData("98765432"),),
    organisation="Fagforbundet",
    title="Leder",
    topics=("Psykisk helse", "rus"),
    labels=("styret",),
    notes="Vil ha nyhetsbrev.",
    opted_out=True,
)


def _event(core: Core, title: str) -> int:
    with core.sessions.begin() as session:
        start = dt.datetime(2026, 5, 1, 10, tzinfo=dt.UTC)
        event = Event(uid=str(uuid.uuid4()), title=title, starts_at=start, ends_at=start)
        session.add(event)
        session.flush()
        return event.id


def _join(core: Core, event_id: int, uid: str, status: str) -> None:
    with core.sessions.begin() as session:
        contact_id = session.scalar(select(Contact.id).where(Contact.uid == uid))
        session.add(EventParticipant(event_id=event_id, contact_id=contact_id, status=status))


def _world(core: Core) -> tuple[str, str, dict[str, Any]]:
    """Kari twice, each with history, lists and events, one of them shared."""
    keep = core.contacts.create(KARI).uid
    other = core.contacts.create(KARI_2).uid
    core.history.add_note(keep, "telefon", "Første samtale")
    core.history.add_note(other, "telefon", "Andre samtale")
    core.history.add_note(other, "møte", "Tredje samtale")
    core.catalog.create_list("Styret")
    core.catalog.create_list("Vestland")
    core.catalog.add_to_list("Styret", [keep, other])  # both: one membership stays
    core.catalog.add_to_list("Vestland", [other])
    shared, own = _event(core, "Landsmøte"), _event(core, "Seminar")
    _join(core, shared, keep, "invited")
    _join(core, shared, other, "attended")  # dropped at the merge, back at undo
    _join(core, own, other, "accepted")
    return keep, other, _records(core)


def _records(core: Core) -> dict[str, Any]:
    """Every follower record, by contact uid, for comparing before and after."""
    with core.sessions() as session:
        uids = dict(session.execute(select(Contact.id, Contact.uid)).all())
        history = sorted(
            (uids[c], s)
            for c, s in session.execute(select(Interaction.contact_id, Interaction.subject))
        )
        lists = sorted(
            (uids[c], lid)
            for lid, c in session.execute(select(ListMember.list_id, ListMember.contact_id))
        )
        events = sorted(
            (uids[c], e, st)
            for e, c, st in session.execute(
                select(
                    EventParticipant.event_id, EventParticipant.contact_id, EventParticipant.status
                )
            )
        )
        return {"history": history, "lists": lists, "events": events}


def _json(core: Core, uid: str) -> dict[str, Any]:
    data = row_to_json(core.contacts.get(uid))
    data.pop("updated_at")
    return data


def test_every_table_pointing_at_contacts_is_handled_by_the_merge() -> None:
    # A new table with a foreign key to contact.id must be added to PARTS or FOLLOWERS.
    assert merge_moves.contact_foreign_keys() == merge_moves.PARTS | set(merge_moves.FOLLOWERS)


def test_merge_fills_empty_unites_lists_and_moves_records(core: Core) -> None:
    keep, other, _ = _world(core)
    plan = core.merging.plan(keep, other)
    assert plan.choices["organisation"] == "other"  # empty on the kept side
    assert plan.choices["place"] == "keep"
    assert plan.choices["notes"] == "both"
    assert plan.moving == {"interaction": 2, "list_member": 2, "event_participant": 2}

    result = core.merging.merge(keep, other, {"title": "keep"}, plan.versions)

    kept = core.contacts.get(keep)
    assert kept.organisation == "Fagforbundet"
    assert kept.title == ""  # chosen from the kept side, although empty
    assert [e.address for e in kept.emails] == ["kari@example.org", "kari.n@example.net"]
    assert [p.number for p in kept.phones] == ["+4798765432"]
    assert sorted(kept.topics) == ["Psykisk helse", "Rus"]
    assert kept.labels == ("styret",)
    assert kept.opted_out  # a reservation is never lost
    assert kept.notes == "Ringte i mars.\n\nVil ha nyhetsbrev."
    assert kept.municipality is not None and kept.municipality.number == "4601"
    records = _records(core)
    assert {u for u, _ in records["history"]} == {keep}
    assert len(records["history"]) == 3
    assert sorted(lid for _, lid in records["lists"]) == [1, 2]
    assert [(u, st) for u, e, st in records["events"]] == [(keep, "invited"), (keep, "accepted")]
    with pytest.raises(NotFoundError):
        core.contacts.get(other)  # gone, not in the trash
    with core.sessions() as session:
        alias = session.get(ContactAlias, other)
        assert alias is not None and alias.merge_id == result.merge_id
    assert core.merging.resolve(other) == keep
    [info] = core.merging.merges()
    assert (info.kept_uid, info.other_uid, info.undone) == (keep, other, False)


def test_undo_puts_both_contacts_and_every_record_back(core: Core) -> None:
    keep, other, before = _world(core)
    json_before = {keep: _json(core, keep), other: _json(core, other)}
    result = core.merging.merge(keep, other)

    info = core.merging.undo()

    assert info.id == result.merge_id and info.undone
    assert {keep: _json(core, keep), other: _json(core, other)} == json_before
    assert _records(core) == before
    with core.sessions() as session:
        assert session.get(ContactAlias, other) is None
    with pytest.raises(NotFoundError, match="ingen sammenslåing å angre"):
        core.merging.undo()
    with pytest.raises(ValidationError, match="allerede angret"):
        core.merging.undo(result.merge_id)


def test_refusals_leave_the_database_unchanged(core: Core) -> None:
    keep, other, before = _world(core)
    with pytest.raises(ValidationError, match="seg selv"):
        core.merging.merge(keep, keep)
    with pytest.raises(NotFoundError, match="Fant ingen kontakt"):
        core.merging.merge(keep, str(uuid.uuid4()))
    plan = core.merging.plan(keep, other)
    # Someone else edits the other contact between showing and merging.
    row = core.contacts.get(other)
    core.contacts.update(other, replace(row.to_draft(), title="Nestleder"), row.version)
    with pytest.raises(ConflictError, match="endret"):
        core.merging.merge(keep, other, None, plan.versions)
    core.contacts.trash([other])
    with pytest.raises(ValidationError, match="papirkurven"):
        core.merging.merge(keep, other)
    assert _records(core) == before
    with core.sessions() as session:
        assert session.scalars(select(ContactMerge)).all() == []


def test_undo_is_refused_when_the_kept_contact_changed_since(core: Core) -> None:
    keep, other, _ = _world(core)
    core.merging.merge(keep, other)
    core.contacts.set_label([keep], "ny", True)
    with pytest.raises(ConflictError, match="endret etter"):
        core.merging.undo()
    with pytest.raises(NotFoundError):
        core.contacts.get(other)  # nothing undone


def test_a_person_erased_is_not_merged_back_in(core: Core) -> None:
    keep = core.contacts.create(KARI).uid
    erased = core.contacts.create(
        ContactDraft(given_name="Ola", family_name="Hansen", emails=(EmailData("ola@example.org"),))
    ).uid
    core.privacy.erase(erased)
    # Typed in again by hand afterwards: a merge must not bring him into Kari.
    again = core.contacts.create(
        ContactDraft(given_name="Ola", family_name="Hansen", emails=(EmailData("ola@example.org"),))
    ).uid
    with pytest.raises(ValidationError, match="slettet etter eget ønske"):
        core.merging.merge(keep, again)
    assert core.contacts.get(again).uid == again


def test_erasing_the_kept_contact_removes_its_merges_and_aliases(core: Core) -> None:
    keep, other, _ = _world(core)
    core.merging.merge(keep, other)
    core.privacy.erase(keep)
    with core.sessions() as session:
        assert session.scalars(select(ContactMerge)).all() == []
        assert session.scalars(select(ContactAlias)).all() == []


def test_holds_messages_and_earlier_aliases_follow_and_come_back(core: Core) -> None:
    from kontakt.storage.mailbox_models import AddressHold, InboundMessage

    keep, other, _ = _world(core)
    third = core.contacts.create(
        ContactDraft(given_name="Kari", family_name="Nordmann", emails=(EmailData("k@n.no"),))
    ).uid
    first = core.merging.merge(other, third)  # the other one carries an alias of its own
    with core.sessions.begin() as session:
        other_id = session.scalar(select(Contact.id).where(Contact.uid == other))
        session.add(AddressHold(address="kari.n@example.net", contact_id=other_id, kind="hard"))
        session.add(
            InboundMessage(folder="INBOX", uid_validity=1, uid=7, kind="reply", contact_id=other_id)
        )

    def owners() -> dict[str, str]:
        with core.sessions() as session:
            uids = dict(session.execute(select(Contact.id, Contact.uid)).all())
            return {
                "hold": uids[session.scalar(select(AddressHold.contact_id))],
                "message": uids[session.scalar(select(InboundMessage.contact_id))],
                "alias": uids[session.get(ContactAlias, third).contact_id],  # type: ignore[union-attr]
            }

    second = core.merging.merge(keep, other)
    assert owners() == {"hold": keep, "message": keep, "alias": keep}
    assert core.merging.resolve(third) == keep  # an alias of an alias is the kept contact
    core.merging.undo(second.merge_id)
    assert owners() == {"hold": other, "message": other, "alias": other}
    core.merging.undo(first.merge_id)
    assert core.contacts.get(third).uid == third
