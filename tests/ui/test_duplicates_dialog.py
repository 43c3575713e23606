"""«Rediger → Finn duplikater …»: the secretary goes through the pairs, merges or sets apart."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData, PhoneData
from kontakt.ui.dialogs.duplicates_dialog import NONE_FOUND, DuplicatesDialog
from kontakt.ui.dialogs.merge_dialog import MergeDialog
from kontakt.ui.main_window import MainWindow


def add(
    core: Core, given: str, family: str, muni: str = "", phone: str = "", email: str = ""
) -> str:
    draft = ContactDraft(
        given,
        family,
        municipality=muni,
        phones=(PhoneData(phone),) if phone else (),
        emails=(EmailData(email),) if email else (),
    )
    return core.contacts.create(draft).uid


def pair_rows(dialog: DuplicatesDialog) -> list[tuple[str, str, str]]:
    """(group heading, reasons, first contact) of each pair row, top to bottom."""
    rows = []
    for g in range(dialog.tree.topLevelItemCount()):
        group = dialog.tree.topLevelItem(g)
        for r in range(group.childCount()):
            item = group.child(r)
            rows.append((group.text(0), item.text(0), item.text(1)))
    return rows


def opened(qtbot: QtBot, core: Core, open_merge=None) -> DuplicatesDialog:  # type: ignore[no-untyped-def]
    dialog = DuplicatesDialog(core.duplicates, open_merge)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.progress.isHidden(), timeout=10_000)
    return dialog


def click_row(qtbot: QtBot, dialog: DuplicatesDialog, group: int, row: int) -> None:
    item = dialog.tree.topLevelItem(group).child(row)
    rect = dialog.tree.visualItemRect(item)
    qtbot.mouseClick(dialog.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_pairs_show_strongest_first_and_set_apart_is_remembered(
    qtbot: QtBot, sqlite_core: Core
) -> None:
    core = sqlite_core
    a = add(core, "Kari", "Nordmann", "Bergen", "91234567", "kari@x.no")
    b = add(core, "Kari", "Nordmann", "Bergen", "91234567")
    c = add(core, "Ingrid", "Kristiansen", "Oslo")
    d = add(core, "Ingrid", "Kristiansenn", "Oslo")
    dialog = opened(qtbot, core)
    assert not dialog.merge_button.isVisible()  # no merge dialog handed in
    assert pair_rows(dialog) == [
        ("Gruppe 1", "samme telefon +4791234567; samme navn i samme kommune (Bergen)",
         "Kari Nordmann (kari@x.no, +4791234567)"),
        ("Gruppe 2", "lignende navn i samme kommune (Oslo - Oslove)", "Ingrid Kristiansen"),
    ]  # fmt: skip
    assert dialog.status.text() == "2 mulige duplikater i 2 grupper, sterkest først."

    click_row(qtbot, dialog, 1, 0)
    qtbot.mouseClick(dialog.apart_button, Qt.MouseButton.LeftButton)
    assert [r[2] for r in pair_rows(dialog)] == ["Kari Nordmann (kari@x.no, +4791234567)"]
    assert {p.a.uid for p in core.duplicates.find()} == {a}

    qtbot.mouseClick(dialog.undo_button, Qt.MouseButton.LeftButton)
    assert len(pair_rows(dialog)) == 2
    assert {frozenset((p.a.uid, p.b.uid)) for p in core.duplicates.find()} == {
        frozenset((a, b)),
        frozenset((c, d)),
    }
    click_row(qtbot, dialog, 1, 0)
    qtbot.mouseClick(dialog.apart_button, Qt.MouseButton.LeftButton)
    dialog.close()

    again = opened(qtbot, core)  # reopened: the decision holds
    assert [r[1] for r in pair_rows(again)] == [
        "samme telefon +4791234567; samme navn i samme kommune (Bergen)"
    ]


def test_a_merged_pair_leaves_the_list(qtbot: QtBot, sqlite_core: Core) -> None:
    core = sqlite_core
    a = add(core, "Liv", "Strand", "Bergen", "93456789")
    b = add(core, "Liv", "Strand", "Bergen", "93456789")
    c = add(core, "Liv", "Strand", "Bergen")
    asked: list[tuple[str, str]] = []
    answers = [False, True]

    def open_merge(keep: str, other: str) -> bool:
        asked.append((keep, other))
        return answers.pop(0)

    dialog = opened(qtbot, core, open_merge)
    assert dialog.merge_button.isVisible()
    assert len(pair_rows(dialog)) == 3 and {r[0] for r in pair_rows(dialog)} == {"Gruppe 1"}
    click_row(qtbot, dialog, 0, 0)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)  # cancelled
    assert asked == [(a, b)] and len(pair_rows(dialog)) == 3 and not dialog.changed
    click_row(qtbot, dialog, 0, 0)
    qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)  # merged
    assert asked[1] == (a, b) and dialog.changed
    remaining = [p for p in dialog.pairs]
    assert [(p.a.uid, p.b.uid) for p in remaining] == [(a, c)]


def test_nothing_found_says_so(qtbot: QtBot, sqlite_core: Core) -> None:
    add(sqlite_core, "Kari", "Nordmann", "Bergen")
    dialog = opened(qtbot, sqlite_core)
    assert dialog.status.text() == NONE_FOUND
    assert dialog.tree.topLevelItemCount() == 0
    assert not dialog.apart_button.isEnabled() and not dialog.undo_button.isEnabled()


def test_the_edit_menu_opens_it(qtbot: QtBot, window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[DuplicatesDialog] = []
    monkeypatch.setattr(DuplicatesDialog, "exec", lambda self: shown.append(self) or 0)
    edit = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Rediger")
    assert isinstance(edit, QMenu)
    action = next(a for a in edit.actions() if a.text() == "Finn duplikater …")
    action.trigger()
    assert len(shown) == 1
    qtbot.waitUntil(lambda: shown[0].progress.isHidden(), timeout=20_000)
    assert shown[0].status.text()  # the demo data's pairs, or none


def test_found_pair_merged_from_the_window_then_undone(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The whole story: Rediger -> Finn duplikater, pick the pair, «Slå sammen …»,
    merge in the side-by-side dialog, the pair is gone; Ctrl+Z brings both back."""
    core = sqlite_core
    a = add(core, "Kari", "Nordmann", "Bergen", "91234567", "kari@x.no")
    b = add(core, "Kari", "Nordman", "Bergen", "91234567")
    window = MainWindow(core)
    qtbot.addWidget(window)
    window.show()
    seen: dict[str, object] = {}

    def merge_in_dialog(self: MergeDialog) -> int:
        self.show()
        seen["keep"], seen["other"] = self.plan.keep.uid, self.plan.other.uid
        qtbot.mouseClick(self.merge_button, Qt.MouseButton.LeftButton)
        self.close()
        return 1

    def go_through(self: DuplicatesDialog) -> int:
        self.show()
        qtbot.waitUntil(lambda: self.progress.isHidden(), timeout=10_000)
        click_row(qtbot, self, 0, 0)
        qtbot.mouseClick(self.merge_button, Qt.MouseButton.LeftButton)
        seen["left"] = list(self.pairs)
        self.close()  # «Lukk»
        return 0

    monkeypatch.setattr(MergeDialog, "exec", merge_in_dialog)
    monkeypatch.setattr(DuplicatesDialog, "exec", go_through)
    edit = next(x.menu() for x in window.menuBar().actions() if x.text() == "&Rediger")
    next(x for x in edit.actions() if x.text() == "Finn duplikater …").trigger()

    assert {seen["keep"], seen["other"]} == {a, b}
    assert seen["left"] == []
    assert [r.uid for r in core.search.all_rows(ContactFilter())] == [seen["keep"]]
    kept = core.contacts.get(str(seen["keep"]))
    assert kept.family_name and {p.number for p in kept.phones} == {"+4791234567"}
    assert core.merging.resolve(str(seen["other"])) == seen["keep"]  # the old uid lives on
    assert core.duplicates.find() == []
    assert window.model.rowCount() == 1

    assert window.contact_actions.undo.text().startswith("Angre")
    # Ctrl+Z (offscreen, the key would go to the closed dialog that had focus)
    window.contact_actions.undo.trigger()
    assert {r.uid for r in core.search.all_rows(ContactFilter())} == {a, b}
    assert core.contacts.get(b).family_name == "Nordman"
    assert window.model.rowCount() == 2
