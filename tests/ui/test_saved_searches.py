"""Saved searches in the sidebar: deleted from their context menu, after asking, and undoable."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.ui.main_window import MainWindow
from kontakt.ui.saved_searches import DELETE_TEXT
from kontakt.ui.vocabulary_actions import RENAME_TEXT

NORDLAND = ContactFilter(county="18", text="a")


def stored_names(core: Core) -> list[str]:
    """The saved searches as the database file holds them."""
    assert core.location.path is not None
    with sqlite3.connect(core.location.path) as conn:
        return [r[0] for r in conn.execute("SELECT name FROM saved_search ORDER BY name")]


@pytest.fixture
def menus(qtbot: QtBot) -> Iterator[list[list[str]]]:
    """Each context menu that opens: its items are noted and «Slett lagret søk …» is chosen
    with the keyboard (Enter), as the secretary would."""
    opened: list[list[str]] = []

    def choose() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            return
        try:
            opened.append([a.text() for a in menu.actions()])
            chosen = [a for a in menu.actions() if a.text() == DELETE_TEXT]
            if chosen:
                menu.setActiveAction(chosen[0])
                qtbot.keyClick(menu, Qt.Key.Key_Return)
        finally:
            menu.close()  # never left waiting for a click

    watcher = QTimer()
    watcher.timeout.connect(choose)
    watcher.start(10)
    yield opened
    watcher.stop()


def right_click(window: MainWindow, kind: str, value: str) -> None:
    """The context-menu event a right click (or the menu key) sends to the entry; QTest's
    mouse clicks do not make one."""
    item = window.sidebar.entry(kind, value)
    assert item is not None, (kind, value)
    window.sidebar.scrollToItem(item)  # unfolds «Lagrede søk»
    viewport = window.sidebar.viewport()
    pos = window.sidebar.visualItemRect(item).center()
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, viewport.mapToGlobal(pos))
    QApplication.sendEvent(viewport, event)


def answer(monkeypatch: pytest.MonkeyPatch, button: QMessageBox.StandardButton) -> list[str]:
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *a: object) -> object:
        asked.append(text)
        return button

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def test_delete_a_saved_search_from_the_sidebar_and_undo_it(
    window: MainWindow,
    demo_core: Core,
    menus: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo_core.catalog.save_search("Nordland med a", NORDLAND)
    demo_core.catalog.save_search("Styret", ContactFilter(list_name="Styret"))
    window.reload()
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    right_click(window, "saved", "Nordland med a")
    assert menus == [[DELETE_TEXT, RENAME_TEXT]]
    assert asked == ["Slette det lagrede søket «Nordland med a»? Kontaktene blir ikke berørt."]
    assert stored_names(demo_core) == ["Styret"]
    assert window.sidebar.entry("saved", "Nordland med a") is None
    assert window.sidebar.entry("saved", "Styret") is not None

    assert window.contact_actions.undo.text() == "Angre «Slett lagret søk «Nordland med a»»"
    window.contact_actions.undo.trigger()
    assert stored_names(demo_core) == ["Nordland med a", "Styret"]
    assert demo_core.catalog.saved_search("Nordland med a") == NORDLAND
    assert window.sidebar.entry("saved", "Nordland med a") is not None


def test_a_saved_search_stays_when_the_question_is_declined(
    window: MainWindow,
    demo_core: Core,
    menus: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo_core.catalog.save_search("Nordland med a", NORDLAND)
    window.reload()
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    right_click(window, "saved", "Nordland med a")
    assert len(asked) == 1
    assert stored_names(demo_core) == ["Nordland med a"]
    assert not window.contact_actions.undo.isEnabled()


def test_only_saved_searches_have_the_menu(
    qtbot: QtBot, window: MainWindow, menus: list[list[str]]
) -> None:
    right_click(window, "county", "18")
    right_click(window, "trash", "")
    qtbot.wait(50)
    assert menus == []


def test_a_search_deleted_in_another_window_just_leaves_the_sidebar(
    window: MainWindow,
    demo_core: Core,
    menus: list[list[str]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    demo_core.catalog.save_search("Nordland med a", NORDLAND)
    window.reload()
    demo_core.catalog.delete_saved_search("Nordland med a")  # someone else, meanwhile
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    right_click(window, "saved", "Nordland med a")
    assert menus == [[DELETE_TEXT, RENAME_TEXT]]
    assert asked == []  # nothing left to ask about
    assert window.sidebar.entry("saved", "Nordland med a") is None
    assert "Ukjent lagret søk" in window.statusBar().currentMessage()
