"""The main window as the secretary uses it: browse, search, filter, tag, trash, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.documents import DocumentFilter
from kontakt.domain.records import ContactFilter
from kontakt.domain.text import sort_key
from kontakt.ui.main_window import MainWindow
from kontakt.ui.qt_models.contact_table import PAGE_SIZE, Column, ContactTableModel


def shown(window: MainWindow) -> list[str]:
    return [window.model.row_at(i).uid for i in range(window.model.rowCount())]


def click_sidebar(qtbot: QtBot, window: MainWindow, kind: str, value: str = "") -> None:
    item = window.sidebar.entry(kind, value)
    assert item is not None, (kind, value)
    window.sidebar.scrollToItem(item)
    rect = window.sidebar.visualItemRect(item)
    qtbot.mouseClick(window.sidebar.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def select_rows(window: MainWindow, rows: list[int]) -> None:
    selection = window.table.selectionModel()
    selection.clearSelection()
    for r in rows:
        selection.select(
            window.model.index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_table_model_passes_the_model_tester(qtmodeltester, demo_core: Core) -> None:  # type: ignore[no-untyped-def]
    model = ContactTableModel(demo_core.search)
    model.set_filter(ContactFilter())
    qtmodeltester.check(model, force_py=True)


def test_rows_are_fetched_page_by_page(demo_core: Core) -> None:
    model = ContactTableModel(demo_core.search)
    model.set_filter(ContactFilter())
    assert model.rowCount() == PAGE_SIZE and model.total == 300
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 300 and not model.canFetchMore()


def test_window_title_names_the_database(window: MainWindow, demo_core: Core) -> None:
    assert window.windowTitle().startswith("Kontakt")
    assert str(demo_core.location.path) in window.windowTitle()


def test_typing_in_the_search_field_filters_the_table(qtbot: QtBot, window: MainWindow) -> None:
    target = window.model.row_at(0)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search_field, target.family_name.upper())
    qtbot.waitUntil(lambda: window.model.total < 300)
    names = [window.model.row_at(i).family_name for i in range(window.model.rowCount())]
    assert names and all(name == target.family_name for name in names)
    assert window.count_label.text() == f"{window.model.total} av 300 kontakter"


def test_filter_by_county_then_topic_combines_both(
    qtbot: QtBot, window: MainWindow, demo_core: Core
) -> None:
    click_sidebar(qtbot, window, "county", "46")
    assert window.model.total == 20
    assert window.sidebar.entry("county", "46").text(0) == "Vestland (20)"
    click_sidebar(qtbot, window, "topic", "Rus")
    expected = demo_core.search.search(ContactFilter(county="46", topics=("Rus",)), None)
    assert sorted(shown(window)) == sorted(r.uid for r in expected.rows)
    assert 0 < window.model.total < 20
    assert "Vestland" in window.filter_label.text() and "Rus" in window.filter_label.text()
    qtbot.mouseClick(window.clear_filter_button, Qt.MouseButton.LeftButton)
    assert window.model.total == 300


def test_bulk_tag_three_rows_and_undo(
    qtbot: QtBot, window: MainWindow, demo_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_rows(window, [0, 1, 2])
    chosen = shown(window)[:3]
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Jordmortjenesten", True))
    window.contact_actions.add_topic.trigger()
    tagged = demo_core.search.search(ContactFilter(topics=("Jordmortjenesten",)))
    assert sorted(r.uid for r in tagged.rows) == sorted(chosen)
    assert window.sidebar.entry("topic", "Jordmortjenesten") is not None
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_core.search.count(ContactFilter(topics=("Jordmortjenesten",))) == 0


def test_add_to_a_new_list_and_undo(
    window: MainWindow, demo_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_rows(window, [3, 4])
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: ("Styret", True))
    window.contact_actions.add_to_list.trigger()
    assert demo_core.search.count(ContactFilter(list_name="Styret")) == 2
    window.contact_actions.undo.trigger()
    assert demo_core.search.count(ContactFilter(list_name="Styret")) == 0


def test_trash_restore_and_undo(qtbot: QtBot, window: MainWindow, demo_core: Core) -> None:
    select_rows(window, [0, 1])
    doomed = shown(window)[:2]
    window.table.setFocus()
    qtbot.keyClick(window.table, Qt.Key.Key_Delete)
    assert demo_core.search.count(ContactFilter()) == 298
    assert window.count_label.text() == "298 av 298 kontakter"
    # Undo brings them back at once.
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_core.search.count(ContactFilter()) == 300
    # Trash again, then restore from the trash view.
    select_rows(window, [0, 1])
    window.contact_actions.trash.trigger()
    click_sidebar(qtbot, window, "trash")
    assert sorted(shown(window)) == sorted(doomed)
    assert window.contact_actions.restore.isVisible()
    select_rows(window, [0, 1])
    window.contact_actions.restore.trigger()
    assert demo_core.search.count(ContactFilter()) == 300
    assert demo_core.search.count(ContactFilter(trashed=True)) == 0


def test_empty_the_trash_asks_first(
    qtbot: QtBot, window: MainWindow, demo_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    select_rows(window, [0])
    window.contact_actions.trash.trigger()
    click_sidebar(qtbot, window, "trash")
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window.contact_actions.empty_trash.trigger()
    assert demo_core.search.count(ContactFilter(trashed=True)) == 1
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.contact_actions.empty_trash.trigger()
    assert demo_core.search.count(ContactFilter(trashed=True)) == 0
    assert demo_core.search.count(ContactFilter()) == 299


def test_save_the_current_search_by_name(
    qtbot: QtBot, window: MainWindow, demo_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    click_sidebar(qtbot, window, "county", "18")
    qtbot.keyClicks(window.search_field, "a")
    window.apply_filter()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Nordland med a", True))
    qtbot.mouseClick(window.save_search_button, Qt.MouseButton.LeftButton)
    saved = demo_core.catalog.saved_search("Nordland med a")
    assert saved.county == "18" and saved.text == "a"
    expected = window.model.total
    window.clear_filter()
    click_sidebar(qtbot, window, "saved", "Nordland med a")
    assert window.model.total == expected and window.search_field.text() == "a"


def test_columns_can_be_hidden_and_widths_are_remembered(
    qtbot: QtBot, window: MainWindow, demo_core: Core
) -> None:
    header = window.table.horizontalHeader()
    header.setSectionHidden(Column.TOPICS, True)
    header.resizeSection(Column.NAME, 321)
    window.close()
    again = MainWindow(demo_core)
    qtbot.addWidget(again)
    again_header = again.table.horizontalHeader()
    assert again_header.isSectionHidden(Column.TOPICS)
    assert again_header.sectionSize(Column.NAME) == 321


def test_sorting_by_a_column_header(qtbot: QtBot, window: MainWindow) -> None:
    header = window.table.horizontalHeader()
    x = header.sectionViewportPosition(Column.COUNTY) + header.sectionSize(Column.COUNTY) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    counties = [window.model.row_at(i).county for i in range(window.model.rowCount())]
    names = [c.name for c in counties if c]
    assert names[0] == "Agder"
    assert names == sorted(names, key=sort_key)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
    first = window.model.row_at(0).county
    assert first is not None and first.name == "Østfold"  # descending: ø sorts last in Norwegian


def test_empty_database_offers_sample_data(qtbot: QtBot, sqlite_core: Core) -> None:
    w = MainWindow(sqlite_core)
    qtbot.addWidget(w)
    w.show()
    assert w.stack.currentWidget() is w.empty_state
    assert w.empty_state.new_button.isVisible() and w.empty_state.demo_button.isVisible()
    qtbot.mouseClick(w.empty_state.demo_button, Qt.MouseButton.LeftButton)
    assert sqlite_core.search.count(ContactFilter()) == 300
    assert w.stack.currentIndex() == 0 and w.model.total == 300
    assert len(sqlite_core.events.events()) == 4
    assert sqlite_core.ideabank.search(DocumentFilter()).total == 5
