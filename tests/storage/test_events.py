"""Events: invitations with an .ics through a real SMTP server, answers, attendance reports."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
import vobject
from openpyxl import Workbook
from sqlalchemy import func, select
from tests.fixtures.imip import meeting
from tests.fixtures.smtp_server import (
    SmtpServer,
    smtp_server,  # noqa: F401
)

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.errors import ConflictError, NotFoundError, ValidationError
from kontakt.io.importers.attendance import read_attendance
from kontakt.io.importers.table import ImportRefused
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.services.outreach.mailing import RecipientStatus
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings
from kontakt.services.scope import ContactScope
from kontakt.services.steps import drive
from kontakt.storage.models import Interaction
from kontakt.storage.outreach_models import EventParticipant, Mailing

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
    drive(steps)
    assert len(smtp_server.received) == 4
    _, msg = smtp_server.received[0]
    request = meeting(msg)
    assert request.filename == "invitasjon.ics"
    cal = request.vobject()
    assert cal.method.value == "REQUEST"
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


# -- changing and deleting events -------------------------------------------------------------

MOVED = EventData(
    "Nettverksmøte: psykisk helse (flyttet)",
    dt.datetime(2026, 12, 10, 18, 30, tzinfo=OSLO),
    dt.datetime(2026, 12, 10, 20, 0, tzinfo=OSLO),
    link="https://zoom.example/j/456",
    place="Zoom",
    description="Ny dato etter ønske fra fylkeslagene.",
)


def send_invitation(core: Core, event_id: int, smtp_server: SmtpServer) -> int:  # noqa: F811
    """Invite everyone through the test server; returns the mailing's number."""
    mailing_id = core.events.invite(
        event_id,
        MailDraft("Invitasjon: nettverksmøte 03.12.2026", "Hei {fornavn}!"),
        Sender("SV helse", "nettverk@example.no"),
        core.mailings.plan(ContactScope(filter=ContactFilter())),
    )
    settings = SmtpSettings(smtp_server.host, smtp_server.port, Security.NONE)
    drive(
        core.mailings.send_steps(
            mailing_id, lambda: SmtpConnection(settings), Limits(1000, 1000), sleep=lambda s: None
        )
    )
    return mailing_id


def uid_of(core: Core, given_name: str) -> str:
    return core.search.all_rows(ContactFilter(text=given_name))[0].uid


def id_of(core: Core, given_name: str) -> int:
    return core.search.all_rows(ContactFilter(text=given_name))[0].id


def test_a_changed_event_is_stored_and_its_calendar_file_follows(people: Core) -> None:
    event_id = people.events.create(MEETING)
    other = people.events.create(EventData("Årsmøte", MEETING.starts_at, MEETING.ends_at))
    uid = people.events.summary(event_id).uid
    people.events.update(event_id, replace(MOVED, title=f"  {MOVED.title} "))
    changed = people.events.summary(event_id)
    assert changed.data == MOVED  # the title is stored trimmed, as on create
    assert changed.uid == uid  # the same calendar entry, so a new .ics replaces the old one
    cal = vobject.readOne(people.events.ics(event_id).decode())
    assert cal.vevent.summary.value == MOVED.title
    assert cal.vevent.dtstart.value == MOVED.starts_at
    assert cal.vevent.location.value == "Zoom"
    assert people.events.summary(other).data.title == "Årsmøte"  # the other is untouched
    # Calendars replace an entry with the same UID and a higher SEQUENCE.
    first = vobject.readOne(people.events.ics(other).decode())
    assert (first.vevent.sequence.value, cal.vevent.sequence.value) == ("0", "1")
    assert cal.vevent.uid.value == f"{uid}@kontakt"
    people.events.update(event_id, MOVED)  # saved without a change: the entry stands
    assert people.events.summary(event_id).sequence == 1
    people.events.update(event_id, replace(MOVED, place="Teams"))
    assert people.events.summary(event_id).sequence == 2


def test_a_change_that_is_refused_leaves_the_event_as_it_was(people: Core) -> None:
    event_id = people.events.create(MEETING)
    with pytest.raises(ValidationError, match="må ha en tittel") as no_title:
        people.events.update(event_id, EventData("   ", MOVED.starts_at, MOVED.ends_at))
    assert no_title.value.field == "title"
    with pytest.raises(ValidationError, match="etter starten"):
        people.events.update(event_id, EventData(MOVED.title, MOVED.ends_at, MOVED.starts_at))
    naive = dt.datetime(2026, 12, 10, 18, 30)
    with pytest.raises(ValidationError, match="tidssone"):
        people.events.update(event_id, EventData(MOVED.title, naive, naive))
    assert people.events.summary(event_id).data == MEETING


def test_a_change_saved_meanwhile_by_someone_else_is_not_overwritten(people: Core) -> None:
    event_id = people.events.create(MEETING)
    opened = people.events.summary(event_id).data  # the form reads the event
    people.events.update(event_id, replace(MEETING, place="Teams"))  # another board member
    with pytest.raises(ConflictError, match=r"endret arrangementet .*\(sted\)") as refused:
        people.events.update(event_id, MOVED, opened)
    assert refused.value.changed_fields == ("place",)
    assert people.events.summary(event_id).data == replace(MEETING, place="Teams")
    # Read again, the same change goes through; unread (a script), it always does.
    people.events.update(event_id, MOVED, people.events.summary(event_id).data)
    assert people.events.summary(event_id).data == MOVED
    people.events.update(event_id, MEETING)
    assert people.events.summary(event_id).data == MEETING


