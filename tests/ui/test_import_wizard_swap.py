"""The wizard's preview table never shows a preview being changed: a new one is swapped in.

Planning again (topic choices, the legal basis, a new mapping) and correcting
a row run on a worker thread and return a new preview; the table keeps
showing the old one, unchanged, until the new one arrives on the GUI thread.
"""

from __future__ import annotations

import copy
import threading
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.fixtures.sheets import write_csv
from tests.ui.test_import_wizard import open_file, press_next

from kontakt.app import Core
from kontakt.ui.import_wizard import ImportWizard
from kontakt.ui.import_wizard.correction import CorrectionDialog
from kontakt.ui.import_wizard.preview_model import PreviewModel


def test_a_new_preview_is_swapped_in_on_the_gui_thread(
    qtbot: QtBot,
    wizard: ImportWizard,
    sqlite_core: Core,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = write_csv(
        tmp_path / "nettverk.csv",
        ["Navn", "E-post", "Tema"],
        [["Jonas Dahl", "jonas@example.org", "Ambulansetjenesten"],
         ["Liv Moe", "liv@", "Kreftomsorg, Rus"],
         ["Tor Berg", "tor@example.org", "Rus"]],
    )  # fmt: skip
    open_file(qtbot, wizard, path)
    press_next(qtbot, wizard, ImportWizard.COLUMNS)
    press_next(qtbot, wizard, ImportWizard.PREVIEW)
    page = wizard.preview_page
    model = page.model

    # Every time the table is given rows: on which thread, and which rows.
    shown: list[tuple[bool, tuple[Any, ...]]] = []
    real_set_rows = PreviewModel.set_rows

    def set_rows(self: PreviewModel, rows: Any, *args: Any, **kwargs: Any) -> None:
        shown.append((threading.current_thread() is threading.main_thread(), rows))
        real_set_rows(self, rows, *args, **kwargs)

    monkeypatch.setattr(PreviewModel, "set_rows", set_rows)
    # The new plan is held on the worker until the test has looked at the table.
    real_replan = sqlite_core.imports.replan
    planned, release = threading.Event(), threading.Event()
    on_threads: list[bool] = []

    def held_replan(*args: Any, **kwargs: Any) -> Any:
        on_threads.append(threading.current_thread() is threading.main_thread())
        new = real_replan(*args, **kwargs)
        planned.set()
        release.wait(10)
        return new

    monkeypatch.setattr(sqlite_core.imports, "replan", held_replan)

    old = wizard.preview
    assert old is not None
    before = copy.deepcopy(old)
    old_rows = model.rows
    assert old_rows is old.rows
    # Leave «Ambulansetjenesten» out: the rows are planned again in the background.
    combo = page.topics.combos["Ambulansetjenesten"]
    combo.setCurrentIndex(combo.findText("Utelat"))
    qtbot.waitUntil(planned.is_set, timeout=10_000)
    qtbot.wait(50)  # anything queued for the GUI thread would arrive now
    assert model.rows is old_rows and wizard.preview is old and old == before
    assert model.index(0, 2).data() == "Ny (1 advarsel)"  # «… lagt til som «Ambulanse»»
    release.set()
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    new = wizard.preview
    assert new is not old and old == before  # the old one is as it was
    # Every topic's choice is listed: the one changed, the others as offered.
    assert new is not None and new.options.topic_map == {
        "Ambulansetjenesten": "", "Kreftomsorg": "\x00label",
    }  # fmt: skip
    assert model.rows is new.rows
    assert on_threads == [False]  # planned on a worker
    assert shown == [(True, new.rows)]  # swapped in once, on the GUI thread
    assert "utelatt" in model.index(0, 2).data(Qt.ItemDataRole.ToolTipRole)  # the new plan

    # A correction: planned on a worker, swapped in on the GUI thread, the old one untouched.
    opened: list[CorrectionDialog] = []
    monkeypatch.setattr(CorrectionDialog, "exec", lambda self: opened.append(self) or 0)
    page.correct_row(1)
    [dialog] = opened
    dialog.edits[1].setText("liv@example.org")
    dialog.accept()
    qtbot.waitUntil(lambda: not wizard.busy(), timeout=10_000)
    corrected = wizard.preview
    assert corrected is not new and new.rows[1].errors and corrected is not None
    assert corrected.rows[1].errors == ()
    assert shown[-1] == (True, corrected.rows) and model.rows is corrected.rows
    assert all(on_gui for on_gui, _ in shown)
    assert "er rettet" in page.message.text()
