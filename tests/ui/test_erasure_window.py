"""Erasure that sticks, from the window: a restore in «Sikkerhetskopier» and the
start-up offer for a damaged database erase the person again and say so; the erase
offers to rewrite or delete the backups that still hold the person; a reader that
keeps the WAL is reported in a dialog."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from tests.e2e.test_erasure_sticks import assert_gone_from, files_of
from tests.storage.test_privacy import full_person

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.paths import resolve_database
from kontakt.storage import backup
from kontakt.ui.dialogs.backups_dialog import BackupsDialog
from kontakt.ui.main_window import MainWindow
from kontakt.ui.recovery import offer_restore

ERASED_AGAIN = "1 slettet person ble fjernet igjen fra sikkerhetskopien"


def family_names(core: Core) -> list[str]:
    return sorted(r.family_name for r in core.search.all_rows(ContactFilter()))


class Boxes:
    """Records the message boxes shown and answers them with the button named ``choose``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, choose: str = "") -> None:
        self.texts: list[str] = []
        self.choose = choose
        monkeypatch.setattr(QMessageBox, "exec", lambda box: self._exec(box))
        monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: self._clicked(box))
        for name in ("information", "warning", "critical"):
            monkeypatch.setattr(QMessageBox, name, self._static)
        monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)

    def _exec(self, box: QMessageBox) -> int:
        self.texts.append(box.text())
        return 0

    def _clicked(self, box: QMessageBox) -> object:
        buttons = box.buttons()
        return next((b for b in buttons if b.text() == self.choose), buttons[0])

    def _static(self, parent: object, title: str, text: str, *rest: object) -> object:
        self.texts.append(text)
        return QMessageBox.StandardButton.Ok


def test_restoring_in_the_backups_dialog_erases_the_person_again(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    uid = sqlite_core.contacts.create(full_person()).uid
    sqlite_core.contacts.create(ContactDraft("Ola", "Annen"))
    dialog = BackupsDialog(sqlite_core.backups, sqlite_core.settings)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.now_button, Qt.MouseButton.LeftButton)
    sqlite_core.privacy.erase(uid)
    Boxes(monkeypatch)
    dialog.refresh()
    dialog.list.setCurrentRow(dialog.list.count() - 1)  # the oldest: from before the erasure
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restored, dialog.message.text()
    assert ERASED_AGAIN in dialog.message.text()
    assert family_names(sqlite_core) == ["Annen"]
    db = sqlite_core.location.path
    assert db is not None
    sqlite_core.close()
    assert_gone_from(files_of(db))


def test_the_start_up_offer_erases_again_even_when_the_damaged_file_cannot_be_read(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = resolve_database(str(tmp_path / "kontakt.db"))
    assert location.path is not None and location.backup_dir is not None
    core = open_core(location)
    uid = core.contacts.create(full_person()).uid
    for i in range(40):
        core.contacts.create(ContactDraft(f"Navn{i}", "Fyll", notes="x" * 500))
    backup.automatic_backup(location.path, location.backup_dir, "daglig")
    core.privacy.erase(uid)
    core.close()
    data = bytearray(location.path.read_bytes())
    data[100:4096] = b"\xff" * 3996  # the table of tables: nothing in the file can be read
    location.path.write_bytes(bytes(data))
    assert backup.integrity_problems(location.path)
    boxes = Boxes(monkeypatch)

    assert offer_restore(location, "Databasen er skadet.", None), boxes.texts

    assert "Gjenopprette den?" in boxes.texts[0]
    assert any(ERASED_AGAIN in t for t in boxes.texts), boxes.texts
    again = open_core(location)
    try:
        assert "Kvålsvik-Erasmo" not in family_names(again)
        assert len(family_names(again)) == 40
        assert again.privacy.suppressed([], ["+4791827364"])
    finally:
        again.close()
    assert_gone_from(files_of(location.path))


@pytest.mark.parametrize("choice", ["Skriv dem om uten personen", "Slett dem"])
def test_the_erase_offers_to_clean_the_backups_that_hold_the_person(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch, choice: str
) -> None:
    from tests.ui.test_main_window import select_rows

    sqlite_core.contacts.create(ContactDraft("Ola", "Annen"))
    sqlite_core.contacts.create(full_person())

    held = [sqlite_core.backups.now(), sqlite_core.backups.now()]
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    select_rows(window, [1])
    assert window.selected_rows()[0].family_name == "Kvålsvik-Erasmo"
    boxes = Boxes(monkeypatch, choose=choice)

    assert window.privacy_actions.erase_person()

    assert any("2 sikkerhetskopier har fortsatt opplysninger" in t for t in boxes.texts)
    if choice == "Slett dem":
        assert not any(p.exists() for p in held)
    else:  # in the background, behind a progress dialog
        qtbot.waitUntil(lambda: any("er skrevet om" in t for t in boxes.texts), timeout=30_000)
        assert "2 sikkerhetskopier er skrevet om uten personen." in boxes.texts
        assert all(p.exists() for p in held)
        assert_gone_from(held)
    assert window.model.total == 1


def test_a_reader_holding_the_wal_is_reported_in_a_dialog(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.ui.test_main_window import select_rows

    sqlite_core.contacts.create(ContactDraft("Ola", "Annen"))
    sqlite_core.contacts.create(ContactDraft("Kari", "Nordmann", emails=(EmailData("k@x.no"),)))
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    select_rows(window, [1])
    boxes = Boxes(monkeypatch)
    db = sqlite_core.location.path
    assert db is not None
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM contact").fetchone()
    try:
        assert window.privacy_actions.erase_person()
    finally:
        reader.rollback()
        reader.close()
    assert any("er slettet" in t and f"{db.name}-wal" in t for t in boxes.texts), boxes.texts
    assert window.model.total == 1
