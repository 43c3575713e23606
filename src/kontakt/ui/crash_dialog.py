"""«Noe gikk galt»: the dialog for a failure nobody caught.

It says in plain words what happened, that nothing saved was lost (every
change is written to the database at once; only an open window's unsaved
edits may be missing), where the log file is, and offers «Kopier detaljer»:
the technical details (versions and the traceback, without personal data) on
the clipboard, for a bug report.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.errors import KontaktError

TITLE = "Noe gikk galt"
NOTHING_LOST = (
    "Ingenting du har lagret, er tapt: Kontakt lagrer hver endring i databasen med en gang. "
    "Det som kan mangle, er endringer i et vindu som var åpent og ikke lagret ennå; se over "
    "dem. Du kan fortsette å bruke Kontakt, eller lukke programmet og åpne det igjen."
)


def what_happened(exc: BaseException) -> str:
    """The failure in plain words: a KontaktError's own message, or the kind of error."""
    if isinstance(exc, KontaktError):
        return " ".join(str(exc).split("\n"))
    return (
        f"Det oppstod en uventet feil i Kontakt ({type(exc).__name__}), så det du holdt på "
        "med, ble ikke fullført. Det er en feil i programmet, ikke noe du gjorde galt."
    )


def log_text(log: Path | None, intended: Path) -> str:
    """Rich text saying where the details were written (a link to the file)."""
    if log is None:
        return (
            f"Detaljene kunne ikke skrives til loggfila {html.escape(str(intended))} "
            "(disken er kanskje full). Trykk «Kopier detaljer» for å ta vare på dem."
        )
    link = f'<a href="{QUrl.fromLocalFile(str(log)).toString()}">{html.escape(str(log))}</a>'
    return (
        f"Detaljene er skrevet til loggfila {link}; den inneholder ingen personopplysninger. "
        "Vil du melde fra om feilen, trykk «Kopier detaljer» og lim dem inn i meldingen."
    )


class CrashDialog(QDialog):
    """The crash dialog.

    Args:
        exc: The failure (only its type, or a KontaktError's message, is shown).
        log: The log file the details went to, or None if it could not be written.
        intended: Where the log file should have been (shown when ``log`` is None).
        details: What «Kopier detaljer» copies: versions and the masked traceback.
    """

    def __init__(
        self,
        exc: BaseException,
        log: Path | None,
        intended: Path,
        details: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Kontakt – {TITLE.lower()}")
        self.details = details
        self.log_folder = (log or intended).parent
        heading = QLabel(f"<b>{TITLE}</b>")
        self.what = QLabel(what_happened(exc))
        self.lost = QLabel(NOTHING_LOST)
        self.where = QLabel(log_text(log, intended))
        self.where.setOpenExternalLinks(True)
        self.copied = QLabel("")
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        for label in (self.what, self.lost, self.where, self.copied):
            label.setWordWrap(True)
            layout.addWidget(label)
        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("&Kopier detaljer")
        self.folder_button = QPushButton("Å&pne loggmappen")
        self.close_button = QPushButton("&Lukk")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.copy_button.clicked.connect(self.copy_details)
        self.folder_button.clicked.connect(self.open_log_folder)
        self.close_button.clicked.connect(self.reject)
        self.close_button.setDefault(True)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def copy_details(self) -> None:
        """Put the technical details on the clipboard."""
        QGuiApplication.clipboard().setText(self.details)
        self.copied.setText("Detaljene er kopiert; lim dem inn i en e-post eller en feilmelding.")

    def open_log_folder(self) -> None:
        """Show the log folder in the file manager."""
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.log_folder)))
