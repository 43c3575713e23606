"""Mail settings: the server and sender in a small JSON file, the password in the keyring.

The settings belong to the person at the keyboard (not to a shared
database), so they live in the user's settings folder. The password never
touches a file or the database: it goes to the operating system's keyring
(Windows Credential Manager, macOS Keychain, Secret Service on Linux).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from kontakt.io.files import write_text_atomically
from kontakt.paths import config_dir
from kontakt.services.outreach.pacing import DEFAULT_PER_DAY, DEFAULT_PER_MINUTE, Limits
from kontakt.services.outreach.smtp import Security, SmtpSettings
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
FILE_NAME = "e-post.json"


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
    return config_dir() / FILE_NAME


def load_settings(path: Path | None = None) -> MailSettings:
    """The saved settings, or empty ones (a damaged file counts as none)."""
    path = path or settings_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        smtp = data.get("smtp", {})
        limits = data.get("limits", {})
        return MailSettings(
            SmtpSettings(
                host=str(smtp.get("host", "")),
                port=int(smtp.get("port", 587)),
                security=Security(smtp.get("security", Security.STARTTLS.value)),
                user=str(smtp.get("user", "")),
                sender_name=str(smtp.get("sender_name", "")),
                sender_address=str(smtp.get("sender_address", "")),
            ),
            Limits(
                per_minute=int(limits.get("per_minute", DEFAULT_PER_MINUTE)),
                per_day=int(limits.get("per_day", DEFAULT_PER_DAY)),
            ),
        )
    except (OSError, ValueError, TypeError, AttributeError):
        return MailSettings()


def save_settings(settings: MailSettings, path: Path | None = None) -> None:
    """Write the settings (never the password)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"smtp": asdict(settings.smtp), "limits": asdict(settings.limits)}
    write_text_atomically(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


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
