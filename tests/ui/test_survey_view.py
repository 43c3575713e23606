"""«Vis → Medlemsundersøkelsen …» (issue 22): the sample surveys counted as the database
holds them, per county and per topic, free text under topics, 2025 beside 2024, and
every row one click from the contact table; the sidebar's «Undersøkelser»."""

from __future__ import annotations

import datetime as dt
import sqlite3
import time
from collections import Counter
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QInputDialog, QTreeWidgetItem
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.services.demo_survey import CONTRIBUTE, IMPORTANT, TOPICS, WRITE
from kontakt.ui.main_window import MainWindow
from kontakt.ui.survey import SurveyDialog

S2025 = "Medlemsundersøkelsen 2025"
S2024 = "Medlemsundersøkelsen 2024"
ANSWERS = """
SELECT c.uid, c.county_number, a.value FROM survey_answer a
JOIN survey_response r ON r.id = a.response_id
JOIN survey_question q ON q.id = a.question_id
JOIN survey s ON s.id = q.survey_id
JOIN contact c ON c.id = r.contact_id
WHERE s.name = ? AND q.text = ? AND c.deleted_at IS NULL
"""


@pytest.fixture
def survey_window(qtbot: QtBot, sqlite_core: Core) -> Iterator[MainWindow]:
    """The window on the full sample data (contacts, activity and both surveys)."""
    sqlite_core.demo.add_data(today=dt.date(2026, 3, 1))
    w = MainWindow(sqlite_core)
    qtbot.addWidget(w)
    w.show()
    yield w


def answers(core: Core, survey: str, question: str) -> list[tuple[str, str, str]]:
    """(uid, county number, answer) as the database file holds them."""
    assert core.location.path is not None
    with sqlite3.connect(core.location.path) as conn:
        return [(u, c or "", v) for u, c, v in conn.execute(ANSWERS, (survey, question))]


def idle(dialog: SurveyDialog) -> None:
    """Wait for the view's background reading (it counts on a worker)."""
    deadline = time.monotonic() + 60
    while dialog.busy():
        assert time.monotonic() < deadline, "the survey view kept reading"
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def open_view(window: MainWindow) -> SurveyDialog:
    """Open the view from the «Vis» menu, as the secretary would."""
    view_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Vis")
    action = next(a for a in view_menu.actions() if a.text() == "Medlemsundersøkelsen …")
    action.trigger()
    dialog = window.findChild(SurveyDialog)
    assert dialog is not None and dialog.isVisible()
    idle(dialog)
    return dialog


def choose_question(dialog: SurveyDialog, text: str) -> None:
    rows = [dialog.questions.item(i).toolTip() for i in range(dialog.questions.count())]
    dialog.questions.setCurrentRow(rows.index(text))
    idle(dialog)
    assert dialog.title.text() == text


def top_items(dialog: SurveyDialog) -> list[QTreeWidgetItem]:
    tree = dialog.tree
    return [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]  # type: ignore[misc]


def children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [item.child(i) for i in range(item.childCount())]  # type: ignore[misc]


def shown_uids(window: MainWindow) -> set[str]:
    """Every uid the contact table shows (all pages fetched)."""
    while window.model.canFetchMore():
        window.model.fetchMore()
    return {window.model.row_at(r).uid for r in range(window.model.rowCount())}


def number(text: str) -> int:
    """12 from «12 (34 %)»."""
    return int(text.split()[0])


def test_counts_match_the_database_and_a_row_shows_exactly_its_respondents(
    survey_window: MainWindow, qtbot: QtBot
) -> None:
    core = survey_window.core
    dialog = open_view(survey_window)
    assert dialog.survey_box.currentData() == S2025  # the newest first
    choose_question(dialog, CONTRIBUTE)
    stored = answers(core, S2025, CONTRIBUTE)
    expected = Counter(v for _u, _c, v in stored)
    shown = {i.text(0): number(i.text(1)) for i in top_items(dialog)}
    assert shown == dict(expected) and len(shown) == 3
    assert all("%" in i.text(1) for i in top_items(dialog))  # readable without colour

    # Per county: each county's counts as the file holds them.
    dialog.mode_box.setCurrentIndex(1)
    idle(dialog)
    vestland = next(i for i in top_items(dialog) if i.text(0) == "Vestland")
    in_vestland = Counter(v for _u, c, v in stored if c == "46")
    assert {c.text(0): number(c.text(1)) for c in children(vestland)} == dict(in_vestland)
    assert vestland.text(1) == f"{in_vestland.total()} svar"

    # «Vis i kontaktlisten» on Vestland · Ja: the table shows exactly those people.
    yes = next(c for c in children(vestland) if c.text(0) == "Ja")
    dialog.tree.setCurrentItem(yes, 1)
    qtbot.mouseClick(dialog.show_button, Qt.MouseButton.LeftButton)
    want = {u for u, c, v in stored if c == "46" and v == "Ja"}
    assert shown_uids(survey_window) == want and want
    assert "Svarte på Medlemsundersøkelsen 2025" in survey_window.filter_label.text()
    assert f"«{CONTRIBUTE}»: Ja" in survey_window.filter_label.text()


