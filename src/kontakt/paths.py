"""Where Kontakt keeps its files: the default database and the backups beside it."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePath

from platformdirs import PlatformDirs
from platformdirs.api import PlatformDirsABC

APP_NAME = "Kontakt"
DB_ENV_VAR = "KONTAKT_DB"


def _dirs() -> PlatformDirsABC:
    # No author folder (%APPDATA%\Kontakt, not %APPDATA%\Kontakt\Kontakt); the
    # roaming profile on Windows, which follows the user to another PC in a domain.
    return PlatformDirs(APP_NAME, appauthor=False, roaming=True)


def default_data_dir() -> Path:
    """The user's data folder for Kontakt (``~/.local/share/Kontakt``, on Windows
    ``%APPDATA%\\Kontakt``, on macOS ``~/Library/Application Support/Kontakt``)."""
    return _dirs().user_data_path


def config_dir() -> Path:
    """The user's settings folder for Kontakt (``~/.config/Kontakt``, on Windows
    ``%APPDATA%\\Kontakt``, as the data)."""
    return _dirs().user_config_path


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


def sqlite_url(path: PurePath) -> str:
    """The SQLAlchemy URL of an SQLite file, built by SQLAlchemy: a ``%``, ``?`` or ``#``
    in the path, or a Windows path (``C:\\Users\\Kari Ærlig\\...``), stays the path
    when the URL is read back (``f"sqlite:///{path}"`` would turn ``%20`` into a space
    and cut the path at ``?``)."""
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=str(path)).render_as_string()


def sqlite_location(path: Path) -> DatabaseLocation:
    """The location of the SQLite file ``path`` (absolute)."""
    return DatabaseLocation(url=sqlite_url(path), path=path)


def resolve_database(arg: str | None, environ: dict[str, str] | None = None) -> DatabaseLocation:
    """Choose the database from ``--db``, then ``KONTAKT_DB``, then the default file.

    A value containing ``://`` is a URL; ``postgresql://`` and ``postgres://`` get
    the psycopg 3 driver. Anything else is a path to an SQLite file, as the system
    writes it (on Windows ``C:\\Users\\Kari Ærlig\\kontakt.db``: a drive letter
    and backslashes, never read as a URL).
    """
    env = os.environ if environ is None else environ
    value = arg or env.get(DB_ENV_VAR) or ""
    if "://" in value:
        scheme, rest = value.split("://", 1)
        if scheme in ("postgresql", "postgres"):
            return DatabaseLocation(url=f"postgresql+psycopg://{rest}", path=None)
        if scheme.startswith("sqlite"):
            # sqlite:///relative.db and sqlite:////absolute.db, read as SQLAlchemy reads
            # them (``%xx`` decoded), so that a URL built by sqlite_url() gives its path back.
            from sqlalchemy.engine import make_url

            return sqlite_location(Path(make_url(value).database or "").absolute())
        return DatabaseLocation(url=value, path=None)
    path = Path(value).expanduser() if value else default_db_path()
    return sqlite_location(path.absolute())


# Folder names of the programs that sync a folder to the cloud. SQLite's WAL
# needs shared memory between the processes on one machine, and a sync program
# that copies the file while it is being written can tear it apart.
SYNC_FOLDERS = ("onedrive", "dropbox", "google drive", "googledrive", "icloud", "mobile documents",
                "box sync", "nextcloud", "owncloud", "sync.com")  # fmt: skip


# What the OneDrive client sets to the folder it syncs, wherever the user put it
# (D:\Sky need not be named OneDrive): personal, work or school, and either.
ONEDRIVE_ENV_VARS = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def _comparable(path: PurePath | str) -> str:
    """``path`` with ``/`` for ``\\`` and no case (Windows' file names ignore it)."""
    return str(path).replace("\\", "/").rstrip("/").casefold()


def _synced_folder(text: str, environ: Mapping[str, str]) -> str | None:
    """The sync program whose folder holds the path ``text`` (see :func:`_comparable`)."""
    found = next((name for name in SYNC_FOLDERS if name in text), None)
    if found is not None:
        return found
    for var in ONEDRIVE_ENV_VARS:
        folder = _comparable(environ.get(var, "").strip())
        if folder and (text == folder or text.startswith(folder + "/")):
            return "OneDrive"
    return None


def sync_folder_warning(path: PurePath, environ: Mapping[str, str] | None = None) -> str:
    """A Norwegian warning when the database file lies in a cloud-synced or network folder.

    Windows paths are recognised as well (``C:\\Users\\Kari\\OneDrive - Org\\kontakt.db``,
    ``\\\\server\\share``), as is a OneDrive folder by another name, through
    :data:`ONEDRIVE_ENV_VARS` (``environ``, default the process environment).
    """
    text = _comparable(path)
    found = _synced_folder(text, os.environ if environ is None else environ)
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
