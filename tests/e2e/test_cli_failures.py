"""Failures at the edges end as one Norwegian line on stderr and exit 1, never a
traceback, with the database as it was: a full disk, a damaged database whose
check text is not UTF-8, arguments and file names that are not UTF-8, a bug.

Each runs the real command as a process. Output is encoded strictly
(``PYTHONIOENCODING=utf-8:strict``), as on a desktop with a UTF-8 locale.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tests.fixtures.damaged import MALFORMED_SCHEMA, NULL_IN_NOT_NULL, add_latin1_table

from kontakt.log import log_file

STRICT = {"PYTHONIOENCODING": "utf-8:strict"}
LATIN1_AE = os.fsdecode(b"\xe6")  # «æ» typed in a Latin-1 terminal, as Python sees it


def kontakt(
    *args: str, db: Path, env: dict[str, str] | None = None, **run: object
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-m", "kontakt", "--db", str(db), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **STRICT, **(env or {})},
        timeout=300,
        **run,
    )


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    """The single line on stderr of a command that failed cleanly."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kontakt: ")
    return lines[0]


def count(db: Path, table: str) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    db = tmp_path / "kontakt.db"
    assert kontakt("list", db=db).returncode == 0
    return db


@pytest.fixture
def big_csv(tmp_path: Path) -> Path:
    path = tmp_path / "mange.csv"
    rows = [f"Kari{i},Nordmann{i},kari{i}@example.org,Oslo" for i in range(5000)]
    path.write_text("Fornavn,Etternavn,E-post,Kommune\n" + "\n".join(rows) + "\n")
    return path


# ---- a full disk ---------------------------------------------------------------


def _limit_file_size(limit: int) -> None:
    import resource
    import signal

    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_an_import_that_fills_the_disk_is_one_line_and_changes_nothing(
    empty_db: Path, big_csv: Path
) -> None:
    # The files may grow a little past the database's size: the backup taken
    # before the import fits, the import's 5,000 contacts do not.
    limit = empty_db.stat().st_size + 100_000
    result = kontakt(
        "import", "--yes", str(big_csv), db=empty_db, preexec_fn=lambda: _limit_file_size(limit)
    )
    line = one_line(result)
    assert "disken er kanskje full" in line, line
    assert count(empty_db, "contact") == 0
    assert count(empty_db, "import_batch") == 0
    check = kontakt("check", db=empty_db)
    assert check.returncode == 0 and "er i orden (0 kontakter)" in check.stdout
    # The details are in the log, owner-only, without the people in the file.
    log = log_file()
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text(encoding="utf-8")
    assert "kontakt import" in text and "OperationalError" in text
    assert "Kari" not in text and "example.org" not in text


FULL_DATABASE = """
import sqlite3, sys
from sqlalchemy import event
from sqlalchemy.pool import Pool

def no_room(connection, record):
    # SQLite's own limit on the file's size: past it, writes fail as on a full disk.
    pages = connection.execute("PRAGMA page_count").fetchone()[0]
    connection.execute(f"PRAGMA max_page_count = {pages + 3}")

if __name__ == "__main__":
    event.listen(Pool, "connect", no_room)
    from kontakt.__main__ import main
    sys.exit(main(sys.argv[1:]))
"""


def test_database_or_disk_is_full_says_the_disk_is_full(
    empty_db: Path, big_csv: Path, tmp_path: Path
) -> None:
    script = tmp_path / "full_disk.py"
    script.write_text(FULL_DATABASE)
    result = subprocess.run(
        [sys.executable, str(script), "--db", str(empty_db), "import", "--yes", str(big_csv)],
        capture_output=True,
        text=True,
        env={**os.environ, **STRICT},
        timeout=300,
    )
    line = one_line(result)
    assert line.startswith("kontakt: Disken er full"), line
    assert count(empty_db, "contact") == 0
    assert count(empty_db, "import_batch") == 0


# ---- a damaged database whose check text is not UTF-8 --------------------------


@pytest.mark.parametrize(
    ("table_sql", "problem"),
    [
        (NULL_IN_NOT_NULL, "NULL value in \ufffdbler.a"),
        (MALFORMED_SCHEMA, "malformed database schema (\ufffdbler)"),
    ],
    ids=["check-text", "error-text"],
)
def test_a_damaged_database_with_latin1_names_is_reported_in_one_line(
    empty_db: Path, table_sql: bytes, problem: str
) -> None:
    add_latin1_table(empty_db, table_sql)
    before = digest(empty_db)
    for command in (["list"], ["check"]):
        line = one_line(kontakt(*command, db=empty_db))
        assert "er skadet" in line and problem in line, line
    assert digest(empty_db) == before


