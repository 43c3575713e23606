"""The database the window opens: the one chosen in «Fil → Database …», remembered.

A board that shares a PostgreSQL database should not need the command line:
the window remembers the last database chosen in it (a file or a server) in
the user's settings folder, with the server password in the keyring. ``--db``
and ``KONTAKT_DB`` still win, and the command line's default stays the file in
the user's data folder (the command-line contract).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from kontakt.domain.preferences import DATABASE_FILE, WINDOW_DATABASE
from kontakt.errors import KontaktError
from kontakt.paths import DB_ENV_VAR, DatabaseLocation, config_dir, resolve_database
from kontakt.services.settings import PreferenceFile
from kontakt.storage.engine import create_kontakt_engine, failure_reason
from kontakt.storage.secrets import get_secret, set_secret

KEYRING_SERVICE = "Kontakt database"
DEFAULT_PORT = 5432


@dataclass(frozen=True, slots=True)
class ServerDetails:
    """A PostgreSQL server as the secretary types it in."""

    host: str
    database: str
    user: str
    password: str = ""
    port: int = DEFAULT_PORT

    def url(self) -> str:
        """The connection URL, with every part escaped (a password may hold ``@`` or ``/``)."""
        for value, what in ((self.host, "Server"), (self.database, "Database"),
                            (self.user, "Brukernavn")):  # fmt: skip
            if not value.strip():
                raise KontaktError(f"«{what}» må fylles ut.")
        return URL.create(
            "postgresql+psycopg",
            username=self.user.strip(),
            password=self.password or None,
            host=self.host.strip(),
            port=self.port,
            database=self.database.strip(),
        ).render_as_string(hide_password=False)

    @classmethod
    def from_url(cls, url: str) -> ServerDetails:
        """The details of a ``postgresql://`` URL (for filling in the form)."""
        parsed = make_url(url)
        return cls(
            host=parsed.host or "",
            database=parsed.database or "",
            user=parsed.username or "",
            password=_password(parsed),
            port=parsed.port or DEFAULT_PORT,
        )


def _password(url: URL) -> str:
    return url.password if isinstance(url.password, str) else ""


def choice_path() -> Path:
    """Where the window's last chosen database is remembered."""
    return config_dir() / DATABASE_FILE


def _without_password(url: str) -> tuple[str, str]:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise KontaktError(f"Ugyldig databaseadresse: {exc}") from exc
    password = _password(parsed)
    bare = URL.create(parsed.drivername, parsed.username, None, parsed.host, parsed.port,
                      parsed.database, parsed.query)  # fmt: skip
    return bare.render_as_string(hide_password=False), password


def remember(location: DatabaseLocation, path: Path | None = None) -> None:
    """Remember ``location`` for the window's next start; a server password goes to the
    keyring, never into the file.

    Raises:
        KeyringUnavailable: The password could not be stored (the choice is still kept).
    """
    url, password = _without_password(location.url)
    stored = PreferenceFile.at(path or choice_path())
    stored.set(WINDOW_DATABASE, url)
    stored.save()
    if location.path is None:
        set_secret(
            KEYRING_SERVICE,
            url,
            password,
            "Passordet må skrives inn på nytt hver gang Kontakt åpnes.",
        )


def remembered(path: Path | None = None) -> DatabaseLocation | None:
    """The database last chosen in the window (with its password), or None."""
    url = PreferenceFile.at(path or choice_path()).get(WINDOW_DATABASE)
    return with_keyring_password(resolve_database(url, environ={})) if url else None


def has_password(location: DatabaseLocation) -> bool:
    """True for a server URL that carries its password."""
    if location.path is not None:
        return False
    try:
        return bool(_password(make_url(location.url)))
    except ArgumentError:
        return False


def with_keyring_password(location: DatabaseLocation) -> DatabaseLocation:
    """A server location with the password the keyring keeps for it (the one saved in
    «Fil → Database …»); unchanged for a file, a URL with a password, or none stored."""
    if location.path is not None or has_password(location):
        return location
    try:
        url, _ = _without_password(location.url)
        password = get_secret(KEYRING_SERVICE, url)
    except KontaktError:
        password = ""  # the server then asks for it: the window offers the form
    if not password:
        return location
    return DatabaseLocation(
        url=make_url(url).set(password=password).render_as_string(hide_password=False),
        path=None,
    )


def window_database(
    db_arg: str | None, environ: dict[str, str], path: Path | None = None
) -> DatabaseLocation:
    """The database the window opens: ``--db``, ``KONTAKT_DB``, the one chosen last in
    the window, or the default file."""
    if db_arg or environ.get(DB_ENV_VAR):
        return resolve_database(db_arg, environ)
    return remembered(path) or resolve_database(None, environ)


def check_connection(location: DatabaseLocation) -> str:
    """Connect once and say so; for «Prøv tilkoblingen» before anything is opened.

    Returns:
        A Norwegian sentence saying the connection works and what the database holds.

    Raises:
        KontaktError: The server cannot be reached, or refuses (its reason, in one line).
    """
    engine = create_kontakt_engine(location)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
    except SQLAlchemyError as exc:
        reason = failure_reason(exc)
        raise KontaktError(f"Fikk ikke kontakt med {location.describe()}: {reason}") from exc
    finally:
        engine.dispose()
    if "contact" in tables:
        return "Tilkoblingen virker. Databasen har allerede en kontaktliste."
    return "Tilkoblingen virker. Databasen er tom; Kontakt lager tabellene når den åpnes."
