"""The log file appears at start, for the command line and the window, owner-only, and
holds no names, e-mail addresses, phone numbers or file names of the people in the data.

Each runs the real program as a process with its folders (XDG_*) in the test's
home (tests/conftest.py), so the log is the one platformdirs gives there.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from kontakt.log import log_file

POSIX = sys.platform != "win32"


def kontakt(
    *args: str, db: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
        check=False,
    )


def assert_owner_only(path: Path) -> None:
    if POSIX:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_the_command_line_starts_the_log_without_a_word_on_stderr(tmp_path: Path) -> None:
    log = log_file()
    assert not log.exists()
    result = kontakt("list", db=tmp_path / "kontakt.db")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # the log goes to its file, not the terminal
    assert log.exists()
    assert_owner_only(log)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    assert " INFO kontakt.log: start: kontakt list; Kontakt " in lines[0]


def test_an_import_and_a_backup_leave_no_person_and_no_file_name_in_the_log(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "Kari Nordmanns filer"
    folder.mkdir()
    csv = folder / "styret 2025.csv"
    csv.write_text(
        "Fornavn,Etternavn,E-post,Mobil,Kommune\n"
        "Kari,Nordmann,kari.nordmann@example.org,912 34 567,Oslo\n"
        "Per,Olsen,per.olsen@example.org,+47 41234567,Bergen\n",
        encoding="utf-8",
    )
    db = folder / "kontakt.db"
    assert kontakt("list", db=db).returncode == 0
    imported = kontakt("import", "--yes", str(csv), db=db)
    assert imported.returncode == 0, imported.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM contact").fetchone()[0] == 2
    assert kontakt("backup", db=db).returncode == 0
    text = log_file().read_text(encoding="utf-8")
    assert "start: kontakt import" in text and "backup (for-import): made" in text
    assert "start: kontakt backup" in text
    for secret in (
        "Kari",
        "Nordmann",
        "Per",
        "Olsen",
        "example.org",
        "912 34",
        "41234567",
        "styret",
        ".csv",
        "kontakt.db",
        "sikkerhetskopier",
        str(tmp_path),
    ):
        assert secret not in text, secret


@pytest.mark.skipif(not POSIX, reason="offscreen Qt in a subprocess")
def test_the_window_starts_the_log(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    assert kontakt("demo", db=db).returncode == 0
    probe = tmp_path / "painted"
    result = kontakt(
        db=db, env={"QT_QPA_PLATFORM": "offscreen", "KONTAKT_STARTUP_PROBE": str(probe)}
    )
    assert result.returncode == 0, result.stderr
    assert probe.exists()  # the window was up and painted its rows
    log = log_file()
    assert_owner_only(log)
    text = log.read_text(encoding="utf-8")
    assert " INFO kontakt.log: start: vindu; Kontakt " in text
    # A terminal start also shows the lines on stderr, masked alike.
    assert "start: vindu" in result.stderr
    with sqlite3.connect(db) as conn:
        people = conn.execute("SELECT given_name, family_name FROM contact LIMIT 50").fetchall()
        emails = [row[0] for row in conn.execute("SELECT address FROM contact_email LIMIT 50")]
    for secret in [*(f"{g} {f}" for g, f in people), *emails, str(tmp_path)]:
        assert secret not in text and secret not in result.stderr, secret
