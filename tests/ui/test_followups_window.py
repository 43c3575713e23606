"""Follow-ups in the window: added from the row menu, reminded of, ticked off, undone."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QDialog, QMenu
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.follow_ups import FollowUpQuery
from kontakt.domain.records import ContactFilter
from kontakt.ui.followups.editor import FollowUpEditor
from kontakt.ui.followups.model import Column
from kontakt.ui.main_window import MainWindow

TODAY = dt.date.today()


def open_window(qtbot: QtBot, core: Core) -> MainWindow:
    window = MainWindow(core)
    qtbot.addWidget(window)
    window.show()
    return window


def test_the_reminder_shows_when_one_is_due_and_not_before(qtbot: QtBot, demo_core: Core) -> None:
    people = demo_core.search.all_rows(ContactFilter())
    demo_core.followups.add(people[0].uid, "Ring om lista", TODAY + dt.timedelta(days=1))
    messages: list[str] = []
    window = open_window(qtbot, demo_core)
    window.statusBar().messageChanged.connect(messages.append)
    reminder = window.followup_actions.reminder
    qtbot.waitUntil(lambda: reminder.announced is None and reminder.due == 0, timeout=5000)
    qtbot.wait(100)
    assert not reminder.button.isVisible()  # due tomorrow: nothing yet

    # The next day (the half-hourly look), it is due: the status bar says so, once.
    tomorrow = TODAY + dt.timedelta(days=1)
    reminder.today = lambda: tomorrow
    reminder.refresh()
    assert reminder.button.isVisible()
    assert reminder.button.text() == "1 oppfølging å gjøre"
    assert messages[-1] == "Påminnelse: 1 oppfølging har frist i dag eller er forfalt."
    reminder.refresh()
    assert sum(m.startswith("Påminnelse") for m in messages) == 1  # once a day, no popups


def test_add_from_the_row_menu_then_done_in_the_list_and_undo(
    qtbot: QtBot, demo_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    people = demo_core.search.all_rows(ContactFilter())
    overdue = demo_core.followups.add(people[5].uid, "Send høringssvaret", TODAY - dt.timedelta(2))
    window = open_window(qtbot, demo_core)
    reminder = window.followup_actions.reminder
    qtbot.waitUntil(lambda: reminder.button.isVisible(), timeout=5000)
    assert reminder.button.text() == "1 oppfølging å gjøre"

    # Two contacts chosen in the table; the row menu offers «Legg til oppfølging …».
    window.table.selectRow(0)
    window.table.selectionModel().select(
        window.model.index(1, 0),
        window.table.selectionModel().SelectionFlag.Select
        | window.table.selectionModel().SelectionFlag.Rows,
    )
    chosen = [r.uid for r in window.selected_rows()]
    assert len(chosen) == 2
    offered: list[str] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        assert isinstance(menu, QMenu)
        offered.extend(x.text() for x in menu.actions())
        menu.close()

    QTimer.singleShot(200, read_and_close)
    window._row_menu(window.table.visualRect(window.model.index(0, 0)).center())
    assert "Legg til oppfølging …" in offered

    due = TODAY + dt.timedelta(days=14)

    def fill(editor: FollowUpEditor) -> int:
        assert editor.windowTitle() == "Oppfølging"
        assert not editor.buttons.button(editor.buttons.StandardButton.Ok).isEnabled()
        editor.what.setText("Spør om de vil stille til valg")
        editor.has_due.setChecked(True)
        editor.due.setDate(due)
        editor.note.setPlainText("Fra fylkesmøtet")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FollowUpEditor, "exec", fill)
    window.followup_actions.add_action.trigger()
    added = [f for f in demo_core.followups.list() if f.what == "Spør om de vil stille til valg"]
    assert sorted(f.uid for f in added) == sorted(chosen)
    assert {(f.due, f.note) for f in added} == {(due, "Fra fylkesmøtet")}

    # «Vis → Oppfølging …» lists them, the overdue one first, bold and said in words.
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Vis")
    action = next(a for a in view_menu.actions() if a.text() == "Oppfølging …")
    action.trigger()
    panel = window.followup_actions.panel
    assert panel is not None and panel.isVisible()
    model = panel.model
    assert model.rowCount() == 3
    first = model.index(0, Column.DUE)
    assert model.rows[0].id == overdue
    assert "forfalt (2 dager siden)" in model.data(first)
    font = model.data(first, Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont) and font.bold()
    assert model.data(model.index(1, Column.DUE), Qt.ItemDataRole.FontRole) is None

    panel.choose(overdue)
    qtbot.mouseClick(panel.done_button, Qt.MouseButton.LeftButton)
    assert demo_core.followups.get(overdue).done_at is not None
    assert model.rowCount() == 2
    qtbot.waitUntil(lambda: not reminder.button.isVisible(), timeout=5000)

    # Ctrl+Z: open again; and again: the two added are gone.
    window.contact_actions.undo_last()
    assert demo_core.followups.get(overdue).done_at is None
    assert model.rowCount() == 3 and reminder.button.isVisible()
    window.contact_actions.undo_last()
    remaining = demo_core.followups.list(FollowUpQuery(include_done=True))
    assert [f.id for f in remaining] == [overdue]


def test_the_year_tab_says_fewer_gaps_than_last_year(qtbot: QtBot, sqlite_core: Core) -> None:
    from kontakt.services.coverage import CoverageService, cells_to_counts, one_year_before
    from kontakt.ui.overview.year_tab import YearTab

    counts = cells_to_counts(sqlite_core.overview.grid())
    tab = YearTab(sqlite_core.year_summary)
    qtbot.addWidget(tab)
    assert "Ingen tall fra i fjor" in tab.browser.toPlainText()
    counts["46"]["Rus"] = 3  # covered a year ago, nobody now
    CoverageService(sqlite_core.sessions).store(counts, one_year_before(TODAY))
    tab.refresh()
    text = tab.browser.toPlainText()
    assert "1 flere hull enn i fjor." in text
    sqlite_core.demo.add_data(TODAY)  # more people, but no snapshot for their year-old gaps
    tab.refresh()
    assert "færre hull enn i fjor." in tab.browser.toPlainText()


def test_the_follow_up_model_keeps_qts_contract(qtmodeltester: object, sqlite_core: Core) -> None:
    from kontakt.ui.followups.model import FollowUpModel

    sqlite_core.demo.add_data(TODAY)
    model = FollowUpModel()
    model.set_rows(sqlite_core.followups.list(FollowUpQuery(include_done=True)), TODAY)
    assert model.rowCount() >= 6
    qtmodeltester.check(model)  # type: ignore[attr-defined]
