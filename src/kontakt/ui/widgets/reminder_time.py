"""«Påminnelse dagen før kl. 18:00»: when the day-before reminder of events goes.

A database setting (the board shares it), shown and changed in the events
window; ``kontakt events reminder-time`` does the same from the command line.
"""

from __future__ import annotations

from PySide6.QtCore import QTime
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTimeEdit, QWidget

from kontakt.errors import KontaktError
from kontakt.services.outreach.event_mail import EventMail


class ReminderTime(QWidget):
    """The reminder's time of day, saved as soon as it is changed.

    Args:
        event_mail: Keeps the setting.
        parent: The events window.
    """

    def __init__(self, event_mail: EventMail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._event_mail = event_mail
        at = event_mail.reminder_time()
        self.edit = QTimeEdit(QTime(at.hour, at.minute))
        self.edit.setDisplayFormat("HH:mm")
        self.edit.setToolTip(
            "Påminnelsen går dagen før arrangementet til de inviterte som ikke har takket nei"
        )
        self.edit.editingFinished.connect(self.save)
        label = QLabel("&Påminnelse dagen før kl.")
        label.setBuddy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(label)
        layout.addWidget(self.edit)

    def save(self) -> None:
        """Store the time shown (a failure puts back the stored one)."""
        try:
            self._event_mail.set_reminder_time(self.edit.time().toString("HH:mm"))
        except KontaktError:
            at = self._event_mail.reminder_time()
            self.edit.setTime(QTime(at.hour, at.minute))
