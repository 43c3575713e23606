"""Self-check step for the keyring that keeps the passwords (SMTP, database server).

keyring finds its backends through entry points in its package metadata, which
the bundle must carry (kontakt.spec: ``copy_metadata("keyring")``). On Windows
the step also checks that Kontakt can use the Credential Manager there
(keyring's ``WinVaultKeyring``, which needs pywin32-ctypes in the bundle), and
stores, reads and removes a password in it: every Windows has one, and it never
asks the user anything, so anything else is a broken bundle. Elsewhere a machine
may lack a keyring (a server, a container) or ask to unlock it, and the step
only reports which is used.
"""

from __future__ import annotations

import secrets
import sys

from kontakt.selfcheck.context import CheckContext, CheckFailed
from kontakt.storage.secrets import get_secret, keyring_in_use, set_secret, system_keyring

WINDOWS_KEYRING = "keyring.backends.Windows.WinVaultKeyring"
SELF_CHECK_SERVICE = "Kontakt selvtest"


def _round_trip() -> None:
    """Store, read and remove a password, as Kontakt does with the SMTP password."""
    token = f"selvtest-{secrets.token_hex(8)}"
    set_secret(SELF_CHECK_SERVICE, "selvtest", token, "")
    try:
        read = get_secret(SELF_CHECK_SERVICE, "selvtest")
    finally:
        set_secret(SELF_CHECK_SERVICE, "selvtest", "", "")
    if read != token:
        raise CheckFailed(f"{system_keyring()} ga ikke tilbake passordet som ble lagret")
    if get_secret(SELF_CHECK_SERVICE, "selvtest"):
        raise CheckFailed(f"passordet ble ikke fjernet fra {system_keyring()}")


def step_keyring(ctx: CheckContext) -> str:
    """Find keyring's backends (entry points in its metadata) and load this platform's."""
    from importlib.metadata import entry_points

    wanted = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
    found = {ep.name: ep for ep in entry_points(group="keyring.backends")}
    if wanted not in found:
        raise CheckFailed(f"fant ikke nøkkelring-bakenden {wanted} (fant {sorted(found)})")
    found[wanted].load()
    used = keyring_in_use()
    if sys.platform == "win32" and used != WINDOWS_KEYRING:
        raise CheckFailed(f"Kontakt kan ikke bruke {system_keyring()} (i bruk: {used or 'ingen'})")
    if sys.platform == "win32":
        _round_trip()
        return f"{len(found)} bakender, i bruk: {used}; lagret, lest og fjernet et passord"
    return f"{len(found)} bakender, i bruk: {used or 'ingen Kontakt kan bruke'}"
