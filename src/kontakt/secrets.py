"""Passwords in the operating system's keyring (Windows Credential Manager, macOS
Keychain, Secret Service on Linux), never in a file or the database."""

from __future__ import annotations

import contextlib

import keyring
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from kontakt.errors import KontaktError


class KeyringUnavailable(KontaktError):
    """No keyring on this machine: a password can be typed for one session only."""


def get_secret(service: str, account: str) -> str:
    """The stored password, or "" when none is stored or the machine has no keyring.

    Raises:
        KeyringUnavailable: The keyring is there but cannot be read.
    """
    try:
        return keyring.get_password(service, account) or ""
    except NoKeyringError:
        return ""
    except KeyringError as exc:
        raise KeyringUnavailable(f"Kunne ikke lese passordet fra nøkkelringen: {exc}") from exc


def set_secret(service: str, account: str, password: str, when_missing: str) -> None:
    """Store (or with "" remove) a password.

    Args:
        when_missing: What the user can do instead when the machine has no keyring
            (Norwegian, after «Denne maskinen har ingen nøkkelring for passord.»).

    Raises:
        KeyringUnavailable: This machine has no keyring, or it refused.
    """
    try:
        if password:
            keyring.set_password(service, account, password)
        else:
            with contextlib.suppress(PasswordDeleteError):
                keyring.delete_password(service, account)
    except NoKeyringError as exc:
        raise KeyringUnavailable(
            f"Denne maskinen har ingen nøkkelring for passord. {when_missing}"
        ) from exc
    except KeyringError as exc:
        raise KeyringUnavailable(f"Kunne ikke lagre passordet i nøkkelringen: {exc}") from exc
