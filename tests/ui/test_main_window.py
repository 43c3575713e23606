"""The main window as the secretary uses it: browse, search as you type, filter by county."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.services.demo import add_demo_contacts
from kontakt.ui.launch import make_application
from kontakt.ui.main_window import MainWindow
from kontakt.ui.qt_models.contact_table import PAGE_SIZE, ContactTableModel


@pytest.fixture(autouse=True)
def _settings(tmp_path: object) -> None:
    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def demo_core(sqlite_core: Core) -> Core:
    add_demo_contacts(sqlite_core)
    return sqlite_core


@pytest.fixture
def window(qtbot: QtBot, demo_core: Core) -> Iterator[MainWindow]:
    w = MainWindow(demo_core)
    qtbot.addWidget(w)
    w.show()
    yield w


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


def test_typing_in_the_search_field_filters_the_table(qtbot: QtBot, window: MainWindow) -> None:
    target = window.model.row_at(0)
    qtbot.keyClicks(window.search_field, target.family_name.upper())
    qtbot.waitUntil(lambda: window.model.total < 300)
    shown = [window.model.row_at(i).family_name for i in range(window.model.rowCount())]
    assert shown and all(name == target.family_name for name in shown)
    assert window.count_label.text() == f"{window.model.total} av 300 kontakter"


def test_clicking_a_county_shows_only_its_contacts(qtbot: QtBot, window: MainWindow) -> None:
    counties = window.sidebar.topLevelItem(1)
    vestland = next(
        counties.child(i)
        for i in range(counties.childCount())
        if counties.child(i).text(0).startswith("Vestland")
    )
    window.sidebar.setCurrentItem(vestland)
    qtbot.waitUntil(lambda: window.model.total == 20)
    rows = [window.model.row_at(i) for i in range(window.model.rowCount())]
    assert {r.county.number for r in rows if r.county} == {"46"}
    assert vestland.text(0) == "Vestland (20)"


def test_empty_database_offers_sample_data(qtbot: QtBot, sqlite_core: Core) -> None:
    w = MainWindow(sqlite_core)
    qtbot.addWidget(w)
    w.show()
    assert w.stack.currentWidget() is w.empty_state
    qtbot.mouseClick(w.demo_button, Qt.MouseButton.LeftButton)
    assert sqlite_core.search.count(ContactFilter()) == 300
    assert w.stack.currentIndex() == 0 and w.model.total == 300
