"""The reminder that contacts are due for review: in the status bar and the «Fil» menu.

Personal data is kept only while it is needed, and the review only helps if
the secretary knows it is due. The count (contacts not confirmed for the
months set in the review, 24 by default) is a scan of the contact table
(about 25 ms at 100,000 contacts), so it is read only once the window has
painted its rows, and then after each change, never in the way of a keystroke.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QPushButton, QWidget

from kontakt.domain.preferences import REVIEW_MONTHS
from kontakt.domain.wording import plural
from kontakt.services.retention import RetentionService
from kontakt.services.settings import SettingsService

MENU_TEXT = "Gjennomgang av kontakter …"


class ReviewReminder(QObject):
    """Says how many contacts are due for review, and opens the review.

    Args:
        retention: Counts the contacts due.
        settings: The database's preferences (the months of the review).
        open_review: Opens the review dialog.
        parent: The window (the timer and the action belong to it).
        painted: The widget whose first paint lets the counting start (the table's
            viewport): a zero timer alone would fire before the window is painted.

    Attributes:
        action: The «Fil» menu's item, «Gjennomgang av kontakter (N til vurdering) …».
        button: For the status bar: «N til gjennomgang», hidden when none are due.
        due: The count last read.
    """

    def __init__(
        self,
        retention: RetentionService,
        settings: SettingsService,
        open_review: Callable[[], object],
        parent: QWidget,
        painted: QWidget,
    ) -> None:
        super().__init__(parent)
        self._retention = retention
        self._settings = settings
        self.due = 0
        self.action = QAction(MENU_TEXT, parent)
        self.action.triggered.connect(open_review)
        self.button = QPushButton()
        self.button.setFlat(True)
        self.button.setVisible(False)
        self.button.clicked.connect(open_review)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.refresh)
        self._painted = False
        self._pending = False
        self._watched = painted
        painted.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.Paint:
            self._painted = True
            watched.removeEventFilter(self)
            if self._pending:
                self._timer.start()  # runs after this paint is done
        return False

    def schedule(self) -> None:
        """Count again once the event loop is free and the window has painted."""
        if self._painted:
            self._timer.start()
        else:
            self._pending = True

    def stop(self) -> None:
        """No more counting (the window is closing; its database may be closed next)."""
        self._pending = False
        self._timer.stop()

    def refresh(self) -> None:
        """Count the contacts due now and show it."""
        months = self._settings.get(REVIEW_MONTHS)
        self.due = self._retention.count_due(months)
        self.action.setText(
            f"Gjennomgang av kontakter ({self.due} til vurdering) …" if self.due else MENU_TEXT
        )
        self.button.setText(f"{self.due} til gjennomgang")
        self.button.setToolTip(
            f"{plural(self.due, 'kontakt', 'kontakter')} er ikke bekreftet på "
            f"{months} måneder. Klikk for å gå gjennom dem."
        )
        self.button.setVisible(self.due > 0)
