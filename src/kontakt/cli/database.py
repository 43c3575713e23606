"""How the command line opens its database, and where a server's password comes from.

A password in ``--db postgresql://user:password@host/db`` is shown to every
user of the machine by ``ps`` and kept in the shell's history: it still works,
with a warning. Without one, the password comes from the keyring (where
«Fil → Database …» keeps it; skipped when ``PGPASSWORD`` is set), from
``PGPASSWORD`` or ``~/.pgpass`` (libpq reads both itself), or, when the server
asks for a password and stdin is a terminal, from a prompt.
"""

from __future__ import annotations

import getpass
import os
import sys
from collections.abc import Callable, Mapping
from typing import TextIO, TypeVar

from sqlalchemy.engine import make_url

from kontakt.domain.control_chars import for_terminal
from kontakt.errors import DatabaseError
from kontakt.paths import DatabaseLocation, resolve_database, sync_folder_warning
from kontakt.services.database_choice import has_password, with_keyring_password

T = TypeVar("T")

PASSWORD_WARNING = (
    "kontakt: Advarsel: passordet i --db kan ses av andre brukere på maskinen (ps) og blir "
    "liggende i skallets historikk. Bruk heller PGPASSWORD, ~/.pgpass eller nøkkelringen "
    "(lagres når databasen velges i vinduet), eller la Kontakt spørre etter det.\n"
)
# libpq's words when the server wants a password it did not get or did not accept.
_PASSWORD_REFUSED = ("no password supplied", "password authentication failed")


def command_line_database(
    db_arg: str | None, err: TextIO, environ: Mapping[str, str] | None = None
) -> DatabaseLocation:
    """The database from ``--db``, ``KONTAKT_DB`` or the default, with a server's
    password from the keyring; warns when ``--db`` itself holds a password, and when
    the file lies in a synced folder (OneDrive, Dropbox ...) or on a network disk."""
    env = os.environ if environ is None else environ
    location = resolve_database(db_arg, dict(env))
    if db_arg and has_password(resolve_database(db_arg, {})):
        err.write(PASSWORD_WARNING)
    warning = sync_folder_warning(location.path, env) if location.path else ""
    if warning:
        err.write(f"kontakt: Advarsel: {for_terminal(warning)}\n")
    if location.path is None and not env.get("PGPASSWORD"):
        location = with_keyring_password(location)
    return location


def _wants_password(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if any(words in str(seen) for words in _PASSWORD_REFUSED):
            return True
        seen = seen.__cause__
    return False


def open_database(
    location: DatabaseLocation,
    opener: Callable[[DatabaseLocation], T],
    ask: Callable[[str], str] = getpass.getpass,
) -> T:
    """``opener(location)``; when a server wants a password it was not given and stdin
    is a terminal, ask for it once and try again.

    Raises:
        DatabaseError: The database cannot be opened (the second try's reason).
    """
    try:
        return opener(location)
    except DatabaseError as exc:
        if has_password(location) or not _wants_password(exc) or not sys.stdin.isatty():
            raise
        password = ask(f"Passord for {location.describe()}: ")
        if not password:
            raise
    typed = make_url(location.url).set(password=password)
    return opener(DatabaseLocation(url=typed.render_as_string(hide_password=False), path=None))
