"""A keyring that keeps passwords as plain text in a file is refused, with what to do.

tests/conftest.py uses keyrings.alt's file backend (this machine has no
operating-system keyring) and allows it with KONTAKT_ALLOW_INSECURE_KEYRING=1;
these tests take the allowance away, as on a user's machine.
"""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from keyring.backends.chainer import ChainerBackend
from keyrings.alt.file import PlaintextKeyring
from tests.fixtures.smtp_server import USER, SmtpServer, smtp_login_server  # noqa: F401

from kontakt.paths import DatabaseLocation
from kontakt.services.database_choice import remember
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.settings import (
    MailSettings,
    get_password,
    save_settings,
    set_password,
)
from kontakt.services.outreach.smtp import Security, SmtpSettings
from kontakt.storage.secrets import ALLOW_INSECURE_ENV, KeyringUnavailable

SMTP = SmtpSettings("smtp.example.org", 587, Security.STARTTLS, "kari", "Kari", "kari@example.org")


class MemoryKeyring(KeyringBackend):
    """Stands in for the operating system's keyring (priority as Secret Service's)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.stored: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.stored.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.stored[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.stored.pop((service, username), None)


@pytest.fixture
def plaintext_file(tmp_path: Path) -> Iterator[Path]:
    """The plain-text keyring in use, writing to a file of this test."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring_pass.cfg")
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield Path(backend.file_path)
    finally:
        keyring.set_keyring(before)


def without_allowance(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(ALLOW_INSECURE_ENV)


def test_a_plaintext_keyring_is_refused_and_nothing_is_written(
    plaintext_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_allowance(monkeypatch)
    with pytest.raises(KeyringUnavailable) as refused:
        set_password(SMTP, "hemmelig")
    message = str(refused.value)
    assert "keyrings.alt.file.PlaintextKeyring" in message
    assert "lesbar tekst" in message and "operativsystemets nøkkelring" in message
    assert "skrives inn ved hver utsending" in message  # what to do instead
    assert not plaintext_file.exists()
    # The window's server password likewise.
    with pytest.raises(KeyringUnavailable):
        remember(DatabaseLocation("postgresql+psycopg://kari:hemmelig@db.example.org/k", None))
    assert not plaintext_file.exists()


def test_a_password_already_in_the_plaintext_file_is_not_used_but_can_be_removed(
    plaintext_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_password(SMTP, "hemmelig")  # written while allowed (as by an older Kontakt)
    encoded = base64.b64encode(b"hemmelig").decode()
    assert encoded in plaintext_file.read_text()  # base64: plain text to anyone
    without_allowance(monkeypatch)
    assert get_password(SMTP) == ""
    set_password(SMTP, "")  # «Lagre» with the password field emptied
    assert encoded not in plaintext_file.read_text()


def test_in_a_chain_only_the_safe_keyring_is_used(
    plaintext_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without_allowance(monkeypatch)
    safe = MemoryKeyring()
    plain = keyring.get_keyring()
    monkeypatch.setattr(ChainerBackend, "backends", [plain, safe])
    keyring.set_keyring(ChainerBackend())
    set_password(SMTP, "hemmelig")
    assert get_password(SMTP) == "hemmelig"
    assert list(safe.stored.values()) == ["hemmelig"]
    assert not plaintext_file.exists()


def test_no_keyring_at_all_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    without_allowance(monkeypatch)
    before = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(KeyringUnavailable, match="ingen nøkkelring for passord"):
            set_password(SMTP, "hemmelig")
        assert get_password(SMTP) == ""
    finally:
        keyring.set_keyring(before)


def test_mail_send_without_a_stored_password_and_no_terminal_says_what_to_do(
    smtp_login_server: SmtpServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    # Saved settings that need a login; the keyring is refused (a plain-text file).
    save_settings(
        MailSettings(
            SmtpSettings(
                smtp_login_server.host,
                smtp_login_server.port,
                Security.NONE,
                USER,
                "SV helse",
                "nettverk@example.no",
            ),
            Limits(per_minute=1000, per_day=1000),
        )
    )
    body = tmp_path / "m.txt"
    body.write_text("Hei {fornavn}", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != ALLOW_INSECURE_ENV}
    result = subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", str(tmp_path / "k.db"), "mail", "send",
         "--subject", "Hei", "--body-file", str(body), "--yes"],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        f"kontakt: Passordet for {USER} på {smtp_login_server.host} er ikke lagret i "
        "operativsystemets nøkkelring. Kjør kommandoen i en terminal for å skrive det inn, "
        "eller lagre det under «Innstillinger for e-post» i vinduet.\n"
    )
    assert smtp_login_server.received == []
