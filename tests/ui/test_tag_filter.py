"""Several topics («minst ett av» / «alle») and labels in the window, saved searches and export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.ui.test_composer import open_composer, use_server
from tests.ui.test_export_dialog import choose_format, export, open_dialog
from tests.ui.test_main_window import click_sidebar

from kontakt.app import Core
from kontakt.domain.exporting import ExportFormat
from kontakt.domain.records import ContactFilter
from kontakt.services.scope import ContactScope
from kontakt.ui.main_window import MainWindow
from kontakt.ui.widgets.tag_filter import ANY_TEXT, TagFilter


def db(core: Core) -> sqlite3.Connection:
    assert core.location.path is not None
    return sqlite3.connect(core.location.path)


def uids_with_topics(core: Core, *topics: str) -> set[str]:
    """Live contacts with any of the topics, read from the database file."""
    marks = ",".join("?" * len(topics))
    with db(core) as conn:
        rows = conn.execute(
            "SELECT c.uid FROM contact c JOIN contact_topic ct ON ct.contact_id = c.id"
            f" JOIN topic t ON t.id = ct.topic_id WHERE t.name IN ({marks})"
            " AND c.deleted_at IS NULL",
            topics,
        )
        return {r[0] for r in rows}


def shown(window: MainWindow) -> set[str]:
    window.model.fetchMore(window.model.index(0, 0).parent())
    return {window.model.row_at(i).uid for i in range(window.model.rowCount())}


def tick_in_menu(qtbot: QtBot, button: object, names: list[str]) -> None:
    """Open the button's menu with a click and click each name in it, as a user would;
    the menu stays open between clicks and is closed with Escape."""
    clicked: list[str] = []

    def click() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            return
        try:
            for action in menu.actions():
                if action.data() in names:
                    pos = menu.actionGeometry(action).center()
                    menu.setActiveAction(action)
                    qtbot.mouseClick(menu, Qt.MouseButton.LeftButton, pos=pos)
                    assert menu.isVisible()  # stays open for the next tick
                    clicked.append(str(action.data()))
        finally:
            menu.close()

    QTimer.singleShot(50, click)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]
    assert sorted(clicked) == sorted(names)


def test_two_topics_with_at_least_one_show_the_union(
    qtbot: QtBot, window: MainWindow, demo_core: Core
) -> None:
    tags: TagFilter = window.tag_filter
    tags.mode_box.setCurrentIndex(tags.mode_box.findText(ANY_TEXT))
    tick_in_menu(qtbot, tags.topic_button, ["Rus", "Fastlege"])
    union = uids_with_topics(demo_core, "Rus") | uids_with_topics(demo_core, "Fastlege")
    assert window.model.total == len(union) and shown(window) == union
    assert window.filter_label.text() == "Viser: Fastlege eller Rus"
    assert tags.topic_button.text() == "Tema (2)"
    # «alle»: only those with both
    tags.mode_box.setCurrentIndex(0)
    both = uids_with_topics(demo_core, "Rus") & uids_with_topics(demo_core, "Fastlege")
    assert shown(window) == both
    assert window.current_filter().any_topic is False


def test_click_a_label_in_the_sidebar(qtbot: QtBot, window: MainWindow, demo_core: Core) -> None:
    board = [r.uid for r in demo_core.search.search(ContactFilter(county="18")).rows[:3]]
    demo_core.contacts.set_label(board, "Styret", True)
    window.reload()
    entry = window.sidebar.entry("label", "Styret")
    assert entry is not None and entry.text(0) == "Styret (3)"
    assert entry.parent() is not None and entry.parent().text(0) == "Etiketter"
    click_sidebar(qtbot, window, "label", "Styret")
    assert shown(window) == set(board)
    assert window.filter_label.text() == "Viser: Etikett: Styret"
    assert window.tag_filter.label_button.chosen() == ("Styret",)
    # a county from the sidebar keeps the label, as it keeps a topic
    click_sidebar(qtbot, window, "county", "46")
    assert window.model.total == 0


def test_save_several_topics_and_a_label_and_reopen(
    qtbot: QtBot, window: MainWindow, demo_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    union = uids_with_topics(demo_core, "Rus", "Fastlege")
    tags = window.tag_filter
    tags.set_any(True)
    tick_in_menu(qtbot, tags.topic_button, ["Rus", "Fastlege"])
    tick_in_menu(qtbot, tags.label_button, ["eksempeldata"])
    assert shown(window) == union  # every demo contact has the label
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Rus eller lege", True))
    qtbot.mouseClick(window.save_search_button, Qt.MouseButton.LeftButton)
    with db(demo_core) as conn:
        stored = json.loads(conn.execute("SELECT filter FROM saved_search").fetchone()[0])
    assert stored["any_topic"] is True and stored["labels"] == ["eksempeldata"]
    assert set(stored["topics"]) == {"Rus", "Fastlege"}

    window.clear_filter()
    assert tags.topic_button.chosen() == () and window.model.total == 300
    tags.set_any(False)
    window.sidebar.refresh()
    click_sidebar(qtbot, window, "saved", "Rus eller lege")
    assert shown(window) == union
    assert set(tags.topic_button.chosen()) == {"Rus", "Fastlege"}
    assert tags.mode_box.currentText() == ANY_TEXT
    assert tags.label_button.chosen() == ("eksempeldata",)


def test_export_narrowed_by_label_and_topics(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    board = [r.uid for r in demo_core.search.search(ContactFilter(topics=("Rus",))).rows[:2]]
    demo_core.contacts.set_label(board, "Styret", True)
    dialog = open_dialog(qtbot, window, monkeypatch)
    chooser = dialog.chooser
    chooser.tag_filter.tick("label", "Styret")
    assert chooser.tags_button.isChecked()
    assert "2 kontakter" in dialog.count_label.text()
    chooser.tag_filter.set_any(True)
    chooser.tag_filter.tick("topic", "Rus")
    chooser.tag_filter.tick("topic", "Fastlege")
    assert chooser.title() == "Fastlege eller Rus · Etikett: Styret"  # the menu's order
    choose_format(dialog, ExportFormat.XLSX)
    export(qtbot, dialog, tmp_path / "styret.xlsx")
    assert "Skrev 2 kontakter" in dialog.done_label.text()
    ws = load_workbook(tmp_path / "styret.xlsx").active
    assert ws is not None
    assert len([r for r in ws.iter_rows(min_row=3, values_only=True) if any(r)]) == 2


def test_mail_to_a_label_and_any_of_two_topics(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    monkeypatch: pytest.MonkeyPatch,
    smtp_server: SmtpServer,  # noqa: F811
) -> None:
    use_server(smtp_server)
    rus = demo_core.search.search(ContactFilter(topics=("Rus",))).rows[:2]
    lege = demo_core.search.search(ContactFilter(topics=("Fastlege",))).rows[:1]
    everyone = demo_core.search.search(ContactFilter()).rows
    other = next(r for r in everyone if not {"Rus", "Fastlege"} & set(r.topics) and r.emails)
    board = [r.uid for r in (*rus, *lege, other)]
    demo_core.contacts.set_label(board, "Styret", True)
    dialog = open_composer(qtbot, window, monkeypatch)
    tags = dialog.chooser.tag_filter
    tags.set_any(True)
    for kind, name in (("label", "Styret"), ("topic", "Rus"), ("topic", "Fastlege")):
        tags.tick(kind, name)
    assert dialog.chooser.tags_button.isChecked()
    # the same people chosen by hand (a reserved one is left out either way)
    by_hand = demo_core.mailings.plan(ContactScope(uids=tuple(r.uid for r in (*rus, *lege))))
    wanted = {r.primary_email for r in by_hand.recipients}
    assert f"{len(wanted)} mottakere" in dialog.chooser.count_label.text()
    qtbot.keyClicks(dialog.subject, "Styremøte")
    dialog.body.setFocus()
    qtbot.keyClicks(dialog.body, "Hei {fornavn}!")
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    qtbot.mouseClick(dialog.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(
        lambda: dialog.outcome is not None or bool(dialog.tasks.error.text()), timeout=20000
    )
    assert dialog.outcome is not None, dialog.tasks.error.text()
    assert {r for r, _ in smtp_server.received} == wanted
    with db(demo_core) as conn:
        (scope,) = conn.execute("SELECT scope FROM mailing").fetchone()
    assert scope == "Fastlege eller Rus · Etikett: Styret"
