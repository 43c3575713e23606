"""The command line: the contract in DESIGN.md, kept stable for scripts.

The command table: :func:`build_parser` adds each command group's options (one
module per group in this package) and :func:`run` opens the database and runs
the command. Exit codes: 0 success; 1 bad input, with a one-line Norwegian
message on stderr; 2 wrong usage (argparse). Nothing is half-written on failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

from kontakt import __version__
from kontakt.app import Core, open_core
from kontakt.cli import (
    backups,
    candidates,
    contacts,
    demo,
    docs,
    duplicates,
    events,
    exports,
    followups,
    imports,
    mail,
    merge,
    overview,
    privacy,
    recruit,
    survey,
    vocabulary,
)
from kontakt.cli.database import command_line_database, open_database
from kontakt.cli.failures import refuse_undecodable, report_failure
from kontakt.paths import DatabaseLocation

Command = Callable[[Core, argparse.Namespace, TextIO], int]
# Commands for a file that might not open (they open it themselves): location, args, out, err.
FileCommand = Callable[[DatabaseLocation, argparse.Namespace, TextIO, TextIO], int]


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``kontakt``."""
    parser = argparse.ArgumentParser(
        prog="kontakt",
        description="Kontakt: kontaktliste og utsendelser for SVs helsepolitiske nettverk. "
        "Uten kommando åpnes vinduet.",
    )
    parser.add_argument("--version", action="version", version=f"Kontakt {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="prøv database, import og vindu i en midlertidig mappe, og avslutt",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="databasefil eller PostgreSQL-URL (ellers KONTAKT_DB eller standardfilen)",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")
    # In the order `kontakt --help` lists them.
    contacts.add_list_parser(sub)
    backups.add_backup_parsers(sub)
    imports.add_import_parser(sub)
    exports.add_export_parser(sub)
    imports.add_undo_parser(sub)
    mail.add_mail_parser(sub)
    events.add_events_parser(sub)
    docs.add_docs_parser(sub)
    merge.add_merge_parsers(sub)
    privacy.add_privacy_parser(sub)
    duplicates.add_duplicates_parser(sub)
    overview.add_overview_parser(sub)
    recruit.add_recruit_parser(sub)
    candidates.add_candidates_parser(sub)
    vocabulary.add_vocabulary_parsers(sub)
    followups.add_followups_parser(sub)
    survey.add_survey_parser(sub)
    backups.add_check_parser(sub)
    demo.add_demo_parser(sub)
    return parser


_COMMANDS: dict[str, Command] = {
    "list": contacts.cmd_list,
    "backup": backups.cmd_backup,
    "demo": demo.cmd_demo,
    "docs": docs.run_docs,
    "duplicates": duplicates.cmd_duplicates,
    "import": imports.cmd_import,
    "export": exports.cmd_export,
    "mail": mail.run_mail,
    "merge": merge.cmd_merge,
    "events": events.run_events,
    "overview": overview.cmd_overview,
    "recruit": recruit.cmd_recruit,
    "privacy": privacy.cmd_privacy,
    "undo-import": imports.cmd_undo_import,
    "undo-merge": merge.cmd_undo_merge,
    "topics": vocabulary.run_vocabulary,
    "labels": vocabulary.run_vocabulary,
    "followups": followups.run_followups,
    "survey": survey.run_survey,
    "candidates": candidates.run_candidates,
}
_FILE_COMMANDS: dict[str, FileCommand] = {
    "restore": backups.cmd_restore,
    "check": backups.cmd_check,
}


def run(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run one command; returns the exit code. ``command=None`` is handled by the caller."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        refuse_undecodable(parser, args)
        location = command_line_database(args.db, err)
        if args.command in _FILE_COMMANDS:
            return _FILE_COMMANDS[args.command](location, args, out, err)
        core = open_database(location, open_core)
        try:
            return _COMMANDS[args.command](core, args, out)
        finally:
            core.close()
    except BrokenPipeError:
        # The reader stopped reading (`kontakt list | head`): not an error of ours.
        if out is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        err.write("kontakt: Avbrutt.\n")
        return 130
    except Exception as exc:
        # KontaktError, a full disk, a damaged database, a file name that is not
        # UTF-8, or a bug: one line, never a traceback.
        return report_failure(exc, args.command, err)
