"""«Hvem kan fylle hullet?»: right-click an empty cell of the overview, tick two people,
show them in the table, put them on the follow-up list with the cell's county and
topic, and undo it (in the dialog and with Ctrl+Z in the main window)."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.follow_ups import FollowUpQuery
from kontakt.ui.followups.editor import FollowUpEditor
from kontakt.ui.main_window import MainWindow
from kontakt.ui.overview import OverviewDialog
from kontakt.ui.overview.dialog import FILL_TEXT
from kontakt.ui.overview.recruit_dialog import RecruitDialog

TODAY = dt.date.today()


def recruiting(core: Core, what: str) -> list[tuple[str, str | None, str | None]]:
    rows = core.followups.list(FollowUpQuery(include_done=True))
    return sorted((f.uid, f.county_number, f.topic) for f in rows if f.what == what)


def test_fill_a_gap_from_the_overview(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = sqlite_core
    core.demo.add_data()
    window = MainWindow(core)
    qtbot.addWidget(window)
    window.show()
    window.overview_action.trigger()
    overview = window.findChild(OverviewDialog)
    assert overview is not None
    model, view = overview.model, overview.view

    # An empty cell the sample data offers at least two people for.
    target = None
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            cell = model.cell_at(model.index(r, c))
            if (
                cell
                and cell.count == 0
                and len(core.recruitment.prospects(cell.county_number, cell.topic)) >= 2
            ):
                target = model.index(r, c)
                break
        if target is not None:
            break
    assert target is not None, "the sample data should offer people for an empty cell"
    cell = model.cell_at(target)
    assert cell is not None

    # A full cell offers nothing; an empty one «Hvem kan fylle hullet?».
    full = next(
        model.index(r, c)
        for r in range(model.rowCount() - 1)
        for c in range(model.columnCount() - 1)
        if (x := model.cell_at(model.index(r, c))) is not None and x.count > 5
    )
    overview.context_menu = None
    overview._context_menu(view.visualRect(full).center())
    assert overview.context_menu is None
    overview._context_menu(view.visualRect(target).center())
    menu = overview.context_menu
    assert [a.text() for a in menu.actions()] == [FILL_TEXT]
    assert overview.fill_button.isEnabled()
    menu.actions()[0].trigger()
    dialog = overview.recruit_dialog
    assert isinstance(dialog, RecruitDialog) and dialog.isVisible()
    assert cell.topic in dialog.windowTitle()
    items = dialog.items()
    expected = core.recruitment.prospects(cell.county_number, cell.topic)
    assert [i.text(0) for i in items] == [p.name for p in expected]
    assert all(i.text(2) for i in items)  # each with why
    assert not dialog.follow_button.isEnabled()

    items[0].setCheckState(0, items[0].checkState(0).Checked)
    items[1].setCheckState(0, items[1].checkState(0).Checked)
    chosen = sorted(dialog.ticked())
    assert len(chosen) == 2 and dialog.follow_button.isEnabled()

    # «Vis i kontaktlisten»: the table shows exactly those two.
    dialog.show_button.click()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=5000)
    shown = sorted(window.model.row_at(i).uid for i in range(2))
    assert shown == chosen

    what = f"Rekrutter til {cell.topic} i {cell.county_name}"

    def fill(editor: FollowUpEditor) -> int:
        assert editor.what.text() == what
        assert editor.has_due.isChecked()
        assert editor.due.date().toPython() == TODAY + dt.timedelta(days=14)
        editor.note.setPlainText("Fra hullet i oversikten")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(FollowUpEditor, "exec", fill)
    dialog.follow_button.click()
    stored = recruiting(core, what)
    assert stored == [(uid, cell.county_number, cell.topic) for uid in chosen]
    assert {f.note for f in core.followups.list() if f.what == what} == {"Fra hullet i oversikten"}

    # «Angre» in the dialog takes them away again.
    assert dialog.undo_button.isEnabled()
    dialog.undo_button.click()
    assert recruiting(core, what) == []
    assert not dialog.undo_button.isEnabled()

    # Added once more, then Ctrl+Z in the main window.
    dialog.follow_button.click()
    assert len(recruiting(core, what)) == 2
    window.contact_actions.undo_last()
    assert recruiting(core, what) == []
