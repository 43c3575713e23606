"""Hjelp → Om Kontakt: what a bug report needs (version, database, Qt and Python)."""

from __future__ import annotations

import platform

import pytest
from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from kontakt import __version__
from kontakt.app import Core
from kontakt.ui.main_window import MainWindow


def test_about_box_names_version_database_qt_and_python(
    qtbot: QtBot, sqlite_core: Core, monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        QMessageBox, "about", lambda parent, title, text: shown.append((title, text))
    )
    window = MainWindow(sqlite_core)
    qtbot.addWidget(window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Hjelp")
    assert isinstance(help_menu, QWidget)
    about = next(a for a in help_menu.actions() if a.text() == "Om Kontakt")
    about.trigger()
    [(title, text)] = shown
    assert title == "Om Kontakt"
    assert f"Kontakt {__version__}" in text
    assert str(sqlite_core.location.path) in text
    assert f"Qt {qVersion()}" in text and platform.python_version() in text
