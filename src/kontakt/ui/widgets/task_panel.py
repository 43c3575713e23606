"""One background job at a time for a page or dialog: progress bar, «Avbryt», message line.

Every slow step of the import (reading the file, planning the rows again,
writing the contacts) and of an export runs in a :class:`~kontakt.ui.workers.Worker` so the
window stays responsive. A :class:`TaskPanel` starts the job, shows its
progress, lets the user cancel it, and hands the result back to the page on
the GUI thread. A job the page no longer waits for (cancelled reading, a
newer job started) is ignored when it reports, so a late answer never
overwrites a newer one.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.wording import number, plural
from kontakt.errors import KontaktError
from kontakt.ui.widgets.form import error_label
from kontakt.ui.workers import Worker

# Workers are kept here until a while after they end, and let go on the GUI
# thread: a worker (with its signals' QObject) freed on the pool's thread, or
# by the garbage collector running there, would delete Qt objects on the wrong thread.
_KEEP_SECONDS = 10.0
_kept: dict[int, tuple[Worker, float | None]] = {}  # id(signals) -> (worker, ended at)


def _keep(worker: Worker) -> None:
    now = time.monotonic()
    for key, (_w, ended) in list(_kept.items()):
        if ended is not None and now - ended > _KEEP_SECONDS:
            del _kept[key]
    _kept[id(worker.signals)] = (worker, None)


def _ended(signals: object) -> None:
    entry = _kept.get(id(signals))
    if entry is not None:
        _kept[id(signals)] = (entry[0], time.monotonic())


def error_text(exc: object) -> str:
    """What to tell the user about a failed job: the Norwegian message, or the bare facts."""
    if isinstance(exc, KontaktError):
        return str(exc)
    return f"Noe gikk galt: {type(exc).__name__}: {exc}"


class TaskPanel(QWidget):
    """Runs one job in the background and shows how far it has come.

    The progress bar and «Avbryt» are only visible while a job runs; the red
    message line only while it has something to say.

    Signals:
        busy_changed(bool): A job started (True) or ended (False).
    """

    busy_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(14)
        self.cancel_button = QPushButton("Avbryt")
        self.cancel_button.clicked.connect(self.cancel)
        self.error = error_label()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addLayout(row)
        layout.addWidget(self.error)
        self.worker: Worker | None = None
        self._text = ""
        self._units = ("rad", "rader")
        self._detach = True
        self._cancel_requested = False
        self._on_result: Callable[[Any], None] | None = None
        self._on_error: Callable[[object], None] | None = None
        self._on_cancel: Callable[[], None] | None = None
        self._cancellable = True
        self._show_running(False)

    @property
    def busy(self) -> bool:
        """Whether the page is waiting for a job."""
        return self.worker is not None

    def run(
        self,
        text: str,
        fn: Callable[..., Any],
        *args: Any,
        on_result: Callable[[Any], None],
        on_error: Callable[[object], None] | None = None,
        on_cancel: Callable[[], None] | None = None,
        cancellable: bool = True,
        detach_on_cancel: bool = True,
        units: tuple[str, str] = ("rad", "rader"),
    ) -> Worker:
        """Start ``fn(*args)`` in the background (a job already running is abandoned).

        Args:
            text: What is happening, e.g. «Leser fila …».
            fn: A function, or a generator function yielding ``(done, total)``.
            on_result: Called with the return value.
            on_error: Called with the exception; by default its message is shown in red.
            on_cancel: Called when the user cancelled.
            cancellable: Show «Avbryt» (only for generator jobs).
            detach_on_cancel: Stop waiting at once on «Avbryt» (reading); otherwise
                wait until the job has really stopped (writing, which rolls back).
            units: What is counted, singular and plural, for «12 av 40 rader».
        """
        if self.worker is not None:
            self.worker.cancel()
        self.show_error("")
        self._text = text
        self._units = units
        self._detach = detach_on_cancel
        self._cancel_requested = False
        self._on_result, self._on_error, self._on_cancel = on_result, on_error, on_cancel
        worker = Worker(fn, *args)
        worker.signals.progress.connect(self._progress)
        worker.signals.result.connect(self._result)
        worker.signals.error.connect(self._error)
        worker.signals.finished.connect(self._finished)
        _keep(worker)
        was_busy = self.busy
        self.worker = worker
        self.status.setText(text)
        self.bar.setRange(0, 0)  # busy until the first progress arrives
        self.cancel_button.setEnabled(True)
        self._cancellable = cancellable
        self._show_running(True)
        if not was_busy:
            self.busy_changed.emit(True)
        return worker.start()

    def cancel(self) -> None:
        """«Avbryt»: ask the job to stop."""
        worker = self.worker
        if worker is None:
            return
        worker.cancel()
        self._cancel_requested = True
        if self._detach:
            on_cancel = self._on_cancel
            self._end()
            if on_cancel:
                on_cancel()
        else:
            self.status.setText("Avbryter …")
            self.cancel_button.setEnabled(False)

    def show_error(self, message: str) -> None:
        """Show a message in red below the progress bar."""
        self.error.setText(message)
        self.error.setVisible(bool(message))

    # -- the worker's signals (on the GUI thread) --------------------------------

    def _current(self) -> bool:
        return self.worker is not None and self.sender() is self.worker.signals

    def _progress(self, done: int, total: int) -> None:
        if not self._current() or self._cancel_requested:
            return
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(done)
        one, many = self._units
        self.status.setText(f"{self._text} {number(done)} av {plural(total, one, many)}")

    def _result(self, value: object) -> None:
        if not self._current():
            return
        cancelled = self._cancel_requested and value is None
        on_result, on_cancel = self._on_result, self._on_cancel
        self._end()
        if cancelled:
            if on_cancel:
                on_cancel()
        elif on_result:
            on_result(value)

    def _error(self, exc: object) -> None:
        if not self._current():
            return
        # A bug has been logged (and shown in the crash dialog) by the worker.
        callback = self._on_error
        self._end()
        if callback:
            callback(exc)
        else:
            self.show_error(error_text(exc))

    def _finished(self) -> None:
        _ended(self.sender())

    def _end(self) -> None:
        self.worker = None
        self._on_result = self._on_error = self._on_cancel = None
        self._show_running(False)
        self.busy_changed.emit(False)

    def _show_running(self, running: bool) -> None:
        self.status.setVisible(running)
        self.bar.setVisible(running)
        self.cancel_button.setVisible(running and self._cancellable)


@contextmanager
def wait_cursor() -> Iterator[None]:
    """Show the hourglass during a short step that runs on the GUI thread."""
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QApplication.restoreOverrideCursor()