def test_yes_no_question_offers_the_ones_who_said_yes_and_a_search_keeps_them(
    survey_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    dialog = open_view(survey_window)
    choose_question(dialog, WRITE)
    assert dialog.yes_button.isVisible()
    dialog.yes_button.click()
    stored = answers(survey_window.core, S2025, WRITE)
    writers = {u for u, _c, v in stored if v == "Ja"}
    assert shown_uids(survey_window) == writers and writers
    # Saved as a search, and reopened from the sidebar: the same people, said the same way.
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Kan skrive", True))
    survey_window.save_search()
    survey_window.clear_filter()
    assert len(shown_uids(survey_window)) > len(writers)
    saved = survey_window.sidebar.entry("saved", "Kan skrive")
    assert saved is not None
    survey_window.sidebar.setCurrentItem(saved)
    assert shown_uids(survey_window) == writers
    assert f"«{WRITE}»: Ja" in survey_window.filter_label.text()
    choose_question(dialog, IMPORTANT)  # free text: no yes/no
    assert not dialog.yes_button.isVisible()


def test_multi_question_per_topic_and_free_text_under_topics(survey_window: MainWindow) -> None:
    core = survey_window.core
    dialog = open_view(survey_window)
    choose_question(dialog, TOPICS)
    stored = answers(core, S2025, TOPICS)
    parts = Counter(p for _u, _c, v in stored for p in v.split(";") if p)
    assert {i.text(0): number(i.text(1)) for i in top_items(dialog)} == dict(parts)

    dialog.mode_box.setCurrentIndex(2)
    idle(dialog)
    assert top_items(dialog), "per tema shows the respondents' topics"

    choose_question(dialog, IMPORTANT)
    stored = answers(core, S2025, IMPORTANT)
    listed = {(c.text(0)) for top in top_items(dialog) for c in children(top)}
    assert listed == {v for _u, _c, v in stored}
    # One answer, double-clicked: the table shows who wrote it.
    first = children(top_items(dialog)[0])[0]
    dialog.tree.itemDoubleClicked.emit(first, 0)
    assert shown_uids(survey_window) == {u for u, _c, v in stored if v == first.text(0)}


def test_2025_beside_2024(survey_window: MainWindow) -> None:
    core = survey_window.core
    dialog = open_view(survey_window)
    dialog.compare_box.setCurrentIndex(dialog.compare_box.findData(S2024))
    idle(dialog)
    labels = [dialog.questions.item(i).text() for i in range(dialog.questions.count())]
    assert any(WRITE in label and "(bare Medlemsundersøkelsen 2025)" in label for label in labels)
    choose_question(dialog, CONTRIBUTE)
    now = Counter(v for _u, _c, v in answers(core, S2025, CONTRIBUTE))
    then = Counter(v for _u, _c, v in answers(core, S2024, CONTRIBUTE))
    rows = {i.text(0): (i.text(1), i.text(2)) for i in top_items(dialog)}
    assert rows.pop("Svarte på spørsmålet") == (str(now.total()), str(then.total()))
    assert {v: (number(a), number(b)) for v, (a, b) in rows.items()} == {
        v: (now[v], then[v]) for v in now | then
    }
    # The 2024 column's «Ja» shows 2024's respondents.
    yes = next(i for i in top_items(dialog) if i.text(0) == "Ja")
    dialog.tree.itemDoubleClicked.emit(yes, 2)
    want = {u for u, _c, v in answers(core, S2024, CONTRIBUTE) if v == "Ja"}
    assert shown_uids(survey_window) == want


def test_sidebar_survey_filters_combines_with_county_and_saves(
    survey_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = survey_window.core
    respondents = {u for u, _c, _v in answers(core, S2024, CONTRIBUTE)}
    entry = survey_window.sidebar.entry("survey", S2024)
    assert entry is not None and entry.text(0) == f"{S2024} ({len(respondents)})"
    survey_window.sidebar.setCurrentItem(entry)
    assert shown_uids(survey_window) == respondents
    county = survey_window.sidebar.entry("county", "46")
    assert county is not None
    survey_window.sidebar.setCurrentItem(county)
    in_vestland = {u for u, c, _v in answers(core, S2024, CONTRIBUTE) if c == "46"}
    assert shown_uids(survey_window) == in_vestland and in_vestland

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Svarte i Vestland", True))
    survey_window.save_search()
    survey_window.clear_filter()
    saved = survey_window.sidebar.entry("saved", "Svarte i Vestland")
    assert saved is not None
    survey_window.sidebar.setCurrentItem(saved)
    assert shown_uids(survey_window) == in_vestland
