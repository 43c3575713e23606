"""`kontakt merge` and `kontakt undo-merge`: two records of one person made one, and back.

    kontakt merge KEEP_UID OTHER_UID [--yes]
    kontakt undo-merge [MERGE_ID]

``merge`` prints what changes (field: old -> new, and what follows the kept
contact) and asks at a terminal unless ``--yes``; without a terminal it
refuses unless ``--yes``. Values are chosen by the fill-empty rules.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from kontakt.app import Core
from kontakt.cli.common import for_terminal
from kontakt.errors import KontaktError
from kontakt.services.merging import describe


def add_merge_parsers(sub: Any) -> None:
    """Add ``merge`` and ``undo-merge`` to the command table's subparsers."""
    p = sub.add_parser("merge", help="slå sammen to kontakter som er samme person")
    p.add_argument("keep", metavar="KEEP_UID", help="kontakten som beholdes")
    p.add_argument("other", metavar="OTHER_UID", help="kontakten som slås inn og fjernes")
    p.add_argument("--yes", action="store_true", help="ikke spør først")
    p = sub.add_parser("undo-merge", help="angre en sammenslåing (den siste om ikke nummer gis)")
    p.add_argument("merge_id", metavar="MERGE_ID", nargs="?", type=int)


def cmd_merge(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt merge KEEP OTHER [--yes]``."""
    plan = core.merging.plan(args.keep, args.other)
    for line in describe(plan):
        out.write(for_terminal(line) + "\n")
    if not args.yes:
        if not sys.stdin.isatty():
            raise KontaktError("Sammenslåingen må bekreftes: legg til --yes.")
        out.flush()
        answer = input("Slå sammen? [j/N] ")
        if answer.strip().casefold() not in ("j", "ja", "y", "yes"):
            out.write("Ingenting endret.\n")
            return 0
    result = core.merging.merge(args.keep, args.other, plan.choices, plan.versions)
    out.write(
        f"Slått sammen (nummer {result.merge_id}); angre med «kontakt undo-merge "
        f"{result.merge_id}».\n"
    )
    return 0


def cmd_undo_merge(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt undo-merge [MERGE_ID]``."""
    info = core.merging.undo(args.merge_id)
    names = for_terminal(f"{info.kept_name} og {info.other_name}")
    out.write(f"Sammenslåing {info.id} er angret: {names} er to kontakter igjen.\n")
    return 0
