"""Where Kontakt keeps its files: the default database and the backups beside it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_config_path, user_data_path

APP_NAME = "Kontakt"
DB_ENV_VAR = "KONTAKT_DB"


def default_data_dir() -> Path:
    """The user's data folder for Kontakt (e.g. ~/.local/share/Kontakt)."""
    return user_data_path(APP_NAME, appauthor=False, roaming=True)


def config_dir() -> Path:
    """The user's settings folder for Kontakt (e.g. ~/.config/Kontakt)."""
    return user_config_path(APP_NAME, appauthor=False, roaming=True)


def default_db_path() -> Path:
    """The SQLite file used when neither ``--db`` nor ``KONTAKT_DB`` is given."""
    return default_data_dir() / "kontakt.db"


@dataclass(frozen=True, slots=True)
class DatabaseLocation:
    """Which database to open.

    Attributes:
        url: SQLAlchemy URL (``sqlite:///...`` or ``postgresql+psycopg://...``).
        path: The SQLite file, or None for a server database.
    """

    url: str
    path: Path | None

    @property
    def is_sqlite(self) -> bool:
        """True for a local SQLite file."""
        return self.path is not None

    def describe(self) -> str:
        """A short description for the window title and messages (no password), e.g.
        ``/home/kari/kontakt.db`` or ``«kontakt» på db.example.org:5432 (bruker kari)``."""
        if self.path is not None:
            return str(self.path)
        from sqlalchemy.engine import make_url

        url = make_url(self.url)
        if not url.host:
            return url.render_as_string(hide_password=True)
        user = f" (bruker {url.username})" if url.username else ""
        return f"«{url.database or ''}» på {url.host}:{url.port or 5432}{user}"

    @property
    def backup_dir(self) -> Path | None:
        """Folder for automatic backups: next to the database file."""
        if self.path is None:
            return None
        return self.path.parent / f"{self.path.stem}-sikkerhetskopier"


def resolve_database(arg: str | None, environ: dict[str, str] | None = None) -> DatabaseLocation:
    """Choose the database from ``--db``, then ``KONTAKT_DB``, then the default file.

    A value containing ``://`` is a URL; ``postgresql://`` and ``postgres://`` get
    the psycopg 3 driver. Anything else is a path to an SQLite file.
    """
    env = os.environ if environ is None else environ
    value = arg or env.get(DB_ENV_VAR) or ""
    if "://" in value:
        scheme, rest = value.split("://", 1)
        if scheme in ("postgresql", "postgres"):
            return DatabaseLocation(url=f"postgresql+psycopg://{rest}", path=None)
        if scheme.startswith("sqlite"):
            # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy reads them.
            path = Path(rest[1:] if rest.startswith("/") else rest).absolute()
            return DatabaseLocation(url=f"sqlite:///{path}", path=path)
        return DatabaseLocation(url=value, path=None)
    path = Path(value).expanduser() if value else default_db_path()
    path = path.absolute()
    return DatabaseLocation(url=f"sqlite:///{path}", path=path)


# Folder names of the programs that sync a folder to the cloud. SQLite's WAL
# needs shared memory between the processes on one machine, and a sync program
# that copies the file while it is being written can tear it apart.
SYNC_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "mobile documents",
                "box sync", "nextcloud", "owncloud", "sync.com")  # fmt: skip


def sync_folder_warning(path: Path) -> str:
    """A Norwegian warning when the database file lies in a cloud-synced or network folder."""
    text = str(path).replace("\\", "/")
    lowered = text.casefold()
    found = next((name for name in SYNC_FOLDERS if name in lowered), None)
    if found is not None:
        return (
            f"Databasen ligger i en mappe som synkroniseres ({found}): {path}. Synkroniseringen "
            "kan kopiere fila midt i en lagring og ødelegge den, og to maskiner kan skrive over "
            "hverandre. Kontakt bruker derfor en tregere, forsiktig lagringsmåte her. Flytt helst "
            "databasen til en lokal mappe (sikkerhetskopiene kan gjerne synkroniseres), eller bruk "
            "en delt PostgreSQL-database."
        )
    if text.startswith("//"):
        return (
            f"Databasen ligger på en nettverksdisk: {path}. SQLite kan ikke dele en fil trygt over "
            "nettverket. Bruk en lokal mappe, eller en delt PostgreSQL-database for et styre."
        )
    return ""
