"""KONTAKT_STARTUP_PROBE: an ordinary start records its first painted rows and quits.

The bundle's start-up benchmark depends on this; it runs the real launch path.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from kontakt.app import Core
from kontakt.ui.first_paint import PROBE_ENV_VAR
from kontakt.ui.launch import launch


def test_start_with_the_probe_writes_the_paint_time_and_quits(
    sqlite_core: Core, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sqlite_core.demo.add_contacts()
    assert sqlite_core.location.path is not None
    probe = tmp_path / "painted"
    monkeypatch.setenv(PROBE_ENV_VAR, str(probe))
    guard = QTimer()  # should the probe never fire, end the test instead of hanging
    guard.setSingleShot(True)
    guard.timeout.connect(QApplication.quit)
    guard.start(30_000)
    started = time.time()
    assert launch(str(sqlite_core.location.path)) == 0
    assert guard.isActive(), "the window quit only through the guard"
    guard.stop()
    painted = float(probe.read_text(encoding="utf-8"))
    assert started < painted < time.time()
    for widget in QApplication.topLevelWidgets():
        widget.close()  # the window launch() left open, as an ending process would
