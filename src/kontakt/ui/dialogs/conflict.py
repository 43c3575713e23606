"""The dialog shown when a contact was changed by someone else while it was open.

It lists each changed field with the stored value and the user's own, and
lets the user reload the stored version or keep theirs; never a silent
overwrite.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.wording import field_label, yes_no


def show_value(value: Any) -> str:
    """A state value as a short readable text."""
    if value in (None, "", []):
        return "–"
    if isinstance(value, bool):
        return yes_no(value)
    if isinstance(value, list):
        return ", ".join(
            str(v.get("address") or v.get("number") or v.get("body") or v.get("kind"))
            if isinstance(v, dict)
            else str(v)
            for v in value
        )
    return str(value)


class ConflictDialog(QDialog):
    """Ask what to do about a conflicting save.

    ``exec()`` returns :attr:`RELOAD` or :attr:`KEEP_MINE` (or 0 for cancel).
    """

    RELOAD = 10
    KEEP_MINE = 11

    def __init__(
        self,
        message: str,
        fields: list[str],
        stored: dict[str, Any],
        mine: dict[str, Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Kontakten er endret av en annen")
        layout = QVBoxLayout(self)
        text = QLabel(message)
        text.setWordWrap(True)
        layout.addWidget(text)
        self.table = QTableWidget(len(fields), 3)
        self.table.setHorizontalHeaderLabels(["Felt", "Lagret nå", "Din versjon"])
        self.table.verticalHeader().setVisible(False)
        for row, field in enumerate(fields):
            for col, value in enumerate(
                (
                    field_label(field),
                    show_value(stored.get(field)),
                    show_value(mine.get(field)),
                )
            ):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox()
        self.reload_button = QPushButton("Last inn på nytt")
        self.keep_button = QPushButton("Behold min versjon")
        buttons.addButton(self.reload_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton("Avbryt", QDialogButtonBox.ButtonRole.RejectRole)
        self.reload_button.clicked.connect(lambda: self.done(self.RELOAD))
        self.keep_button.clicked.connect(lambda: self.done(self.KEEP_MINE))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 320)
