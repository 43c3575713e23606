"""«Utsendinger»: every mailing and how far it came; «Fortsett utsending» and decisions.

A mailing stopped by a crash, a closed window, the daily cap or a server
error keeps its pending recipients; «Fortsett utsending» sends only those.
A recipient left in «sender» by a crash may already have the message: the
secretary decides («Regn som sendt» or «Send på nytt»); nothing is re-sent
on its own. Under the chosen mailing, «Svar» lists what came back to it
(replies, opt-outs, returned messages) once «Hent svar» has applied them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.services.outreach.inbox import InboxService
from kontakt.services.outreach.mailing import (
    MailingService,
    MailingSummary,
    RecipientStatus,
    SendOutcome,
)
from kontakt.services.outreach.mailing_report import MailingReports
from kontakt.services.outreach.outbox import NotConfigured, Outbox
from kontakt.ui.dialogs.mailing_report_dialog import MailingReportDialog
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.form import closing_buttons
from kontakt.ui.widgets.response_list import ResponseList
from kontakt.ui.widgets.task_panel import TaskPanel, error_text

COLUMNS = ("Nr.", "Dato", "Emne", "Sendt", "Feilet", "Venter", "Usikre")


class MailingsDialog(QDialog):
    """The list of mailings with the actions that finish them.

    Args:
        mailings: The mailings and their recipients.
        outbox: Sends what is left of one.
        inbox: What came back to a mailing.
        reports: One mailing in full, for «Vis …».
        parent: The parent window.
    """

    def __init__(
        self,
        mailings: MailingService,
        outbox: Outbox,
        inbox: InboxService,
        reports: MailingReports,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.mailings = mailings
        self.outbox = outbox
        self.reports = reports
        self.report_dialog: MailingReportDialog | None = None
        self.setWindowTitle("Utsendinger")
        fit_to_screen(self, 820, 520)
        self._shown: int | None = None  # the mailing whose answers are listed
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.verticalHeader().setVisible(False)
        self.table.itemSelectionChanged.connect(self._enable)
        self.table.itemDoubleClicked.connect(lambda _item: self.show_report())
        self.show_button = QPushButton("&Vis …")
        self.show_button.setToolTip("Meldingen som sendt, mottakerne og svarene; lagre som Excel")
        self.show_button.clicked.connect(self.show_report)
        self.resume_button = QPushButton("Fortsett utsending")
        self.resume_button.clicked.connect(self.resume)
        self.retry_button = QPushButton("Prøv de feilede på nytt")
        self.retry_button.clicked.connect(self.retry_failed)
        self.sent_button = QPushButton("Usikre: regn som sendt")
        self.sent_button.clicked.connect(lambda: self.settle(delivered=True))
        self.resend_button = QPushButton("Usikre: send på nytt")
        self.resend_button.clicked.connect(lambda: self.settle(delivered=False))
        self.details = QLabel()
        self.details.setWordWrap(True)
        self.responses = ResponseList(inbox.responses)
        self.tasks = TaskPanel()
        self.tasks.busy_changed.connect(lambda _busy: self._enable())
        buttons = closing_buttons(
            (
                self.show_button,
                self.resume_button,
                self.retry_button,
                self.sent_button,
                self.resend_button,
            ),
            self.reject,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.details)
        layout.addWidget(self.responses)
        layout.addWidget(self.tasks)
        layout.addLayout(buttons)
        self.refresh()

    def refresh(self) -> None:
        """Read the mailings again."""
        chosen = self.selected_id()
        self._mailings = self.mailings.mailings()
        self.table.setRowCount(len(self._mailings))
        for r, m in enumerate(self._mailings):
            local = m.created_at.astimezone()
            cells = (
                str(m.id),
                f"{local:%d.%m.%Y %H:%M}",
                m.subject,
                str(m.count(RecipientStatus.SENT)),
                str(m.count(RecipientStatus.FAILED)),
                str(m.count(RecipientStatus.PENDING)),
                str(m.count(RecipientStatus.SENDING)),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if c != 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(r, c, item)
            # The one chosen before, else the newest: the buttons then say what they can do.
            if m.id == chosen or (chosen is None and r == 0):
                self.table.selectRow(r)
        self.table.resizeColumnsToContents()
        self._enable()

    def selected(self) -> MailingSummary | None:
        """The chosen mailing."""
        rows = self.table.selectionModel().selectedRows()
        return self._mailings[rows[0].row()] if rows else None

    def selected_id(self) -> int | None:
        """The chosen mailing's number."""
        chosen = self.selected() if hasattr(self, "_mailings") else None
        return chosen.id if chosen else None

    def _enable(self) -> None:
        m = self.selected()
        busy = self.tasks.busy
        self.resume_button.setEnabled(bool(m and m.count(RecipientStatus.PENDING)) and not busy)
        self.retry_button.setEnabled(bool(m and m.count(RecipientStatus.FAILED)) and not busy)
        self.show_button.setEnabled(m is not None)
        uncertain = bool(m and m.count(RecipientStatus.SENDING)) and not busy
        self.sent_button.setEnabled(uncertain)
        self.resend_button.setEnabled(uncertain)
        self.details.setText(self._describe(m) if m else "")
        if m is None or m.id != self._shown:
            self._shown = m.id if m else None
            self.responses.show_for(self._shown)

    def show_report(self) -> None:
        """«Vis …»: the chosen mailing in full."""
        chosen = self.selected_id()
        if chosen is None:
            return
        self.report_dialog = MailingReportDialog(self.reports.report(chosen), self)
        self.report_dialog.exec()

    def _describe(self, m: MailingSummary) -> str:
        lines = []
        for r in self.mailings.recipients(m.id, RecipientStatus.SENDING)[:10]:
            lines.append(f"Usikker: {r.name} &lt;{r.address}&gt; var under sending da det stoppet.")
        for r in self.mailings.recipients(m.id, RecipientStatus.FAILED)[:10]:
            lines.append(f"Feilet: {r.name} &lt;{r.address}&gt;: {r.error}")
        return "<br>".join(lines)

    def settle(self, delivered: bool) -> None:
        """Decide about the uncertain recipients of the chosen mailing."""
        m = self.selected()
        if m is None:
            return
        self.mailings.settle_uncertain(m.id, delivered)
        self.refresh()

    def retry_failed(self) -> None:
        """Queue the failed recipients again (then «Fortsett utsending»)."""
        m = self.selected()
        if m is None:
            return
        self.mailings.retry_failed(m.id)
        self.refresh()

    def resume(self) -> None:
        """«Fortsett utsending»: send the chosen mailing's pending recipients."""
        m = self.selected()
        if m is None:
            return
        try:
            server = self.outbox.saved_server()
        except NotConfigured:
            QMessageBox.information(
                self, "E-post er ikke satt opp", "Fyll inn «Innstillinger for e-post» først."
            )
            return
        assert server is not None  # nobody is asked for a password here
        self.tasks.run(
            "Sender",
            self.outbox.send_steps,
            m.id,
            server,
            on_result=self._done,
            on_error=self._failed,
            on_cancel=self.refresh,
            detach_on_cancel=False,
            units=("e-post", "e-poster"),
        )

    def _done(self, outcome: object) -> None:
        assert isinstance(outcome, SendOutcome)
        self.refresh()
        self.details.setText(outcome.text())

    def _failed(self, exc: object) -> None:
        self.refresh()
        self.tasks.show_error(error_text(exc))

    def reject(self) -> None:
        """Closing waits for «Avbryt» while messages are going out."""
        if not self.tasks.busy:
            super().reject()
