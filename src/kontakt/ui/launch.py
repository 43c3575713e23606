"""Open the window: database (check, back up, migrate), QApplication, main window.

Logging and the crash handler are set up before, in ``kontakt.__main__``.
"""

from __future__ import annotations

import os
import sys

from PySide6.QtWidgets import QApplication, QMessageBox

from kontakt.app import Core, open_core
from kontakt.errors import DatabaseError, KontaktError
from kontakt.paths import DatabaseLocation
from kontakt.services.database_choice import window_database
from kontakt.ui.recovery import offer_restore


def make_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with Kontakt's names (QSettings uses them), icon, and Qt's
    own texts in Norwegian."""
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setOrganizationName("Kontakt")
    app.setApplicationName("Kontakt")
    app.setApplicationDisplayName("Kontakt")
    app.setDesktopFileName("kontakt")  # Wayland: the menu entry (and icon) of packaging/linux
    from kontakt.ui.icons import app_icon
    from kontakt.ui.translations import install_norwegian

    app.setWindowIcon(app_icon())
    install_norwegian(app)
    return app


def open_at_start(location: DatabaseLocation) -> Core | None:
    """Open the database for the window, or None when the user gives up.

    A damaged file is offered its newest good backup; a server that cannot be
    reached (the board's, chosen earlier) is offered another database instead,
    so that the program can still be used.
    """
    try:
        return open_core(location, check=False)
    except DatabaseError as exc:
        if location.path is None:
            return choose_instead(location, str(exc))
        if not offer_restore(location, str(exc), None):
            return None
        try:
            return open_core(location, check=False)
        except KontaktError as again:
            QMessageBox.critical(None, "Kontakt", str(again))
            return None
    except KontaktError as exc:
        QMessageBox.critical(None, "Kontakt", str(exc))
        return None


def choose_instead(location: DatabaseLocation, problem: str) -> Core | None:
    """Say the database could not be opened and offer «Database …» to pick another."""
    from kontakt.ui.dialogs.database_dialog import DatabaseDialog

    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Fikk ikke åpnet databasen")
    box.setText(f"{problem}\n\nVelg en annen database, eller avslutt og prøv igjen senere.")
    choose = box.addButton("Velg en annen database …", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Avslutt", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not choose:
        return None
    dialog = DatabaseDialog(location)
    dialog.exec()
    return dialog.core


def launch(db_arg: str | None) -> int:
    """Run the window on the chosen database until it is closed; returns the exit code."""
    app = make_application()
    core = open_at_start(window_database(db_arg, dict(os.environ)))
    if core is None:
        return 1
    from kontakt.ui.window_session import WindowSession

    session = WindowSession(core)
    try:
        return int(app.exec())
    finally:
        # A window closed at once must not pull the database from under the check.
        session.close()
