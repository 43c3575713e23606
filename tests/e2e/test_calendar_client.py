"""A real calendar program reads Kontakt's invitations as meeting requests: khal.

khal (Debian's package; .ci/run installs it) is a calendar that runs without a
window. Each message's request, as it arrived at the SMTP server, is imported
into a khal calendar: khal must see the organiser, the one attendee, the
alarm; the changed event's request must replace the entry (a higher
SEQUENCE, same UID), not sit beside it; the cancellation must mark it
cancelled. Without khal the test is skipped, unless KONTAKT_REQUIRE_KHAL=1.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from tests.fixtures.imip import meeting
from tests.fixtures.smtp_server import (
    SmtpServer,
    smtp_server,  # noqa: F401
)

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.paths import resolve_database
from kontakt.services.outreach.events import EventData
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.services.steps import drive

KHAL = shutil.which("khal")
if KHAL is None and os.environ.get("KONTAKT_REQUIRE_KHAL") != "1":
    pytest.skip("khal is not installed (apt-get install khal)", allow_module_level=True)

START = dt.datetime(2030, 12, 3, 19, 0).astimezone()
FORMAT = "{title}|{start-date}|{organizer}|{attendees}|{status}|{alarm-symbol}"
CONFIG = """\
[calendars]
[[kontakt]]
path = {folder}
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
[default]
default_calendar = kontakt
[sqlite]
path = {db}
"""


class Khal:
    """One person's khal calendar in a folder."""

    def __init__(self, home: Path) -> None:
        self.folder = home / "kalender"
        self.folder.mkdir(parents=True)
        self.config = home / "khal.conf"
        self.config.write_text(CONFIG.format(folder=self.folder, db=home / "khal.db"))

    def run(self, *args: str) -> str:
        assert KHAL is not None, "KONTAKT_REQUIRE_KHAL=1 but khal is not installed"
        done = subprocess.run(
            [KHAL, "-c", str(self.config), *args], capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    def receive(self, ics: bytes, tmp: Path) -> None:
        path = tmp / "mottatt.ics"
        path.write_bytes(ics)
        self.run("import", "--batch", str(path))

    def entries(self) -> list[list[str]]:
        out = self.run("list", "2030-11-01", "2031-01-31", "--format", FORMAT, "--day-format", "")
        return [[f.strip() for f in line.split("|")] for line in out.splitlines() if "|" in line]


def send(core: Core, mailing_id: int, server: SmtpServer) -> None:
    settings = SmtpSettings(server.host, server.port, Security.NONE)
    drive(
        core.mailings.send_steps(
            mailing_id, lambda: SmtpConnection(settings), Limits(1000, 1000), sleep=lambda s: None
        )
    )


def test_khal_reads_the_request_its_change_and_its_cancellation(
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = open_core(resolve_database(str(tmp_path / "kontakt.db")))
    sender = Sender("Kari Øren", "nettverk@example.no")
    try:
        core.contacts.create_many(
            [ContactDraft("Per", "Ødegård", emails=(EmailData("per@example.no"),))]
        )
        data = EventData(
            "Nettverksmøte om rus", START, START + dt.timedelta(hours=1), "https://x.example/m"
        )
        event_id = core.events.create(data)
        plan = core.mailings.plan(ContactScope(filter=ContactFilter()))
        send(
            core,
            core.events.invite(event_id, MailDraft("Invitasjon", "Hei {fornavn}!"), sender, plan),
            smtp_server,
        )
        pers = Khal(tmp_path / "per")
        ((_rcpt, msg),) = smtp_server.received
        pers.receive(meeting(msg).attached, tmp_path)
        assert pers.entries() == [
            ["Nettverksmøte om rus", "2030-12-03", "Kari Øren (nettverk@example.no)",
             "per@example.no", "CONFIRMED", "⏰"],
        ]  # fmt: skip

        later = START + dt.timedelta(days=1)
        core.events.update(
            event_id, replace(data, starts_at=later, ends_at=later + dt.timedelta(hours=1))
        )
        smtp_server.received.clear()
        send(core, core.event_mail.send_changes(event_id, sender), smtp_server)
        ((_, changed),) = smtp_server.received
        pers.receive(meeting(changed).inline, tmp_path)
        assert [e[:2] for e in pers.entries()] == [
            ["Nettverksmøte om rus", "2030-12-04"]
        ]  # replaced

        smtp_server.received.clear()
        _, cancel_id = core.event_mail.cancel(event_id, sender)
        assert cancel_id is not None
        send(core, cancel_id, smtp_server)
        ((_, cancel),) = smtp_server.received
        pers.receive(meeting(cancel).inline, tmp_path)
        (entry,) = pers.entries()
        assert entry[:2] == ["Nettverksmøte om rus", "2030-12-04"] and entry[4] == "CANCELLED"
        assert len(list(pers.folder.glob("*.ics"))) == 1
    finally:
        core.close()
