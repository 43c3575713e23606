"""The incoming side of «Innstillinger for e-post»: where «Hent svar» reads replies (IMAP).

A group in the mail settings dialog. The password goes to the keyring (never
a file); by default the password for sending is used, as most accounts have
one password for both.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from kontakt.services.outreach.imap import KONTAKT_FOLDER, ImapSecurity, ImapSettings

IMAP_SECURITY_CHOICES = (
    (ImapSecurity.SSL, "SSL/TLS (vanligvis port 993)", 993),
    (ImapSecurity.STARTTLS, "STARTTLS (vanligvis port 143)", 143),
    (ImapSecurity.NONE, "Ingen (bare for en lokal tjener)", 143),
)


class ImapSettingsBox(QGroupBox):
    """Server, security, port, user, password, folders and «move processed» for reading.

    Args:
        saved: The saved incoming settings.
        sending_user: The login for sending, offered when no incoming login is saved.
        stored_password: The reading password in the keyring ("" for none).
        parent: The settings dialog.
    """

    def __init__(
        self,
        saved: ImapSettings,
        sending_user: str,
        stored_password: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Innkommende e-post (for «Hent svar»)", parent)
        self._stored_password = stored_password
        self.host = QLineEdit(saved.host)
        self.host.setPlaceholderText("f.eks. outlook.office365.com eller imap.gmail.com")
        self.security = QComboBox()
        for value, label, _port in IMAP_SECURITY_CHOICES:
            self.security.addItem(label, value.value)
        self.security.setCurrentIndex(self.security.findData(saved.security.value))
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(saved.port)
        self.security.currentIndexChanged.connect(self._default_port)
        self.user = QLineEdit(saved.user or sending_user)
        self.same_password = QCheckBox("S&amme passord som for sending")
        self.same_password.setChecked(saved.same_password)
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        if stored_password:
            self.password.setPlaceholderText("lagret i nøkkelringen (skriv for å bytte)")
        self.same_password.toggled.connect(self._password_shown)
        self.folders = QLineEdit(", ".join(saved.folders))
        self.folders.setPlaceholderText("INBOX")
        self.folders.setToolTip("Mappene svar kan ligge i, skilt med komma. INBOX er innboksen.")
        self.move_processed = QCheckBox(
            f"&Flytt behandlede meldinger til mappen «{KONTAKT_FOLDER}»"
        )
        self.move_processed.setChecked(saved.move_processed)
        note = QLabel(
            "Kontakt leser bare: meldinger blir ikke merket som lest, slettet eller "
            "flyttet, med mindre du krysser av for å flytte dem."
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow("&IMAP-tjener:", self.host)
        form.addRow("Sikkerhet:", self.security)
        form.addRow("Port:", self.port)
        form.addRow("Brukernavn:", self.user)
        form.addRow("", self.same_password)
        self._password_label = QLabel("Passord:")
        form.addRow(self._password_label, self.password)
        form.addRow("Mappe&r:", self.folders)
        form.addRow("", self.move_processed)
        form.addRow(note)
        self._password_shown(self.same_password.isChecked())

    def _default_port(self) -> None:
        self.port.setValue(IMAP_SECURITY_CHOICES[self.security.currentIndex()][2])

    def _password_shown(self, same: bool) -> None:
        self.password.setVisible(not same)
        self._password_label.setVisible(not same)

    def settings(self) -> ImapSettings:
        """The incoming settings as filled in."""
        folders = tuple(f.strip() for f in self.folders.text().split(",") if f.strip())
        return ImapSettings(
            host=self.host.text().strip(),
            port=self.port.value(),
            security=ImapSecurity(self.security.currentData()),
            user=self.user.text().strip(),
            folders=folders or ("INBOX",),
            move_processed=self.move_processed.isChecked(),
            same_password=self.same_password.isChecked(),
        )

    def typed_password(self) -> str:
        """A new reading password typed here ("" if none, or «same as sending»)."""
        return "" if self.same_password.isChecked() else self.password.text()

    def login_password(self, sending_password: str) -> str:
        """The password to test the connection with, as things are filled in."""
        if self.same_password.isChecked():
            return sending_password
        return self.password.text() or self._stored_password
