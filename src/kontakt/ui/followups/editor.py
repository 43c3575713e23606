"""The small form for one follow-up: what, by when (or no date), and a note."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from kontakt.domain.follow_ups import WHAT_MAX


class FollowUpEditor(QDialog):
    """Asks what to follow up, the due date and a note.

    Args:
        who: Whom it is for, in words («Kari Berg», «3 kontakter»).
        what, due, note: The values to begin with (an edit).
        parent: Parent widget.
    """

    def __init__(
        self,
        who: str,
        what: str = "",
        due: dt.date | None = None,
        note: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Oppfølging")
        self.what = QLineEdit(what)
        self.what.setMaxLength(WHAT_MAX)
        self.what.setPlaceholderText("F.eks. «Ring om hun vil stille på lista»")
        self.has_due = QCheckBox("Frist:")
        self.due = QDateEdit()
        self.due.setCalendarPopup(True)
        self.due.setDisplayFormat("dd.MM.yyyy")
        start = due or dt.date.today() + dt.timedelta(days=7)
        self.due.setDate(QDate(start.year, start.month, start.day))
        self.has_due.setChecked(due is not None or not what)
        self.due.setEnabled(self.has_due.isChecked())
        self.has_due.toggled.connect(self.due.setEnabled)
        self.note = QPlainTextEdit(note)
        self.note.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.what.textChanged.connect(self._check)

        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due, 1)
        form = QFormLayout(self)
        form.addRow(QLabel(f"For: {who}"))
        form.addRow("&Hva:", self.what)
        form.addRow(due_row)
        form.addRow("&Merknad:", self.note)
        form.addRow(self.buttons)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(bool(self.what.text().strip()))

    def values(self) -> tuple[str, dt.date | None, str]:
        """What, the due date (None without one) and the note, as entered."""
        due = self.due.date().toPython() if self.has_due.isChecked() else None
        return self.what.text(), due, self.note.toPlainText()  # type: ignore[return-value]
