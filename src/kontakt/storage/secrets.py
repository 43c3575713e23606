"""Passwords in the operating system's keyring (Windows Credential Manager, macOS
Keychain, Secret Service on Linux), never in a file or the database.

The ``keyring`` library falls back on whatever backend is installed: with
``keyrings.alt`` that can be a file holding the password in base64, which is
plain text to anyone who can read the file (a backup, a synced home folder).
Kontakt refuses such backends, and those keyring itself rates as not
recommended (priority below 1), and says what to do instead. Tests run on a
machine without an operating-system keyring and allow the file backend with
``KONTAKT_ALLOW_INSECURE_KEYRING=1`` (set in tests/conftest.py; it is not
meant for users).
"""

from __future__ import annotations

import contextlib
import os

import keyring
from keyring.backend import KeyringBackend
from keyring.backends import fail, null
from keyring.backends.chainer import ChainerBackend
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

from kontakt.errors import KontaktError

ALLOW_INSECURE_ENV = "KONTAKT_ALLOW_INSECURE_KEYRING"
# Backends known to keep the password readable in a file.
PLAINTEXT_BACKENDS = frozenset(
    {"keyrings.alt.file.PlaintextKeyring", "keyrings.alt.pyfs.PlaintextKeyring"}
)


class KeyringUnavailable(KontaktError):
    """No keyring on this machine: a password can be typed for one session only."""


def _name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def _is_safe(backend: KeyringBackend) -> bool:
    name = _name(backend)
    if name in PLAINTEXT_BACKENDS or "plaintext" in name.casefold():
        return False
    try:
        return float(backend.priority) >= 1
    except Exception:  # a backend's priority may raise when it cannot run here
        return False


def _backend() -> tuple[KeyringBackend | None, str]:
    """The backend to use, or (None, the refused backend's name; "" when there is none).

    A chain of backends is narrowed to its first safe one, so that a password is
    never written to (or read from) a plain-text file further down the chain.
    """
    chosen = keyring.get_keyring()
    if os.environ.get(ALLOW_INSECURE_ENV) == "1":
        return chosen, ""
    candidates = list(chosen.backends) if isinstance(chosen, ChainerBackend) else [chosen]
    for candidate in candidates:
        if _is_safe(candidate):
            return candidate, ""
    refused = [c for c in candidates if not isinstance(c, fail.Keyring | null.Keyring)]
    return None, _name(refused[0]) if refused else ""


def _refusal(name: str, when_missing: str) -> str:
    return (
        f"Nøkkelringen som er satt opp her ({name}), lagrer passord som lesbar tekst i en fil, "
        "så Kontakt lagrer ikke passordet der. Installer eller lås opp operativsystemets "
        "nøkkelring (GNOME-nøkkelring eller KWallet på Linux). " + when_missing
    ).strip()


def get_secret(service: str, account: str) -> str:
    """The stored password, or "" when none is stored or the machine has no (safe) keyring.

    Raises:
        KeyringUnavailable: The keyring is there but cannot be read.
    """
    backend, _refused = _backend()
    if backend is None:
        return ""
    try:
        return backend.get_password(service, account) or ""
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
        KeyringUnavailable: This machine has no keyring, only one that keeps
            passwords as plain text, or the keyring refused.
    """
    backend, refused = _backend()
    if backend is None and not password and refused:
        # Removing a password is always allowed: it takes it out of the file.
        backend = keyring.get_keyring()
    try:
        if backend is None:
            if refused:
                raise KeyringUnavailable(_refusal(refused, when_missing))
            raise NoKeyringError()
        if password:
            backend.set_password(service, account, password)
        else:
            with contextlib.suppress(PasswordDeleteError):
                backend.delete_password(service, account)
    except NoKeyringError as exc:
        raise KeyringUnavailable(
            f"Denne maskinen har ingen nøkkelring for passord. {when_missing}"
        ) from exc
    except KeyringError as exc:
        raise KeyringUnavailable(f"Kunne ikke lagre passordet i nøkkelringen: {exc}") from exc
