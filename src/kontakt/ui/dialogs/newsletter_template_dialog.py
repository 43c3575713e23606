"""«Rediger mal …»: the board's newsletter template (name, header, footer, logo).

The header and footer are Markdown like the newsletter; the opt-out line is
added to every message whatever the footer says. Saved under its name in
the database, for everyone who opens it.
"""

from __future__ import annotations

import mimetypes
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from kontakt.domain.newsletter import BUILT_IN, NewsletterTemplate
from kontakt.errors import KontaktError
from kontakt.services.outreach.newsletters import NewsletterService


class NewsletterTemplateDialog(QDialog):
    """Edit one template (starting from ``name``'s, or the built-in one's text).

    Args:
        newsletters: Where templates are kept.
        name: The template to edit ("" or the built-in one's name: a new one).
        parent: The parent window.
    """

    def __init__(self, newsletters: NewsletterService, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Nyhetsbrevmal")
        self.newsletters = newsletters
        template, _found = newsletters.template(name)
        self.logo, self.logo_mime = template.logo, template.logo_mime
        self.name = QLineEdit("" if template.name == BUILT_IN.name else template.name)
        self.header = QPlainTextEdit(template.header)
        self.footer = QPlainTextEdit(template.footer)
        self.logo_label = QLabel()
        logo_button = QPushButton("Velg &logo …")
        logo_button.clicked.connect(self.choose_logo)
        self.error = QLabel()
        self.error.setStyleSheet("color:#b3261e")
        self.error.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&Navn:", self.name)
        form.addRow("&Topptekst (Markdown):", self.header)
        form.addRow("&Bunntekst (Markdown):", self.footer)
        form.addRow(self.logo_label, logo_button)
        form.addRow(QLabel("Linjen om å melde seg av legges alltid til nederst."))
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self._show_logo()

    def _show_logo(self) -> None:
        self.logo_label.setText(f"Logo: {len(self.logo) // 1024} KB" if self.logo else "Ingen logo")

    def choose_logo(self) -> None:
        """Pick an image file for the header."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Velg logo", "", "Bilder (*.png *.jpg *.jpeg *.gif)"
        )
        if name:
            self.set_logo(Path(name))

    def set_logo(self, path: Path) -> None:
        """Use the image at ``path`` as the logo (checked when saved)."""
        try:
            self.logo = path.read_bytes()
        except OSError as exc:
            self.error.setText(f"Kan ikke lese {path}: {exc.strerror}")
            return
        self.logo_mime = mimetypes.guess_type(path.name)[0] or ""
        self._show_logo()

    def save(self) -> None:
        """Store the template; a Norwegian message on the dialog if it cannot be."""
        template = NewsletterTemplate(
            self.name.text(),
            self.header.toPlainText(),
            self.footer.toPlainText(),
            self.logo,
            self.logo_mime,
        )
        try:
            self.newsletters.save_template(template)
        except KontaktError as exc:
            self.error.setText(str(exc))
            return
        self.accept()
