"""Backup files are the user's alone from the first byte, and a killed backup leaves
nothing behind for long: the folder is 0700, the copy and its temporary file 0600,
and a temporary file of a killed backup goes at the next start or backup."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tests.e2e.test_cli import kontakt
from tests.e2e.test_erasure_sticks import filled_database

from kontakt.app import Core
from kontakt.paths import resolve_database
from kontakt.services import backups
from kontakt.storage import backup

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")

KILLED_BY_THE_KERNEL = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_DFL)  # Python ignores it; the kernel's default kills
limit = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
from kontakt.__main__ import main
sys.exit(main(sys.argv[2:]))
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_backup_folder_is_private_even_when_it_was_not(sqlite_core: Core) -> None:
    folder = sqlite_core.location.backup_dir
    assert folder is not None
    folder.mkdir(mode=0o755)
    os.chmod(folder, 0o755)  # as an older Kontakt made it
    made = sqlite_core.backups.now()
    assert mode(folder) == 0o700
    assert mode(made) == 0o600


def test_a_killed_backup_leaves_a_private_temporary_file_that_the_next_start_removes(
    tmp_path: Path,
) -> None:
    db = tmp_path / "kontakt.db"
    filled_database(db, people=150)
    location = resolve_database(str(db))
    folder = location.backup_dir
    assert folder is not None
    old_umask = os.umask(0o022)
    try:
        killed = subprocess.run(
            [sys.executable, "-c", KILLED_BY_THE_KERNEL, str(db.stat().st_size // 2),
             "--db", str(db), "backup"],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    finally:
        os.umask(old_umask)
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr
    left = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert left, list(folder.iterdir())
    assert all(mode(p) == 0o600 for p in left), [(p.name, oct(mode(p))) for p in left]
    assert mode(folder) == 0o700

    backups.daily(location)  # the window's start

    assert [p.name for p in folder.iterdir() if ".tmp" in p.name] == []
    assert len(backup.list_backups(folder)) == 1


def test_the_next_backup_on_the_command_line_removes_a_leftover(tmp_path: Path) -> None:
    db = tmp_path / "kontakt.db"
    filled_database(db, people=150)
    folder = resolve_database(str(db)).backup_dir
    assert folder is not None
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_BY_THE_KERNEL, str(db.stat().st_size // 2),
         "--db", str(db), "backup"],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert killed.returncode == -signal.SIGXFSZ, killed.stderr
    assert any(p.name.endswith(".tmp") for p in folder.iterdir())
    again = kontakt("backup", db=db)
    assert again.returncode == 0, again.stderr
    assert [p.name for p in folder.iterdir() if ".tmp" in p.name] == []


@pytest.mark.parametrize("kind", ["fifo", "devnull"])
def test_a_backup_to_a_device_or_pipe_is_refused_and_leaves_it_as_it_was(
    tmp_path: Path, kind: str
) -> None:
    db = tmp_path / "kontakt.db"
    filled_database(db, people=5)
    if kind == "fifo":
        target = tmp_path / "rør"
        os.mkfifo(target)
    else:
        target = Path("/dev/null")
    before = os.stat(target).st_mode
    result = kontakt("backup", "-o", str(target), db=db)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "ikke en vanlig fil" in result.stderr
    assert os.stat(target).st_mode == before  # still a pipe / character device
    assert not Path(f"{target}.tmp").exists()
