"""Failures that reach the event loop: logged, then shown, never lost on a missing stderr.

:func:`install` makes a :class:`CrashHandler` the window's ``sys.excepthook``
(PySide6 hands it an exception raised in a slot), ``threading.excepthook`` and
Qt's message handler (qCritical and qFatal are logged). Whatever thread a
failure happens on, it is logged there and shown on the GUI thread through a
queued signal:

- a KontaktError is a message the user can act on: a plain message box;
- an expected failure (a full disk, a busy database: :func:`kontakt.failures.describe`)
  is logged and shown as its Norwegian sentence in a plain message box;
- anything else is a bug: logged, and shown in the crash dialog. A second bug
  while that dialog is open is logged only.

:func:`report` is how a background job (:class:`kontakt.ui.workers.Worker`)
hands in a bug of its own.
"""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

import PySide6
from PySide6.QtCore import (
    QMessageLogContext,
    QObject,
    Qt,
    QtMsgType,
    Signal,
    qInstallMessageHandler,
    qVersion,
)
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kontakt.errors import KontaktError
from kontakt.failures import describe
from kontakt.log import failure_details, log_file, record_failure, versions
from kontakt.ui.crash_dialog import CrashDialog

log = logging.getLogger(__name__)

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], Any]
QtHandler = Callable[[QtMsgType, QMessageLogContext, str], Any]

_installed: CrashHandler | None = None


def is_bug(exc: BaseException) -> bool:
    """True for a failure nobody foresaw: not a KontaktError, not one :func:`describe` knows."""
    return not isinstance(exc, KontaktError) and describe(exc) is None


def technical_details(exc: BaseException) -> str:
    """What «Kopier detaljer» copies: the versions and the traceback, without personal data."""
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    return (
        f"{versions()}\nQt {qVersion()} (PySide6 {PySide6.__version__})\n"
        f"Tidspunkt: {stamp}\n\n{failure_details(exc)}"
    )


class CrashHandler(QObject):
    """Logs failures that nobody caught and shows them on the GUI thread.

    Attributes:
        dialog: The crash dialog while it is open.
        box: The last plain message box shown for an expected failure.
    """

    _arrived = Signal(object, object)  # the exception, the log file or None

    def __init__(self) -> None:
        super().__init__()
        self.dialog: CrashDialog | None = None
        self.box: QMessageBox | None = None
        self._previous_hook: ExceptHook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        self._previous_qt: QtHandler | None = None
        # Queued: a failure on another thread is shown on this (the GUI) thread; one on
        # the GUI thread once its slot has returned, never inside PySide's error path.
        self._arrived.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Become the exception hooks and Qt's message handler."""
        sys.excepthook = self._excepthook
        threading.excepthook = self._thread_hook
        self._previous_qt = qInstallMessageHandler(self._qt_message)

    def uninstall(self) -> None:
        """Put the previous hooks and message handler back."""
        sys.excepthook = self._previous_hook
        threading.excepthook = self._previous_thread_hook
        qInstallMessageHandler(self._previous_qt)

    def report(self, exc: BaseException, where: str) -> None:
        """Log ``exc`` (any thread) and show it on the GUI thread.

        Args:
            exc: The failure.
            where: Where it happened, without personal data (a function's name).
        """
        if isinstance(exc, KontaktError):
            log.info("%s reached the event loop (%s)", type(exc).__name__, where)
            path = None
        else:
            path = record_failure(exc, f"ikke fanget: {where}")
        self._arrived.emit(exc, path)

    def _excepthook(
        self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        if not isinstance(exc, Exception):  # Ctrl+C, SystemExit: as before, if there is a terminal
            if sys.stderr is not None:
                self._previous_hook(kind, exc, tb)
            return
        self.report(exc, _where(tb))

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or not isinstance(args.exc_value, Exception):
            return
        name = args.thread.name if args.thread is not None else "?"
        self.report(args.exc_value, f"tråd {name}, {_where(args.exc_traceback)}")

    def _qt_message(self, kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if kind in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
            level = logging.CRITICAL if kind == QtMsgType.QtFatalMsg else logging.ERROR
            log.log(level, "Qt: %s (%s)", message, context.category)
        elif self._previous_qt is not None:
            self._previous_qt(kind, context, message)
        elif sys.stderr is not None:  # Qt's own handler would have written here
            sys.stderr.write(f"{message}\n")

    def _show(self, exc: BaseException, path: Path | None) -> None:
        try:
            self._present(exc, path)
        except Exception:  # a failure here must not come back through the hook, forever
            log.exception("the crash dialog could not be shown")

    def _present(self, exc: BaseException, path: Path | None) -> None:
        parent = _parent()
        if not is_bug(exc):
            text = str(exc) if isinstance(exc, KontaktError) else describe(exc) or str(exc)
            self.box = QMessageBox(QMessageBox.Icon.Critical, "Kontakt", text, parent=parent)
            self.box.open()
            return
        if self.dialog is not None:
            log.warning("another failure while the crash dialog was open (%s)", type(exc).__name__)
            return
        self.dialog = CrashDialog(exc, path, log_file(), technical_details(exc), parent)
        self.dialog.finished.connect(self._closed)
        self.dialog.open()

    def _closed(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = None


def _where(tb: TracebackType | None) -> str:
    """The innermost frame's function and line: where it happened, without values."""
    if tb is None:
        return "?"
    while tb.tb_next is not None:
        tb = tb.tb_next
    code = tb.tb_frame.f_code
    return f"{code.co_name}, linje {tb.tb_lineno}"


def _parent() -> QWidget | None:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return None
    return app.activeModalWidget() or app.activeWindow()


def install() -> CrashHandler:
    """Install the crash handler (once; again replaces it). Call after the QApplication."""
    global _installed
    if _installed is not None:
        _installed.uninstall()
    _installed = CrashHandler()
    _installed.install()
    return _installed


def uninstall() -> None:
    """Remove the crash handler, restoring the hooks it replaced."""
    global _installed
    if _installed is not None:
        _installed.uninstall()
        _installed.deleteLater()
    _installed = None


def report(exc: BaseException, where: str) -> None:
    """Hand a bug from any thread to the crash handler (or only log it, without a window)."""
    if _installed is not None:
        _installed.report(exc, where)
    else:
        record_failure(exc, f"ikke fanget: {where}")
