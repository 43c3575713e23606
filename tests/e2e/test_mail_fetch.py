"""The whole loop: send through a real SMTP server, answers land in a real IMAP server
(Dovecot), ``kontakt mail fetch`` reads them as a subprocess, the database shows it.

Needs KONTAKT_TEST_IMAP (.ci/start-dovecot.sh); skipped without it unless
KONTAKT_REQUIRE_IMAP=1.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from imapclient import IMAPClient
from sqlalchemy import func, select
from tests.e2e.test_cli import kontakt
from tests.fixtures.imap_server import ImapFolder, imap_folder  # noqa: F401
from tests.fixtures.mailbox_world import World, send_world
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.unit.mailbox.messages import BOUNCES, dsn, imip_reply, reply

from kontakt.app import open_core
from kontakt.paths import resolve_database
from kontakt.services.outreach.imap import ImapSecurity, ImapSettings
from kontakt.services.outreach.inbox import ImapServer
from kontakt.services.outreach.settings import MailSettings, save_settings
from kontakt.services.steps import drive
from kontakt.storage.mailbox_models import AddressHold, InboundMessage
from kontakt.storage.models import Contact
from kontakt.storage.outreach_models import EventParticipant


@pytest.fixture
def sent(tmp_path: Path, smtp_server: SmtpServer) -> tuple[Path, World]:  # noqa: F811
    db = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    try:
        return db, send_world(core, smtp_server)
    finally:
        core.close()


def fetch(db: Path, box: ImapFolder, *extra: str) -> dict[str, object]:
    result = kontakt(
        "mail",
        "fetch",
        *box.cli_args(),
        "--json",
        *extra,
        db=db,
        env={"KONTAKT_IMAP_PASSWORD": box.password},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_answers_in_the_mailbox_are_fetched_approved_and_stored(
    sent: tuple[Path, World],
    imap_folder: ImapFolder,  # noqa: F811
):
    db, w = sent
    n, inv = w.newsletter_ids, w.invitation_ids
    imap_folder.deliver(
        reply(
            "kari@example.no", "SV: Nyhetsbrev desember", "Meld meg av, takk.", n["kari@example.no"]
        )
    )
    imap_folder.deliver(dsn("ola@example.no", n["ola@example.no"]))
    imap_folder.deliver(
        reply(
            "anne@example.no",
            "Re: Nyhetsbrev desember",
            "Så bra!\n\n> svar «Avmeld» på denne e-posten",
            n["anne@example.no"],
        )
    )
    imap_folder.deliver(
        imip_reply("per@example.no", f"{w.event_uid}@kontakt", "ACCEPTED", inv["per@example.no"])
    )
    imap_folder.deliver(
        reply(
            "liv@example.no",
            "Re: Invitasjon: Helsepolitisk seminar",
            "Kan dessverre ikke komme.",
            inv["liv@example.no"],
        )
    )
    imap_folder.deliver(
        reply(
            "anne@example.no",
            "Automatisk svar: Nyhetsbrev",
            "På ferie.",
            n["anne@example.no"],
            {"Auto-Submitted": "auto-replied"},
        )
    )
    imap_folder.deliver(dsn("nils@example.no", n["kari@example.no"]))  # forged: not a recipient
    imap_folder.deliver((BOUNCES / "postfix_01.txt").read_bytes())  # someone else's bounce
    imap_folder.deliver(b"\x00\xff not mail at all \r\n\r\n")

    found = fetch(db, imap_folder)  # without --yes: only a report
    expected = {
        "bounces": [
            {
                "email": "ola@example.no",
                "kind": "hard",
                "reason": "5.1.1 550 5.1.1 User unknown",
                "mailing": w.newsletter,
            }
        ],
        "opt_outs": [{"email": "kari@example.no", "mailing": w.newsletter}],
        "rsvps": [
            {"email": "per@example.no", "event": w.event_id, "answer": "accepted"},
            {"email": "liv@example.no", "event": w.event_id, "answer": "declined"},
        ],
        "auto_replies": 1,
        "replies": [
            {
                "email": "anne@example.no",
                "subject": "Re: Nyhetsbrev desember",
                "mailing": w.newsletter,
            }
        ],
        "unmatched": 3,
    }
    assert found == {**expected, "applied": False}
    check_database(db, w, applied=False)

    assert fetch(db, imap_folder, "--yes", "--dry-run") == {**expected, "applied": False}
    check_database(db, w, applied=False)

    assert fetch(db, imap_folder, "--yes") == {**expected, "applied": True}
    check_database(db, w, applied=True)

    # nothing was marked read on the server, and nothing is proposed twice
    with IMAPClient(imap_folder.host, imap_folder.port, ssl=False) as c:
        c.login(imap_folder.user, imap_folder.password)
        c.select_folder(imap_folder.folder, readonly=True)
        assert len(c.search(["ALL"])) == 9
        assert c.search(["SEEN"]) == []
    again = fetch(db, imap_folder, "--yes")
    assert again["opt_outs"] == again["bounces"] == again["rsvps"] == again["replies"] == []
    assert again["unmatched"] == 0


def check_database(db: Path, w: World, applied: bool) -> None:
    core = open_core(resolve_database(str(db)))
    try:
        with core.sessions() as s:
            opted = {uid: out for uid, out in s.execute(select(Contact.uid, Contact.opted_out))}
            holds = list(
                s.scalars(select(AddressHold.address).where(AddressHold.held_at.is_not(None)))
            )
            answers = {
                c: st
                for c, st in s.execute(select(EventParticipant.contact_id, EventParticipant.status))
            }
        assert opted[w.uids["kari"]] is applied
        assert not any(v for k, v in opted.items() if k != w.uids["kari"])
        assert holds == (["ola@example.no"] if applied else [])
        per, liv = (core.contacts.get(w.uids[x]).id for x in ("per", "liv"))
        assert (answers[per], answers[liv]) == (
            ("accepted", "declined") if applied else ("invited", "invited")
        )
        anne = [h.subject for h in core.history.history(w.uids["anne"])]
        assert ("Svar: Re: Nyhetsbrev desember" in anne) is applied
    finally:
        core.close()


def test_a_wrong_password_is_one_clear_line(
    sent: tuple[Path, World],
    imap_folder: ImapFolder,  # noqa: F811
):
    db, _ = sent
    result = kontakt(
        "mail", "fetch", *imap_folder.cli_args(), db=db, env={"KONTAKT_IMAP_PASSWORD": "feil"}
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "godtok ikke brukernavn og passord" in result.stderr


def test_with_move_turned_on_processed_messages_go_to_the_folder_kontakt(
    sent: tuple[Path, World],
    imap_folder: ImapFolder,  # noqa: F811
):
    db, w = sent
    save_settings(
        MailSettings(
            imap=ImapSettings(
                imap_folder.host, imap_folder.port, ImapSecurity.NONE, imap_folder.user,
                (imap_folder.folder,), move_processed=True,
            )
        )
    )  # fmt: skip
    imap_folder.deliver(reply("anne@example.no", "Re: Nyhetsbrev", "Takk!",
                              w.newsletter_ids["anne@example.no"]))  # fmt: skip
    env = {"KONTAKT_IMAP_PASSWORD": imap_folder.password}
    report = kontakt("mail", "fetch", db=db, env=env)  # saved settings; no --yes: nothing moves
    assert report.returncode == 0, report.stderr
    assert "Lagre svaret i historikken: Anne Nordmann <anne@example.no>" in report.stdout
    assert "Kjør med --yes" in report.stdout
    assert folder_size(imap_folder, imap_folder.folder) == 1
    done = kontakt("mail", "fetch", "--yes", db=db, env=env)
    assert done.returncode == 0, done.stderr
    assert "1 svar lagret i historikken" in done.stdout
    assert folder_size(imap_folder, imap_folder.folder) == 0
    assert folder_size(imap_folder, "Kontakt") >= 1


def folder_size(box: ImapFolder, folder: str) -> int:
    with IMAPClient(box.host, box.port, ssl=False) as c:
        c.login(box.user, box.password)
        return int(c.select_folder(folder, readonly=True)[b"EXISTS"])


def test_cancelling_a_fetch_closes_the_connection_and_changes_nothing(
    sent: tuple[Path, World],
    imap_folder: ImapFolder,  # noqa: F811
):
    db, w = sent
    for _ in range(5):
        imap_folder.deliver(
            reply("anne@example.no", "Re: x", "Takk!", w.newsletter_ids["anne@example.no"])
        )
    core = open_core(resolve_database(str(db)))
    try:
        settings = ImapSettings(imap_folder.host, imap_folder.port, ImapSecurity.NONE,
                                imap_folder.user, (imap_folder.folder,))  # fmt: skip
        steps = core.inbox.fetch_steps(ImapServer(settings, imap_folder.password))
        progress = [next(steps), next(steps), next(steps)]
        assert progress[-1] == (1, 5)
        steps.close()  # «Avbryt»
        with core.sessions() as s:
            assert s.scalar(select(func.count()).select_from(InboundMessage)) == 0
        assert drive(core.inbox.fetch_steps(ImapServer(settings, imap_folder.password))).messages
    finally:
        core.close()


def test_command_line_mistakes_are_one_clear_line(sent: tuple[Path, World]):
    db, _ = sent
    unset = kontakt("mail", "fetch", db=db)
    assert unset.returncode == 1 and "Innkommende e-post er ikke satt opp" in unset.stderr
    assert unset.stderr.strip().count("\n") == 0
    bad_date = kontakt("mail", "fetch", "--imap-host", "127.0.0.1", "--since", "7/12", db=db)
    assert bad_date.returncode == 2 and "ÅÅÅÅ-MM-DD" in bad_date.stderr
    plain = kontakt("mail", "fetch", "--imap-host", "imap.example.org", "--imap-security", "none",
                    db=db, env={"KONTAKT_IMAP_PASSWORD": "x"})  # fmt: skip
    assert plain.returncode == 1 and "ukryptert" in plain.stderr


@pytest.mark.parametrize("security", ["ssl", "starttls"])
def test_encrypted_connections_read_the_mailbox(
    sent: tuple[Path, World],
    imap_folder: ImapFolder,  # noqa: F811
    security: str,
):
    if not imap_folder.ca:
        pytest.skip("the test IMAP server has no TLS (start it with .ci/start-dovecot.sh)")
    db, w = sent
    imap_folder.deliver(reply("anne@example.no", "Re: Nyhetsbrev", "Takk!",
                              w.newsletter_ids["anne@example.no"]))  # fmt: skip
    port = imap_folder.ssl_port if security == "ssl" else imap_folder.port
    args = [
        "mail", "fetch", "--imap-host", imap_folder.host, "--imap-port", str(port),
        "--imap-user", imap_folder.user, "--imap-security", security,
        "--folder", imap_folder.folder, "--json",
    ]  # fmt: skip
    env = {"KONTAKT_IMAP_PASSWORD": imap_folder.password}
    untrusted = kontakt(*args, db=db, env=env)  # a self-signed certificate is refused
    assert untrusted.returncode == 1
    assert untrusted.stderr.strip().count("\n") == 0 and "127.0.0.1" in untrusted.stderr
    trusted = kontakt(*args, db=db, env={**env, "SSL_CERT_FILE": imap_folder.ca})
    assert trusted.returncode == 0, trusted.stderr
    assert json.loads(trusted.stdout)["replies"] == [
        {"email": "anne@example.no", "subject": "Re: Nyhetsbrev", "mailing": w.newsletter}
    ]