# ---- arguments and file names that are not UTF-8 --------------------------------


@pytest.mark.parametrize(
    ("command", "option"),
    [
        (["list", "--search", f"l{LATIN1_AE}rer"], "--search"),
        (["list", "--topic", "Tannhelsereform", "--topic", f"{LATIN1_AE}ldre"], "--topic"),
        (["docs", "list", "--search", f"l{LATIN1_AE}rer"], "--search"),
        (["export", "csv-google", "-o", "OUT", "--search", f"l{LATIN1_AE}rer"], "--search"),
    ],
    ids=["list-search", "list-topic", "docs-search", "export-search"],
)
def test_a_search_text_that_is_not_utf8_is_refused_naming_the_option(
    empty_db: Path, tmp_path: Path, command: list[str], option: str
) -> None:
    out = tmp_path / "ut.csv"
    before = digest(empty_db)
    line = one_line(kontakt(*[str(out) if c == "OUT" else c for c in command], db=empty_db))
    assert line.startswith(f"kontakt: {option} «"), line
    assert "\\xe6" in line and "ikke gyldig UTF-8" in line
    assert not out.exists()
    assert digest(empty_db) == before


def test_a_latin1_file_name_is_imported_exported_and_printed_safely(
    empty_db: Path, tmp_path: Path
) -> None:
    name = f"l{LATIN1_AE}rere.csv"  # b"l\xe6rere.csv" on disk
    source = tmp_path / name
    source.write_text(
        "Fornavn,Etternavn,E-post\nKari,Nordmann,kari@example.org\nOla,,ikke-en-adresse\n"
    )
    result = kontakt("import", "--yes", str(source), db=empty_db)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "l\\xe6rere.csv: " in result.stderr  # the bad row, named with the file
    with sqlite3.connect(empty_db) as conn:
        assert conn.execute("SELECT file_name FROM import_batch").fetchall() == [
            ("l\\xe6rere.csv",)
        ]
    assert count(empty_db, "contact") == 1

    target = tmp_path / f"ut{LATIN1_AE}.csv"
    exported = kontakt("export", "csv-google", "-o", str(target), db=empty_db)
    assert exported.returncode == 0, exported.stderr
    assert os.fsencode(target) in [os.fsencode(p) for p in tmp_path.iterdir()]
    assert "Kari" in target.read_text(encoding="utf-8")
    assert "ut\\xe6.csv" in exported.stdout

    undone = kontakt("undo-import", db=empty_db)
    assert undone.returncode == 0, undone.stderr
    assert "(l\\xe6rere.csv) er angret" in undone.stdout


def test_a_database_name_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    db = tmp_path / f"k{LATIN1_AE}.db"
    line = one_line(kontakt("list", db=db))
    assert line.startswith("kontakt: --db «") and "ikke gyldig UTF-8" in line
    assert not db.exists()


# ---- what nobody foresaw ----------------------------------------------------------

BUG = """
import sys
import kontakt.cli.main

def bug(core, args, out):
    found = "Kari Nordmann <kari@example.org> +47 912 34 567"  # a value, as a bug might meet
    raise {error}(found)

if __name__ == "__main__":
    kontakt.cli.main._COMMANDS["list"] = bug
    from kontakt.__main__ import main
    sys.exit(main(sys.argv[1:]))
"""


def test_an_unexpected_error_is_one_line_pointing_to_an_owner_only_log(
    empty_db: Path, tmp_path: Path
) -> None:
    script = tmp_path / "bug.py"
    script.write_text(BUG.format(error="RuntimeError"))
    result = subprocess.run(
        [sys.executable, str(script), "--db", str(empty_db), "list"],
        capture_output=True,
        text=True,
        env={**os.environ, **STRICT},
        timeout=120,
    )
    line = one_line(result)
    log = log_file()
    assert line == (
        f"kontakt: En uventet feil oppstod (RuntimeError), en feil i Kontakt. "
        f"Detaljer er skrevet til {log}."
    )
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700
    text = log.read_text(encoding="utf-8")
    assert "kontakt list" in text and "builtins.RuntimeError" in text
    assert 'bug.py", line 7, in bug' in text
    assert "Kari" not in text and "34 567" not in text  # not "912": a process id may hold it


def test_ctrl_c_is_one_line(empty_db: Path, tmp_path: Path) -> None:
    script = tmp_path / "interrupt.py"
    script.write_text(BUG.format(error="KeyboardInterrupt"))
    result = subprocess.run(
        [sys.executable, str(script), "--db", str(empty_db), "list"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 130
    assert result.stderr == "kontakt: Avbrutt.\n"
