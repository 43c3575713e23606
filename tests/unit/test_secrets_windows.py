"""Passwords on Windows, checked on Linux: keyring's own Windows backend
(``WinVaultKeyring``, the Credential Manager) is what Kontakt uses there, and
where it cannot be reached the message says so, in Norwegian, without a traceback.

The Credential Manager's functions (pywin32-ctypes' ``win32cred``, Windows only)
are stood in for by an in-memory store that answers as Windows does, errors
included (``pywintypes.error`` with ``winerror``); keyring's backend class
itself is the real one.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from importlib.metadata import requires
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import Windows, fail
from packaging.requirements import Requirement

from kontakt.paths import DatabaseLocation
from kontakt.selfcheck.context import CheckContext, CheckFailed
from kontakt.selfcheck.passwords import step_keyring
from kontakt.services.database_choice import remember, remembered
from kontakt.services.outreach.settings import get_password, set_password
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.storage.secrets import ALLOW_INSECURE_ENV, KeyringUnavailable, keyring_in_use

SMTP = SmtpSettings("smtp.example.org", 587, Security.STARTTLS, "kari", "Kari", "kari@example.org")
NOT_FOUND = 1168  # ERROR_NOT_FOUND
NO_LOGON_SESSION = 1312  # ERROR_NO_SUCH_LOGON_SESSION: no profile loaded (a service, a bare SSH)


class WinError(Exception):
    """pywintypes.error: Windows' error number, the function, Windows' words."""

    def __init__(self, winerror: int, funcname: str, strerror: str) -> None:
        super().__init__(winerror, funcname, strerror)
        self.winerror, self.funcname, self.strerror = winerror, funcname, strerror


class CredentialManager:
    """win32cred's three calls keyring makes, over a dict; ``refuse`` makes each fail."""

    CRED_TYPE_GENERIC = 1
    CRED_PERSIST_ENTERPRISE = 3

    def __init__(self) -> None:
        self.stored: dict[str, dict[str, Any]] = {}
        self.refuse: WinError | None = None

    def _check(self) -> None:
        if self.refuse is not None:
            raise self.refuse

    def CredRead(self, Type: int, TargetName: str) -> dict[str, Any]:
        self._check()
        if TargetName not in self.stored:
            raise WinError(NOT_FOUND, "CredRead", "Element not found.")
        return dict(self.stored[TargetName])

    def CredWrite(self, Credential: dict[str, Any], Flags: int) -> None:
        self._check()
        blob = Credential["CredentialBlob"].encode("utf-16-le")  # as Windows keeps it
        self.stored[Credential["TargetName"]] = {**Credential, "CredentialBlob": blob}

    def CredDelete(self, Type: int, TargetName: str) -> None:
        self._check()
        if self.stored.pop(TargetName, None) is None:
            raise WinError(NOT_FOUND, "CredDelete", "Element not found.")


class PyWinTypes:
    error = WinError


@pytest.fixture
def on_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    """sys.platform as on Windows, and no test allowance for a plain-text keyring."""
    monkeypatch.delenv(ALLOW_INSECURE_ENV)
    monkeypatch.setattr(sys, "platform", "win32")


@pytest.fixture
def credential_manager(monkeypatch: pytest.MonkeyPatch) -> Iterator[CredentialManager]:
    """keyring's WinVaultKeyring in use, as keyring chooses it on Windows (priority 5)."""
    manager = CredentialManager()
    monkeypatch.setattr(Windows, "win32cred", manager, raising=False)
    monkeypatch.setattr(Windows, "pywintypes", PyWinTypes, raising=False)
    monkeypatch.setattr(Windows, "missing_deps", False)  # pywin32-ctypes imported
    before = keyring.get_keyring()
    keyring.set_keyring(Windows.WinVaultKeyring())
    try:
        yield manager
    finally:
        keyring.set_keyring(before)


def test_the_credential_manager_is_used_and_keeps_the_password(
    on_windows: None, credential_manager: CredentialManager
) -> None:
    assert keyring_in_use() == "keyring.backends.Windows.WinVaultKeyring"
    set_password(SMTP, "hemmelig æøå")
    (credential,) = credential_manager.stored.values()
    assert credential["UserName"] == "kari@smtp.example.org:587"
    assert credential["CredentialBlob"] == "hemmelig æøå".encode("utf-16-le")
    assert get_password(SMTP) == "hemmelig æøå"
    set_password(SMTP, "")  # «Lagre» with the field emptied removes it
    assert credential_manager.stored == {}
    # The window's server password too.
    remember(DatabaseLocation("postgresql+psycopg://kari:pg-hemmelig@db.example.org/k", None))
    again = remembered()
    assert again is not None and "pg-hemmelig" in again.url


