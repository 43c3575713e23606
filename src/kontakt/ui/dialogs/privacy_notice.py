"""«Personvernerklæring»: the short notice to send with invitations, ready to copy."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.form import closing_buttons


def notice_text() -> str:
    """The notice (Markdown), shipped with the program."""
    return (resources.files("kontakt") / "data" / "personvern.md").read_text(encoding="utf-8")


class PrivacyNoticeDialog(QDialog):
    """Shows the notice, with «Kopier teksten» for an e-mail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Personvernerklæring")
        fit_to_screen(self, 640, 520)
        self.view = QTextBrowser()
        self.view.setMarkdown(notice_text())
        copy = QPushButton("Kopier teksten")
        copy.clicked.connect(self.copy)
        buttons = closing_buttons((copy,), self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def copy(self) -> None:
        """Put the notice on the clipboard as plain text."""
        QGuiApplication.clipboard().setText(self.view.toPlainText())
