"""Qt runs offscreen in tests; each test gets the application and its own QSettings folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _application_and_settings(tmp_path: Path) -> None:
    """The QApplication, with window state (QSettings) kept in the test's folder."""
    from PySide6.QtCore import QSettings

    from kontakt.ui.launch import make_application

    make_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