def test_changing_or_deleting_a_missing_event_says_so(people: Core) -> None:
    event_id = people.events.create(MEETING)
    with pytest.raises(NotFoundError, match=f"arrangement nr. {event_id + 1}"):
        people.events.update(event_id + 1, MOVED)
    with pytest.raises(NotFoundError):
        people.events.delete(event_id + 1)
    with pytest.raises(NotFoundError):
        people.events.traces(event_id + 1)
    assert people.events.summary(event_id).data == MEETING


def test_a_new_title_reaches_the_attended_entries_but_not_the_sent_mail(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = people.events.create(MEETING)
    send_invitation(people, event_id, smtp_server)
    people.events.set_status(event_id, id_of(people, "Ola"), ParticipantStatus.ATTENDED)
    people.events.update(event_id, MOVED)
    subjects = [h.subject for h in people.history.history(uid_of(people, "Ola"))]
    assert sorted(subjects) == [
        f"Deltok: {MOVED.title}",
        "Invitasjon: nettverksmøte 03.12.2026",  # as the e-mail was sent
    ]


def test_attendance_is_dated_when_the_event_was_and_follows_a_moved_event(
    people: Core,
) -> None:
    held = dt.datetime(2025, 3, 4, 19, 0, tzinfo=OSLO)
    hour = dt.timedelta(hours=1)
    event_id = people.events.create(EventData("Medlemsmøte", held, held + hour))
    people.events.set_status(event_id, id_of(people, "Ola"), ParticipantStatus.ATTENDED)
    [entry] = people.history.history(uid_of(people, "Ola"))
    assert entry.at == held  # not the day the report was read in
    earlier = held - dt.timedelta(days=7)
    people.events.update(event_id, EventData("Medlemsmøte (mars)", earlier, earlier + hour))
    [entry] = people.history.history(uid_of(people, "Ola"))
    assert (entry.at, entry.subject) == (earlier, "Deltok: Medlemsmøte (mars)")
    # Marked ahead of the event (a test run, a mistake): dated now, not in the future.
    coming = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    later_id = people.events.create(EventData("Neste møte", coming, coming + hour))
    people.events.set_status(later_id, id_of(people, "Ola"), ParticipantStatus.ATTENDED)
    entries = people.history.history(uid_of(people, "Ola"))
    assert len(entries) == 2 and all(h.at <= dt.datetime.now(dt.UTC) for h in entries)


def test_deleting_an_event_keeps_the_history_and_the_mailing(
    people: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    core = people
    event_id = core.events.create(MEETING)
    other = core.events.create(MOVED)
    core.events.set_status(other, id_of(core, "Per"), ParticipantStatus.ATTENDED)
    mailing_id = send_invitation(core, event_id, smtp_server)
    core.events.set_status(event_id, id_of(core, "Kari"), ParticipantStatus.DECLINED)
    for name in ("Ola", "Åse"):
        core.events.set_status(event_id, id_of(core, name), ParticipantStatus.ATTENDED)
    traces = core.events.traces(event_id)
    assert (traces.participants, traces.invited, traces.attended) == (4, 4, 2)

    assert core.events.delete(event_id) == MEETING.title

    with pytest.raises(NotFoundError):
        core.events.summary(event_id)
    assert [e.id for e in core.events.events()] == [other]
    with core.sessions() as session:
        left = session.scalar(select(func.count()).where(EventParticipant.event_id == event_id))
        tied = session.scalar(select(func.count()).where(Interaction.event_id == event_id))
        mailing = session.get(Mailing, mailing_id)
        assert (left, tied) == (0, 0)
        assert mailing is not None and mailing.event_id is None
    # Ola's history still says what happened, and when the event was.
    history = {h.subject: h for h in core.history.history(uid_of(core, "Ola"))}
    assert set(history) == {f"Deltok: {MEETING.title}", "Invitasjon: nettverksmøte 03.12.2026"}
    attended = history[f"Deltok: {MEETING.title}"]
    when = MEETING.starts_at.astimezone().strftime("%d.%m.%Y kl. %H.%M")
    assert attended.note == f"Arrangementet {when} er slettet fra Kontakt."
    assert attended.event_id is None and attended.channel_label == "Arrangement"
    assert history["Invitasjon: nettverksmøte 03.12.2026"].note == ""
    # Kari, who declined, keeps the invitation she got.
    assert [h.subject for h in core.history.history(uid_of(core, "Kari"))] == [
        "Invitasjon: nettverksmøte 03.12.2026"
    ]
    # The mailing is still listed, with every message sent.
    assert core.mailings.summary(mailing_id).count(RecipientStatus.SENT) == 4
    # The other event, its participant and Per's history are untouched.
    assert core.events.participants(other) == [
        (id_of(core, "Per"), "Per Berg", ParticipantStatus.ATTENDED)
    ]
    (per_attended,) = [
        h for h in core.history.history(uid_of(core, "Per")) if h.channel == "arrangement"
    ]
    assert per_attended.event_id == other and per_attended.note == ""
    assert per_attended.subject == f"Deltok: {MOVED.title}"


def test_an_event_nobody_was_invited_to_leaves_no_traces(people: Core) -> None:
    event_id = people.events.create(MEETING)
    traces = people.events.traces(event_id)
    assert (traces.participants, traces.invited, traces.attended) == (0, 0, 0)
    people.events.delete(event_id)
    assert people.events.events() == []
