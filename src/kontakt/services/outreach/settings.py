"""Mail settings: the server and sender in a small JSON file, the password in the keyring.

The settings belong to the person at the keyboard (not to a shared
database), so they live in the user's settings folder. The password never
touches a file or the database: it goes to the operating system's keyring
(Windows Credential Manager, macOS Keychain, Secret Service on Linux).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kontakt.domain.preferences import (
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
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.services.settings import PreferenceFile
from kontakt.storage.secrets import KeyringUnavailable, get_secret, set_secret

__all__ = [
    "KeyringUnavailable",
    "MailSettings",
    "get_password",
    "load_settings",
    "save_settings",
    "set_password",
    "settings_path",
]

KEYRING_SERVICE = "Kontakt e-post"


@dataclass
class MailSettings:
    """Everything about sending except the password."""

    smtp: SmtpSettings = field(default_factory=lambda: SmtpSettings(host=""))
    limits: Limits = field(default_factory=Limits)

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
    )


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
