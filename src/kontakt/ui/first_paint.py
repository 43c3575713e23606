"""Notice when the main window has painted its first rows (the self-check and the start-up probe).

``KONTAKT_STARTUP_PROBE=FILE`` makes an ordinary start write the wall-clock
time (``time.time()``) of that first paint to FILE and quit: the bundle's
start-up benchmark (bench/bench_bundle.py) times a real start this way,
window and all, in the bundled executable where no test code can be injected.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal

from kontakt.ui.main_window import MainWindow

PROBE_ENV_VAR = "KONTAKT_STARTUP_PROBE"


class FirstRowsPainted(QObject):
    """Emits ``painted`` once, the first time the table paints with rows in it.

    Signals:
        painted: The table's viewport has been painted showing at least one row.
    """

    painted = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self.done = False
        window.table.viewport().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint and self._window.model.rowCount():
            self.done = True
            self.painted.emit()
        return False


def install_startup_probe(window: MainWindow) -> None:
    """With ``KONTAKT_STARTUP_PROBE`` set, record the first painted rows and quit."""
    target = os.environ.get(PROBE_ENV_VAR)
    if not target:
        return

    def record() -> None:
        Path(target).write_text(f"{time.time():.4f}\n", encoding="utf-8")
        # exit(), not quit(): quit() closes the windows first, and the quit that
        # closing the last window posts would outlive the event loop.
        QTimer.singleShot(0, lambda: QCoreApplication.exit(0))

    probe = FirstRowsPainted(window)
    probe.painted.connect(record)
