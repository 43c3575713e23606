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

from functools import partial
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMenu,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.app import Core
from kontakt.domain.mailto import mailto_links
from kontakt.domain.records import ContactFilter
from kontakt.domain.templating import FIELDS, merge_values, render
from kontakt.domain.text import clean
from kontakt.errors import KontaktError
from kontakt.services.outreach.mailing import MailingPlan, SendOutcome
from kontakt.services.outreach.message import Attachment, MailDraft, Sender
from kontakt.services.outreach.settings import KeyringUnavailable, get_password, load_settings
from kontakt.services.outreach.smtp import SmtpConnection
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.recipient_problems import RecipientProblems
from kontakt.ui.widgets.scope_chooser import ScopeChooser
from kontakt.ui.widgets.task_panel import TaskPanel, error_text, plural

PREVIEW_PEOPLE = 300


class ComposerDialog(QDialog):
    """Write and send a mailing.

    With ``event_id``, an event's invitation; with ``document_id``, an idea-bank
    document (``draft`` fills in the message, the mailing is tied to the
    document so that its recipients are recorded).
    """

    def __init__(
        self,
        core: Core,
        selected: list[str],
        current: ContactFilter,
        describe: str,
        parent: QWidget | None = None,
        event_id: int | None = None,
        document_id: int | None = None,
        draft: MailDraft | None = None,
        as_attachment: bool = True,
    ) -> None:
        super().__init__(parent)
        self.core = core
        self.event_id = event_id
        # An idea-bank document being sent: the mailing is tied to it (its recipients).
        self.document_id = document_id
        self.as_attachment = as_attachment
        self.mailing_id: int | None = None
        self.outcome: SendOutcome | None = None
        self.plan = MailingPlan()
        self.setWindowTitle(
            "Invitasjon" if event_id else "Send dokument" if document_id else "Skriv e-post"
        )
        fit_to_screen(self, 980, 680)

        self.chooser = ScopeChooser(core, selected, current, describe)
        self.chooser.changed.connect(self.refresh_recipients)
        self.left_out_button = QPushButton("Vis &utelatte …")
        self.left_out_button.clicked.connect(self.show_left_out)

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

        form = QFormLayout()
        form.addRow("&Emne:", self.subject)
        write = QWidget()
        write_layout = QVBoxLayout(write)
        write_layout.setContentsMargins(0, 0, 0, 0)
        write_layout.addLayout(form)
        tools = QHBoxLayout()
        tools.addWidget(fields)
        tools.addStretch()
        write_layout.addLayout(tools)
        write_layout.addWidget(self.body, 3)
        write_layout.addWidget(self.html_box)
        write_layout.addWidget(self.html, 2)
        files = QHBoxLayout()
        files.addWidget(self.attachments, 1)
        file_buttons = QVBoxLayout()
        file_buttons.addWidget(attach)
        file_buttons.addWidget(remove)
        files.addLayout(file_buttons)
        write_layout.addWidget(QLabel("Vedlegg (sendes med hver e-post):"))
        write_layout.addLayout(files)

        self.preview_person = QComboBox()
        self.preview_person.currentIndexChanged.connect(self.update_preview)
        self.problems_label = RecipientProblems(core.mailings)
        self.preview = QTextBrowser()
        preview = QWidget()
        preview_layout = QVBoxLayout(preview)
        preview_layout.setContentsMargins(0, 0, 0, 0)
        preview_layout.addWidget(QLabel("Forhåndsvisning for:"))
        preview_layout.addWidget(self.preview_person)
        preview_layout.addWidget(self.problems_label)
        preview_layout.addWidget(self.preview, 1)
        splitter = QSplitter()
        splitter.addWidget(write)
        splitter.addWidget(preview)
        splitter.setSizes([560, 400])
        for editor in (self.subject, self.body, self.html):
            signal = editor.textChanged
            signal.connect(self.update_preview)

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
            self.fill(draft)
        self.refresh_recipients()

    # -- recipients and preview ------------------------------------------------------

    def refresh_recipients(self) -> None:
        """Plan the recipients of the chosen scope; the count and the preview follow."""
        try:
            self.plan = self.core.mailings.plan(self.chooser.scope())
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

    def fill(self, draft: MailDraft) -> None:
        """Start from a prepared message (subject, text and attachments)."""
        self.subject.setText(draft.subject)
        self.body.setPlainText(draft.body)
        for attachment in draft.attachments:
            self._files.append(attachment)
            self.attachments.addItem(attachment.filename)

    def show_left_out(self) -> None:
        """List those who will not get the message, and why."""
        lines = [f"{x.name}: {x.reason}" for x in self.plan.left_out]
        QMessageBox.information(self, "Utelatte", "\n".join(lines[:200]) or "Ingen.")

    def draft(self) -> MailDraft:
        """The message as written."""
        return MailDraft(
            self.subject.text(),
            self.body.toPlainText(),
            self.html.toPlainText() if self.html_box.isChecked() else "",
            tuple(Attachment.from_path(p) if isinstance(p, Path) else p for p in self._files),
        )

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

    def insert_field(self, name: str) -> None:
        """Put ``{name}`` at the cursor of the subject or the body."""
        target = self.subject if self.subject.hasFocus() else None
        if target is not None:
            target.insert(f"{{{name}}}")
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

        MailSettingsDialog(self).exec()

    def _connection(self) -> tuple[object, object] | None:
        """(connect, limits) from the saved settings; None when not set up."""
        settings = load_settings()
        if not settings.configured:
            QMessageBox.information(
                self,
                "E-post er ikke satt opp",
                "Fyll inn e-posttjener og avsender under «Innstillinger for e-post» først, "
                "eller bruk «Åpne i e-postprogram».",
            )
            return None
        try:
            password = get_password(settings.smtp)
        except KeyringUnavailable:
            password = ""
        if settings.smtp.user and not password:
            password, ok = QInputDialog.getText(
                self,
                "Passord",
                f"Passord for {settings.smtp.user} (lagres ikke):",
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return None
        smtp = settings.smtp
        return (lambda: SmtpConnection(smtp, password)), settings.limits

    def send(self) -> None:
        """«Send»: check, confirm, store the mailing, then send in the background."""
        try:
            draft = self.draft()
            draft.check()
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        if not self.plan.recipients:
            self.tasks.show_error("Ingen mottakere i utvalget.")
            return
        connection = self._connection()
        if connection is None:
            return
        connect, limits = connection
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
        self.start_sending(draft, connect, limits)

    def start_sending(self, draft: MailDraft, connect: object, limits: object) -> None:
        """Store the mailing and send it (the part of «Send» after the questions)."""
        settings = load_settings().smtp
        sender = Sender(settings.sender_name, settings.sender_address)
        try:
            if self.event_id is not None:
                self.mailing_id = self.core.events.invite(self.event_id, draft, sender, self.plan)
            elif self.document_id is not None:
                self.mailing_id = self.core.ideabank.create_mailing(
                    self.document_id,
                    draft,
                    sender,
                    self.plan,
                    self.chooser.title() or "Alle kontakter",
                    self.as_attachment,
                )
            else:
                self.mailing_id = self.core.mailings.create(
                    draft, sender, self.plan, self.chooser.title() or "Alle kontakter"
                )
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        self.done_label.clear()
        self.tasks.run(
            "Sender",
            self.core.mailings.send_steps,
            self.mailing_id,
            connect,
            limits,
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
