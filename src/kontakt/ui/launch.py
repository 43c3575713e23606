"""Open the window: logging, database (check, back up, migrate), QApplication, main window."""

from __future__ import annotations

import logging
import sys

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from kontakt.app import check_sqlite_file, open_core
from kontakt.errors import KontaktError
from kontakt.paths import DatabaseLocation, resolve_database
from kontakt.ui.workers import Worker


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Kontakt's names (QSettings uses them)."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Kontakt")
    app.setApplicationName("Kontakt")
    app.setApplicationDisplayName("Kontakt")
    app.setDesktopFileName("kontakt")  # Wayland: the menu entry (and icon) of packaging/linux
    from kontakt.ui.icons import app_icon

    app.setWindowIcon(app_icon())
    return app


def check_in_background(location: DatabaseLocation, parent: QWidget) -> Worker:
    """Run the start-up integrity check off the GUI thread; a damaged file is reported."""

    def report(error: object) -> None:
        QMessageBox.critical(parent, "Databasen er skadet", str(error))

    worker = Worker(check_sqlite_file, location)
    worker.signals.error.connect(report)
    return worker.start()


def launch(db_arg: str | None) -> int:
    """Run the window on the chosen database until it is closed; returns the exit code."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    logging.getLogger("alembic").setLevel(logging.WARNING)
    app = make_application()
    location = resolve_database(db_arg)
    try:
        core = open_core(location, check=False)
    except KontaktError as exc:
        QMessageBox.critical(None, "Kontakt", str(exc))
        return 1
    from kontakt.ui.first_paint import install_startup_probe
    from kontakt.ui.main_window import MainWindow

    window = MainWindow(core)
    install_startup_probe(window)
    window.show()
    # Kept on the window: a worker whose Python side is collected mid-run crashes Qt.
    window.startup_check = check_in_background(location, window)  # type: ignore[attr-defined]
    try:
        return int(app.exec())
    finally:
        # A window closed at once must not pull the database from under the check.
        QThreadPool.globalInstance().waitForDone()
        core.close()
