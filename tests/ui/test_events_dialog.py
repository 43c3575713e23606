"""«Arrangementer» as the secretary uses it: plan events, record answers, read who came."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, Qt, QTime
from PySide6.QtWidgets import QFileDialog, QTableWidget, QWidget
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.services.outreach.events import EventData, ParticipantStatus
from kontakt.ui.dialogs.composer import ComposerDialog
from kontakt.ui.dialogs.event_form import EventFormDialog
from kontakt.ui.dialogs.events_dialog import EventsDialog

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
    dialog = EventsDialog(core)
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
        ("rapport.xlsx", b"dette er ikke et regneark", "rapport.xlsx: kan ikke lese fila"),
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


def test_invite_opens_the_composer_with_the_invitation_written(
    qtbot: QtBot, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    title = "Møte om {budsjett} og helse"  # braces in a title are not merge fields
    event_id = add_event(core, title, next_week(19))
    opened: list[ComposerDialog] = []
    monkeypatch.setattr(ComposerDialog, "exec", lambda self: opened.append(self) or 0)
    dialog = open_dialog(qtbot, core)
    click(qtbot, dialog.invite_button)

    (composer,) = opened
    qtbot.addWidget(composer)
    assert composer.event_id == event_id
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
