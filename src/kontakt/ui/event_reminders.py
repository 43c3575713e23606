"""The day-before reminders of events, sent by the window while it is open.

Shortly after the window opens, and every quarter of an hour after, the
reminders that are due (:meth:`EventMail.due_reminders`: 18:00 the day before,
or the time set) are stored and sent in the background through the saved
mail server, and the status bar says so. Each event's reminder is claimed in
the database as it is stored, so the window on another machine, or
``kontakt events remind`` from a script, never sends it a second time.

Nothing is sent when mail is not set up, or when the server needs a password
that is not in the keyring: the window does not interrupt the secretary to
ask for it (``kontakt events remind`` can be run instead, and «Fortsett
utsending» resumes a reminder that was stopped).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QWidget

from kontakt.domain.wording import plural
from kontakt.services.outreach.event_mail import EventMail
from kontakt.services.outreach.mailing import RecipientStatus, SendOutcome
from kontakt.services.outreach.outbox import NotConfigured, Outbox, Server
from kontakt.services.steps import drive
from kontakt.ui.workers import Worker

log = logging.getLogger(__name__)

FIRST_CHECK_MS = 30_000  # after the start, out of the way of the first paint and search
EVERY_MS = 15 * 60_000


class EventReminders(QObject):
    """Sends due event reminders in the background.

    Args:
        event_mail: Finds and stores the reminders.
        outbox: The saved server, and the sending.
        parent: The window (the timer belongs to it).
        show_status: Shows a line in the status bar.

    Attributes:
        worker: The sending under way, if any.
        last_sent: Messages the last run sent.
    """

    def __init__(
        self,
        event_mail: EventMail,
        outbox: Outbox,
        parent: QWidget,
        show_status: Callable[[str], None],
    ) -> None:
        super().__init__(parent)
        self._event_mail = event_mail
        self._outbox = outbox
        self._show_status = show_status
        self.worker: Worker | None = None
        self.last_sent = 0
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        """Look first shortly after now, then every quarter of an hour."""
        self._timer.start(FIRST_CHECK_MS)

    def _tick(self) -> None:
        self._timer.setInterval(EVERY_MS)
        self.check()

    def stop(self) -> None:
        """No more looking (the window is closing; its database may be closed next)."""
        self._timer.stop()

    def check(self) -> Worker | None:
        """Send the reminders that are due now; returns the worker, or None if nothing runs."""
        if self.worker is not None or not self._event_mail.due_reminders():
            return None
        try:
            server = self._outbox.saved_server(ask=None)
        except NotConfigured:
            return None
        if server is None or (server.smtp.user and not server.password):
            log.info("event reminders due, but no stored password to send them with")
            return None
        worker = Worker(self._send, server)
        worker.signals.result.connect(self._sent)
        worker.signals.error.connect(lambda exc: self._show_status(f"Påminnelsene: {exc}"))
        worker.signals.finished.connect(self._finished)
        self.worker = worker.start()
        return worker

    def _send(self, server: Server) -> int:
        """On the worker thread: store the due reminders and send them; returns messages sent."""
        sent = 0
        for mailing_id in self._event_mail.create_reminders(server.sender):
            outcome: SendOutcome = drive(self._outbox.send_steps(mailing_id, server))
            sent += outcome.summary.count(RecipientStatus.SENT)
        return sent

    def _sent(self, sent: int) -> None:
        self.last_sent = sent
        if sent:
            who = plural(sent, "person", "personer")
            self._show_status(f"Påminnelse om arrangement sendt til {who}.")

    def _finished(self) -> None:
        self.worker = None
