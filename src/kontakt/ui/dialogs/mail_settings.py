"""«Innstillinger for e-post»: server, sender, sending pace; the password goes to the keyring.

Two tabs: «Sending» (SMTP) and «Svar» (the IMAP mailbox «Hent svar» reads).
«Test tilkobling» logs in and out; «Send testmelding til meg» sends one
message to the sender's own address; «Test henting av svar» logs in to the
mailbox and counts the messages in its folders. All run in the background.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.preferences import PER_DAY, PER_MINUTE, SMTP_PORT
from kontakt.errors import KontaktError
from kontakt.services.outreach.inbox import ImapServer, InboxService
from kontakt.services.outreach.outbox import Outbox, Server
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.settings import MailSettings
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.ui.dialogs.imap_settings import ImapSettingsBox
from kontakt.ui.widgets.task_panel import TaskPanel

SECURITY_CHOICES = (
    (Security.STARTTLS, "STARTTLS (vanligvis port 587)", 587),
    (Security.SSL, "SSL/TLS (vanligvis port 465)", 465),
    (Security.NONE, "Ingen (bare for en lokal tjener)", 25),
)


class MailSettingsDialog(QDialog):
    """Edit the mail settings; «Lagre» writes them (and the password to the keyring).

    Args:
        outbox: Reads and saves the settings, tests the connection, sends the test message.
        inbox: Keeps the reading password and tests the mailbox.
        parent: The parent window.
    """

    def __init__(self, outbox: Outbox, inbox: InboxService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outbox = outbox
        self.inbox = inbox
        self.setWindowTitle("Innstillinger for e-post")
        self.setMinimumWidth(520)
        saved = outbox.settings()
        s = saved.smtp
        self.host = QLineEdit(s.host)
        self.host.setPlaceholderText("f.eks. smtp.office365.com eller smtp.gmail.com")
        self.security = QComboBox()
        for value, label, _port in SECURITY_CHOICES:
            self.security.addItem(label, value.value)
        self.security.setCurrentIndex(self.security.findData(s.security.value))
        self.port = QSpinBox()
        self.port.setRange(*SMTP_PORT.bounds)
        self.port.setValue(s.port)
        self.security.currentIndexChanged.connect(self._default_port)
        self.user = QLineEdit(s.user)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self._stored_password = outbox.stored_password(s)
        if self._stored_password:
            self.password.setPlaceholderText("lagret i nøkkelringen (skriv for å bytte)")
        self.sender_name = QLineEdit(s.sender_name)
        self.sender_name.setPlaceholderText("f.eks. SVs helsepolitiske nettverk")
        self.sender_address = QLineEdit(s.sender_address)
        self.per_minute = QSpinBox()
        self.per_minute.setRange(*PER_MINUTE.bounds)
        self.per_minute.setValue(saved.limits.per_minute)
        self.per_day = QSpinBox()
        self.per_day.setRange(*PER_DAY.bounds)
        self.per_day.setValue(saved.limits.per_day)

        form = QFormLayout()
        form.addRow("E-post&tjener:", self.host)
        form.addRow("&Sikkerhet:", self.security)
        form.addRow("P&ort:", self.port)
        form.addRow("&Brukernavn:", self.user)
        form.addRow("&Passord:", self.password)
        form.addRow("Avsender&navn:", self.sender_name)
        form.addRow("Avsender&adresse:", self.sender_address)
        form.addRow("Høyst per &minutt:", self.per_minute)
        form.addRow("Høyst per &døgn:", self.per_day)
        note = QLabel(
            "Passordet lagres i maskinens nøkkelring, aldri i en fil eller i databasen. "
            "E-postkontoer har grenser for hvor mye som kan sendes; standard er 30 i "
            "minuttet og 500 i døgnet."
        )
        note.setWordWrap(True)

        self.test_button = QPushButton("Test til&kobling")
        self.test_button.clicked.connect(self.test_connection)
        self.send_test_button = QPushButton("S&end testmelding til meg")
        self.send_test_button.clicked.connect(self.send_test_message)
        tests = QHBoxLayout()
        tests.addWidget(self.test_button)
        tests.addWidget(self.send_test_button)
        tests.addStretch()
        self.tasks = TaskPanel()
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Lagre")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Avbryt")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

        sending = QWidget()
        sending_layout = QVBoxLayout(sending)
        sending_layout.addLayout(form)
        sending_layout.addWidget(note)
        sending_layout.addLayout(tests)
        sending_layout.addStretch()
        self.imap = ImapSettingsBox(saved.imap, s.user, inbox.stored_password(saved.imap))
        self.test_imap_button = QPushButton("Test &henting av svar")
        self.test_imap_button.clicked.connect(self.test_mailbox)
        replies = QWidget()
        replies_layout = QVBoxLayout(replies)
        replies_layout.addWidget(self.imap)
        replies_tests = QHBoxLayout()
        replies_tests.addWidget(self.test_imap_button)
        replies_tests.addStretch()
        replies_layout.addLayout(replies_tests)
        replies_layout.addStretch()
        self.tabs = QTabWidget()
        self.tabs.addTab(sending, "Sendin&g")
        self.tabs.addTab(replies, "S&var (innkommende)")

        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.tasks)
        layout.addWidget(self.result_label)
        layout.addWidget(self.buttons)

    def _default_port(self) -> None:
        self.port.setValue(SECURITY_CHOICES[self.security.currentIndex()][2])

    def settings(self) -> MailSettings:
        """The settings as filled in."""
        return MailSettings(
            SmtpSettings(
                host=self.host.text().strip(),
                port=self.port.value(),
                security=Security(self.security.currentData()),
                user=self.user.text().strip(),
                sender_name=self.sender_name.text().strip(),
                sender_address=self.sender_address.text().strip(),
            ),
            Limits(self.per_minute.value(), self.per_day.value()),
            self.imap.settings(),
        )

    def _password(self) -> str:
        return self.password.text() or self._stored_password

    def _check(self) -> str:
        s = self.settings()
        if not s.smtp.host:
            return "Fyll inn e-posttjeneren."
        if "@" not in s.smtp.sender_address:
            return "Fyll inn avsenderens e-postadresse."
        return ""

    def _run(self, text: str, fn: Callable[[Server], str]) -> None:
        problem = self._check()
        self.result_label.clear()
        if problem:
            self.tasks.show_error(problem)
            return
        settings = self.settings()
        self.tasks.run(
            text,
            fn,
            Server(settings.smtp, self._password(), settings.limits),
            on_result=lambda line: self.result_label.setText(str(line)),
            cancellable=False,
        )

    def test_connection(self) -> None:
        """«Test tilkobling»."""
        self._run("Kobler til …", self.outbox.check_connection)

    def send_test_message(self) -> None:
        """«Send testmelding til meg»."""
        self._run("Sender testmelding …", self.outbox.send_test)

    def test_mailbox(self) -> None:
        """«Test henting av svar»: log in to the mailbox and count what its folders hold."""
        self.result_label.clear()
        imap = self.imap.settings()
        if not imap.host:
            self.tasks.show_error("Fyll inn IMAP-tjeneren.")
            return
        server = ImapServer(imap, self.imap.login_password(self._password()))
        self.tasks.run(
            "Kobler til innboksen …",
            self.inbox.check,
            server,
            on_result=lambda line: self.result_label.setText(str(line)),
            cancellable=False,
        )

    def save(self) -> None:
        """«Lagre»: the settings to their file, a typed password to the keyring."""
        problem = self._check()
        if problem:
            self.tasks.show_error(problem)
            return
        settings = self.settings()
        try:
            self.outbox.save(settings, self.password.text())
            if self.imap.typed_password():
                self.inbox.save_password(settings.imap, self.imap.typed_password())
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
            return
        self.accept()
