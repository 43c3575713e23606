"""Mailings through a real SMTP server: stored first, one merged message each, failures recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select, update
from tests.fixtures.smtp_server import PASSWORD, USER, SmtpServer, smtp_login_server, smtp_server  # noqa: F401

from kontakt.app import Core
from kontakt.domain.records import (
    ContactDraft,
    ContactFilter,
    EmailData,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.errors import KontaktError, ValidationError
from kontakt.services.outreach.mailing import MailingStopped, RecipientStatus
from kontakt.services.outreach.message import FOOTER, MailDraft, Sender
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.services.steps import drive as run_steps
from kontakt.storage.models import Contact, Interaction, Role
from kontakt.storage.outreach_models import MailingRecipient

SENDER = Sender("SVs helsenettverk", "nettverk@example.no")
FAST = Limits(per_minute=10_000, per_day=10_000)


def people(core: Core, n: int) -> None:
    core.contacts.create_many(
        [
            ContactDraft(
                given_name=f"Person{i}",
                family_name="Ås",
                municipality="4601",
                emails=(EmailData(f"p{i}@example.no"),),
            )
            for i in range(n)
        ]
    )


def connector(server: SmtpServer, user: str = "", password: str = "") -> object:
    settings = SmtpSettings(server.host, server.port, Security.NONE, user)
    return lambda: SmtpConnection(settings, password)


def drive(core: Core, mailing_id: int, connect: object, limits: Limits = FAST) -> object:
    steps = core.mailings.send_steps(mailing_id, connect, limits, sleep=lambda s: None)  # type: ignore[arg-type]
    return run_steps(steps)


def plain_mailing(core: Core, people_count: int) -> int:
    """``people_count`` new people and a stored mailing «Hei» to everyone."""
    people(core, people_count)
    return core.mailings.create(
        MailDraft("Hei", "Tekst"), SENDER, core.mailings.plan(ContactScope())
    )


def test_each_recipient_gets_one_merged_message_and_history(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    people(core, 12)
    core.contacts.create(ContactDraft(given_name="Uten", family_name="Epost"))
    core.contacts.create(
        ContactDraft(
            given_name="Reservert",
            family_name="Person",
            emails=(EmailData("nei@example.no"),),
            opted_out=True,
        )
    )
    plan = core.mailings.plan(ContactScope(filter=ContactFilter()))
    assert len(plan.recipients) == 12
    assert sorted(x.reason for x in plan.left_out) == [
        "har reservert seg mot e-post",
        "mangler e-postadresse",
    ]
    draft = MailDraft("Hei {fornavn} i {fylke}", "Hei {fornavn} {etternavn} fra {kommune}!")
    mailing_id = core.mailings.create(draft, SENDER, plan, "Alle")
    assert mailing_id == 1  # numbers start at 1 in a new database
    assert core.mailings.summary(mailing_id).count(RecipientStatus.PENDING) == 12
    drive(core, mailing_id, connector(smtp_server))
    received = smtp_server.received
    assert sorted(r for r, _ in received) == sorted(f"p{i}@example.no" for i in range(12))
    for rcpt, msg in received:
        n = rcpt.removeprefix("p").removesuffix("@example.no")
        assert msg["Subject"] == f"Hei Person{n} i Vestland"
        body = msg.get_body(("plain",))
        assert body is not None
        assert body.get_content().startswith(f"Hei Person{n} Ås fra Bergen!")
        assert FOOTER in body.get_content()
        assert msg["List-Unsubscribe"] == "<mailto:nettverk@example.no?subject=Avmeld>"
    summary = core.mailings.summary(mailing_id)
    assert summary.count(RecipientStatus.SENT) == 12 and summary.total == 12
    with core.sessions() as session:
        history = session.query(Interaction).filter_by(mailing_id=mailing_id).all()
        assert len(history) == 12
        assert {h.channel for h in history} == {"e-post"}


def test_refused_recipients_are_recorded_and_the_rest_go_on(
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    smtp_server.behaviour.refuse = {"p1@example.no", "p4@example.no"}
    mailing_id = plain_mailing(core, 6)
    drive(core, mailing_id, connector(smtp_server))
    failed = core.mailings.recipients(mailing_id, RecipientStatus.FAILED)
    assert sorted(r.address for r in failed) == ["p1@example.no", "p4@example.no"]
    assert all("550" in r.error for r in failed)
    assert len(smtp_server.received) == 4
    assert core.mailings.retry_failed(mailing_id) == 2


def test_a_dropped_connection_is_recorded_and_sending_goes_on(
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    smtp_server.behaviour.drop_after = 3
    mailing_id = plain_mailing(core, 8)
    drive(core, mailing_id, connector(smtp_server))
    summary = core.mailings.summary(mailing_id)
    assert summary.count(RecipientStatus.SENT) == 7
    (failed,) = core.mailings.recipients(mailing_id, RecipientStatus.FAILED)
    assert "brutt" in failed.error or "vente" in failed.error
    assert len({r for r, _ in smtp_server.received}) == 7


def test_a_refused_login_stops_with_a_clear_message_and_sends_nothing(
    sqlite_core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    mailing_id = plain_mailing(core, 3)
    with pytest.raises(MailingStopped, match=r"brukernavn og passord.*0 sendt, 3 igjen"):
        drive(core, mailing_id, connector(smtp_login_server, USER, "feil"))
    assert core.mailings.summary(mailing_id).count(RecipientStatus.PENDING) == 3
    drive(core, mailing_id, connector(smtp_login_server, USER, PASSWORD))
    assert core.mailings.summary(mailing_id).count(RecipientStatus.SENT) == 3


def test_the_daily_cap_stops_and_keeps_the_rest_for_later(
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    mailing_id = plain_mailing(core, 5)
    with pytest.raises(MailingStopped, match="Dagens grense på 3"):
        drive(core, mailing_id, connector(smtp_server), Limits(per_minute=100, per_day=3))
    assert len(smtp_server.received) == 3
    assert core.mailings.sent_last_day() == 3


def test_the_per_minute_cap_waits(
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    mailing_id = plain_mailing(core, 3)
    waited: list[float] = []
    steps = core.mailings.send_steps(
        mailing_id,
        connector(smtp_server),
        Limits(per_minute=2, per_day=100),
        sleep=waited.append,  # type: ignore[arg-type]
    )
    done = [step for step in _until_waiting(steps)]
    assert done[-1] == (2, 3)  # two sent, then it waits for the minute to pass
    assert waited and 0 < waited[0] <= 0.5
    steps.close()  # cancel while waiting: the third stays pending
    assert core.mailings.summary(mailing_id).count(RecipientStatus.PENDING) == 1


def _until_waiting(steps: object) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    for step in steps:  # type: ignore[attr-defined]
        seen.append(step)
        if len(seen) >= 2 and seen[-1] == seen[-2]:
            return seen[:-1]
    return seen


def test_unknown_merge_fields_are_refused_before_anything_is_stored(sqlite_core: Core) -> None:
    people(sqlite_core, 2)
    plan = sqlite_core.mailings.plan(ContactScope())
    with pytest.raises(ValidationError, match=r"\{kommunenavn\}"):
        sqlite_core.mailings.create(MailDraft("Hei", "Fra {kommunenavn}"), SENDER, plan)
    assert sqlite_core.mailings.mailings() == []
    with pytest.raises(KontaktError, match="Ingen mottakere"):
        sqlite_core.mailings.create(MailDraft("Hei", "x"), SENDER, plan.__class__())


def test_an_uncertain_recipient_is_resent_only_when_the_secretary_says_so(
    sqlite_core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = sqlite_core
    mailing_id = plain_mailing(core, 3)
    with core.sessions.begin() as session:  # as a crash during the hand-over leaves it
        first = session.query(MailingRecipient).filter_by(mailing_id=mailing_id).first()
        assert first is not None
        first.status = RecipientStatus.SENDING.value
    drive(core, mailing_id, connector(smtp_server))
    assert len(smtp_server.received) == 2
    (uncertain,) = core.mailings.recipients(mailing_id, RecipientStatus.SENDING)
    assert core.mailings.settle_uncertain(mailing_id, delivered=False) == 1
    drive(core, mailing_id, connector(smtp_server))
    assert sorted(r for r, _ in smtp_server.received) == [f"p{i}@example.no" for i in range(3)]
    assert uncertain.address == "p0@example.no"
    assert core.mailings.summary(mailing_id).count(RecipientStatus.SENT) == 3


def test_a_value_that_cannot_go_into_a_header_fails_only_its_recipient(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    """Values stored before Kontakt cleaned text on the way in (or by another program)."""
    core.contacts.create_many(
        [
            ContactDraft(
                given_name=f"Person{i}",
                family_name="Ås",
                emails=(EmailData(f"p{i}@example.no"),),
                roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bergen bystyre"),),
            )
            for i in range(8)
        ]
        # A valid address, but not one a message header can carry without SMTPUTF8.
        + [ContactDraft(given_name="Åse", emails=(EmailData("åse@example.no"),))]
    )
    with core.sessions.begin() as session:  # straight into the tables, past the service
        ids = {name: cid for name, cid in session.execute(select(Contact.given_name, Contact.id))}
        session.execute(
            update(Role).where(Role.contact_id == ids["Person1"]).values(body="Leder\rBergen")
        )
        session.execute(
            update(Role).where(Role.contact_id == ids["Person2"]).values(body="Rus\x1bomsorg")
        )
        session.execute(
            update(Contact).where(Contact.id == ids["Person5"]).values(given_name="Person\n5")
        )
    mailing_id = core.mailings.create(
        MailDraft("Om {verv}", "Hei {fornavn}!"), SENDER, core.mailings.plan(ContactScope())
    )
    outcome = drive(core, mailing_id, connector(smtp_server))
    summary = core.mailings.summary(mailing_id)
    assert summary.count(RecipientStatus.SENT) == 5
    assert summary.count(RecipientStatus.FAILED) == 4
    assert summary.count(RecipientStatus.PENDING) == summary.count(RecipientStatus.SENDING) == 0
    assert "5 sendt, 4 feilet." in outcome.text()  # type: ignore[attr-defined]
    assert sorted(r for r, _ in smtp_server.received) == [
        f"p{i}@example.no" for i in (0, 3, 4, 6, 7)
    ]
    assert {msg["Subject"] for _, msg in smtp_server.received} == {"Om Bergen bystyre"}
    failed = {
        r.address: r.error for r in core.mailings.recipients(mailing_id, RecipientStatus.FAILED)
    }
    assert set(failed) == {"p1@example.no", "p2@example.no", "p5@example.no", "åse@example.no"}
    assert "{verv}" in failed["p1@example.no"] and "linjeskift" in failed["p1@example.no"]
    assert "{verv}" in failed["p2@example.no"] and "kontrolltegn" in failed["p2@example.no"]
    assert "Navnet" in failed["p5@example.no"] and "linjeskift" in failed["p5@example.no"]
    assert "E-postadressen «åse@example.no»" in failed["åse@example.no"]
    with core.sessions() as session:
        history = session.scalars(select(Interaction.contact_id)).all()
        assert sorted(history) == sorted(ids[f"Person{i}"] for i in (0, 3, 4, 6, 7))


def test_a_retry_sends_the_contact_as_it_is_now_and_never_to_someone_who_opted_out(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core.contacts.create_many(
        [
            ContactDraft(
                given_name=f"Person{i}",
                family_name="Ås",
                emails=(EmailData(f"p{i}@example.no"),),
                roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Bergen bystyre"),),
            )
            for i in range(4)
        ]
    )
    with core.sessions.begin() as session:  # values an older Kontakt let in
        ids = {name: cid for name, cid in session.execute(select(Contact.given_name, Contact.id))}
        for n in (1, 2):
            session.execute(
                update(Role)
                .where(Role.contact_id == ids[f"Person{n}"])
                .values(body="Leder\rBergen")
            )
    mailing_id = core.mailings.create(
        MailDraft("Om {verv}", "Hei {fornavn}!"), SENDER, core.mailings.plan(ContactScope())
    )
    drive(core, mailing_id, connector(smtp_server))
    assert core.mailings.summary(mailing_id).count(RecipientStatus.FAILED) == 2

    # The secretary fixes Person1's role; Person2 asks for no more e-mail meanwhile.
    uid = {r.given_name: r.uid for r in core.search.all_rows(ContactFilter())}
    one = core.contacts.get(uid["Person1"])
    core.contacts.update(
        uid["Person1"],
        replace(
            one.to_draft(),
            roles=(RoleData(RoleKind.FOLKEVALGT, RoleLevel.KOMMUNE, "Leder Bergen"),),
        ),
        one.version,
    )
    two = core.contacts.get(uid["Person2"])
    core.contacts.update(uid["Person2"], replace(two.to_draft(), opted_out=True), two.version)

    assert core.mailings.retry_failed(mailing_id) == 1
    drive(core, mailing_id, connector(smtp_server))
    summary = core.mailings.summary(mailing_id)
    assert summary.count(RecipientStatus.SENT) == 3
    (still,) = core.mailings.recipients(mailing_id, RecipientStatus.FAILED)
    assert still.address == "p2@example.no" and "reservert" in still.error
    subjects = {r: msg["Subject"] for r, msg in smtp_server.received}
    assert subjects["p1@example.no"] == "Om Leder Bergen"
    assert "p2@example.no" not in subjects
