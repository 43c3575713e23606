"""What a Windows laptop meets, in the window: an export over a file Excel holds
open, and a database in a OneDrive folder (see tests/e2e/test_windows_cli.py for
the command line and how Windows' sharing violation is stood in for on Linux)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from tests.e2e.test_windows_cli import sharing_violation

from kontakt.app import Core, open_core
from kontakt.domain.exporting import ExportFormat
from kontakt.domain.records import ContactFilter
from kontakt.paths import resolve_database
from kontakt.ui.dialogs.export_dialog import ExportDialog
from kontakt.ui.window_session import WindowSession


@pytest.mark.parametrize("winerror", [32, 5])
def test_an_export_over_a_file_open_in_excel_is_a_message_in_the_dialog(
    winerror: int, qtbot: QtBot, demo_core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Kari Ærlig" / "kontakter.xlsx"
    target.parent.mkdir()
    target.write_bytes(b"det Excel har oppe")
    sharing_violation(target, monkeypatch, winerror)
    dialog = ExportDialog(demo_core.exports, demo_core.catalog, [], ContactFilter(), "")
    qtbot.addWidget(dialog)
    dialog.format_box.setCurrentIndex(dialog.format_box.findData(ExportFormat.XLSX.value))
    dialog.path_edit.setText(str(target))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(dialog.tasks.error.text()), timeout=30_000)
    assert dialog.tasks.error.text() == (
        f"Filen {target} er åpen i et annet program (Excel?). Lukk den og prøv igjen."
    )
    assert dialog.result_info is None
    assert target.read_bytes() == b"det Excel har oppe"
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp file


@pytest.fixture
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    shown: list[tuple[str, str]] = []

    def warning(_parent: object, title: str, text: str, *args: object) -> int:
        shown.append((title, text))
        return 0

    monkeypatch.setattr(QMessageBox, "warning", warning)
    return shown


@pytest.fixture
def open_in_window(qtbot: QtBot) -> Iterator[list[WindowSession]]:
    sessions: list[WindowSession] = []
    yield sessions
    for session in sessions:
        session.window.close()
        session.close()


@pytest.mark.parametrize("variable", [None, "OneDrive", "OneDriveCommercial", "OneDriveConsumer"])
def test_a_database_in_a_cloud_folder_is_warned_about_in_the_window(
    variable: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[tuple[str, str]],
    open_in_window: list[WindowSession],
) -> None:
    for name in ("OneDrive", "OneDriveCommercial", "OneDriveConsumer"):
        monkeypatch.delenv(name, raising=False)
    if variable is None:  # the folder's usual name
        folder = tmp_path / "OneDrive - Organisasjon"
    else:  # moved and renamed: only the variable says where it is
        folder = tmp_path / "Sky"
        monkeypatch.setenv(variable, str(folder))
    db = folder / "Kontakt" / "kontakt.db"
    open_in_window.append(WindowSession(open_core(resolve_database(str(db))), False))
    assert len(warnings) == 1
    title, text = warnings[0]
    assert title == "Databasen ligger i en synkronisert mappe"
    assert "synkroniseres" in text and str(db) in text


def test_a_database_in_a_local_folder_gets_no_warning(
    tmp_path: Path, warnings: list[tuple[str, str]], open_in_window: list[WindowSession]
) -> None:
    db = tmp_path / "Sky" / "kontakt.db"
    open_in_window.append(WindowSession(open_core(resolve_database(str(db))), False))
    assert warnings == []
