"""The reminder of follow-ups due: a button in the status bar, and a word once a day.

Counted (one indexed query) once the window has painted its rows, after each
change, and each half hour while the window is open; when the day has turned
and something is due today or overdue, the status bar says so once that day.
Never a modal popup: the secretary is not interrupted every minute.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QPushButton, QWidget

from kontakt.domain.wording import plural
from kontakt.services.followups import FollowUpService

EVERY_MS = 30 * 60_000


class FollowUpReminder(QObject):
    """Says how many follow-ups are due, and opens the list.

    Args:
        followups: Counts the follow-ups due.
        open_list: Opens «Oppfølging».
        show_status: Shows a line in the status bar.
        today: The date (the tests turn the day).
        parent: The window (the timers belong to it).
        painted: The widget whose first paint lets the counting start.

    Attributes:
        button: «N oppfølginger forfalt» for the status bar, hidden when none are due.
        due: The count last read.
        announced: The day the status bar last said so (once a day).
        today: The clock (replaceable, so a test can turn the day).
    """

    def __init__(
        self,
        followups: FollowUpService,
        open_list: Callable[[], object],
        show_status: Callable[[str], None],
        today: Callable[[], dt.date],
        parent: QWidget,
        painted: QWidget,
    ) -> None:
        super().__init__(parent)
        self._followups = followups
        self._show_status = show_status
        self.today = today
        self.due = 0
        self.announced: dt.date | None = None
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.setVisible(False)
        self.button.clicked.connect(open_list)
        self._timer = QTimer(self)
        self._timer.setInterval(EVERY_MS)
        self._timer.timeout.connect(self.refresh)
        self._painted = False
        self._watched = painted
        painted.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Paint:
            self._painted = True
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self.refresh)  # after this paint
            self._timer.start()
        return False

    def stop(self) -> None:
        """No more counting (the window is closing; its database may be closed next)."""
        self._timer.stop()
        self._painted = False

    def refresh(self) -> None:
        """Count what is due today or earlier, show it, and say so once a day."""
        if not self._painted:
            return
        today = self.today()
        self.due = self._followups.due_count(today)
        what = plural(self.due, "oppfølging", "oppfølginger")
        self.button.setText(f"{what} å gjøre")
        self.button.setToolTip(f"{what} har frist i dag eller er forfalt. Klikk for å se listen.")
        self.button.setVisible(self.due > 0)
        if self.due and self.announced != today:
            self.announced = today
            self._show_status(f"Påminnelse: {what} har frist i dag eller er forfalt.")
