"""`kontakt mail list` and `kontakt mail show` as a script runs them: mailings read back.

A newsletter and an invitation really sent through the test SMTP server
(aiosmtpd); answers applied as «Hent svar» applies them (read here from
bytes, not from an IMAP server: the mailbox's own tests cover that).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt
from tests.fixtures.mailbox_world import World, answer_newsletter, send_world
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401

from kontakt.app import open_core
from kontakt.paths import resolve_database


@pytest.fixture
def sent(tmp_path: Path, smtp_server: SmtpServer) -> tuple[Path, World]:  # noqa: F811
    db = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(db)))
    try:
        world = send_world(core, smtp_server)
        answer_newsletter(core, world)
        return db, world
    finally:
        core.close()


def test_mail_list_gives_every_mailing_newest_first_with_its_counts(
    sent: tuple[Path, World],
) -> None:
    db, world = sent
    result = kontakt("mail", "list", "--json", db=db)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert [m["id"] for m in listed] == [world.invitation, world.newsletter]
    newsletter = listed[1]
    assert newsletter["subject"] == "Nyhetsbrev desember"
    assert newsletter["counts"] == {"pending": 0, "sending": 0, "sent": 6, "failed": 0}
    assert newsletter["finished_at"] is not None and newsletter["created_at"]
    table = kontakt("mail", "list", db=db)
    assert table.returncode == 0
    header, *rows = table.stdout.splitlines()
    assert header.split() == ["Nr", "Dato", "Emne", "Sendt", "Feilet", "Venter", "Usikker"]
    assert "Nyhetsbrev desember" in rows[1] and rows[1].split()[-4:] == ["6", "0", "0", "0"]


def test_mail_show_gives_the_text_as_written_the_counts_and_what_came_back(
    sent: tuple[Path, World],
) -> None:
    db, world = sent
    result = kontakt("mail", "show", str(world.newsletter), "--json", db=db)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["subject"] == "Nyhetsbrev desember"
    assert shown["text"] == "Hei {fornavn}!\n\nNytt fra nettverket."
    assert shown["sender"] == {"name": "Helsenettverket", "address": "nettverk@sv.example"}
    assert shown["counts"]["sent"] == 6 and shown["html"] is False
    assert shown["responses"] == {"reply": 1, "opt_out": 1, "bounce": 1, "rsvp": 0}
    assert "kari@example.no" not in result.stdout  # no recipient's address
    invitation = json.loads(kontakt("mail", "show", str(world.invitation), "--json", db=db).stdout)
    assert invitation["event"] == "Helsepolitisk seminar"
    assert invitation["attachments"] == ["invitasjon.ics"]

    text = kontakt("mail", "show", str(world.newsletter), db=db)
    assert text.returncode == 0
    assert text.stdout.startswith(f"Utsending nr. {world.newsletter}: Nyhetsbrev desember\n")
    assert "Svar hentet: 1 svar, 1 avmelding, 1 returnert" in text.stdout
    assert text.stdout.rstrip().endswith("Hei {fornavn}!\n\nNytt fra nettverket.")


def test_an_unknown_mailing_is_one_clear_line(sent: tuple[Path, World]) -> None:
    db, _ = sent
    result = kontakt("mail", "show", "999", db=db)
    assert result.returncode == 1
    assert result.stderr.strip() == "kontakt: Fant ingen utsending nr. 999."
    assert "Traceback" not in result.stderr
