"""Window state is remembered under the keys earlier versions wrote, apart from preferences."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from kontakt.ui.ui_state import (
    Folder,
    Layout,
    last_folder,
    remember_folder,
    save_layout,
    saved_layout,
)


def test_a_folder_remembered_by_an_earlier_version_is_offered(tmp_path: Path) -> None:
    for key in ("import/folder", "export/folder", "events/folder"):
        (tmp_path / key.split("/")[0]).mkdir()
        QSettings().setValue(key, str(tmp_path / key.split("/")[0]))
    assert last_folder(Folder.IMPORT, Path.home()) == tmp_path / "import"
    assert last_folder(Folder.EXPORT, Path.home()) == tmp_path / "export"
    assert last_folder(Folder.EVENTS, Path.home()) == tmp_path / "events"


def test_a_folder_that_is_gone_gives_way_to_the_fallback(tmp_path: Path) -> None:
    assert last_folder(Folder.EXPORT, tmp_path) == tmp_path  # none remembered
    remember_folder(Folder.EXPORT, tmp_path / "slettet")
    assert QSettings().value("export/folder") == str(tmp_path / "slettet")
    assert last_folder(Folder.EXPORT, tmp_path) == tmp_path


def test_a_layout_comes_back_as_saved() -> None:
    assert saved_layout(Layout.MAIN_HEADER) is None
    save_layout(Layout.MAIN_HEADER, QByteArray(b"\x00\xffkolonner"))
    assert saved_layout(Layout.MAIN_HEADER) == QByteArray(b"\x00\xffkolonner")
    assert QSettings().value("main/header") == QByteArray(b"\x00\xffkolonner")
