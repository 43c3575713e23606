"""Backups from the window: back up, restore, and a damaged database at start-up."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from kontakt.app import Core, open_core
from kontakt.domain.preferences import BACKUP_KEEP, BACKUP_MAX_AGE_DAYS
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.paths import resolve_database
from kontakt.storage import backup
from kontakt.ui.dialogs.backups_dialog import BackupsDialog
from kontakt.ui.main_window import MainWindow
from kontakt.ui.recovery import offer_restore


def test_back_up_then_restore_brings_a_deleted_contact_back(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    kari = sqlite_core.contacts.create(ContactDraft("Kari", "Nordmann"))
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    dialog = BackupsDialog(sqlite_core.backups, sqlite_core.settings, window)
    qtbot.addWidget(dialog)
    qtbot.mouseClick(dialog.now_button, Qt.MouseButton.LeftButton)
    assert "Sikkerhetskopi skrevet til" in dialog.message.text()
    assert dialog.list.count() == 1 and "manuell" in dialog.list.item(0).text()
    sqlite_core.contacts.trash([kari.uid])
    sqlite_core.contacts.empty_trash()
    assert sqlite_core.search.count(ContactFilter()) == 0
    monkeypatch.setattr(QMessageBox, "question", lambda *a: QMessageBox.StandardButton.Yes)
    dialog.list.setCurrentRow(0)
    qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
    assert dialog.restored, dialog.message.text()
    assert [r.uid for r in sqlite_core.search.all_rows(ContactFilter())] == [kari.uid]
    assert any(
        "for gjenoppretting" in dialog.list.item(i).text() for i in range(dialog.list.count())
    )
    window.reload()
    assert window.model.total == 1


def test_settings_for_how_many_and_how_long(qtbot: QtBot, sqlite_core: Core) -> None:
    dialog = BackupsDialog(sqlite_core.backups, sqlite_core.settings)
    qtbot.addWidget(dialog)
    dialog.keep.setValue(4)
    dialog.max_age.setValue(45)
    assert sqlite_core.settings.get(BACKUP_KEEP) == 4
    assert sqlite_core.settings.get(BACKUP_MAX_AGE_DAYS) == 45


def test_a_damaged_database_offers_the_newest_good_backup(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    location = resolve_database(str(tmp_path / "kontakt.db"))
    core = open_core(location)
    core.contacts.create(ContactDraft("Ola", "Hansen"))
    assert location.backup_dir is not None and location.path is not None
    backup.automatic_backup(location.path, location.backup_dir, "daglig")
    core.close()
    data = bytearray(location.path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a torn page in the middle of the file
    location.path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(location.path) + suffix).unlink(missing_ok=True)
    assert backup.integrity_problems(location.path)
    shown: list[str] = []

    def accept(box: QMessageBox) -> int:
        shown.append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", accept)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.buttons()[0])
    assert offer_restore(location, "Databasen er skadet.", None)
    assert "Gjenopprette den?" in shown[0]
    assert not backup.integrity_problems(location.path)
    again = open_core(location)
    try:
        assert [r.full_name for r in again.search.all_rows(ContactFilter())] == ["Ola Hansen"]
    finally:
        again.close()
