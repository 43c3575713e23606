"""The composer's writing half: subject, text, an optional HTML version, merge fields, files.

The composer (:mod:`kontakt.ui.dialogs.composer`) puts it beside the
preview and reads the message back with :meth:`MessageEditor.draft`.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.templating import FIELDS
from kontakt.services.outreach.message import Attachment, MailDraft


class MessageEditor(QWidget):
    """Write one message with merge fields, sent to each recipient with the same files.

    Signals:
        changed(): The subject or a text changed (the preview follows).
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.subject = QLineEdit()
        self.subject.setPlaceholderText("Emne, f.eks. «Hei {fornavn}: nytt om tannhelsereformen»")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText("Hei {fornavn}!\n\n…")
        self.html_box = QCheckBox("Send også en &HTML-versjon (enkel HTML)")
        self.html = QPlainTextEdit()
        self.html.setPlaceholderText("<p>Hei {fornavn}!</p>")
        self.html.setVisible(False)
        self.html_box.toggled.connect(self.html.setVisible)
        fields = QToolButton()
        fields.setText("Sett inn &flettefelt")
        fields.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(fields)
        for name, label in FIELDS.items():
            menu.addAction(f"{{{name}}} – {label}", partial(self.insert_field, name))
        fields.setMenu(menu)
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(70)
        self._files: list[Path | Attachment] = []
        attach = QPushButton("Legg ved f&il …")
        attach.clicked.connect(self.choose_attachment)
        remove = QPushButton("Fjern vedlegg")
        remove.clicked.connect(self.remove_attachment)
        self.subject.textChanged.connect(lambda _text: self.changed.emit())
        self.body.textChanged.connect(self.changed.emit)
        self.html.textChanged.connect(self.changed.emit)

        form = QFormLayout()
        form.addRow("&Emne:", self.subject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        tools = QHBoxLayout()
        tools.addWidget(fields)
        tools.addStretch()
        layout.addLayout(tools)
        layout.addWidget(self.body, 3)
        layout.addWidget(self.html_box)
        layout.addWidget(self.html, 2)
        files = QHBoxLayout()
        files.addWidget(self.attachments, 1)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(attach)
        file_buttons.addWidget(remove)
        files.addLayout(file_buttons)
        layout.addWidget(QLabel("Vedlegg (sendes med hver e-post):"))
        layout.addLayout(files)

    def fill(self, draft: MailDraft) -> None:
        """Start from a prepared message (subject, text and attachments)."""
        self.subject.setText(draft.subject)
        self.body.setPlainText(draft.body)
        for attachment in draft.attachments:
            self._files.append(attachment)
            self.attachments.addItem(attachment.filename)

    def draft(self) -> MailDraft:
        """The message as written."""
        return MailDraft(
            self.subject.text(),
            self.body.toPlainText(),
            self.html.toPlainText() if self.html_box.isChecked() else "",
            tuple(Attachment.from_path(p) if isinstance(p, Path) else p for p in self._files),
        )

    def insert_field(self, name: str) -> None:
        """Put ``{name}`` at the cursor of the subject or the body."""
        if self.subject.hasFocus():
            self.subject.insert(f"{{{name}}}")
        else:
            editor = self.html if self.html.hasFocus() else self.body
            editor.insertPlainText(f"{{{name}}}")

    def choose_attachment(self) -> None:
        """«Legg ved fil …»."""
        names, _ = QFileDialog.getOpenFileNames(self, "Legg ved")
        for name in names:
            self.add_attachment(Path(name))

    def add_attachment(self, path: Path) -> None:
        """Attach a file to every message."""
        self._files.append(path)
        self.attachments.addItem(path.name)

    def remove_attachment(self) -> None:
        """«Fjern vedlegg»."""
        row = self.attachments.currentRow()
        if row >= 0:
            self.attachments.takeItem(row)
            del self._files[row]
