"""The mailbox's decisions on a real database (SQLite and PostgreSQL) with real sent mail.

A newsletter and an invitation go out through the test SMTP server; the
answers are built to the Message-IDs it received and given to the service
as the IMAP fetch would. Every applied change is checked in the database,
and so is every case where nothing may change.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest
from sqlalchemy import func, select
from tests.fixtures.mailbox_world import World, send_world
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.unit.mailbox.messages import dsn, imip_reply, reply

from kontakt.app import Core
from kontakt.domain.contact_state import row_to_state, state_to_draft
from kontakt.errors import ConflictError
from kontakt.services.outreach.event_mail import NOT_DECLINED
from kontakt.services.outreach.events import ParticipantStatus
from kontakt.services.outreach.imap import FolderMessage
from kontakt.services.outreach.inbox_model import Action
from kontakt.services.scope import ContactScope
from kontakt.storage import audit_log
from kontakt.storage.mailbox_models import AddressHold, InboundMessage
from kontakt.storage.models import Contact, Interaction
from kontakt.storage.outreach_models import EventParticipant

_UID = itertools.count(1)


def inbox(*raws: bytes, folder: str = "INBOX") -> list[FolderMessage]:
    return [FolderMessage(folder, 7, next(_UID), raw, len(raw)) for raw in raws]


@pytest.fixture
def world(core: Core, smtp_server: SmtpServer) -> World:  # noqa: F811
    return send_world(core, smtp_server)


def contact(core: Core, uid: str) -> Contact:
    with core.sessions() as s:
        found = s.scalar(select(Contact).where(Contact.uid == uid))
        assert found is not None
        s.expunge(found)
        return found


def history(core: Core, uid: str) -> list[str]:
    return [h.subject for h in core.history.history(uid)]


def status(core: Core, world: World, name: str) -> str | None:
    cid = core.contacts.get(world.uids[name]).id
    with core.sessions() as s:
        return s.scalar(
            select(EventParticipant.status).where(
                EventParticipant.event_id == world.event_id, EventParticipant.contact_id == cid
            )
        )


def test_sent_messages_carry_kontakts_message_id(world: World):
    for ids in (world.newsletter_ids, world.invitation_ids):
        assert all(mid.startswith("<kontakt.m") for mid in ids.values())


def test_an_opt_out_reply_reserves_the_contact_with_history_audit_and_undo(
    core: Core, world: World
):
    raw = reply(
        "kari@example.no",
        "SV: Nyhetsbrev desember",
        "Avmeld\n\nKari",
        world.newsletter_ids["kari@example.no"],
    )
    result = core.inbox.propose(inbox(raw))
    assert [(p.action, p.contact_uid, p.mailing_id) for p in result.proposals] == [
        (Action.OPT_OUT, world.uids["kari"], world.newsletter)
    ]
    assert not contact(core, world.uids["kari"]).opted_out  # proposing changes nothing
    applied = core.inbox.apply(result)
    assert contact(core, world.uids["kari"]).opted_out
    assert "Reservert mot e-post" in history(core, world.uids["kari"])
    with core.sessions() as s:
        note = s.scalar(
            select(Interaction.note).where(Interaction.subject == "Reservert mot e-post")
        )
    assert note is not None and "SV: Nyhetsbrev desember" in note and "Avmeld" in note
    with core.sessions() as s:
        entries = audit_log.about(s, world.uids["kari"])
    assert [(e.before or {}).get("opted_out") for e in entries if e.action == "opt_out"] == [False]
    # the next mailing leaves her out
    plan = core.mailings.plan(ContactScope(uids=(world.uids["kari"],)))
    assert plan.recipients == []
    core.inbox.undo(applied.change_id)
    assert not contact(core, world.uids["kari"]).opted_out
    assert "Reservert mot e-post" not in history(core, world.uids["kari"])
    assert any("angret" in h for h in history(core, world.uids["kari"]))


def test_a_reply_quoting_avmeld_changes_nothing_but_the_history(core: Core, world: World):
    body = (
        "Takk, dette var nyttig!\n\nDen 7. des. 2026 skrev Helsenettverket "
        "<nettverk@sv.example>:\n> Vil du ikke ha flere e-poster fra oss, svar «Avmeld»\n"
    )
    raw = reply(
        "anne@example.no", "Re: Nyhetsbrev desember", body, world.newsletter_ids["anne@example.no"]
    )
    result = core.inbox.propose(inbox(raw))
    assert [p.action for p in result.proposals] == [Action.REPLY]
    core.inbox.apply(result)
    assert not contact(core, world.uids["anne"]).opted_out
    assert "Svar: Re: Nyhetsbrev desember" in history(core, world.uids["anne"])


def test_a_hard_bounce_puts_the_address_on_hold_and_mailings_leave_it_out(core: Core, world: World):
    raw = dsn("ola@example.no", world.newsletter_ids["ola@example.no"])
    result = core.inbox.propose(inbox(raw))
    assert [(p.action, p.address, p.mailing_id) for p in result.proposals] == [
        (Action.HOLD, "ola@example.no", world.newsletter)
    ]
    applied = core.inbox.apply(result)
    holds = core.inbox.holds(world.uids["ola"])
    assert holds and holds[0].held_at is not None and "5.1.1" in holds[0].reason
    plan = core.mailings.plan(ContactScope(uids=(world.uids["ola"], world.uids["anne"])))
    assert [r.uid for r in plan.recipients] == [world.uids["anne"]]
    assert plan.held == 1 and "på vent" in plan.left_out[0].reason
    core.inbox.undo(applied.change_id)
    assert core.inbox.holds(world.uids["ola"]) == []


def test_three_soft_bounces_in_a_row_put_the_address_on_hold(core: Core, world: World):
    def soft(mid: str) -> bytes:
        return dsn(
            "siri@example.no", mid, status="4.2.2", action="delayed", diagnostic="452 Mailbox full"
        )

    core.inbox.apply(core.inbox.propose(inbox(soft(world.newsletter_ids["siri@example.no"]))))
    core.inbox.apply(core.inbox.propose(inbox(soft(world.invitation_ids["siri@example.no"]))))
    (hold,) = core.inbox.holds(world.uids["siri"])
    assert (hold.soft_count, hold.held_at) == (2, None)
    # a third, for a later mailing, puts it on hold
    later = send_again(core, world, "siri")
    core.inbox.apply(core.inbox.propose(inbox(soft(later))))
    (hold,) = core.inbox.holds(world.uids["siri"])
    assert hold.soft_count == 3 and hold.held_at is not None


def send_again(core: Core, world: World, name: str) -> str:
    """Pretend one more mailing went out to ``name``: its stored Message-ID."""
    from tests.fixtures.mailbox_world import SENDER

    from kontakt.services.outreach.message import MailDraft

    plan = core.mailings.plan(ContactScope(uids=(world.uids[name],)))
    mailing = core.mailings.create(MailDraft("Nytt", "Hei"), SENDER, plan)
    from kontakt.storage.outreach_models import MailingRecipient

    with core.sessions.begin() as s:
        r = s.scalars(select(MailingRecipient).where(MailingRecipient.mailing_id == mailing)).one()
        r.message_id = f"<kontakt.m{mailing}.r{r.id}.abcdef0123456789@sv.example>"
        r.status = "sent"
        from kontakt.storage.base import utcnow

        r.sent_at = utcnow()
        return r.message_id


def test_forged_bounces_change_nothing(core: Core, world: World):
    # names a real mailing's message, but an address that was not its recipient
    forged = dsn("nils@example.no", world.newsletter_ids["kari@example.no"])
    # a made-up Kontakt Message-ID with a guessed random part
    guessed = dsn(
        "kari@example.no", f"<kontakt.m{world.newsletter}.r1.0000000000000000@sv.example>"
    )
    # no reference, an address Kontakt never wrote to
    stranger = dsn("stranger@example.org", "<elsewhere@example.org>")
    result = core.inbox.propose(inbox(forged, guessed, stranger))
    assert result.proposals == []
    assert result.unmatched == 3
    core.inbox.apply(result)
    with core.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AddressHold)) == 0


def test_calendar_and_plain_answers_set_the_participants_status(core: Core, world: World):
    cal = imip_reply(
        "per@example.no",
        f"{world.event_uid}@kontakt",
        "ACCEPTED",
        world.invitation_ids["per@example.no"],
    )
    words = reply(
        "liv@example.no",
        "Re: Invitasjon: Helsepolitisk seminar",
        "Kan dessverre ikke komme.\n\nLiv",
        world.invitation_ids["liv@example.no"],
    )
    result = core.inbox.propose(inbox(cal, words))
    assert sorted((p.action, p.address, p.answer) for p in result.proposals) == [
        (Action.RSVP, "liv@example.no", "declined"),
        (Action.RSVP, "per@example.no", "accepted"),
    ]
    applied = core.inbox.apply(result)
    assert (status(core, world, "per"), status(core, world, "liv")) == ("accepted", "declined")
    core.inbox.undo(applied.change_id)
    assert (status(core, world, "per"), status(core, world, "liv")) == ("invited", "invited")


def test_a_maybe_is_the_participants_answer_and_still_gets_the_reminder(core: Core, world: World):
    cal = imip_reply(
        "per@example.no",
        f"{world.event_uid}@kontakt",
        "TENTATIVE",
        world.invitation_ids["per@example.no"],
    )
    words = reply(
        "liv@example.no",
        "Re: Invitasjon: Helsepolitisk seminar",
        "Kanskje, jeg sier fra.",
        world.invitation_ids["liv@example.no"],
    )
    applied = core.inbox.apply(core.inbox.propose(inbox(cal, words)))
    assert (status(core, world, "per"), status(core, world, "liv")) == ("tentative", "tentative")
    summary = core.events.summary(world.event_id)
    assert summary.count(ParticipantStatus.TENTATIVE) == 2
    # «Kanskje» has not declined: the reminder and a changed event still reach them.
    plan = core.event_mail.audience(world.event_id, NOT_DECLINED)
    assert {world.uids["per"], world.uids["liv"]} <= {r.uid for r in plan.recipients}
    core.inbox.undo(applied.change_id)
    assert (status(core, world, "per"), status(core, world, "liv")) == ("invited", "invited")


def test_someone_else_answering_a_forwarded_invitation_is_not_taken_as_the_invitee(
    core: Core, world: World
):
    raw = reply(
        "nils@example.no",
        "Re: Invitasjon: Helsepolitisk seminar",
        "Ja, jeg kommer!",
        world.invitation_ids["liv@example.no"],
    )
    result = core.inbox.propose(inbox(raw))
    assert result.proposals == [] and result.unmatched == 1


def test_auto_replies_are_counted_and_ignored(core: Core, world: World):
    raw = reply(
        "anne@example.no",
        "Fravær: Nyhetsbrev desember",
        "Avmeld? Nei, på ferie.",
        world.newsletter_ids["anne@example.no"],
        {"Auto-Submitted": "auto-replied"},
    )
    result = core.inbox.propose(inbox(raw))
    assert (result.proposals, result.auto_replies) == ([], 1)


def test_a_processed_message_is_not_proposed_again(core: Core, world: World):
    raw = reply(
        "anne@example.no",
        "Re: Nyhetsbrev desember",
        "Takk!",
        world.newsletter_ids["anne@example.no"],
    )
    first = inbox(raw)
    core.inbox.apply(core.inbox.propose(first), chosen=[])  # seen, declined
    again = core.inbox.propose(first)  # same folder, UIDVALIDITY and UID
    elsewhere = core.inbox.propose(inbox(raw, folder="Arkiv"))  # same Message-ID
    assert again.messages == [] and elsewhere.proposals == [] and elsewhere.skipped == 1
    with core.sessions() as s:
        assert s.scalar(select(func.count()).select_from(InboundMessage)) == 1


def test_undo_is_refused_when_the_reserved_contact_was_changed_since(core: Core, world: World):
    raw = reply("kari@example.no", "Avmeld", "", world.newsletter_ids["kari@example.no"])
    applied = core.inbox.apply(core.inbox.propose(inbox(raw)))
    row = core.contacts.get(world.uids["kari"])
    draft = replace(state_to_draft(row_to_state(row)), title="Leder")
    core.contacts.update(row.uid, draft, row.version)
    with pytest.raises(ConflictError):
        core.inbox.undo(applied.change_id)
    assert contact(core, world.uids["kari"]).opted_out  # nothing half-reverted


def test_a_hold_is_in_the_persons_data_export_and_goes_when_the_person_is_erased(
    core: Core, world: World
):
    raw = dsn("ola@example.no", world.newsletter_ids["ola@example.no"])
    core.inbox.apply(core.inbox.propose(inbox(raw)))
    exported = core.privacy.export_person(world.uids["ola"])
    assert [h["adresse"] for h in exported["returnerte_adresser"]] == ["ola@example.no"]
    core.privacy.erase(world.uids["ola"])
    with core.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AddressHold)) == 0
        kinds = list(s.scalars(select(InboundMessage.contact_id)))
    assert kinds == []  # the processed bounce was hers: it went with her


def test_a_resumed_mailing_does_not_send_to_an_address_put_on_hold_meanwhile(
    core: Core,
    world: World,
    smtp_server: SmtpServer,  # noqa: F811
):
    from tests.fixtures.mailbox_world import SENDER

    from kontakt.services.outreach.mailing import RecipientStatus
    from kontakt.services.outreach.message import MailDraft
    from kontakt.services.steps import drive

    plan = core.mailings.plan(ContactScope(uids=(world.uids["ola"], world.uids["anne"])))
    mailing = core.mailings.create(MailDraft("Neste", "Hei"), SENDER, plan)  # stored, not sent
    core.inbox.apply(
        core.inbox.propose(inbox(dsn("ola@example.no", world.newsletter_ids["ola@example.no"])))
    )
    received = len(smtp_server.received)
    drive(core.outbox.send_steps(mailing, core.outbox.relay(smtp_server.host, smtp_server.port)))
    assert [r for r, _ in smtp_server.received[received:]] == ["anne@example.no"]
    (failed,) = core.mailings.recipients(mailing, RecipientStatus.FAILED)
    assert failed.address == "ola@example.no" and "på vent" in failed.error
