"""The outbox against a real SMTP server (aiosmtpd): saved settings, keyring, sending, resuming."""

from __future__ import annotations

import keyring
import pytest
from tests.fixtures.smtp_server import PASSWORD, USER, SmtpServer, smtp_login_server, smtp_server  # noqa: F401

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.services.outreach.mailing import MailingPlan, MailingStopped, RecipientStatus
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.outbox import NotConfigured, Server
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.settings import (
    KEYRING_SERVICE,
    MailSettings,
    load_settings,
    save_settings,
    settings_path,
)
from kontakt.services.outreach.smtp import Security, ServerRefused, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.services.steps import drive
from kontakt.storage.secrets import ALLOW_INSECURE_ENV

FAST = Limits(per_minute=10_000, per_day=10_000)


def save_server(server: SmtpServer, user: str = "") -> SmtpSettings:
    """«Innstillinger for e-post» as the secretary saved them (no password)."""
    smtp = SmtpSettings(
        server.host, server.port, Security.NONE, user, "SV helse", "nettverk@example.no"
    )
    save_settings(MailSettings(smtp, FAST))
    return smtp


def store_password(server: SmtpServer, password: str) -> None:
    keyring.set_password(KEYRING_SERVICE, f"{USER}@{server.host}:{server.port}", password)


def mailing_to(core: Core, n: int) -> int:
    """``n`` new people and a stored mailing «Hei {fornavn}» to them."""
    core.contacts.create_many(
        [
            ContactDraft(given_name=f"Person{i}", emails=(EmailData(f"p{i}@example.no"),))
            for i in range(n)
        ]
    )
    plan = core.mailings.plan(ContactScope())
    return core.mailings.create(
        MailDraft("Hei {fornavn}", "Tekst"), Sender("SV helse", "nettverk@example.no"), plan
    )


def send(core: Core, mailing_id: int, server: Server) -> None:
    drive(core.outbox.send_steps(mailing_id, server, sleep=lambda _s: None))


def test_the_saved_server_and_the_password_in_the_keyring_send_a_mailing(
    core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    save_server(smtp_login_server, USER)
    store_password(smtp_login_server, PASSWORD)
    mailing_id = mailing_to(core, 5)
    asked: list[SmtpSettings] = []
    server = core.outbox.saved_server(ask=lambda smtp: asked.append(smtp) or "")
    assert server is not None and asked == []  # the keyring had it
    assert server.sender == Sender("SV helse", "nettverk@example.no")
    assert PASSWORD not in repr(server)
    send(core, mailing_id, server)
    assert sorted(r for r, _ in smtp_login_server.received) == [
        f"p{i}@example.no" for i in range(5)
    ]
    assert core.mailings.summary(mailing_id).count(RecipientStatus.SENT) == 5


def test_a_password_not_in_the_keyring_is_asked_for_and_sends(
    core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    smtp = save_server(smtp_login_server, USER)
    mailing_id = mailing_to(core, 3)
    asked: list[SmtpSettings] = []
    server = core.outbox.saved_server(ask=lambda s: asked.append(s) or PASSWORD)
    assert asked == [smtp] and server is not None
    send(core, mailing_id, server)
    assert len(smtp_login_server.received) == 3


def test_declining_to_give_the_password_sends_nothing(
    core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    save_server(smtp_login_server, USER)
    assert core.outbox.saved_server(ask=lambda _s: None) is None
    assert smtp_login_server.received == []


def test_a_wrong_password_stops_the_mailing_with_a_norwegian_reason_and_resume_finishes_it(
    core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    save_server(smtp_login_server, USER)
    store_password(smtp_login_server, "feil-passord")
    mailing_id = mailing_to(core, 4)
    wrong = core.outbox.saved_server()
    assert wrong is not None
    with pytest.raises(MailingStopped, match="godtok ikke brukernavn og passord"):
        send(core, mailing_id, wrong)
    with pytest.raises(ServerRefused, match="godtok ikke brukernavn og passord"):
        core.outbox.check_connection(wrong)
    assert core.mailings.summary(mailing_id).count(RecipientStatus.PENDING) == 4
    assert smtp_login_server.received == []

    store_password(smtp_login_server, PASSWORD)  # corrected in the settings
    right = core.outbox.saved_server()
    assert right is not None
    assert core.outbox.check_connection(right) == f"Tilkoblingen til {right.smtp.host} virker."
    send(core, mailing_id, right)  # «Fortsett utsending»
    assert sorted(r for r, _ in smtp_login_server.received) == [
        f"p{i}@example.no" for i in range(4)
    ]


def test_without_saved_settings_the_outbox_says_so(core: Core) -> None:
    with pytest.raises(NotConfigured, match="E-post er ikke satt opp"):
        core.outbox.saved_server()


def test_a_relay_needs_no_login_and_sends_from_the_saved_sender(
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    save_settings(
        MailSettings(
            SmtpSettings("smtp.example.invalid", 587, Security.STARTTLS, USER, "SV", "sv@x.no"),
            FAST,
        )
    )
    server = core.outbox.relay(smtp_server.host, smtp_server.port)
    assert server.password == "" and server.limits == FAST
    mailing_id = core.mailings.create(MailDraft("Hei", "Tekst"), server.sender, _plan_of_one(core))
    send(core, mailing_id, server)
    ((rcpt, msg),) = smtp_server.received
    assert rcpt == "en@example.no" and "sv@x.no" in msg["From"]


def _plan_of_one(core: Core) -> MailingPlan:
    core.contacts.create(ContactDraft(given_name="En", emails=(EmailData("en@example.no"),)))
    return core.mailings.plan(ContactScope())


def test_the_test_message_goes_to_the_sender_itself(
    core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    smtp = save_server(smtp_login_server, USER)
    line = core.outbox.send_test(Server(smtp, PASSWORD))
    assert line == "Testmeldingen er sendt til nettverk@example.no."
    ((rcpt, msg),) = smtp_login_server.received
    assert rcpt == "nettverk@example.no"
    assert msg["Subject"] == "Testmelding fra Kontakt"


def test_saving_puts_the_password_in_the_keyring_never_in_the_file(
    core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
) -> None:
    smtp = SmtpSettings(
        smtp_login_server.host, smtp_login_server.port, Security.NONE, USER, "SV", "sv@x.no"
    )
    core.outbox.save(MailSettings(smtp, FAST), PASSWORD)
    assert load_settings().smtp == smtp
    assert PASSWORD not in settings_path().read_text(encoding="utf-8")
    assert core.outbox.stored_password(smtp) == PASSWORD
    server = core.outbox.saved_server()
    assert server is not None and server.password == PASSWORD


def test_a_refused_plain_text_keyring_counts_as_no_stored_password(
    core: Core,
    smtp_login_server: SmtpServer,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    smtp = save_server(smtp_login_server, USER)
    store_password(smtp_login_server, PASSWORD)  # written while the file backend was allowed
    monkeypatch.delenv(ALLOW_INSECURE_ENV)
    assert core.outbox.stored_password(smtp) == ""
    server = core.outbox.saved_server(ask=lambda _s: "skrevet inn")
    assert server is not None and server.password == "skrevet inn"
