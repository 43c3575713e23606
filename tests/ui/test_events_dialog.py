"""«Arrangementer» as the secretary uses it: plan events, record answers, read who came."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox, QTableWidget, QWidget
from pytestqt.qtbot import QtBot
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.storage.test_events import send_invitation
from tests.ui.test_composer import use_server

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.event_form import EventFormDialog
from kontakt.ui.dialogs.events_dialog import EventsDialog
from kontakt.ui.dialogs.history_tab import HistoryTab
from kontakt.ui.window_dialogs import composer_services

YEAR = dt.date.today().year
TITLE = "Digitalt nettverksmøte: psykisk helse"
LINK = "https://teams.example/mote/123"


@pytest.fixture
def core(sqlite_core: Core) -> Core:
    """Four contacts with e-mail addresses."""
    sqlite_core.contacts.create_many(
        [
            ContactDraft("Kari", "Nordmann", emails=(EmailData("kari@example.no"),)),
            ContactDraft("Ola", "Hansen", emails=(EmailData("ola@example.no"),)),
            ContactDraft("Åse", "Ødegård", emails=(EmailData("ase@example.no"),)),
            ContactDraft("Per", "Berg", emails=(EmailData("per@example.no"),)),
        ]
    )
    return sqlite_core


def contact_id(core: Core, given_name: str) -> int:
    return core.search.all_rows(ContactFilter(text=given_name))[0].id


def local(*args: int) -> dt.datetime:
    """An aware datetime from local wall-clock parts."""
    return dt.datetime(*args).astimezone()  # type: ignore[misc]


def next_week(hour: int, minute: int = 0) -> dt.datetime:
    day = dt.date.today() + dt.timedelta(days=7)
    return local(day.year, day.month, day.day, hour, minute)


def add_event(core: Core, title: str = TITLE, starts_at: dt.datetime | None = None) -> int:
    start = starts_at or next_week(19)
    return core.events.create(EventData(title, start, start + dt.timedelta(minutes=90), LINK))


def open_dialog(qtbot: QtBot, core: Core) -> EventsDialog:
    dialog = EventsDialog(core.events, composer_services(core))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def click(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isEnabled(), widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def click_row(
    qtbot: QtBot,
    table: QTableWidget,
    text: str,
    modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
) -> None:
    """Click the row whose first cell reads ``text``."""
    found = table.findItems(text, Qt.MatchFlag.MatchExactly)
    assert found, f"{text!r} is not in the table"
    rect = table.visualItemRect(found[0])
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def table_rows(table: QTableWidget) -> list[list[str]]:
    return [
        [(table.item(r, c).text() if table.item(r, c) else "") for c in range(table.columnCount())]
        for r in range(table.rowCount())
    ]


def open_form(qtbot: QtBot, dialog: EventsDialog) -> EventFormDialog:
    click(qtbot, dialog.new_button)
    assert dialog.form is not None and dialog.form.isVisible()
    return dialog.form


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClicks(widget, text)


# -- creating events and the year's goal -------------------------------------------------------


def test_an_event_made_in_the_form_is_listed_and_counts_towards_the_goal(
    qtbot: QtBot, core: Core
) -> None:
    dialog = open_dialog(qtbot, core)
    assert f"0 av 3 arrangementer holdt i {YEAR}" in dialog.goal_label.text()
    assert "ikke nådd" in dialog.goal_label.text()
    assert f"Ingen arrangementer i {YEAR}" in dialog.details.text()

    form = open_form(qtbot, dialog)
    type_into(qtbot, form.title_edit, "Nettverksmøte om rus")
    # New Year's night has always passed by the time a test runs in this year.
    form.start_edit.setDateTime(QDateTime(QDate(YEAR, 1, 1), QTime(0, 15)))
    form.end_edit.setTime(QTime(1, 30))
    type_into(qtbot, form.link_edit, LINK)
    type_into(qtbot, form.place_edit, "Teams")
    click(qtbot, form.save_button)

    assert not form.isVisible()
    (stored,) = core.events.events()
    assert stored.data.title == "Nettverksmøte om rus"
    assert stored.data.starts_at == local(YEAR, 1, 1, 0, 15)
    assert stored.data.ends_at == local(YEAR, 1, 1, 1, 30)
    assert (stored.data.link, stored.data.place) == (LINK, "Teams")
    assert table_rows(dialog.table) == [
        [f"01.01.{YEAR} 00:15", "Nettverksmøte om rus", "0", "0", "0", "0"]
    ]
    assert dialog.event_id() == stored.id  # the new event is chosen
    assert f"1 av 3 arrangementer holdt i {YEAR}" in dialog.goal_label.text()
    assert "planlegg 2 arrangementer til" in dialog.goal_label.text()
    assert "teams.example/mote/123" in dialog.details.text()


def test_three_held_events_meet_the_goal_and_planned_ones_are_named(
    qtbot: QtBot, core: Core
) -> None:
    for day in (1, 2):
        add_event(core, f"Møte {day}", local(YEAR, 1, day, 0, 0))
    add_event(core, "Neste møte", next_week(19))
    dialog = open_dialog(qtbot, core)
    assert f"2 av 3 arrangementer holdt i {YEAR} (1 til er planlagt)" in dialog.goal_label.text()
    assert "nok arrangementer er planlagt" in dialog.goal_label.text()
    assert dialog.chosen() is not None and dialog.chosen().data.title == "Neste møte"  # type: ignore[union-attr]
    add_event(core, "Møte 3", local(YEAR, 1, 3, 0, 0))
    dialog.refresh()
    assert f"3 av 3 arrangementer holdt i {YEAR}" in dialog.goal_label.text()
    assert "✔ Målet om minst tre arrangementer i året er nådd" in dialog.goal_label.text()


def test_the_year_selector_shows_that_years_events(qtbot: QtBot, core: Core) -> None:
    add_event(core, "I fjor", local(YEAR - 1, 5, 10, 19, 0))
    add_event(core, "I år", local(YEAR, 1, 1, 0, 0))
    dialog = open_dialog(qtbot, core)
    assert [row[1] for row in table_rows(dialog.table)] == ["I år"]
    dialog.year_box.stepDown()
    assert [row[1] for row in table_rows(dialog.table)] == ["I fjor"]
    assert f"1 av 3 arrangementer holdt i {YEAR - 1}" in dialog.goal_label.text()
    assert "ble ikke nådd" in dialog.goal_label.text()


def test_an_invalid_form_is_marked_at_the_field_and_nothing_is_saved(
    qtbot: QtBot, core: Core
) -> None:
    dialog = open_dialog(qtbot, core)
    form = open_form(qtbot, dialog)
    click(qtbot, form.save_button)  # no title
    assert form.isVisible()
    assert form.title_error.isVisible()
    assert form.title_error.text() == "Arrangementet må ha en tittel."
    assert core.events.events() == []

    type_into(qtbot, form.title_edit, TITLE)
    assert not form.title_error.isVisible()  # the mark goes while typing
    form.start_edit.setDateTime(QDateTime(QDate(YEAR, 12, 3), QTime(19, 0)))
    form.end_edit.setTime(QTime(18, 0))
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.end_error.text() == "Slutten må være etter starten."
    assert not form.title_error.isVisible()
    assert core.events.events() == []

    form.end_edit.setTime(QTime(20, 30))
    type_into(qtbot, form.link_edit, "teams.example/mote")
    click(qtbot, form.save_button)
    assert "https://" in form.link_error.text()
    assert core.events.events() == []

    form.link_edit.clear()
    click(qtbot, form.save_button)
    assert not form.isVisible()
    assert [e.data.title for e in core.events.events()] == [TITLE]
    assert table_rows(dialog.table)[0][:2] == [f"03.12.{YEAR} 19:00", TITLE]


# -- participants -----------------------------------------------------------------------------


def test_answers_are_recorded_with_the_buttons_and_the_counts_follow(
    qtbot: QtBot, core: Core
) -> None:
    event_id = add_event(core)
    for name in ("Kari", "Ola", "Per"):
        core.events.set_status(event_id, contact_id(core, name), ParticipantStatus.INVITED)
    dialog = open_dialog(qtbot, core)
    panel = dialog.participants
    assert table_rows(panel.table) == [
        ["Per Berg", "Invitert"],
        ["Ola Hansen", "Invitert"],
        ["Kari Nordmann", "Invitert"],
    ]
    assert not panel.buttons[ParticipantStatus.ACCEPTED].isEnabled()  # nobody chosen

    click_row(qtbot, panel.table, "Ola Hansen")
    click(qtbot, panel.buttons[ParticipantStatus.ACCEPTED])
    statuses = {name: s for _, name, s in core.events.participants(event_id)}
    assert statuses["Ola Hansen"] == ParticipantStatus.ACCEPTED
    assert statuses["Kari Nordmann"] == ParticipantStatus.INVITED
    assert table_rows(dialog.table)[0][2:] == ["3", "1", "0", "0"]
    assert "1 takket ja" in panel.summary.text() and "2 har ikke svart" in panel.summary.text()

    click_row(qtbot, panel.table, "Kari Nordmann", Qt.KeyboardModifier.ControlModifier)
    assert set(panel.selected_ids()) == {contact_id(core, "Ola"), contact_id(core, "Kari")}
    click(qtbot, panel.buttons[ParticipantStatus.ATTENDED])
    assert len(panel.selected_ids()) == 2  # still chosen after the change
    click(qtbot, panel.buttons[ParticipantStatus.ATTENDED])  # a second click changes nothing
    assert table_rows(dialog.table)[0][2:] == ["3", "0", "0", "2"]
    assert [row[1] for row in table_rows(panel.table)] == ["Invitert", "Deltok", "Deltok"]
    ola = core.search.all_rows(ContactFilter(text="Ola"))[0].uid
    assert [h.subject for h in core.history.history(ola)] == [f"Deltok: {TITLE}"]

    qtbot.keyClicks(panel.search, "BERG")  # find someone in a long list
    shown = [r for r in range(panel.table.rowCount()) if not panel.table.isRowHidden(r)]
    assert [panel.table.item(r, 0).text() for r in shown] == ["Per Berg"]
    click_row(qtbot, panel.table, "Per Berg")
    click(qtbot, panel.buttons[ParticipantStatus.DECLINED])
    assert table_rows(dialog.table)[0][2:] == ["3", "0", "1", "2"]
    assert panel.status_of(contact_id(core, "Ola")) == ParticipantStatus.ATTENDED


def teams_report(path: Path) -> Path:
    """A Teams attendance report as Teams writes it: UTF-16, tab-separated, in sections."""
    text = (
        "1. Summary\n"
        "Meeting title\tDigitalt nettverksmøte\n"
        "Attended participants\t4\n"
        "\n"
        "2. Participants\n"
        "Name\tFirst Join\tLast Leave\tIn-Meeting Duration\tEmail\n"
        "Ola Hansen\t12/3/26, 7:01:02 PM\t12/3/26, 8:29:00 PM\t1h 27m\tOLA@example.no\n"
        "Åse Ødegård (Gjest)\t12/3/26, 7:05:00 PM\t12/3/26, 8:00:00 PM\t55m\t\n"
        "Ukjent Person\t12/3/26, 7:00:00 PM\t12/3/26, 7:30:00 PM\t30m\tx@annet.no\n"
        "Navnløs Gjest\t12/3/26, 7:00:00 PM\t12/3/26, 7:30:00 PM\t30m\t\n"
        "\n"
        "3. In-Meeting Activities\n"
        "Name\tJoin Time\tLeave Time\tDuration\tEmail\n"
        "Per Berg\t12/3/26, 7:01:02 PM\t12/3/26, 8:29:00 PM\t1h\tper@example.no\n"
    )
    path.write_bytes(text.encode("utf-16"))
    return path


def choose_file(monkeypatch: pytest.MonkeyPatch, path: Path) -> list[str]:
    """The file dialog answers ``path``; returns the folders it was opened in."""
    asked: list[str] = []

    def answer(_parent: object, _title: str, folder: str = "", _filter: str = "") -> tuple:
        asked.append(folder)
        return str(path), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", answer)
    return asked


def test_a_teams_report_marks_who_came_and_lists_the_unknown(
    qtbot: QtBot, core: Core, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    event_id = add_event(core)
    core.events.set_status(event_id, contact_id(core, "Kari"), ParticipantStatus.DECLINED)
    dialog = open_dialog(qtbot, core)
    choose_file(monkeypatch, teams_report(tmp_path / "meetingAttendanceReport.csv"))
    click(qtbot, dialog.import_button)

    assert not dialog.error.isVisible()
    assert "2 personer er merket som deltatt" in dialog.import_label.text()
    assert "Ola Hansen" in dialog.import_label.text()
    assert "2 deltakere fant vi ikke i Kontakt" in dialog.import_label.text()
    assert dialog.unmatched_list.isVisible()
    unmatched = [dialog.unmatched_list.item(i).text() for i in range(dialog.unmatched_list.count())]
    assert unmatched == ["Ukjent Person – x@annet.no", "Navnløs Gjest – ingen e-post i lista"]
    statuses = {name: s for _, name, s in core.events.participants(event_id)}
    assert statuses == {
        "Kari Nordmann": ParticipantStatus.DECLINED,
        "Ola Hansen": ParticipantStatus.ATTENDED,
        "Åse Ødegård": ParticipantStatus.ATTENDED,
    }
    assert table_rows(dialog.table)[0][2:] == ["3", "0", "1", "2"]
    assert [row[1] for row in table_rows(dialog.participants.table)] == [
        "Deltok",
        "Takket nei",
        "Deltok",
    ]

    choose_file(monkeypatch, tmp_path / "meetingAttendanceReport.csv")
    click(qtbot, dialog.import_button)  # the same report again
    assert "ingen nye å merke som deltatt" in dialog.import_label.text()
    assert table_rows(dialog.table)[0][2:] == ["3", "0", "1", "2"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("feil.csv", b"a,b\n1,2\n", "feil.csv: fant ingen deltakerliste"),
        ("rapport.xlsx", b"dette er ikke et regneark", "Fila «rapport.xlsx» er skadet"),
    ],
)
def test_an_unreadable_report_shows_its_message(
    qtbot: QtBot,
    core: Core,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    name: str,
    content: bytes,
    message: str,
) -> None:
    event_id = add_event(core)
    dialog = open_dialog(qtbot, core)
    path = tmp_path / name
    path.write_bytes(content)
    choose_file(monkeypatch, path)
    click(qtbot, dialog.import_button)
    assert dialog.error.isVisible()
    assert message in dialog.error.text()
    assert dialog.import_label.text() == ""
    assert core.events.participants(event_id) == []


# -- invitation and calendar file ---------------------------------------------------------------


def test_invite_opens_the_composer_with_the_invitation_written_and_sends_it_for_the_event(
    qtbot: QtBot,
    core: Core,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    title = "Møte om {budsjett} og helse"  # braces in a title are not merge fields
    event_id = add_event(core, title, next_week(19))
    opened: list[ComposerDialog] = []
    monkeypatch.setattr(ComposerDialog, "exec", lambda self: opened.append(self) or 0)
    dialog = open_dialog(qtbot, core)
    click(qtbot, dialog.invite_button)

    (composer,) = opened
    qtbot.addWidget(composer)
    assert composer.windowTitle() == "Invitasjon"
    assert title in composer.subject.text().replace("{{", "{").replace("}}", "}")
    body = composer.body.toPlainText()
    assert body.startswith("Hei {fornavn}!")
    assert "kl. 19.00–20.30" in body
    assert LINK in body
    assert len(composer.plan.recipients) == 4
    preview = composer.preview.toPlainText()  # merged for the first recipient
    assert preview.startswith(f"Emne: Invitasjon: {title}")
    assert "Hei Per!" in preview

    # «Send»: the mailing is the event's invitation (the four invited, a calendar file each).
    use_server(smtp_server)
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    click(qtbot, composer.send_button)
    qtbot.waitUntil(
        lambda: composer.outcome is not None or bool(composer.tasks.error.text()), timeout=20000
    )
    assert composer.outcome is not None, composer.tasks.error.text()
    assert core.events.traces(event_id).invited == 4
    assert len(smtp_server.received) == 4
    _rcpt, message = smtp_server.received[0]
    assert [p.get_filename() for p in message.iter_attachments()] == ["invitasjon.ics"]


def test_the_calendar_file_is_saved(
    qtbot: QtBot, core: Core, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    add_event(core)
    target = tmp_path / "mote"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_args: (str(target), "Kalenderfil (*.ics)")
    )
    dialog = open_dialog(qtbot, core)
    click(qtbot, dialog.ics_button)
    written = (tmp_path / "mote.ics").read_bytes()
    assert written.startswith(b"BEGIN:VCALENDAR")
    assert TITLE.encode() in written.replace(b"\r\n ", b"")
    assert "mote.ics" in dialog.notice.text()


# -- changing and deleting events -----------------------------------------------------------


def answer_box(qtbot: QtBot, answer: str | Qt.Key) -> dict[str, str]:
    """Answer the next message box like a user: click the button named ``answer``, or press
    the key ``answer``. Returns what the box said (filled in once it was shown)."""
    seen: dict[str, str] = {}
    tries = [0]

    def respond() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            tries[0] += 1
            if tries[0] < 300:  # no box within 3 s: the test's own assert reports it
                QTimer.singleShot(10, respond)
            return
        seen.update(title=box.windowTitle(), text=box.text(), details=box.informativeText())
        if isinstance(answer, str):
            (button,) = [b for b in box.buttons() if b.text() == answer]
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        else:
            qtbot.keyClick(box, answer)

    QTimer.singleShot(0, respond)
    return seen


def open_edit_form(qtbot: QtBot, dialog: EventsDialog) -> EventFormDialog:
    click(qtbot, dialog.edit_button)
    assert dialog.form is not None and dialog.form.isVisible()
    return dialog.form


def test_changing_an_event_fills_the_form_and_stores_what_is_saved(
    qtbot: QtBot, core: Core
) -> None:
    add_event(core, "Årsmøte", local(YEAR, 1, 1, 0, 0))
    event_id = add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    dialog = open_dialog(qtbot, core)
    click_row(qtbot, dialog.table, f"02.01.{YEAR} 19:00")
    form = open_edit_form(qtbot, dialog)

    assert form.windowTitle() == "Endre arrangement"
    assert not form.invited_warning.isVisible()  # nobody has been invited
    assert form.title_edit.text() == TITLE
    assert form.start_edit.dateTime() == QDateTime(QDate(YEAR, 1, 2), QTime(19, 0))
    assert form.end_edit.time() == QTime(20, 30)
    assert form.link_edit.text() == LINK

    form.title_edit.clear()
    type_into(qtbot, form.title_edit, "Nettverksmøte om rus")
    form.end_edit.setTime(QTime(21, 0))
    type_into(qtbot, form.place_edit, "Folkets Hus")
    click(qtbot, form.save_button)

    assert not form.isVisible()
    stored = core.events.summary(event_id).data
    assert (stored.title, stored.place, stored.link) == (
        "Nettverksmøte om rus",
        "Folkets Hus",
        LINK,
    )
    assert (stored.starts_at, stored.ends_at) == (local(YEAR, 1, 2, 19, 0), local(YEAR, 1, 2, 21))
    assert [row[1] for row in table_rows(dialog.table)] == ["Årsmøte", "Nettverksmøte om rus"]
    assert dialog.event_id() == event_id  # still chosen
    assert "Folkets Hus" in dialog.details.text()
    assert dialog.notice.text() == "Endringene er lagret."
    assert len(core.events.events()) == 2  # changed, not added


def test_a_refused_change_or_cancel_leaves_the_event_as_it_was(qtbot: QtBot, core: Core) -> None:
    event_id = add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    before = core.events.summary(event_id).data
    dialog = open_dialog(qtbot, core)
    form = open_edit_form(qtbot, dialog)
    form.title_edit.clear()
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert form.title_error.text() == "Arrangementet må ha en tittel."
    form.end_edit.setTime(QTime(18, 0))
    type_into(qtbot, form.title_edit, "Noe annet")
    click(qtbot, form.save_button)
    assert form.end_error.text() == "Slutten må være etter starten."
    click(qtbot, form.cancel_button)
    assert not form.isVisible()
    assert core.events.summary(event_id).data == before
    assert table_rows(dialog.table)[0][1] == TITLE


def test_an_event_moved_to_another_year_is_followed_there(qtbot: QtBot, core: Core) -> None:
    event_id = add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    dialog = open_dialog(qtbot, core)
    form = open_edit_form(qtbot, dialog)
    form.start_edit.setDateTime(QDateTime(QDate(YEAR + 1, 2, 3), QTime(18, 0)))
    click(qtbot, form.save_button)
    assert dialog.year_box.value() == YEAR + 1
    assert table_rows(dialog.table) == [[f"03.02.{YEAR + 1} 18:00", TITLE, "0", "0", "0", "0"]]
    assert dialog.event_id() == event_id
    assert core.events.summary(event_id).data.ends_at == local(YEAR + 1, 2, 3, 19, 30)


def test_changing_an_event_whose_invitation_was_sent_warns_to_send_a_new_one(
    qtbot: QtBot,
    core: Core,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    event_id = add_event(core, TITLE, next_week(19))
    send_invitation(core, event_id, smtp_server)
    dialog = open_dialog(qtbot, core)
    form = open_edit_form(qtbot, dialog)
    assert form.invited_warning.isVisible()
    assert form.invited_warning.text() == (
        "Invitasjonen er allerede sendt til 4 personer. De får ikke beskjed om endringen "
        "automatisk – send en ny invitasjon."
    )
    form.start_edit.setDateTime(form.start_edit.dateTime().addSecs(3600))
    click(qtbot, form.save_button)
    stored = core.events.summary(event_id).data
    assert (stored.starts_at, stored.ends_at) == (next_week(20), next_week(21, 30))  # moved as one
    assert dialog.notice.text() == (
        "Endringene er lagret. 4 personer har alt fått invitasjonen og får ikke beskjed "
        "automatisk – trykk «Inviter …» og send en ny."
    )
    assert len(smtp_server.received) == 4  # nothing is sent by itself
    seen = answer_box(qtbot, "Avbryt")
    click(qtbot, dialog.delete_button)
    assert (
        "• invitasjonen som ble sendt til 4 personer – under «Utsendinger» og i mottakernes "
        "historikk" in seen["details"].split("Dette beholdes:")[1]
    )
    assert [e.id for e in core.events.events()] == [event_id]


def test_deleting_asks_first_and_cancel_keeps_the_event(qtbot: QtBot, core: Core) -> None:
    event_id = add_event(core, TITLE, local(YEAR, 1, 1, 0, 0))
    for name in ("Kari", "Ola"):
        core.events.set_status(event_id, contact_id(core, name), ParticipantStatus.INVITED)
    core.events.set_status(event_id, contact_id(core, "Per"), ParticipantStatus.ATTENDED)
    dialog = open_dialog(qtbot, core)
    seen = answer_box(qtbot, "Avbryt")
    click(qtbot, dialog.delete_button)

    assert seen["title"] == "Slett arrangement"
    assert TITLE in seen["text"] and f"1. januar {YEAR} kl. 00.00" in seen["text"]
    details = seen["details"]
    assert "Deltakerlista (3 personer) og svarene som er registrert, slettes." in details
    kept = details.split("Dette beholdes:")[1]
    assert f"• «Deltok: {TITLE}» i historikken til 1 person," in kept
    assert "invitasjonen" not in details  # none was sent
    assert f"teller ikke lenger med i målet for {YEAR}" in details
    assert "kan ikke angres" in details
    assert [e.id for e in core.events.events()] == [event_id]
    assert len(core.events.participants(event_id)) == 3


def test_deleting_an_event_keeps_what_happened_in_the_history(qtbot: QtBot, core: Core) -> None:
    kept = add_event(core, "Årsmøte", local(YEAR, 1, 1, 0, 0))
    event_id = add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    core.events.set_status(event_id, contact_id(core, "Ola"), ParticipantStatus.ATTENDED)
    core.events.set_status(kept, contact_id(core, "Kari"), ParticipantStatus.ACCEPTED)
    dialog = open_dialog(qtbot, core)
    click_row(qtbot, dialog.table, f"02.01.{YEAR} 19:00")
    seen = answer_box(qtbot, "Slett arrangementet")
    click(qtbot, dialog.delete_button)

    assert TITLE in seen["text"]
    assert [e.id for e in core.events.events()] == [kept]
    assert table_rows(dialog.table) == [[f"01.01.{YEAR} 00:00", "Årsmøte", "1", "1", "0", "0"]]
    assert dialog.notice.text() == f"«{TITLE}» er slettet."
    assert dialog.event_id() == kept  # the list moves on to the event that is left
    # Ola's «Historikk» tab still says what happened.
    tab = HistoryTab(core.history)
    qtbot.addWidget(tab)
    tab.set_contact(core.search.all_rows(ContactFilter(text="Ola"))[0].uid)
    ((_when, channel, subject, note),) = tab.rows()
    assert (channel, subject) == ("Arrangement", f"Deltok: {TITLE}")
    assert note == f"Arrangementet 02.01.{YEAR} kl. 19.00 er slettet fra Kontakt."


def test_the_keyboard_reaches_change_and_delete(qtbot: QtBot, core: Core) -> None:
    event_id = add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    dialog = open_dialog(qtbot, core)
    assert dialog.edit_button.shortcut() == QKeySequence("Alt+E")
    assert dialog.delete_button.shortcut() == QKeySequence("Alt+S")
    dialog.table.setFocus()
    # Delete in the list asks; Escape and Return (the default is «Avbryt») keep the event.
    for key in (Qt.Key.Key_Escape, Qt.Key.Key_Return):
        seen = answer_box(qtbot, key)
        qtbot.keyClick(dialog.table, Qt.Key.Key_Delete)
        assert seen["title"] == "Slett arrangement"
        assert [e.id for e in core.events.events()] == [event_id]
    # Enter, or a double click, opens the form.
    qtbot.keyClick(dialog.table, Qt.Key.Key_Return)
    assert dialog.form is not None and dialog.form.isVisible()
    assert dialog.form.event_id == event_id
    dialog.form.reject()
    dialog.form = None
    rect = dialog.table.visualItemRect(dialog.table.item(0, 1))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.form is not None and dialog.form.isVisible()
    assert dialog.form.windowTitle() == "Endre arrangement"
    dialog.form.reject()
    assert dialog.isVisible()


def test_change_and_delete_need_a_chosen_event(qtbot: QtBot, core: Core) -> None:
    dialog = open_dialog(qtbot, core)
    assert not dialog.edit_button.isEnabled() and not dialog.delete_button.isEnabled()
    add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    dialog.refresh()
    assert dialog.edit_button.isEnabled() and dialog.delete_button.isEnabled()


def test_a_change_saved_from_another_window_meanwhile_is_kept_and_named(
    qtbot: QtBot, core: Core
) -> None:
    event_id = add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    dialog = open_dialog(qtbot, core)
    form = open_edit_form(qtbot, dialog)
    theirs = replace(core.events.summary(event_id).data, title="Endret av kassereren")
    core.events.update(event_id, theirs)  # another board member's Kontakt
    form.title_edit.clear()
    type_into(qtbot, form.title_edit, "Min tittel")
    click(qtbot, form.save_button)
    assert form.isVisible()
    assert "Noen andre har endret arrangementet" in form.general_error.text()
    assert "(tittel)" in form.general_error.text()
    assert core.events.summary(event_id).data == theirs


def test_an_event_deleted_from_another_window_is_reported(qtbot: QtBot, core: Core) -> None:
    event_id = add_event(core, TITLE, local(YEAR, 1, 2, 19, 0))
    dialog = open_dialog(qtbot, core)
    core.events.delete(event_id)  # another board member's Kontakt
    click(qtbot, dialog.edit_button)
    assert dialog.form is None
    assert dialog.error.isVisible()
    assert f"Fant ikke arrangement nr. {event_id}" in dialog.error.text()
    assert table_rows(dialog.table) == []
    assert not dialog.edit_button.isEnabled()