def test_a_credential_manager_that_refuses_is_a_message_not_a_crash(
    on_windows: None, credential_manager: CredentialManager
) -> None:
    credential_manager.refuse = WinError(
        NO_LOGON_SESSION, "CredWrite", "A specified logon session does not exist."
    )
    with pytest.raises(KeyringUnavailable) as refused:
        set_password(SMTP, "hemmelig")
    assert str(refused.value) == (
        "Kunne ikke lagre passordet (Legitimasjonsbehandling (Credential Manager) i Windows "
        "svarte: A specified logon session does not exist., feil 1312)."
    )
    with pytest.raises(KeyringUnavailable, match="Kunne ikke lese passordet"):
        get_password(SMTP)
    # At start-up the window's remembered server opens without a stored password
    # (the server then asks for it) instead of failing.
    credential_manager.refuse = None
    remember(DatabaseLocation("postgresql+psycopg://kari:pg@db.example.org/k", None))
    credential_manager.refuse = WinError(NO_LOGON_SESSION, "CredRead", "No logon session.")
    again = remembered()
    assert again is not None and again.url == "postgresql+psycopg://kari@db.example.org/k"


def test_no_credential_manager_on_windows_says_what_to_do(on_windows: None) -> None:
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeyringUnavailable) as refused:
            set_password(SMTP, "hemmelig")
    finally:
        keyring.set_keyring(before)
    message = str(refused.value)
    assert message.startswith(
        "Kontakt fikk ikke tilgang til Legitimasjonsbehandling (Credential Manager) i Windows, "
        "der passord lagres; installer Kontakt på nytt om det gjentar seg. "
    )
    assert "skrives inn ved hver utsending" in message  # what to do meanwhile
    assert "GNOME" not in message


def test_the_windows_keyring_without_pywin32_ctypes_is_missing_not_plain_text(
    on_windows: None,
) -> None:
    # Here, as in a bundle that lacks pywin32-ctypes, the backend cannot run:
    # its priority raises. That is no keyring, not one that keeps passwords in a file.
    backend = Windows.WinVaultKeyring()
    with pytest.raises(RuntimeError):
        _ = backend.priority
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        assert keyring_in_use() == ""
        with pytest.raises(KeyringUnavailable) as refused:
            set_password(SMTP, "hemmelig")
    finally:
        keyring.set_keyring(before)
    assert str(refused.value).startswith("Kontakt fikk ikke tilgang til Legitimasjonsbehandling")
    assert "lesbar tekst" not in str(refused.value)


def test_a_plain_text_keyring_on_windows_points_to_the_credential_manager(
    on_windows: None,
) -> None:
    # A plain-text keyring chosen by keyringrc.cfg or PYTHON_KEYRING_BACKEND (conftest).
    with pytest.raises(KeyringUnavailable) as refused:
        set_password(SMTP, "hemmelig")
    message = str(refused.value)
    assert "lesbar tekst" in message
    assert "(Legitimasjonsbehandling (Credential Manager) i Windows)" in message
    assert "GNOME" not in message


def test_the_self_check_on_windows_wants_the_credential_manager(
    on_windows: None, credential_manager: CredentialManager, tmp_path: Path
) -> None:
    assert step_keyring(CheckContext(tmp_path)).endswith(
        "i bruk: keyring.backends.Windows.WinVaultKeyring; lagret, lest og fjernet et passord"
    )
    assert credential_manager.stored == {}  # nothing left behind
    credential_manager.refuse = WinError(NO_LOGON_SESSION, "CredWrite", "No logon session.")
    with pytest.raises(KeyringUnavailable, match="Kunne ikke lagre passordet"):
        step_keyring(CheckContext(tmp_path))
    keyring.set_keyring(fail.Keyring())  # the fixture puts the one before back
    with pytest.raises(CheckFailed) as failed:
        step_keyring(CheckContext(tmp_path))
    assert str(failed.value) == (
        "Kontakt kan ikke bruke Legitimasjonsbehandling (Credential Manager) i Windows "
        "(i bruk: ingen)"
    )


def test_keyring_brings_pywin32_ctypes_on_windows_only() -> None:
    # Kontakt relies on keyring declaring it (no line of its own in pyproject.toml):
    # without it the Windows backend cannot run, and Kontakt has no keyring there.
    wanted = [Requirement(r) for r in requires("keyring") or []]
    pywin32 = [r for r in wanted if r.name == "pywin32-ctypes"]
    assert pywin32, "keyring no longer declares pywin32-ctypes: add it to pyproject.toml"
    (req,) = pywin32
    assert req.marker is not None
    assert req.marker.evaluate({"sys_platform": "win32", "extra": ""})
    assert not req.marker.evaluate({"sys_platform": "linux", "extra": ""})
