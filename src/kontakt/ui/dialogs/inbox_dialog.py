"""«Hent svar»: read the mailbox, show what Kontakt proposes, apply what the secretary approves.

Fetching runs in the background (progress, «Avbryt») and changes nothing:
the messages are read without being marked as read. Every proposed change
is listed with who, what and why, and the message it comes from; the
secretary ticks what to apply («Godta alle» or «Bruk valgte»). The applied
changes are one step on the window's undo history (Ctrl+Z).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.errors import KontaktError
from kontakt.services.ideabank.uses import ReplyUse
from kontakt.services.outreach.imap import ImapSettings
from kontakt.services.outreach.inbox import FetchResult, ImapServer, InboxService, Proposal
from kontakt.services.outreach.inbox_model import Action
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.document_uses import ReplyUses
from kontakt.ui.widgets.task_panel import TaskPanel

AskPassword = Callable[[ImapSettings], "str | None"]
"""Asks for the mailbox password (None: the user declined)."""

HEADERS = ("Bruk", "Hva", "Hvem", "E-post", "Hvorfor")
SINCE_DAYS = 30
"""By default, messages of the last 30 days are read."""


def _when(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone():%d.%m.%Y %H:%M}" if moment is not None else ""


def summary_text(result: FetchResult) -> str:
    """What a fetch found, in one paragraph."""
    read = len(result.messages)
    parts = [f"Leste {read} nye {'melding' if read == 1 else 'meldinger'}"]
    parts.append(f"{len(result.proposals)} forslag til endringer")
    if result.auto_replies:
        parts.append(f"{result.auto_replies} automatiske svar (ikke brukt)")
    if result.unmatched:
        parts.append(f"{result.unmatched} som ikke gjelder noe Kontakt har sendt (urørt)")
    return ", ".join(parts) + "."


class InboxDialog(QDialog):
    """Fetch replies, review the proposals, apply the chosen ones.

    Args:
        inbox: Reads the mailbox and applies the changes.
        ask_password: Asks for the password when none is stored.
        parent: The main window.
        reply_uses: Offers «Registrer bruk av dokumentet …» for a reply to a
            mailing that carried an idea-bank document.

    Signals:
        applied(str, str): A description and the change id of applied changes (for undo).
    """

    applied = Signal(str, str)

    def __init__(
        self,
        inbox: InboxService,
        ask_password: AskPassword | None = None,
        parent: QWidget | None = None,
        reply_uses: ReplyUses | None = None,
    ) -> None:
        super().__init__(parent)
        self.inbox = inbox
        self.reply_uses = reply_uses
        self._ask_password = ask_password
        self.found: FetchResult | None = None
        self._server: ImapServer | None = None
        self.setWindowTitle("Hent svar fra innboksen")
        fit_to_screen(self, 980, 620)

        self.since = QDateEdit(QDate.currentDate().addDays(-SINCE_DAYS))
        self.since.setCalendarPopup(True)
        self.since.setDisplayFormat("dd.MM.yyyy")
        self.fetch_button = QPushButton("&Hent svar")
        self.fetch_button.setDefault(True)
        self.fetch_button.clicked.connect(self.fetch)
        top = QHBoxLayout()
        top.addWidget(QLabel("Meldinger kommet siden:"))
        top.addWidget(self.since)
        top.addWidget(self.fetch_button)
        top.addStretch()

        self.summary = QLabel(
            "Kontakt leser svar, avmeldinger, returmeldinger og svar på invitasjoner fra "
            "innboksen og foreslår hva som skal endres. Ingenting endres før du godtar det."
        )
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableWidget.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.currentCellChanged.connect(lambda row, *_: self._show_message(row))
        self.message = QPlainTextEdit()
        self.message.setReadOnly(True)
        self.message.setPlaceholderText("Velg en rad for å se meldingen den kommer fra.")
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(self.message)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        self.tasks = TaskPanel()
        self.apply_all_button = QPushButton("Godta &alle")
        self.apply_all_button.clicked.connect(self.apply_all)
        self.apply_chosen_button = QPushButton("&Bruk valgte")
        self.apply_chosen_button.clicked.connect(self.apply_chosen)
        self.use_button = QPushButton("Registrer bruk av dokumentet …")
        self.use_button.setToolTip(
            "Svaret gjelder et dokument fra idébanken: registrer hvor det er brukt"
        )
        self.use_button.clicked.connect(self.register_use)
        self.use_button.setVisible(reply_uses is not None)
        self.use_button.setEnabled(False)
        self.close_button = QPushButton("&Lukk")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        note = QLabel("Meldinger du ikke bruker, blir ikke foreslått igjen.")
        note.setWordWrap(True)
        buttons.addWidget(note, 1)
        buttons.addWidget(self.use_button)
        buttons.addWidget(self.apply_all_button)
        buttons.addWidget(self.apply_chosen_button)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(split, 1)
        layout.addWidget(self.tasks)
        layout.addLayout(buttons)
        self._set_applicable(False)

    # -- fetching --------------------------------------------------------------------

    def _mailbox(self) -> ImapServer | None:
        """The saved mailbox with its password (asked for if none is stored)."""
        server = self.inbox.saved_mailbox()
        if server.password or self._ask_password is None:
            return server
        typed = self._ask_password(server.settings)
        return None if typed is None else ImapServer(server.settings, typed)

    def fetch(self) -> None:
        """«Hent svar»: read new messages in the background and list the proposals."""
        try:
            server = self._mailbox()
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        if server is None:
            return
        self._server = server
        since = self.since.date().toPython()
        self.fetch_button.setEnabled(False)
        self._set_applicable(False)
        self.tasks.run(
            "Henter svar …",
            self.inbox.fetch_steps,
            server,
            since,
            on_result=self._fetched,
            on_error=self._failed,
            on_cancel=lambda: self.fetch_button.setEnabled(True),
            units=("melding", "meldinger"),
        )

    def _failed(self, exc: object) -> None:
        self.fetch_button.setEnabled(True)
        self.tasks.show_error(str(exc))

    def _fetched(self, result: FetchResult) -> None:
        self.fetch_button.setEnabled(True)
        self.found = result
        self.summary.setText(summary_text(result))
        self.table.setRowCount(0)
        self.message.clear()
        for proposal in result.proposals:
            self._add_row(proposal)
        self._set_applicable(bool(result.messages))
        if result.proposals:
            self.table.setCurrentCell(0, 1)

    def _add_row(self, p: Proposal) -> None:
        assert self.found is not None
        info = self.found.messages[p.message]
        row = self.table.rowCount()
        self.table.insertRow(row)
        tick = QTableWidgetItem()
        tick.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        tick.setCheckState(Qt.CheckState.Checked)
        tick.setData(Qt.ItemDataRole.UserRole, p.key)
        self.table.setItem(row, 0, tick)
        why = p.why + (f" ({p.reason})" if p.reason else "")
        for column, text in enumerate((p.what, p.contact_name, p.address, why), 1):
            item = QTableWidgetItem(text)
            item.setToolTip(f"{why}\n{_when(info.date)}  {info.subject}")
            self.table.setItem(row, column, item)

    def _reply_offer(self) -> tuple[Proposal, ReplyUse] | None:
        """The selected reply and the document use it may record, if any."""
        row = self.table.currentRow()
        if self.reply_uses is None or self.found is None:
            return None
        if not 0 <= row < len(self.found.proposals):
            return None
        p = self.found.proposals[row]
        if p.action is not Action.REPLY:
            return None
        offer = self.reply_uses.offer(p.mailing_id, p.contact_uid)
        return (p, offer) if offer is not None else None

    def register_use(self) -> None:
        """«Registrer bruk av dokumentet …»: the use form, prefilled from the reply."""
        found = self._reply_offer()
        if found is None or self.reply_uses is None:
            return
        p, offer = found
        if self.reply_uses.register(offer, p.contact_name, self):
            self.summary.setText(f"Registrerte bruk av «{offer.title}» for {p.contact_name}.")

    def _show_message(self, row: int) -> None:
        offer = self._reply_offer()
        self.use_button.setEnabled(offer is not None)
        self.use_button.setToolTip(
            f"Registrer hvor «{offer[1].title}» er brukt" if offer else self.use_button.toolTip()
        )
        if self.found is None or not 0 <= row < len(self.found.proposals):
            self.message.clear()
            return
        p = self.found.proposals[row]
        info = self.found.messages[p.message]
        sender = f"{info.sender_name} <{info.sender}>" if info.sender_name else info.sender
        lines = [
            f"Forslag: {p.what} – {p.why}",
            f"Fra: {sender}",
            f"Dato: {_when(info.date)}",
            f"Emne: {info.subject}",
            f"Mappe: {info.folder}",
        ]
        if p.mailing_subject:
            lines.append(f"Gjelder utsendingen: {p.mailing_subject}")
        if p.reason:
            lines.append(f"Tjenerens begrunnelse: {p.reason}")
        self.message.setPlainText("\n".join(lines) + "\n\n" + info.first_lines)

    # -- applying --------------------------------------------------------------------

    def _set_applicable(self, on: bool) -> None:
        self.apply_all_button.setEnabled(on)
        self.apply_chosen_button.setEnabled(on)

    def chosen_keys(self) -> list[int]:
        """The keys of the ticked proposals."""
        keys = []
        for row in range(self.table.rowCount()):
            item = self.table.item(row, 0)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                keys.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return keys

    def apply_all(self) -> None:
        """«Godta alle»."""
        if self.found is not None:
            self._apply([p.key for p in self.found.proposals])

    def apply_chosen(self) -> None:
        """«Bruk valgte»."""
        self._apply(self.chosen_keys())

    def _apply(self, keys: list[int]) -> None:
        result = self.found
        if result is None:
            return
        try:
            done = self.inbox.apply(result, keys)
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        self.found = None
        self.table.setRowCount(0)
        self.message.clear()
        self._set_applicable(False)
        self.summary.setText(done.text())
        if done.total:
            self.applied.emit(f"Svar fra innboksen: {done.text()}", done.change_id)
        server = self._server
        if server is not None and server.settings.move_processed and result.messages:
            self.tasks.run(
                "Flytter behandlede meldinger til «Kontakt» …",
                self.inbox.move_processed,
                server,
                result,
                on_result=lambda n: self.summary.setText(
                    f"{done.text()} {n} meldinger flyttet til mappen «Kontakt»."
                ),
                cancellable=False,
            )
