"""«E-post → Oppdater nyhetsarkivet …»: the open archive written from the window.

Asks for the folder (the one used last is offered again), writes or refreshes
the archive in the background (the PDFs take a moment), then says what was
written and offers to open ``index.html`` in the web browser.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kontakt.io.archive.pages import INDEX_NAME
from kontakt.services.outreach.archive import ArchiveResult, ArchiveService
from kontakt.ui.ui_state import Folder, last_folder, remember_folder
from kontakt.ui.workers import Worker

TITLE = "Nyhetsarkivet"


class ArchiveAction:
    """Runs one refresh of the archive for the main window.

    Args:
        archive: The archive service.
        parent: The window the dialogs belong to.
        open_url: Opens the index in the browser (QDesktopServices.openUrl by default).
    """

    def __init__(
        self,
        archive: ArchiveService,
        parent: QWidget,
        open_url: Callable[[QUrl], object] | None = None,
    ) -> None:
        self._archive = archive
        self._parent = parent
        self._open_url = open_url
        self.worker: Worker | None = None

    def run(self) -> None:
        """Ask for the folder and start writing (nothing happens if none is chosen)."""
        if self.worker is not None:
            return  # one refresh at a time
        start = last_folder(Folder.ARCHIVE, Path.home())
        chosen = QFileDialog.getExistingDirectory(
            self._parent, "Velg mappen for nyhetsarkivet", str(start)
        )
        if not chosen:
            return
        folder = Path(chosen)
        remember_folder(Folder.ARCHIVE, folder)
        worker = Worker(self._archive.refresh, folder)
        worker.signals.result.connect(lambda result: self._done(folder, result))
        worker.signals.error.connect(self._failed)
        worker.signals.finished.connect(self._finished)
        self.worker = worker.start()

    def _finished(self) -> None:
        self.worker = None

    def _done(self, folder: Path, result: ArchiveResult) -> None:
        answer = QMessageBox.question(
            self._parent,
            TITLE,
            f"{result.text()}\n\nMappen {folder} kan lastes opp til nettsiden som den er.\n\n"
            "Vil du åpne arkivet i nettleseren?",
        )
        if answer == QMessageBox.StandardButton.Yes:
            (self._open_url or QDesktopServices.openUrl)(
                QUrl.fromLocalFile(str(folder / INDEX_NAME))
            )

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self._parent, TITLE, str(exc))
