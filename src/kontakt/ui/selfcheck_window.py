"""The self-check's window step: icon, main window with its rows, closed again.

Window state (QSettings) goes to the self-check's temporary folder, so the
user's remembered window size and columns are neither read nor changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDeadlineTimer, QEventLoop, QSettings, qVersion
from PySide6.QtWidgets import QApplication

from kontakt.app import Core
from kontakt.selfcheck.context import CheckFailed
from kontakt.ui.first_paint import FirstRowsPainted
from kontakt.ui.icons import app_icon
from kontakt.ui.launch import make_application
from kontakt.ui.main_window import MainWindow
from kontakt.ui.translations import qt_speaks_norwegian

PAINT_TIMEOUT_MS = 20_000


def open_and_close_window(core: Core, workdir: Path, expected_contacts: int) -> str:
    """Show the main window until its first rows are painted, check it, close it.

    Returns:
        A short description for the self-check's OK line.

    Raises:
        CheckFailed: The icon did not render, no rows were painted in time, or
            the window counted a different number of contacts.
    """
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(workdir / "innstillinger")
    )
    app = make_application()
    if app_icon().isNull():
        raise CheckFailed("programikonet (SVG) kunne ikke tegnes: mangler Qts SVG-tillegg?")
    if not qt_speaks_norwegian():
        raise CheckFailed("Qts norske tekster (qtbase_nn.qm) mangler: knappene blir engelske")
    window = MainWindow(core)
    try:
        probe = FirstRowsPainted(window)
        window.show()
        deadline = QDeadlineTimer(PAINT_TIMEOUT_MS)
        while not probe.done and not deadline.hasExpired():
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        if not probe.done:
            raise CheckFailed(f"vinduet viste ingen rader innen {PAINT_TIMEOUT_MS // 1000} s")
        if window.model.total != expected_contacts:
            raise CheckFailed(
                f"vinduet viser {window.model.total} kontakter, forventet {expected_contacts}"
            )
        shown = window.model.rowCount()
    finally:
        window.close()
        window.deleteLater()
        QApplication.sendPostedEvents()
    return f"{shown} av {expected_contacts} rader tegnet, Qt {qVersion()} ({app.platformName()})"
