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
from sqlalchemy import select
from tests.e2e.test_cli import kontakt
from tests.fixtures.imap_server import ImapFolder, imap_folder  # noqa: F401
from tests.fixtures.mailbox_world import World, send_world
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.unit.mailbox.messages import BOUNCES, dsn, imip_reply, reply

from kontakt.app import open_core
from kontakt.paths import resolve_database
from kontakt.storage.mailbox_models import AddressHold
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
