"""The newsletter's editor: subject, template, Markdown, and the sections Kontakt writes.

It gives :class:`~kontakt.services.outreach.newsletter.Newsletter` (both
parts made from the Markdown in the chosen template) through :meth:`letter`,
and the composer's ``draft()`` contract through :meth:`draft`, so the
composer's recipients, confirmation and sending work for it unchanged.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.services.outreach.message import MailDraft
from kontakt.services.outreach.newsletter import Newsletter, compose
from kontakt.services.outreach.newsletter_sections import NewsletterSections
from kontakt.services.outreach.newsletters import NewsletterService

EXAMPLE = (
    "# Nyhetsbrev\n\nHei {fornavn}!\n\n"
    "Skriv med **fet**, *kursiv*, lister (- punkt) og lenker ([tekst](https://…)).\n"
)


class NewsletterEditor(QWidget):
    """Subject, template and Markdown; buttons insert sections and images.

    Signals:
        changed: Anything in the newsletter changed (the preview follows).
    """

    changed = Signal()

    def __init__(
        self,
        newsletters: NewsletterService,
        sections: NewsletterSections,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.newsletters, self.sections = newsletters, sections
        self.draft_id: int | None = None
        self.subject = QLineEdit()
        self.subject.setPlaceholderText("Emne, f.eks. «Nyhetsbrev januar»")
        self.template = QComboBox()
        self.template.addItems(newsletters.template_names())
        self.body = QPlainTextEdit()
        self.body.setPlainText(EXAMPLE)
        self.attachments = QListWidget()  # the composer's contract; images go inline instead

        insert = QHBoxLayout()
        insert.addWidget(QLabel("Sett inn:"))
        for text, slot in (
            ("Kommende &arrangementer", self.insert_events),
            ("&Nye dokumenter", self.insert_documents),
            ("Månedens &tema", self.insert_theme),
            ("&Bilde …", self.insert_image),
        ):
            button = QPushButton(text)
            button.clicked.connect(slot)
            insert.addWidget(button)
        insert.addStretch()

        form = QHBoxLayout()
        for text, widget, stretch in (("&Emne:", self.subject, 1), ("&Mal:", self.template, 0)):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addWidget(label)
            form.addWidget(widget, stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addLayout(insert)
        layout.addWidget(self.body, 1)
        self.subject.textChanged.connect(self.changed)
        self.body.textChanged.connect(self.changed)
        self.template.currentIndexChanged.connect(self.changed)

    # -- sections ------------------------------------------------------------------------

    def _insert(self, markdown: str, empty: str) -> None:
        if not markdown:
            self.body.appendPlainText(f"\n<!-- {empty} -->\n")
            return
        cursor = self.body.textCursor()
        cursor.insertText(("\n" if cursor.positionInBlock() else "") + markdown + "\n")

    def insert_events(self) -> None:
        """«Sett inn kommende arrangementer»."""
        self._insert(self.sections.events(), "Ingen kommende arrangementer")

    def insert_documents(self) -> None:
        """«Sett inn nye dokumenter» (the idébank's since the last newsletter)."""
        self._insert(self.sections.documents(), "Ingen nye dokumenter siden forrige nyhetsbrev")

    def insert_theme(self) -> None:
        """«Sett inn Månedens tema»."""
        self._insert(self.sections.theme(), "")

    def insert_image(self) -> None:
        """An image file, sent inside the newsletter (at most 1 MB)."""
        name, _ = QFileDialog.getOpenFileName(
            self, "Sett inn bilde", "", "Bilder (*.png *.jpg *.jpeg *.gif)"
        )
        if name:
            path = Path(name).as_posix()
            self.body.textCursor().insertText(f"![{Path(name).stem}](<{path}>)")

    # -- the newsletter ------------------------------------------------------------------

    def letter(self) -> Newsletter:
        """Both parts from the Markdown, in the chosen template.

        Raises:
            KontaktError: A merge field, a brace or an image is wrong (Norwegian message).
        """
        template, _found = self.newsletters.template(self.template.currentText())
        return compose(self.subject.text(), self.body.toPlainText(), template)

    def draft(self) -> MailDraft:
        """What the composer stores and sends (kind «newsletter»)."""
        return self.letter().draft

    def fill(self, subject: str, markdown: str, template: str = "") -> None:
        """Show a saved draft or a copied newsletter."""
        self.subject.setText(subject)
        self.body.setPlainText(markdown)
        index = self.template.findText(template)
        self.template.setCurrentIndex(max(index, 0))

    def save(self) -> int:
        """«Lagre utkast»: over the draft being edited, or a new one; returns its number."""
        self.draft_id = self.newsletters.save_draft(
            self.subject.text(), self.body.toPlainText(), self.template.currentText(),
            self.draft_id,
        )  # fmt: skip
        return self.draft_id
