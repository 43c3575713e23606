"""Self-check step for the keyring that keeps the passwords (SMTP, database server).

keyring finds its backends through entry points in its package metadata, which
the bundle must carry (kontakt.spec: ``copy_metadata("keyring")``).
"""

from __future__ import annotations

import sys

from kontakt.selfcheck.context import CheckContext, CheckFailed


def step_keyring(ctx: CheckContext) -> str:
    """Find keyring's backends (entry points in its metadata) and load this platform's."""
    from importlib.metadata import entry_points

    wanted = {"win32": "Windows", "darwin": "macOS"}.get(sys.platform, "SecretService")
    found = {ep.name: ep for ep in entry_points(group="keyring.backends")}
    if wanted not in found:
        raise CheckFailed(f"fant ikke nøkkelring-bakenden {wanted} (fant {sorted(found)})")
    found[wanted].load()
    import keyring

    active = type(keyring.get_keyring())
    return f"{len(found)} bakender, i bruk: {active.__module__}.{active.__name__}"
