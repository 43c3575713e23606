"""Events: invitations with an .ics through a real SMTP server, answers, attendance reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import vobject
from openpyxl import Workbook
from tests.fixtures.smtp_server import (
    SmtpServer,
    smtp_server,  # noqa: F401
)

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.errors import ValidationError
from kontakt.io.importers.attendance import read_attendance
from kontakt.io.importers.table import ImportRefused
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.services.outreach.mailing import RecipientStatus
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings
from kontakt.services.scope import ContactScope

OSLO = dt.timezone(dt.timedelta(hours=1))
MEETING = EventData(
    "Digitalt nettverksmøte: psykisk helse",
    dt.datetime(2026, 12, 3, 19, 0, tzinfo=OSLO),
    dt.datetime(2026, 12, 3, 20, 30, tzinfo=OSLO),
    link="https://teams.example/mote/123",
    description="Vi snakker om interpellasjoner; alle er velkomne, også nye.",
)


@pytest.fixture
def people(core: Core) -> Core:
    core.contacts.create_many(
        [
            ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@example.no"),)),
            ContactDraft("Ola", "Hansen", emails=(EmailData("ola@example.no"),)),
            ContactDraft("Åse", "Ødegård", emails=(EmailData("ase@example.no"),)),
            ContactDraft("Per", "Berg", emails=(EmailData("per@example.no"),)),
        ]
    )
    return core


def test_invite_sends_an_ics_calendars_accept_and_marks_invited(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = people
    event_id = core.events.create(MEETING)
    plan = core.mailings.plan(ContactScope(filter=ContactFilter()))
    mailing_id = core.events.invite(
        event_id,
        MailDraft("Invitasjon: nettverksmøte", "Hei {fornavn}! Velkommen."),
        Sender("SV helse", "nettverk@example.no"),
        plan,
    )
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.NONE)
    steps = core.mailings.send_steps(
        mailing_id, lambda: SmtpConnection(settings), Limits(1000, 1000), sleep=lambda s: None
    )
    for _ in steps:
        pass
    assert len(smtp_server.received) == 4
    _, msg = smtp_server.received[0]
    (ics,) = [p for p in msg.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert ics.get_filename() == "invitasjon.ics"
    cal = vobject.readOne(ics.get_content())
    assert cal.method.value == "PUBLISH"
    ev = cal.vevent
    assert ev.summary.value == MEETING.title
    assert ev.dtstart.value == MEETING.starts_at
    assert ev.dtend.value == MEETING.ends_at
    assert ev.url.value == MEETING.link
    assert "interpellasjoner; alle er velkomne" in ev.description.value
    summary = core.events.summary(event_id)
    assert summary.count(ParticipantStatus.INVITED) == 4
    assert core.mailings.summary(mailing_id).count(RecipientStatus.SENT) == 4


def test_answers_and_a_teams_report_mark_who_came(people: Core, tmp_path: Path) -> None:
    core = people
    event_id = core.events.create(MEETING)
    kari = core.search.all_rows(ContactFilter(text="Kari"))[0]
    core.events.set_status(event_id, kari.id, ParticipantStatus.DECLINED)
    report = tmp_path / "meetingAttendanceReport.csv"
    text = (
        "1. Summary\n"
        "Meeting title\tDigitalt nettverksmøte\n"
        "Attended participants\t4\n"
        "\n"
        "2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\tParticipant ID (UPN)\tRole\n"
        "Ola Hansen\t12/3/26, 7:01:02 PM\t12/3/26, 8:29:00 PM\t1h 27m\tOLA@example.no\t\tAttendee\n"
        "Åse Ødegård (Gjest)\t12/3/26, 7:05:00 PM\t12/3/26, 8:00:00 PM\t55m\t\t\tAttendee\n"
        "Ola Hansen\t12/3/26, 8:10:00 PM\t12/3/26, 8:29:00 PM\t19m\tola@example.no\t\tAttendee\n"
        "Ukjent Person\t12/3/26, 7:00:00 PM\t12/3/26, 7:30:00 PM\t30m\tx@annet.no\t\tAttendee\n"
        "\n"
        "3. In-Meeting Activities\n"
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\tRole\n"
        "Per Berg\t12/3/26, 7:01:02 PM\t12/3/26, 8:29:00 PM\t1h\tper@example.no\tAttendee\n"
    )
    report.write_bytes(text.encode("utf-16"))  # Teams writes UTF-16 with a BOM
    result = core.events.import_attendance(event_id, report)
    assert sorted(result.marked) == ["Ola Hansen", "Åse Ødegård"]
    assert [a.name for a in result.unmatched] == ["Ukjent Person"]
    names = {name: status for _, name, status in core.events.participants(event_id)}
    assert names == {
        "Kari Nordmann": ParticipantStatus.DECLINED,
        "Ola Hansen": ParticipantStatus.ATTENDED,
        "Åse Ødegård": ParticipantStatus.ATTENDED,
    }
    history = core.history.history(core.search.all_rows(ContactFilter(text="Ola"))[0].uid)
    assert [h.subject for h in history] == [f"Deltok: {MEETING.title}"]
    again = core.events.import_attendance(event_id, report)  # importing twice changes nothing
    assert again.marked == []


def test_a_zoom_report_in_excel(people: Core, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["Meeting ID", "Topic", "Start Time"])
    ws.append(["812 3456", "Nettverksmøte", "12/03/2026 07:00:00 PM"])
    ws.append([])
    ws.append(["Name (Original Name)", "User Email", "Join Time", "Duration (Minutes)", "Guest"])
    ws.append(["Per Berg", "per@example.no", "12/03/2026 07:02:00 PM", 80, "No"])
    ws.append(["kari nordmann", "", "12/03/2026 07:02:00 PM", 80, "Yes"])
    path = tmp_path / "participants.xlsx"
    wb.save(path)
    event_id = people.events.create(MEETING)
    result = people.events.import_attendance(event_id, path)
    assert sorted(result.marked) == ["Kari Nordmann", "Per Berg"]


def test_a_file_without_participants_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "feil.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"feil\.csv: fant ingen deltakerliste"):
        read_attendance(path)


def test_the_years_events_and_bad_event_data(people: Core) -> None:
    people.events.create(MEETING)
    later = EventData(
        "Årsmøte",
        dt.datetime(2027, 3, 1, 18, tzinfo=OSLO),
        dt.datetime(2027, 3, 1, 21, tzinfo=OSLO),
    )
    people.events.create(later)
    assert [e.data.title for e in people.events.events(2026)] == [MEETING.title]
    assert len(people.events.events()) == 2
    with pytest.raises(ValidationError, match="etter starten"):
        people.events.create(EventData("x", MEETING.ends_at, MEETING.starts_at))


def test_history_notes(people: Core) -> None:
    uid = people.search.all_rows(ContactFilter(text="Per"))[0].uid
    people.history.add_note(uid, "telefon", "Ringte om høringssvaret", "Sender utkast fredag.")
    (item,) = people.history.history(uid)
    assert item.channel_label == "Telefon" and item.note == "Sender utkast fredag."
    with pytest.raises(ValidationError):
        people.history.add_note(uid, "brevdue", "x")
