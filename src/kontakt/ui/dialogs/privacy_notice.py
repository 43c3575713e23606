"""«Personvernerklæring»: the short notice to send with invitations, ready to copy."""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton, QTextBrowser, QVBoxLayout, QWidget


def notice_text() -> str:
    """The notice (Markdown), shipped with the program."""
    return (resources.files("kontakt") / "data" / "personvern.md").read_text(encoding="utf-8")


class PrivacyNoticeDialog(QDialog):
    """Shows the notice, with «Kopier teksten» for an e-mail."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Personvernerklæring")
        self.resize(640, 520)
        self.view = QTextBrowser()
        self.view.setMarkdown(notice_text())
        copy = QPushButton("Kopier teksten")
        copy.clicked.connect(self.copy)
        close = QPushButton("Lukk")
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(copy)
        buttons.addStretch()
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

    def copy(self) -> None:
        """Put the notice on the clipboard as plain text."""
        QGuiApplication.clipboard().setText(self.view.toPlainText())
