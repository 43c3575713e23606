"""`kontakt events …` as a real process against a real SMTP server (aiosmtpd).

The story: the secretary lists the events, invites the network to one from a
script, reads the Teams report afterwards, and the reminders, follow-ups,
changes and cancellations go out from the command line. What arrives is read
as a calendar reads it (icalendar), and the database is checked.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select
from tests.e2e.test_cli import kontakt
from tests.fixtures.imip import meeting
from tests.fixtures.smtp_server import (
    SmtpServer,
    smtp_server,  # noqa: F401
)

from kontakt.app import open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.paths import resolve_database
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.storage.outreach_models import Event, EventParticipant, Mailing

SOON = (dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)).replace(second=0, microsecond=0)
MEETING = EventData(
    "Digitalt nettverksmøte om «rus»",
    SOON,
    SOON + dt.timedelta(hours=1),
    link="https://teams.example/mote/9",
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "kontakt.db"
    core = open_core(resolve_database(str(path)))
    try:
        core.contacts.create_many(
            [
                ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@example.no"),)),
                ContactDraft("Ola", "Hansen", emails=(EmailData("ola@example.no"),)),
                ContactDraft("Åse", "Ødegård", emails=(EmailData("ase@example.no"),)),
                ContactDraft(
                    "Reservert", "Person", emails=(EmailData("r@example.no"),), opted_out=True
                ),
            ]
        )
        core.events.create(MEETING)
    finally:
        core.close()
    return path


def smtp(server: SmtpServer) -> list[str]:
    return [
        "--smtp-host", server.host, "--smtp-port", str(server.port),
        "--from", "nettverk@example.no", "--from-name", "SV helse", "--per-minute", "10000",
    ]  # fmt: skip


def statuses(db: Path) -> dict[int, str]:
    core = open_core(resolve_database(str(db)))
    try:
        with core.sessions() as session:
            return dict(
                session.execute(select(EventParticipant.contact_id, EventParticipant.status)).all()
            )
    finally:
        core.close()


def mailings(db: Path) -> int:
    core = open_core(resolve_database(str(db)))
    try:
        with core.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(Mailing)) or 0)
    finally:
        core.close()


def events_json(db: Path) -> list[dict[str, object]]:
    result = kontakt("events", "list", "--json", db=db)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_invite_from_a_script_sends_meeting_requests_and_marks_the_invited(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    (event,) = events_json(db)
    assert event["title"] == MEETING.title and event["link"] == MEETING.link
    assert dt.datetime.fromisoformat(str(event["start"])) == MEETING.starts_at
    assert dt.datetime.fromisoformat(str(event["end"])) == MEETING.ends_at
    assert event["counts"] == {
        "invited": 0,
        "accepted": 0,
        "tentative": 0,
        "declined": 0,
        "attended": 0,
    }
    event_id = str(event["id"])

    # From a script without --yes: it says what it would do and sends nothing.
    dry = kontakt("events", "invite", event_id, *smtp(smtp_server), db=db)
    assert dry.returncode == 0, dry.stderr
    assert "Ingenting sendt: bruk --yes" in dry.stdout
    assert smtp_server.received == [] and mailings(db) == 0

    sent = kontakt("events", "invite", event_id, *smtp(smtp_server), "--yes", db=db)
    assert sent.returncode == 0, sent.stderr
    assert "Utelatt: Reservert Person (har reservert seg mot e-post)" in sent.stdout
    assert "Utsending nr. 1: 3 sendt, 0 feilet." in sent.stdout
    assert sorted(r for r, _ in smtp_server.received) == [
        "ase@example.no", "kari@example.no", "ola@example.no",
    ]  # fmt: skip
    for rcpt, msg in smtp_server.received:
        assert str(msg["Subject"]).startswith("Invitasjon: Digitalt nettverksmøte om «rus»")
        request = meeting(msg)
        ev = request.event
        assert request.cal["METHOD"] == "REQUEST" and request.method_param == "REQUEST"
        assert str(ev["ORGANIZER"]) == "mailto:nettverk@example.no"
        assert ev["ORGANIZER"].params["CN"] == "SV helse"
        assert str(ev["ATTENDEE"]) == f"mailto:{rcpt}"
        assert ev["ATTENDEE"].params["RSVP"] == "TRUE"
        assert ev["SEQUENCE"] == 0
        assert ev.walk("VALARM")[0]["TRIGGER"].dt == -dt.timedelta(hours=1)
    assert sorted(statuses(db).values()) == ["invited"] * 3
    (listed,) = events_json(db)
    assert listed["counts"] == {
        "invited": 3,
        "accepted": 0,
        "tentative": 0,
        "declined": 0,
        "attended": 0,
    }

    # The table for people.
    table = kontakt("events", "list", db=db)
    assert table.returncode == 0, table.stderr
    assert "Digitalt nettverksmøte om «rus»" in table.stdout and "Invitert" in table.stdout


def test_reminder_attendance_and_follow_up_from_the_command_line(
    db: Path,
    tmp_path: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = str(events_json(db)[0]["id"])
    assert kontakt("events", "invite", event_id, *smtp(smtp_server), "--yes", db=db).returncode == 0
    core = open_core(resolve_database(str(db)))
    try:
        ids = {r.given_name: r.id for r in core.search.all_rows(ContactFilter())}
        core.events.set_status(int(event_id), ids["Kari"], ParticipantStatus.DECLINED)
        core.events.set_status(int(event_id), ids["Ola"], ParticipantStatus.ACCEPTED)
        core.events.set_status(int(event_id), ids["Åse"], ParticipantStatus.ACCEPTED)
    finally:
        core.close()
    smtp_server.received.clear()

    shown = kontakt("events", "reminder-time", "17.30", db=db)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout == "Påminnelsen sendes dagen før kl. 17:30.\n"
    # The event starts in three hours: its reminder (17:30 the day before) is due.
    remind = kontakt("events", "remind", *smtp(smtp_server), "--yes", db=db)
    assert remind.returncode == 0, remind.stderr
    assert "Påminnelse: «Digitalt nettverksmøte om «rus»»" in remind.stdout
    assert sorted(r for r, _ in smtp_server.received) == ["ase@example.no", "ola@example.no"]
    assert all(str(m["Subject"]).startswith("Påminnelse: ") for _, m in smtp_server.received)
    again = kontakt("events", "remind", *smtp(smtp_server), "--yes", db=db)
    assert again.returncode == 0, again.stderr
    assert "Ingen påminnelser å sende nå." in again.stdout
    assert len(smtp_server.received) == 2  # never twice

    # After the meeting: the Teams report says Ola came; Åse said yes but did not.
    report = tmp_path / "meetingAttendanceReport.csv"
    report.write_bytes(
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tRole\n"
        "Ola Hansen\t3/5/30, 7:01:02 PM\t3/5/30, 8:00:00 PM\t59m\tola@example.no\tAttendee\n"
        "Ukjent Gjest\t3/5/30, 7:02:00 PM\t3/5/30, 7:30:00 PM\t28m\t\tAttendee\n".encode("utf-16")
    )
    read = kontakt("events", "attendance", event_id, str(report), db=db)
    assert read.returncode == 0, read.stderr
    assert (
        "Deltok: Ola Hansen" in read.stdout and "Ikke funnet i Kontakt: Ukjent Gjest" in read.stdout
    )
    assert statuses(db)[ids["Ola"]] == "attended"

    body = tmp_path / "savner.txt"
    body.write_text("Hei {fornavn}! Vi savnet deg. Opptaket ligger her.\n", encoding="utf-8")
    smtp_server.received.clear()
    follow = kontakt(
        "events", "follow-up", event_id, "--no-show", "--subject", "Vi savnet deg",
        "--body-file", str(body), *smtp(smtp_server), "--yes", db=db,
    )  # fmt: skip
    assert follow.returncode == 0, follow.stderr
    assert [r for r, _ in smtp_server.received] == ["ase@example.no"]
    _, msg = smtp_server.received[0]
    assert "Hei Åse! Vi savnet deg." in msg.get_body(("plain",)).get_content()
    smtp_server.received.clear()
    thanks = kontakt(
        "events", "follow-up", event_id, "--attended", "--subject", "Takk for sist",
        "--body-file", str(body), *smtp(smtp_server), "--yes", db=db,
    )  # fmt: skip
    assert thanks.returncode == 0, thanks.stderr
    assert [r for r, _ in smtp_server.received] == ["ola@example.no"]


def test_a_change_and_a_cancellation_reach_the_calendars(
    db: Path,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = str(events_json(db)[0]["id"])
    assert kontakt("events", "invite", event_id, *smtp(smtp_server), "--yes", db=db).returncode == 0
    core = open_core(resolve_database(str(db)))
    try:
        later = MEETING.starts_at + dt.timedelta(days=1)
        core.events.update(
            int(event_id),
            EventData(MEETING.title, later, later + dt.timedelta(hours=2), MEETING.link),
        )
    finally:
        core.close()
    smtp_server.received.clear()
    resend = kontakt("events", "resend", event_id, *smtp(smtp_server), "--yes", db=db)
    assert resend.returncode == 0, resend.stderr
    assert len(smtp_server.received) == 3
    assert {meeting(m).event["SEQUENCE"] for _, m in smtp_server.received} == {1}
    smtp_server.received.clear()
    cancel = kontakt("events", "cancel", event_id, *smtp(smtp_server), "--yes", db=db)
    assert cancel.returncode == 0, cancel.stderr
    assert "er avlyst og slettet" in cancel.stdout
    assert len(smtp_server.received) == 3
    for rcpt, msg in smtp_server.received:
        cancelled = meeting(msg)
        assert cancelled.cal["METHOD"] == "CANCEL"
        assert cancelled.event["STATUS"] == "CANCELLED"
        assert cancelled.event["SEQUENCE"] == 2
        assert str(cancelled.event["ATTENDEE"]) == f"mailto:{rcpt}"
    assert events_json(db) == []
    core = open_core(resolve_database(str(db)))
    try:
        with core.sessions() as session:
            assert session.scalar(select(func.count()).select_from(Event)) == 0
    finally:
        core.close()


def test_bad_input_is_one_line_and_changes_nothing(db: Path, tmp_path: Path) -> None:
    unknown = kontakt("events", "attendance", "99", str(tmp_path / "x.csv"), db=db)
    assert unknown.returncode == 1
    assert unknown.stderr.strip().splitlines() == ["kontakt: Fant ikke arrangement nr. 99."]
    garbage = tmp_path / "rapport.csv"
    garbage.write_bytes(b"\x00\xff\xfe garbage \x00" * 50)
    event_id = str(events_json(db)[0]["id"])
    bad = kontakt("events", "attendance", event_id, str(garbage), db=db)
    assert bad.returncode == 1
    assert len(bad.stderr.strip().splitlines()) == 1 and "rapport.csv" in bad.stderr
    assert "Traceback" not in bad.stderr
    assert statuses(db) == {}
    wrong = kontakt("events", "reminder-time", "kl. seks", db=db)
    assert wrong.returncode == 1
    assert wrong.stderr.strip().splitlines() == [
        "kontakt: «kl. seks» er ikke et klokkeslett (skriv TT:MM, for eksempel 18:00)."
    ]
    usage = kontakt("events", "follow-up", event_id, "--attended", db=db)
    assert usage.returncode == 2  # --subject and --body-file are required
