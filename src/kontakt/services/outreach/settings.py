"""Mail settings: the server and sender in a small JSON file, the password in the keyring.

The settings belong to the person at the keyboard (not to a shared
database), so they live in the user's settings folder. The password never
touches a file or the database: it goes to the operating system's keyring
(Windows Credential Manager, macOS Keychain, Secret Service on Linux).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from kontakt.domain.preferences import (
    IMAP_FOLDERS,
    IMAP_HOST,
    IMAP_MOVE_PROCESSED,
    IMAP_PORT,
    IMAP_SAME_PASSWORD,
    IMAP_SECURITY,
    IMAP_USER,
    MAIL_FILE,
    PER_DAY,
    PER_MINUTE,
    SENDER_ADDRESS,
    SENDER_NAME,
    SMTP_HOST,
    SMTP_PORT,
    SMTP_SECURITY,
    SMTP_USER,
)
from kontakt.paths import config_dir
from kontakt.services.outreach.imap import ImapSecurity, ImapSettings
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.services.settings import PreferenceFile
from kontakt.storage.secrets import KeyringUnavailable, get_secret, set_secret

__all__ = [
    "KeyringUnavailable",
    "MailSettings",
    "get_imap_password",
    "get_password",
    "load_settings",
    "save_settings",
    "set_imap_password",
    "set_password",
    "settings_path",
]

KEYRING_SERVICE = "Kontakt e-post"
IMAP_KEYRING_SERVICE = "Kontakt e-post (innkommende)"
IMAP_PASSWORD_ENV = "KONTAKT_IMAP_PASSWORD"


@dataclass
class MailSettings:
    """Everything about sending and reading replies except the passwords."""

    smtp: SmtpSettings = field(default_factory=lambda: SmtpSettings(host=""))
    limits: Limits = field(default_factory=Limits)
    imap: ImapSettings = field(default_factory=ImapSettings)

    @property
    def configured(self) -> bool:
        """A server and a sender address are set."""
        return bool(self.smtp.host and self.smtp.sender_address)


def settings_path() -> Path:
    """The settings file."""
    return config_dir() / MAIL_FILE


def load_settings(path: Path | None = None) -> MailSettings:
    """The saved settings; a value missing or unreadable (or the whole file) is its default."""
    stored = PreferenceFile.at(path or settings_path())
    return MailSettings(
        SmtpSettings(
            host=stored.get(SMTP_HOST),
            port=stored.get(SMTP_PORT),
            security=Security(stored.get(SMTP_SECURITY)),
            user=stored.get(SMTP_USER),
            sender_name=stored.get(SENDER_NAME),
            sender_address=stored.get(SENDER_ADDRESS),
        ),
        Limits(per_minute=stored.get(PER_MINUTE), per_day=stored.get(PER_DAY)),
        ImapSettings(
            host=stored.get(IMAP_HOST),
            port=stored.get(IMAP_PORT),
            security=ImapSecurity(stored.get(IMAP_SECURITY)),
            user=stored.get(IMAP_USER),
            folders=_folders(stored.get(IMAP_FOLDERS)),
            move_processed=bool(stored.get(IMAP_MOVE_PROCESSED)),
            same_password=bool(stored.get(IMAP_SAME_PASSWORD)),
        ),
    )


def _folders(text: str) -> tuple[str, ...]:
    """«INBOX, Svar» -> ("INBOX", "Svar"); none given is the inbox."""
    return tuple(f.strip() for f in text.split(",") if f.strip()) or ("INBOX",)


def save_settings(settings: MailSettings, path: Path | None = None) -> None:
    """Write the settings (never the password).

    Raises:
        KontaktError: The settings folder cannot be made.
    """
    stored = PreferenceFile.at(path or settings_path())
    smtp, limits = settings.smtp, settings.limits
    stored.set(SMTP_HOST, smtp.host)
    stored.set(SMTP_PORT, smtp.port)
    stored.set(SMTP_SECURITY, smtp.security.value)
    stored.set(SMTP_USER, smtp.user)
    stored.set(SENDER_NAME, smtp.sender_name)
    stored.set(SENDER_ADDRESS, smtp.sender_address)
    stored.set(PER_MINUTE, limits.per_minute)
    stored.set(PER_DAY, limits.per_day)
    imap = settings.imap
    stored.set(IMAP_HOST, imap.host)
    stored.set(IMAP_PORT, imap.port)
    stored.set(IMAP_SECURITY, imap.security.value)
    stored.set(IMAP_USER, imap.user)
    stored.set(IMAP_FOLDERS, ", ".join(imap.folders))
    stored.set(IMAP_MOVE_PROCESSED, int(imap.move_processed))
    stored.set(IMAP_SAME_PASSWORD, int(imap.same_password))
    stored.save()


def _account(smtp: SmtpSettings) -> str:
    return f"{smtp.user}@{smtp.host}:{smtp.port}"


def get_password(smtp: SmtpSettings) -> str:
    """The stored password for this server and user, or "" when none is stored."""
    return get_secret(KEYRING_SERVICE, _account(smtp)) if smtp.user else ""


def set_password(smtp: SmtpSettings, password: str) -> None:
    """Store (or with "" remove) the password in the keyring.

    Raises:
        KeyringUnavailable: This machine has no keyring.
    """
    set_secret(
        KEYRING_SERVICE,
        _account(smtp),
        password,
        "Passordet kan skrives inn ved hver utsending, men blir ikke lagret.",
    )


def imap_account(imap: ImapSettings) -> str:
    """The keyring's account name of a reading login."""
    return f"{imap.user}@{imap.host}:{imap.port}"


def get_imap_password(settings: MailSettings) -> str:
    """The password for reading replies: KONTAKT_IMAP_PASSWORD, the keyring's, or
    (the default «same as for sending») the sending password; "" when none.

    Raises:
        KeyringUnavailable: This machine has no (acceptable) keyring.
    """
    env = os.environ.get(IMAP_PASSWORD_ENV, "")
    if env:
        return env
    imap = settings.imap
    stored = get_secret(IMAP_KEYRING_SERVICE, imap_account(imap)) if imap.user else ""
    if stored or not imap.same_password:
        return stored
    return get_password(settings.smtp)


def set_imap_password(imap: ImapSettings, password: str) -> None:
    """Store (or with "" remove) the reading password in the keyring.

    Raises:
        KeyringUnavailable: This machine has no keyring.
    """
    set_secret(
        IMAP_KEYRING_SERVICE,
        imap_account(imap),
        password,
        "Passordet kan skrives inn hver gang svar hentes, men blir ikke lagret.",
    )
