"""The sidebar's context menu on topics and lists: rename, merge, delete, synonyms,
each undone with Ctrl+Z (issue 21)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog, QMenu, QMessageBox
from pytestqt.qtbot import QtBot
from tests.ui.test_saved_searches import answer, right_click

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.ui.main_window import MainWindow
from kontakt.ui.vocabulary_actions import DELETE_TEXT, MERGE_TEXT, RENAME_TEXT, SYNONYMS_TEXT


def stored(core: Core, sql: str) -> list[tuple[object, ...]]:
    """Rows as the database file holds them."""
    assert core.location.path is not None
    with sqlite3.connect(core.location.path) as conn:
        return list(conn.execute(sql))


def topic_count(core: Core, name: str) -> int:
    rows = stored(
        core,
        "SELECT count(*) FROM contact_topic JOIN topic ON topic.id = topic_id "
        f"WHERE topic.name = '{name}'",
    )
    return int(rows[0][0])  # type: ignore[call-overload]


@pytest.fixture
def choose(qtbot: QtBot) -> Iterator[tuple[list[str], list[list[str]]]]:
    """Each context menu that opens: its items are noted and the first item named in
    ``wanted`` is chosen with the keyboard."""
    wanted: list[str] = []
    opened: list[list[str]] = []

    def pick() -> None:
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            return
        try:
            opened.append([a.text() for a in menu.actions()])
            chosen = [a for a in menu.actions() if wanted and a.text() == wanted[0]]
            if chosen:
                wanted.pop(0)
                menu.setActiveAction(chosen[0])
                qtbot.keyClick(menu, Qt.Key.Key_Return)
        finally:
            menu.close()

    watcher = QTimer()
    watcher.timeout.connect(pick)
    watcher.start(10)
    yield wanted, opened
    watcher.stop()


def typed(monkeypatch: pytest.MonkeyPatch, method: str, value: object) -> list[str]:
    """The input dialog ``method`` answers ``value`` (as if typed and OK pressed)."""
    asked: list[str] = []

    def dialog(_parent: object, _title: str, label: str, *a: object, **k: object) -> object:
        asked.append(label)
        return value, True

    monkeypatch.setattr(QInputDialog, method, dialog)
    return asked


def undo(window: MainWindow) -> None:
    window.activateWindow()
    window.contact_actions.undo.trigger()  # Ctrl+Z


def test_rename_a_topic_from_the_sidebar_and_undo(
    qtbot: QtBot,
    window: MainWindow,
    demo_core: Core,
    choose: tuple[list[str], list[list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wanted, opened = choose
    members = topic_count(demo_core, "Rus")
    assert members > 0
    window.sidebar.setCurrentItem(window.sidebar.entry("topic", "Rus"))  # the table shows Rus
    typed(monkeypatch, "getText", "Rusfeltet")
    wanted.append(RENAME_TEXT)
    right_click(window, "topic", "Rus")
    assert opened == [[RENAME_TEXT, MERGE_TEXT, DELETE_TEXT, SYNONYMS_TEXT]]
    assert topic_count(demo_core, "Rusfeltet") == members
    assert window.sidebar.entry("topic", "Rus") is None
    assert window.sidebar.entry("topic", "Rusfeltet") is not None
    # The table still shows the topic, by its new name.
    assert window.current_filter().topics == ("Rusfeltet",)
    assert window.model.total == members
    assert "Ukjent" not in window.statusBar().currentMessage()

    undo(window)
    assert topic_count(demo_core, "Rus") == members
    assert window.sidebar.entry("topic", "Rus") is not None
    # ... and the table shows it by its old name again, not an unknown topic.
    assert window.current_filter().topics == ("Rus",)
    assert window.model.total == members


def test_renaming_to_a_taken_name_offers_to_merge(
    window: MainWindow,
    demo_core: Core,
    choose: tuple[list[str], list[list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wanted, _ = choose
    rus, sykehus = topic_count(demo_core, "Rus"), topic_count(demo_core, "Sykehus")
    both = len(
        stored(
            demo_core,
            "SELECT a.contact_id FROM contact_topic a JOIN contact_topic b "
            "ON a.contact_id = b.contact_id JOIN topic ta ON ta.id = a.topic_id "
            "JOIN topic tb ON tb.id = b.topic_id WHERE ta.name = 'Rus' AND tb.name = 'Sykehus'",
        )
    )
    typed(monkeypatch, "getText", "sykehus")
    asked = answer(monkeypatch, QMessageBox.StandardButton.Yes)
    wanted.append(RENAME_TEXT)
    right_click(window, "topic", "Rus")
    assert "Slå sammen «Rus» med «Sykehus»?" in asked[0]
    assert topic_count(demo_core, "Rus") == 0
    assert topic_count(demo_core, "Sykehus") == rus + sykehus - both
    assert ("Rus",) in stored(
        demo_core,
        "SELECT word FROM topic_synonym JOIN topic ON topic.id = topic_id "
        "WHERE topic.name = 'Sykehus'",
    )
    undo(window)
    assert (topic_count(demo_core, "Rus"), topic_count(demo_core, "Sykehus")) == (rus, sykehus)


def test_delete_a_topic_shows_contacts_and_searches_first(
    window: MainWindow,
    demo_core: Core,
    choose: tuple[list[str], list[list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wanted, _ = choose
    demo_core.catalog.save_search("Rus i Nordland", ContactFilter(topics=("Rus",), county="18"))
    window.reload()
    members = demo_core.search.count(ContactFilter(topics=("Rus",)))
    asked = answer(monkeypatch, QMessageBox.StandardButton.No)
    wanted.append(DELETE_TEXT)
    right_click(window, "topic", "Rus")
    assert f"fra {members} kontakter" in asked[0] and "«Rus i Nordland»" in asked[0]
    assert topic_count(demo_core, "Rus") > 0  # declined: nothing deleted

    answer(monkeypatch, QMessageBox.StandardButton.Yes)
    wanted.append(DELETE_TEXT)
    right_click(window, "topic", "Rus")
    assert stored(demo_core, "SELECT name FROM topic WHERE name = 'Rus'") == []
    assert demo_core.catalog.saved_search("Rus i Nordland").topics == ()
    undo(window)
    assert demo_core.search.count(ContactFilter(topics=("Rus",))) == members
    assert demo_core.catalog.saved_search("Rus i Nordland").topics == ("Rus",)


def test_merge_a_list_and_edit_synonyms(
    window: MainWindow,
    demo_core: Core,
    choose: tuple[list[str], list[list[str]]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    wanted, _ = choose
    demo_core.catalog.create_list("Styret")
    demo_core.catalog.create_list("Valgkomiteen")
    uids = [r.uid for r in demo_core.search.all_rows(ContactFilter(county="18"))]
    demo_core.catalog.add_to_list("Styret", uids[:3])
    demo_core.catalog.add_to_list("Valgkomiteen", uids[2:5])
    window.reload()
    lists = dict(demo_core.vocabulary.names("list"))
    assert lists == {"Styret": 3, "Valgkomiteen": 3}
    source, target = "Valgkomiteen", "Styret"
    typed(monkeypatch, "getItem", target)
    wanted.append(MERGE_TEXT)
    right_click(window, "list", source)
    assert dict(demo_core.vocabulary.names("list")) == {"Styret": 5}
    undo(window)
    assert dict(demo_core.vocabulary.names("list")) == lists

    typed(monkeypatch, "getMultiLineText", "rusfeltet\nalkohol\n")
    wanted.append(SYNONYMS_TEXT)
    right_click(window, "topic", "Rus")
    assert demo_core.synonyms.synonyms("Rus") == ["alkohol", "rusfeltet"]
    assert demo_core.search.count(ContactFilter(topics=("rusfeltet",))) > 0
    undo(window)
    assert demo_core.synonyms.synonyms("Rus")[:2] == ["alkohol", "avhengighet"]
