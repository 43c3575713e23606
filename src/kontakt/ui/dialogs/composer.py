"""«Skriv e-post»: a personal message to each contact in a scope, with merge fields.

The recipients come from the selection, what is shown, a list or a saved
search; opted-out contacts and those without e-mail are left out and can be
listed. The preview shows the merged message for any recipient, and names
the recipients whose message cannot be built (a line break stored in a value
merged into the subject, say): they fail with the reason when sent. «Send»
stores the mailing, then sends in the background (progress, «Avbryt»);
without SMTP, «Åpne i e-postprogram» and «Kopier adresser» still reach people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.mailto import mailto_links
from kontakt.domain.records import ContactFilter
from kontakt.domain.templating import merge_values, render
from kontakt.domain.text import clean
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.services.catalog import CatalogService
from kontakt.services.outreach.inbox import InboxService
from kontakt.services.outreach.mailing import MailingPlan, MailingService, SendOutcome
from kontakt.services.outreach.message import MailDraft, Sender
from kontakt.services.outreach.outbox import NotConfigured, Outbox, Server
from kontakt.services.outreach.smtp import SmtpSettings
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.message_editor import MessageEditor
from kontakt.ui.widgets.recipient_problems import RecipientProblems
from kontakt.ui.widgets.scope_chooser import ScopeChooser
from kontakt.ui.widgets.task_panel import TaskPanel, error_text

PREVIEW_PEOPLE = 300

Store = Callable[[MailDraft, Sender, MailingPlan, str], int]
"""Stores the mailing (message, sender, recipients, the scope in words); returns its number."""


@dataclass(frozen=True)
class ComposerServices:
    """What writing and sending a mailing takes.

    Attributes:
        mailings: Plans the recipients and stores a plain mailing.
        catalog: The lists and saved searches «Hvem» offers.
        outbox: Sends the stored mailing.
        inbox: The mailbox replies are read from (its settings share the dialog).
    """

    mailings: MailingService
    catalog: CatalogService
    outbox: Outbox
    inbox: InboxService


class ComposerDialog(QDialog):
    """Write and send a mailing.

    Args:
        services: Planning, storing and sending.
        selected: Uids of the rows selected in the window.
        current: The window's current filter.
        describe: The current filter in words.
        parent: The parent window.
        title: The window title («Invitasjon» for an event's invitation, say).
        store: Stores the mailing tied to what it is for (an event's invitation,
            an idea-bank document, so that its recipients are recorded); by
            default a plain mailing.
        draft: The message to start from.
    """

    def __init__(
        self,
        services: ComposerServices,
        selected: list[str],
        current: ContactFilter,
        describe: str,
        parent: QWidget | None = None,
        *,
        title: str = "Skriv e-post",
        store: Store | None = None,
        draft: MailDraft | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self._store: Store = store or services.mailings.create
        self.mailing_id: int | None = None
        self.outcome: SendOutcome | None = None
        self.plan = MailingPlan()
        self.setWindowTitle(title)
        fit_to_screen(self, 980, 680)

        self.chooser = ScopeChooser(services.catalog, selected, current, describe)
        self.chooser.changed.connect(self.refresh_recipients)
        self.left_out_button = QPushButton("Vis &utelatte …")
        self.left_out_button.clicked.connect(self.show_left_out)

        self.editor = MessageEditor()
        self.editor.changed.connect(self.update_preview)
        # The fields the secretary (and the tests) reach through the dialog.
        self.subject, self.body = self.editor.subject, self.editor.body
        self.attachments = self.editor.attachments

        self.preview_person = QComboBox()
        self.preview_person.currentIndexChanged.connect(self.update_preview)
        self.problems_label = RecipientProblems(services.mailings)
        self.preview = QTextBrowser()
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(QLabel("Forhåndsvisning for:"))
        preview_layout.addWidget(self.preview_person)
        preview_layout.addWidget(self.problems_label)
        preview_layout.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.addWidget(self.editor)
        splitter.addWidget(preview)
        splitter.setSizes([560, 400])

        self.tasks = TaskPanel()
        self.tasks.busy_changed.connect(self._busy)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.send_button = QPushButton("Send")
        self.send_button.setDefault(True)
        self.send_button.clicked.connect(self.send)
        self.mailto_button = QPushButton("Åpne i e-postprogram")
        self.mailto_button.clicked.connect(self.open_in_mail_program)
        self.copy_button = QPushButton("Kopier adresser")
        self.copy_button.clicked.connect(self.copy_addresses)
        settings_button = QPushButton("Innstillinger for e-post …")
        settings_button.clicked.connect(self.edit_settings)
        self.close_button = QPushButton("Lukk")
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (settings_button, self.copy_button, self.mailto_button):
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(self.send_button)
        buttons.addWidget(self.close_button)

        top = QHBoxLayout()
        top.addWidget(self.chooser, 1)
        top.addWidget(self.left_out_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.tasks)
        layout.addWidget(self.done_label)
        layout.addLayout(buttons)
        if draft is not None:
            self.editor.fill(draft)
        self.refresh_recipients()

    # -- recipients and preview ------------------------------------------------------

    def refresh_recipients(self) -> None:
        """Plan the recipients of the chosen scope; the count and the preview follow."""
        try:
            self.plan = self.services.mailings.plan(self.chooser.scope())
        except KontaktError as exc:
            self.chooser.count_label.setText(str(exc))
            return
        self.problems_label.set_plan(self.plan)
        n, left = len(self.plan.recipients), len(self.plan.left_out)
        text = f"<b>{plural(n, 'mottaker', 'mottakere')}</b>"
        if left:
            text += f"; {left} utelates (reservert eller uten e-post)"
        self.chooser.count_label.setText(text)
        self.left_out_button.setEnabled(left > 0)
        self.preview_person.blockSignals(True)
        self.preview_person.clear()
        for row in self.plan.recipients[:PREVIEW_PEOPLE]:
            self.preview_person.addItem(f"{row.full_name} <{row.primary_email}>")
        self.preview_person.blockSignals(False)
        self.update_preview()

    def show_left_out(self) -> None:
        """List those who will not get the message, and why."""
        lines = [f"{x.name}: {x.reason}" for x in self.plan.left_out]
        QMessageBox.information(self, "Utelatte", "\n".join(lines[:200]) or "Ingen.")

    def update_preview(self) -> None:
        """Show the merged message for the chosen recipient, or what is wrong."""
        written = MailDraft(self.subject.text(), self.body.toPlainText()).cleaned()
        self.problems_label.check(written)
        index = self.preview_person.currentIndex()
        if index < 0 or index >= len(self.plan.recipients):
            self.preview.setPlainText("Ingen mottakere i utvalget.")
            return
        row = self.plan.recipients[index]
        values = merge_values(row)
        try:
            subject = render(written.subject, values)
            body = render(written.body, values)
        except KontaktError as exc:
            self.preview.setHtml(f'<p style="color:#b3261e">{exc}</p>')
            return
        problem = self.problems_label.reasons.get(row.uid)
        warning = f"Kan ikke sendes til denne mottakeren: {problem}\n\n" if problem else ""
        self.preview.setPlainText(f"{warning}Emne: {clean(subject)}\n\n{body}")

    # -- without SMTP ------------------------------------------------------------------

    def addresses(self) -> list[str]:
        """The recipients' addresses."""
        return [r.primary_email for r in self.plan.recipients]

    def copy_addresses(self) -> None:
        """«Kopier adresser»: to the clipboard, separated by «; » (what mail programs take)."""
        QGuiApplication.clipboard().setText("; ".join(self.addresses()))
        self.done_label.setText(f"{len(self.addresses())} adresser er kopiert.")

    def open_in_mail_program(self) -> None:
        """«Åpne i e-postprogram»: one new message per chunk of addresses (in BCC)."""
        links = mailto_links(self.addresses(), self.subject.text())
        if len(links) > 1:
            answer = QMessageBox.question(
                self,
                "Åpne i e-postprogram",
                f"Mottakerne deles på {len(links)} e-poster fordi e-postprogrammer har en "
                "grense for hvor mange adresser en lenke kan ha. Åpne dem nå?",
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        for link in links:
            QDesktopServices.openUrl(QUrl(link))
        self.done_label.setText(
            "Flettefeltene fylles ikke ut i e-postprogrammet; skriv en felles hilsen."
        )

    # -- sending -------------------------------------------------------------------------

    def edit_settings(self) -> None:
        """Open «Innstillinger for e-post»."""
        from kontakt.ui.dialogs.mail_settings import MailSettingsDialog

        MailSettingsDialog(self.services.outbox, self.services.inbox, self).exec()

    def _server(self) -> Server | None:
        """The saved server with its password; None when not set up or not given."""
        try:
            return self.services.outbox.saved_server(ask=self._ask_password)
        except NotConfigured:
            QMessageBox.information(
                self,
                "E-post er ikke satt opp",
                "Fyll inn e-posttjener og avsender under «Innstillinger for e-post» først, "
                "eller bruk «Åpne i e-postprogram».",
            )
            return None

    def _ask_password(self, smtp: SmtpSettings) -> str | None:
        password, ok = QInputDialog.getText(
            self, "Passord", f"Passord for {smtp.user} (lagres ikke):", QLineEdit.EchoMode.Password
        )
        return password if ok else None

    def written(self) -> MailDraft:
        """The message as written (the newsletter's dialog makes it from Markdown).

        Raises:
            KontaktError: It cannot be made (a Norwegian message).
        """
        return self.editor.draft()

    def send(self) -> None:
        """«Send»: check, confirm, store the mailing, then send in the background."""
        try:
            draft = self.written()
            draft.check()
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        if not self.plan.recipients:
            self.tasks.show_error("Ingen mottakere i utvalget.")
            return
        server = self._server()
        if server is None:
            return
        n = len(self.plan.recipients)
        unsendable = len(self.problems_label.reasons)
        answer = QMessageBox.question(
            self,
            "Send",
            f"Sende en personlig e-post til {plural(n, 'mottaker', 'mottakere')}?"
            + (
                f" {unsendable} av dem kan ikke få den (se forhåndsvisningen)."
                if unsendable
                else ""
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self.start_sending(draft, server)

    def start_sending(self, draft: MailDraft, server: Server) -> None:
        """Store the mailing and send it (the part of «Send» after the questions)."""
        scope = self.chooser.title() or "Alle kontakter"
        try:
            self.mailing_id = self._store(draft, server.sender, self.plan, scope)
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        self.done_label.clear()
        self.tasks.run(
            "Sender",
            self.services.outbox.send_steps,
            self.mailing_id,
            server,
            on_result=self._sent,
            on_error=lambda exc: self.tasks.show_error(error_text(exc)),
            on_cancel=self._cancelled,
            detach_on_cancel=False,
            units=("e-post", "e-poster"),
        )

    def _sent(self, outcome: object) -> None:
        assert isinstance(outcome, SendOutcome)
        self.outcome = outcome
        self.done_label.setText(outcome.text())
        self.send_button.setEnabled(False)

    def _cancelled(self) -> None:
        self.done_label.setText(
            f"Utsendingen er stoppet. Resten kan sendes senere med «Fortsett utsending» "
            f"(utsending nr. {self.mailing_id})."
        )
        self.send_button.setEnabled(False)

    def _busy(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy and self.outcome is None)
        self.close_button.setEnabled(not busy)

    def reject(self) -> None:
        """Closing is refused while messages are going out («Avbryt» first)."""
        if not self.tasks.busy:
            super().reject()
