"""The open database and its main window; «Fil → Database …» swaps both.

The new database is opened first (by the dialog); only then is a new main
window shown on it, the old window closed and the old database let go of, so
a database that cannot be opened leaves the one in use untouched.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThreadPool
from PySide6.QtWidgets import QMessageBox

from kontakt.app import Core
from kontakt.paths import sync_folder_warning
from kontakt.ui.first_paint import install_startup_probe
from kontakt.ui.main_window import MainWindow
from kontakt.ui.recovery import check_in_background


class WindowSession(QObject):
    """Owns the :class:`Core` in use and the main window showing it.

    Args:
        core: The database opened at start-up.
        background_checks: Run the start-up check and daily backup for each
            database shown (the window does; tests may not want the thread).

    Attributes:
        core: The database in use.
        window: Its main window.
    """

    def __init__(self, core: Core, background_checks: bool = True) -> None:
        super().__init__()
        self._checks = background_checks
        self.core = core
        self.window = self._show(core, first=True)

    def _show(self, core: Core, first: bool = False) -> MainWindow:
        window = MainWindow(core)
        window.database_opened.connect(self.switch_to)
        if first:
            install_startup_probe(window)
        window.show()
        if self._checks:
            # Kept on the window: a worker whose Python side is collected mid-run crashes Qt.
            window.startup_check = check_in_background(core.backups, window)  # type: ignore[attr-defined]
        warning = sync_folder_warning(core.location.path) if core.location.path else ""
        if warning:
            QMessageBox.warning(window, "Databasen ligger i en synkronisert mappe", warning)
        return window

    def switch_to(self, core: object) -> None:
        """Show ``core`` (just opened) in a new main window and close the old window
        and database."""
        assert isinstance(core, Core)
        old_core, old_window = self.core, self.window
        self.core = core
        self.window = self._show(core)
        old_window.close()
        old_window.deleteLater()
        QThreadPool.globalInstance().waitForDone()  # nothing may still read the old one
        old_core.close()
        self.window.statusBar().showMessage(f"Åpnet {core.location.describe()}.", 8000)

    def close(self) -> None:
        """Let go of the database in use (at the end of the program)."""
        QThreadPool.globalInstance().waitForDone()
        self.core.close()
