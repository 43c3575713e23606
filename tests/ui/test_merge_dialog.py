"""Merging two contacts from the window: select two rows, choose fields, merge, Ctrl+Z;
and the conflict when someone else changed one of them while the dialog was open."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from tests.ui.test_main_window import select_rows

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, EmailData
from kontakt.errors import NotFoundError
from kontakt.ui.dialogs.conflict import ConflictDialog
from kontakt.ui.dialogs.merge_dialog import MergeDialog
from kontakt.ui.main_window import MainWindow

KARI = ContactDraft(
    given_name="Kari",
    family_name="Nordmann",
    organisation="SV Bergen",
    emails=(EmailData("kari@example.org"),),
)
KARI_2 = ContactDraft(
    given_name="Kari",
    family_name="Nordmann",
    organisation="Fagforbundet",
    title="Leder",
    emails=(EmailData("kari.n@example.net"),),
)


@pytest.fixture
def window(qtbot: QtBot, core: Core) -> Iterator[MainWindow]:
    core.contacts.create(KARI)
    core.contacts.create(KARI_2)
    w = MainWindow(core)
    qtbot.addWidget(w)
    w.show()
    yield w


def _in_dialog(monkeypatch: pytest.MonkeyPatch, user: Callable[[MergeDialog], None]) -> None:
    """The dialog is modal in the app; here ``user`` acts in it when it opens."""

    def exec_(self: MergeDialog) -> int:
        self.show()
        user(self)
        return 1

    monkeypatch.setattr(MergeDialog, "exec", exec_)


def _merge_menu_item(window: MainWindow):  # type: ignore[no-untyped-def]
    [edit_menu] = [m for m in window.menuBar().actions() if m.text() == "&Rediger"]
    [item] = [a for a in edit_menu.menu().actions() if a.text() == "Slå sammen valgte …"]
    return item


def test_merge_two_selected_choosing_a_field_from_the_right_then_undo(
    qtbot: QtBot, window: MainWindow, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, str] = {}

    def user(dialog: MergeDialog) -> None:
        seen["keep"], seen["other"] = dialog.plan.keep.uid, dialog.plan.other.uid
        right = dialog.plan.other.organisation
        seen["org"] = right
        assert dialog.radio("organisation", "keep").isChecked()  # fill empty: kept value
        qtbot.mouseClick(dialog.radio("organisation", "other"), Qt.MouseButton.LeftButton)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    _in_dialog(monkeypatch, user)
    select_rows(window, [0, 1])
    _merge_menu_item(window).trigger()

    kept = core.contacts.get(seen["keep"])
    assert kept.organisation == seen["org"]
    assert {e.address for e in kept.emails} == {"kari@example.org", "kari.n@example.net"}
    assert kept.title == "Leder"  # filled from whichever side had it
    with pytest.raises(NotFoundError):
        core.contacts.get(seen["other"])
    assert window.model.rowCount() == 1

    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert core.contacts.get(seen["other"]).organisation == seen["org"]
    assert {e.address for e in core.contacts.get(seen["keep"]).emails} != {
        "kari@example.org",
        "kari.n@example.net",
    }
    assert window.model.rowCount() == 2


def test_swap_keeps_the_other_one(
    qtbot: QtBot, window: MainWindow, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, str] = {}

    def user(dialog: MergeDialog) -> None:
        first = dialog.plan.keep.uid
        qtbot.mouseClick(dialog.swap_button, Qt.MouseButton.LeftButton)
        assert dialog.plan.other.uid == first
        seen["keep"], seen["other"] = dialog.plan.keep.uid, first
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    _in_dialog(monkeypatch, user)
    select_rows(window, [0, 1])
    _merge_menu_item(window).trigger()
    assert core.contacts.get(seen["keep"]).uid == seen["keep"]
    with pytest.raises(NotFoundError):
        core.contacts.get(seen["other"])


def test_a_contact_changed_meanwhile_brings_the_conflict_dialog_not_a_merge(
    qtbot: QtBot, window: MainWindow, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    conflicts: list[ConflictDialog] = []

    def reload(self: ConflictDialog) -> int:
        conflicts.append(self)
        return ConflictDialog.RELOAD

    monkeypatch.setattr(ConflictDialog, "exec", reload)
    seen: dict[str, str] = {}

    def user(dialog: MergeDialog) -> None:
        other = core.contacts.get(dialog.plan.other.uid)
        seen["other"] = other.uid
        # A board member saves the other contact through the shared database.
        core.contacts.update(other.uid, _with_title(other.to_draft(), "Nestleder"), other.version)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        assert len(conflicts) == 1 and "endret" in conflicts[0].findChild(type(dialog.intro)).text()
        assert core.contacts.get(seen["other"]).title == "Nestleder"  # not merged
        # Reloaded: the dialog now shows the stored values, and merging works.
        assert dialog.plan.other.title == "Nestleder"
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    _in_dialog(monkeypatch, user)
    select_rows(window, [0, 1])
    _merge_menu_item(window).trigger()
    with pytest.raises(NotFoundError):
        core.contacts.get(seen["other"])


def _with_title(draft: ContactDraft, title: str) -> ContactDraft:
    from dataclasses import replace

    return replace(draft, title=title)


def test_the_kept_contacts_history_shows_the_merge_and_undoes_it(
    qtbot: QtBot, window: MainWindow, core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kontakt.ui.contact_actions import ContactActions
    from kontakt.ui.dialogs.contact_editor import ContactEditor

    keep, other = (window.model.row_at(i).uid for i in range(2))
    core.merging.merge(keep, other)
    window.reload()
    shown: list[ContactEditor] = []

    def show(self: ContactActions, editor: ContactEditor) -> None:
        shown.append(editor)
        qtbot.addWidget(editor)
        editor.show()

    monkeypatch.setattr(ContactActions, "_show", show)
    window.contact_actions.edit_contact(keep)
    tab = shown[0].history_tab
    assert tab is not None
    shown[0].tabs.setCurrentWidget(tab)  # «Historikk»
    merges = tab.merges
    assert merges is not None and merges.isVisibleTo(shown[0])
    assert "slått inn i" in merges.list.topLevelItem(0).text(1)  # type: ignore[union-attr]
    qtbot.mouseClick(merges.undo_button, Qt.MouseButton.LeftButton)

    assert core.contacts.get(other).uid == other
    assert core.merging.merges()[0].undone
    assert not shown[0].isVisible()  # the editor showed the merged contact: closed
    assert window.model.rowCount() == 2
    # The other one, back, lists the merge as undone.
    window.contact_actions.edit_contact(other)
    assert "(angret)" in shown[1].history_tab.merges.list.topLevelItem(0).text(1)  # type: ignore[union-attr]
