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

On Windows the keyring is the Credential Manager («Legitimasjonsbehandling»),
keyring's ``WinVaultKeyring``, reached through pywin32-ctypes (a dependency
keyring itself declares for Windows). It fails with Windows' own error type,
not keyring's: such a failure is reported like keyring's.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from typing import TypeVar

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


T = TypeVar("T")
# What each system calls its keyring, for the messages (Linux and others: Secret Service).
_SYSTEM_KEYRINGS = {
    "win32": "Legitimasjonsbehandling (Credential Manager) i Windows",
    "darwin": "nøkkelringen (Keychain) i macOS",
}
_LINUX_KEYRINGS = "GNOME-nøkkelring eller KWallet"


class KeyringUnavailable(KontaktError):
    """No keyring on this machine: a password can be typed for one session only."""


def system_keyring() -> str:
    """The operating system's keyring, by the name its users know (Norwegian)."""
    return _SYSTEM_KEYRINGS.get(sys.platform, _LINUX_KEYRINGS)


def _name(backend: KeyringBackend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def _priority(backend: KeyringBackend) -> float | None:
    """keyring's rating of ``backend``, or None when it cannot run here (Windows'
    keyring without pywin32-ctypes, Secret Service without D-Bus: the priority raises)."""
    try:
        return float(backend.priority)
    except Exception:
        return None


def _is_safe(backend: KeyringBackend) -> bool:
    name = _name(backend)
    if name in PLAINTEXT_BACKENDS or "plaintext" in name.casefold():
        return False
    priority = _priority(backend)
    return priority is not None and priority >= 1


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
    # One that cannot run here is missing, not refused.
    refused = [
        c
        for c in candidates
        if not isinstance(c, fail.Keyring | null.Keyring) and _priority(c) is not None
    ]
    return None, _name(refused[0]) if refused else ""


def keyring_in_use() -> str:
    """The name of the backend Kontakt keeps passwords in here, or "" when there is none
    it may use (for the self-check)."""
    backend, _refused = _backend()
    return _name(backend) if backend is not None else ""


def _refusal(name: str, when_missing: str) -> str:
    return (
        f"Nøkkelringen som er satt opp her ({name}), lagrer passord som lesbar tekst i en fil, "
        "så Kontakt lagrer ikke passordet der. Bruk operativsystemets nøkkelring i stedet "
        f"({system_keyring()}). " + when_missing
    ).strip()


def _missing(when_missing: str) -> str:
    if sys.platform == "win32":  # always there: Kontakt could not reach it
        found = (
            f"Kontakt fikk ikke tilgang til {system_keyring()}, der passord lagres; "
            "installer Kontakt på nytt om det gjentar seg."
        )
    else:
        found = f"Denne maskinen har ingen nøkkelring for passord ({system_keyring()})."
    return f"{found} {when_missing}".strip()


def _system_error(exc: Exception) -> bool:
    """True for the error Windows' keyring raises (pywintypes.error: ``winerror`` set)."""
    return getattr(exc, "winerror", None) is not None


def _call(action: Callable[[], T], failed: str) -> T:
    """``action()``, with Windows' own keyring error reported as keyring's are.

    Raises:
        KeyringUnavailable: Windows refused (``failed``, then its reason and code).
    """
    try:
        return action()
    except KeyringError:
        raise
    except Exception as exc:
        if not _system_error(exc):
            raise
        reason = getattr(exc, "strerror", None) or exc
        code = getattr(exc, "winerror", "")
        raise KeyringUnavailable(
            f"{failed} ({system_keyring()} svarte: {reason}, feil {code})."
        ) from exc


def get_secret(service: str, account: str) -> str:
    """The stored password, or "" when none is stored or the machine has no (safe) keyring.

    Raises:
        KeyringUnavailable: The keyring is there but cannot be read.
    """
    backend, _refused = _backend()
    if backend is None:
        return ""
    try:
        found = _call(lambda: backend.get_password(service, account), "Kunne ikke lese passordet")
        return found or ""
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
        chosen = backend
        if password:
            _call(
                lambda: chosen.set_password(service, account, password),
                "Kunne ikke lagre passordet",
            )
        else:
            with contextlib.suppress(PasswordDeleteError):
                _call(
                    lambda: chosen.delete_password(service, account),
                    "Kunne ikke fjerne passordet",
                )
    except NoKeyringError as exc:
        raise KeyringUnavailable(_missing(when_missing)) from exc
    except KeyringError as exc:
        raise KeyringUnavailable(f"Kunne ikke lagre passordet i nøkkelringen: {exc}") from exc
