"""Qt runs offscreen in tests; each test gets the application and its own QSettings folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from kontakt.app import Core
    from kontakt.ui.import_wizard import ImportWizard
    from kontakt.ui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _application_and_settings(tmp_path: Path) -> None:
    """The QApplication, with window state (QSettings) kept in the test's folder."""
    from PySide6.QtCore import QSettings

    from kontakt.ui.launch import make_application

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def demo_core(sqlite_core: Core) -> Core:
    """A SQLite database with the sample contacts (``core.demo.add_contacts()``)."""

    sqlite_core.demo.add_contacts()
    return sqlite_core


@pytest.fixture
def window(qtbot: QtBot, demo_core: Core) -> Iterator[MainWindow]:
    """The main window, shown, on :func:`demo_core` (a test file may define its own)."""
    from kontakt.ui.main_window import MainWindow

    w = MainWindow(demo_core)
    qtbot.addWidget(w)
    w.show()
    yield w


@pytest.fixture
def wizard(qtbot: QtBot, sqlite_core: Core) -> Iterator[ImportWizard]:
    """The import wizard on :func:`sqlite_core`, shown; closed after the test once idle."""
    import shiboken6

    from kontakt.ui.import_wizard import ImportWizard

    c = sqlite_core
    w = ImportWizard(c.imports, c.catalog, c.geography, c.backups.take)
    w.show()
    yield w
    qtbot.waitUntil(lambda: not w.busy(), timeout=20_000)
    if shiboken6.isValid(w):  # the wizard deletes itself when closed
        w.close()
