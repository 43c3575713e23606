"""`kontakt backup`, `restore` and `check`: the SQLite file's copies and its health.

    kontakt backup [-o FILE]
    kontakt restore FILE
    kontakt check

``restore`` and ``check`` work on a file that might not open: they run before
the database is opened (the command table's second part), then open it to
count the contacts (which also migrates a backup made by an older Kontakt).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from kontakt.app import Core, open_core
from kontakt.cli.common import for_terminal
from kontakt.cli.database import open_database
from kontakt.domain.records import ContactFilter
from kontakt.errors import DatabaseError
from kontakt.paths import DatabaseLocation
from kontakt.services import backups
from kontakt.storage import backup


def add_backup_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``backup`` and ``restore`` commands."""
    p = sub.add_parser("backup", help="ta sikkerhetskopi av databasen")
    p.add_argument("-o", dest="output", metavar="FIL", type=Path, help="skriv kopien hit")

    p = sub.add_parser("restore", help="gjenopprett databasen fra en sikkerhetskopi")
    p.add_argument("file", metavar="FIL", type=Path)


def add_check_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``check`` command."""
    sub.add_parser("check", help="kontroller at databasen er hel")


def cmd_backup(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt backup [-o FILE]``."""
    made = core.backups.now(args.output)
    out.write(f"Sikkerhetskopi skrevet til {for_terminal(str(made))}\n")
    return 0


def cmd_restore(
    location: DatabaseLocation, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    """``kontakt restore FILE``: over the database, after backing the current state up."""
    file: Path = args.file
    for line in backups.restore(location, file):
        (err if line.startswith("Advarsel") else out).write(for_terminal(line) + "\n")
    total = _open_and_count(location)  # also migrates a backup made by an older Kontakt
    out.write(f"Gjenopprettet fra {for_terminal(str(file))}: {total} kontakter.\n")
    return 0


def cmd_check(
    location: DatabaseLocation, args: argparse.Namespace, out: TextIO, err: TextIO
) -> int:
    """``kontakt check``: SQLite's integrity check, then open and count."""
    if location.path is not None:
        if not location.path.exists():
            raise DatabaseError(f"Databasen {location.path} finnes ikke.")
        problems = backup.integrity_problems(location.path)
        if problems:
            raise DatabaseError(f"Databasen {location.path} er skadet: {'; '.join(problems[:3])}")
    total = _open_and_count(location)
    out.write(f"Databasen {for_terminal(location.describe())} er i orden ({total} kontakter).\n")
    return 0


def _open_and_count(location: DatabaseLocation) -> int:
    core = open_database(location, open_core)
    try:
        return core.search.count(ContactFilter())
    finally:
        core.close()
