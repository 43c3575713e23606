"""Self-check step for the keyring that keeps the passwords (SMTP, database server).

keyring finds its backends through entry points in its package metadata, which
the bundle must carry (kontakt.spec: ``copy_metadata("keyring")``). On Windows
the step also checks that Kontakt can use the Credential Manager there
(keyring's ``WinVaultKeyring``, which needs pywin32-ctypes in the bundle): every
Windows has one, so anything else is a broken bundle. Elsewhere a machine may
lack a keyring (a server, a container), and the step only reports which is used.
"""

from __future__ import annotations

import sys

from kontakt.selfcheck.context import CheckContext, CheckFailed
from kontakt.storage.secrets import keyring_in_use, system_keyring

WINDOWS_KEYRING = "keyring.backends.Windows.WinVaultKeyring"


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
    return f"{len(found)} bakender, i bruk: {used or 'ingen Kontakt kan bruke'}"
