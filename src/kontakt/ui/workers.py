"""Run slow work off the GUI thread: one small Worker for every long job.

A worker runs a function on Qt's thread pool. The function may be a plain
call or a generator yielding ``(done, total)`` progress; ``cancel()`` asks a
generator to stop at its next step. Results come back through signals, which
Qt delivers on the GUI thread, so widgets are only touched there.

A failure is handed to the ``error`` signal; one nobody foresaw (a bug: not a
KontaktError, nor a full disk or a busy database) also goes to the crash
handler, which logs it and shows the crash dialog on the GUI thread, so that
a job whose error nobody listens to does not fail unseen.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from kontakt.ui.crash_handler import is_bug, report


class WorkerSignals(QObject):
    """Signals of a :class:`Worker`.

    Signals:
        progress(int, int): Steps done and total.
        result(object): The function's return value (a generator's return value).
        error(object): The exception raised.
        finished(): Emitted last, after result or error.
    """

    progress = Signal(int, int)
    result = Signal(object)
    error = Signal(object)
    finished = Signal()


class Worker(QRunnable):
    """Runs ``fn(*args)`` on the thread pool.

    Args:
        fn: The work. If it returns a generator, each yielded ``(done, total)``
            is reported as progress and the generator's return value is the result.
    """

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = WorkerSignals()
        self.cancelled = False

    def cancel(self) -> None:
        """Ask the work to stop at its next progress step."""
        self.cancelled = True

    def run(self) -> None:
        try:
            outcome = self.fn(*self.args)
            if isinstance(outcome, Generator):
                outcome = self._drive(outcome)
        except Exception as exc:  # handed to the GUI thread, which shows it
            if is_bug(exc):
                report(exc, f"bakgrunnsjobb {getattr(self.fn, '__qualname__', '?')}")
            self.signals.error.emit(exc)
        else:
            self.signals.result.emit(outcome)
        finally:
            self.signals.finished.emit()

    def _drive(self, gen: Generator[tuple[int, int], None, Any]) -> Any:
        try:
            while True:
                done, total = next(gen)
                self.signals.progress.emit(done, total)
                if self.cancelled:
                    gen.close()
                    return None
        except StopIteration as stop:
            return stop.value

    def start(self, pool: QThreadPool | None = None) -> Worker:
        """Queue the worker on the pool (the global one by default)."""
        (pool or QThreadPool.globalInstance()).start(self)
        return self
