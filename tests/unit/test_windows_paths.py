"""Windows' shapes of paths, checked on Linux: drive letters and backslashes in ``--db``,
the data folder in %APPDATA%, a profile named «Kari Ærlig», OneDrive folders.

Where the code takes a path it is given a ``PureWindowsPath`` (no ``os.name`` is
faked: pathlib would break); platformdirs' own Windows class is asked for the
folders, with the shell's answer for %APPDATA% stood in for.
"""

from __future__ import annotations

from pathlib import Path, PureWindowsPath

import platformdirs.windows
import pytest
from sqlalchemy.engine import make_url

from kontakt import paths
from kontakt.errors import DatabaseError
from kontakt.paths import (
    resolve_database,
    sqlite_location,
    sqlite_url,
    sync_folder_warning,
)
from kontakt.services.database_choice import remember, remembered
from kontakt.storage.engine import create_kontakt_engine

PROFILE = r"C:\Users\Kari Ærlig"
DB = rf"{PROFILE}\AppData\Roaming\Kontakt\kontakt.db"


@pytest.fixture
def windows_dirs(monkeypatch: pytest.MonkeyPatch) -> None:
    """platformdirs answering as on Windows, for the profile «Kari Ærlig»."""
    known = {
        "CSIDL_APPDATA": rf"{PROFILE}\AppData\Roaming",
        "CSIDL_LOCAL_APPDATA": rf"{PROFILE}\AppData\Local",
    }
    monkeypatch.setattr(platformdirs.windows, "_RESOLVE_WIN_FOLDER", known.__getitem__)
    monkeypatch.setattr(paths, "PlatformDirs", platformdirs.windows.Windows)


def test_the_data_and_settings_folder_on_windows_is_appdata_kontakt(windows_dirs: None) -> None:
    # Not %APPDATA%\Kontakt\Kontakt (an author folder), not AppData\Local.
    assert PureWindowsPath(paths.default_data_dir()) == PureWindowsPath(
        rf"{PROFILE}\AppData\Roaming\Kontakt"
    )
    assert PureWindowsPath(paths.default_db_path()) == PureWindowsPath(DB)
    assert PureWindowsPath(paths.config_dir()) == PureWindowsPath(
        rf"{PROFILE}\AppData\Roaming\Kontakt"
    )


@pytest.mark.parametrize(
    "path",
    [
        DB,
        r"D:\Styret\Møter 100%20\kontakt#1.db",  # %20 is not a space, # not a fragment
        r"\\server\delt\Kontakt\kontakt.db",
        "C:/Users/Kari Ærlig/kontakt.db",
    ],
)
def test_a_windows_file_url_reads_back_as_the_same_path(path: str) -> None:
    url = sqlite_url(PureWindowsPath(path))
    parsed = make_url(url)
    assert parsed.drivername == "sqlite"
    assert PureWindowsPath(parsed.database or "") == PureWindowsPath(path)
    assert not parsed.query and parsed.host is None


def test_a_backslash_path_with_a_drive_letter_is_a_file_not_a_url() -> None:
    loc = resolve_database(DB, environ={})
    assert loc.is_sqlite and loc.path is not None
    assert str(loc.path).endswith(DB)  # made absolute, else as written
    assert make_url(loc.url).database == str(loc.path)
    assert loc.describe() == str(loc.path)  # as written, not as a URL
    assert "%" not in loc.describe()
    # Server URLs are still URLs.
    server = resolve_database("postgresql://kari@db.example.org/kontakt", environ={})
    assert server.path is None and server.url.startswith("postgresql+psycopg://")
    assert resolve_database("postgres://kari@db/k", environ={}).url.startswith("postgresql+")


def test_a_file_chosen_in_the_window_is_remembered_as_the_same_file(tmp_path: Path) -> None:
    # The profile path of «Kari Ærlig» (a space, æ), and a folder name with %20 and ?.
    target = tmp_path / "Kari Ærlig" / "Møter 100%20 ?" / "kontakt.db"
    remember(resolve_database(str(target)))
    again = remembered()
    assert again is not None
    assert again.path == target
    assert make_url(again.url).database == str(target)


def test_a_sqlite_url_given_with_a_drive_letter_is_that_file() -> None:
    loc = resolve_database(rf"sqlite:///{DB}", environ={})
    assert loc.path is not None and str(loc.path).endswith(DB)


def test_a_database_folder_that_cannot_be_made_is_named_as_written(tmp_path: Path) -> None:
    blocker = tmp_path / r"fil\med"  # a file where the folder should be; one name on Linux
    blocker.write_text("")
    with pytest.raises(DatabaseError) as refused:
        create_kontakt_engine(sqlite_location(blocker / "kontakt.db"))
    message = str(refused.value)
    assert f"Kan ikke opprette mappen for databasen {blocker}: " in message
    assert "\\\\" not in message and "Errno" not in message


# -- OneDrive ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        r"C:\Users\Kari\OneDrive\Dokumenter\kontakt.db",
        r"C:\Users\Kari\OneDrive - Organisasjon\Kontakt\kontakt.db",
        r"C:\Users\Kari\onedrive - SV\kontakt.db",
        r"C:\Users\Kari\Dropbox\kontakt.db",
    ],
)
def test_a_database_in_a_onedrive_folder_is_warned_about(path: str) -> None:
    warning = sync_folder_warning(PureWindowsPath(path), environ={})
    assert "synkroniseres" in warning
    assert path in warning  # the path as Windows writes it


@pytest.mark.parametrize("var", ["OneDrive", "OneDriveCommercial", "OneDriveConsumer"])
def test_a_onedrive_folder_by_another_name_is_found_through_its_variable(var: str) -> None:
    environ = {var: "D:\\Sky\\"}
    warning = sync_folder_warning(PureWindowsPath(r"d:\SKY\Kontakt\kontakt.db"), environ)
    assert "synkroniseres (OneDrive)" in warning
    # A folder whose name only begins the same is not OneDrive's.
    assert sync_folder_warning(PureWindowsPath(r"D:\Skyen\kontakt.db"), environ) == ""


def test_a_local_windows_folder_and_a_network_share(tmp_path: Path) -> None:
    assert sync_folder_warning(PureWindowsPath(DB), environ={"OneDrive": r"C:\Users\Kari\OD"}) == ""
    share = r"\\server\delt\kontakt.db"
    assert "nettverksdisk" in sync_folder_warning(PureWindowsPath(share), environ={})
    assert share in sync_folder_warning(PureWindowsPath(share), environ={})


def test_a_cloud_folder_named_by_its_variable_is_opened_the_careful_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OneDriveConsumer", str(tmp_path / "Sky"))
    location = sqlite_location(tmp_path / "Sky" / "kontakt.db")
    engine = create_kontakt_engine(location)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "delete"
    finally:
        engine.dispose()
