"""The start-up check in the background: only a damaged file is offered a backup.

A daily backup that cannot be taken (a full disk, a backup folder that cannot
be written) says so and leaves the database alone: offering to restore an old
backup over a healthy file would throw away the newest work.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kontakt.app import Core, open_core
from kontakt.domain.records import ContactDraft, ContactFilter
from kontakt.paths import DatabaseLocation, resolve_database
from kontakt.storage import backup
from kontakt.ui.recovery import check_in_background


class Window(QWidget):
    """What the check needs of the main window: a parent and reload()."""

    reloaded = 0

    def reload(self) -> None:
        self.reloaded += 1


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str]]:
    """Every message the check shows, answered without a screen: «no» to a restore."""
    shown: dict[str, list[str]] = {"warnings": [], "offers": []}

    def warning(_parent: object, _title: str, text: str, *args: object) -> int:
        shown["warnings"].append(text)
        return 0

    def offer(box: QMessageBox) -> int:
        shown["offers"].append(box.text())
        return 0

    monkeypatch.setattr(QMessageBox, "warning", warning)
    monkeypatch.setattr(QMessageBox, "exec", offer)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: None)  # declined
    return shown


def run_check(qtbot: QtBot, location: DatabaseLocation, core: Core | None = None) -> Window:
    core = core or open_core(location)
    window = Window()
    qtbot.addWidget(window)
    try:
        worker = check_in_background(core.backups, window)  # type: ignore[arg-type]
        with qtbot.waitSignal(worker.signals.finished, timeout=30_000):
            pass
        qtbot.wait(50)  # the error slot runs on the GUI thread
    finally:
        core.close()
    return window


def test_a_daily_backup_that_fails_is_a_warning_not_an_offer_to_restore(
    qtbot: QtBot, tmp_path: Path, boxes: dict[str, list[str]]
) -> None:
    location = resolve_database(str(tmp_path / "kontakt.db"))
    core = open_core(location)
    core.contacts.create(ContactDraft("Kari", "Nordmann"))
    core.close()
    assert location.backup_dir is not None
    location.backup_dir.mkdir(exist_ok=True)
    for old in location.backup_dir.iterdir():
        old.unlink()
    location.backup_dir.rmdir()
    location.backup_dir.write_text("ikke en mappe")  # the backup folder cannot be made

    window = run_check(qtbot, location)

    assert boxes["offers"] == []
    assert len(boxes["warnings"]) == 1
    assert boxes["warnings"][0].startswith("Dagens sikkerhetskopi ble ikke tatt:")
    assert "Databasen er i orden" in boxes["warnings"][0]
    assert window.reloaded == 0
    again = open_core(location)
    try:
        assert [r.full_name for r in again.search.all_rows(ContactFilter())] == ["Kari Nordmann"]
    finally:
        again.close()


def test_a_damaged_file_is_still_offered_the_newest_good_backup(
    qtbot: QtBot, tmp_path: Path, boxes: dict[str, list[str]]
) -> None:
    location = resolve_database(str(tmp_path / "kontakt.db"))
    core = open_core(location)
    core.contacts.create(ContactDraft("Ola", "Hansen"))
    assert location.backup_dir is not None and location.path is not None
    backup.automatic_backup(location.path, location.backup_dir, "daglig")
    core.engine.dispose()  # damaged under the open window (the core was opened before)
    data = bytearray(location.path.read_bytes())
    data[4096:8192] = b"\xff" * 4096  # a torn page in the middle of the file
    location.path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(location.path) + suffix).unlink(missing_ok=True)

    run_check(qtbot, location, core)

    assert boxes["warnings"] == []
    assert len(boxes["offers"]) == 1 and "Gjenopprette den?" in boxes["offers"][0]
