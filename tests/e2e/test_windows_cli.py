"""What a Windows laptop meets, through the command line on Linux: a database in a
OneDrive folder, a profile path with a space and «Æ», and an export over a file
Excel holds open (Windows refuses to replace it: a sharing violation).

The sharing violation cannot happen on Linux, so that test runs the command in
this process (``kontakt.cli.main.run``) with ``os.replace`` answering as Windows
does; the others run ``python -m kontakt`` as a script would.
"""

from __future__ import annotations

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from kontakt.cli.main import run
from kontakt.io import files

# Windows' words for a sharing violation (winerror 32).
IN_USE = "The process cannot access the file because it is being used by another process"
SYNC_WARNING = "kontakt: Advarsel: Databasen ligger i en mappe som synkroniseres"
ONEDRIVE_VARS = ("OneDrive", "OneDriveCommercial", "OneDriveConsumer")


def kontakt(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ONEDRIVE_VARS and k != "KONTAKT_DB"}
    return subprocess.run(
        [sys.executable, "-m", "kontakt", *args],
        capture_output=True, text=True, env={**base, **(env or {})}, timeout=120,
    )  # fmt: skip


def test_a_database_in_a_onedrive_folder_is_warned_about_and_still_used(tmp_path: Path) -> None:
    db = tmp_path / "OneDrive - Organisasjon" / "Kontakt" / "kontakt.db"
    result = kontakt("--db", str(db), "list")
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(SYNC_WARNING), result.stderr
    assert str(db) in result.stderr and result.stderr.count("\n") == 1
    assert db.is_file()


def test_a_cloud_folder_by_another_name_is_warned_about(tmp_path: Path) -> None:
    sky = tmp_path / "Sky"
    result = kontakt("--db", str(sky / "kontakt.db"), "list", env={"OneDriveCommercial": str(sky)})
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(SYNC_WARNING + " (OneDrive)")
    # The same file without the variable: no warning.
    assert kontakt("--db", str(sky / "kontakt.db"), "list").stderr == ""


def test_db_in_a_profile_with_a_space_and_percent_signs_is_that_file(tmp_path: Path) -> None:
    db = tmp_path / "Kari Ærlig" / "Møter 100%20 ?" / "kontakt.db"
    result = kontakt("--db", str(db), "demo")
    assert result.returncode == 0, result.stderr
    assert db.is_file()
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM contact").fetchone()[0] == 300
    # Nothing was written where a URL reading of the path would have put it.
    assert sorted(p.name for p in (tmp_path / "Kari Ærlig").iterdir()) == ["Møter 100%20 ?"]


# -- an export over a file Excel holds open ----------------------------------------


def sharing_violation(target: Path, monkeypatch: pytest.MonkeyPatch, winerror: int = 32) -> None:
    """``os.replace`` onto ``target`` fails as on Windows while Excel has it open: with
    ERROR_SHARING_VIOLATION (32) or, as often, ERROR_ACCESS_DENIED (5)."""
    real = os.replace

    def replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst) == target:
            reason = IN_USE if winerror == 32 else "Access is denied"
            exc = PermissionError(13, reason, str(src), None, str(dst))
            exc.winerror = winerror  # type: ignore[attr-defined]  # set by Windows only
            raise exc
        real(src, dst)

    monkeypatch.setattr(files.os, "replace", replace)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "kontakt.db"
    assert run(["--db", str(db), "demo"], io.StringIO(), io.StringIO()) == 0
    return db


@pytest.mark.parametrize(
    ("fmt", "winerror"),
    [("xlsx", 32), ("xlsx", 5), ("csv-outlook", 32), ("vcard", 5), ("pdf", 32)],
)
def test_an_export_over_a_file_open_in_excel_says_so_in_one_line(
    fmt: str, winerror: int, demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "Kari Ærlig" / f"liste.{fmt}"
    target.parent.mkdir()
    target.write_bytes(b"det Excel har oppe")
    sharing_violation(target, monkeypatch, winerror)
    out, err = io.StringIO(), io.StringIO()
    code = run(["--db", str(demo_db), "export", fmt, "-o", str(target), "--county", "46"], out, err)
    assert code == 1
    assert err.getvalue() == (
        f"kontakt: Filen {target} er åpen i et annet program (Excel?). Lukk den og prøv igjen.\n"
    )
    assert target.read_bytes() == b"det Excel har oppe"  # untouched
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no temp file


def test_access_denied_for_a_new_file_is_not_blamed_on_excel(
    demo_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "ny.xlsx"
    sharing_violation(target, monkeypatch, winerror=5)
    err = io.StringIO()
    assert run(["--db", str(demo_db), "export", "xlsx", "-o", str(target)], io.StringIO(), err) == 1
    assert err.getvalue() == f"kontakt: Kan ikke skrive {target}: Access is denied\n"
    assert list(tmp_path.iterdir()) == []
