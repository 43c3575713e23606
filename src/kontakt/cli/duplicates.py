"""`kontakt duplicates`: the pairs of live contacts that may be one person, and why.

kontakt [--db ...] duplicates [--json]

Pairs come strongest first, numbered by group (three records of one person
are one group). Pairs said to be «Ikke samme person» in the window are left
out. Merging is ``kontakt merge``.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, print_table
from kontakt.domain.wording import plural

NONE_FOUND = "Fant ingen mulige duplikater."


def add_duplicates_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``duplicates`` command."""
    p = sub.add_parser("duplicates", help="finn kontakter som kan være samme person")
    p.add_argument("--json", action="store_true", help="skriv parene som én JSON-liste")


def cmd_duplicates(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt duplicates``."""
    pairs = core.duplicates.find()
    if args.json:
        dump_json([p.to_json() for p in pairs], out)
        return 0
    if not pairs:
        out.write(NONE_FOUND + "\n")
        return 0
    table = [["Gruppe", "Grunn", "Uid A", "Navn A", "Kommune A", "Uid B", "Navn B", "Kommune B"]]
    for p in pairs:
        table.append(
            [
                str(p.group),
                "; ".join(p.reason_texts),
                p.a.uid,
                p.a.name,
                p.a.municipality_name,
                p.b.uid,
                p.b.name,
                p.b.municipality_name,
            ]
        )
    print_table(table, out)
    found = plural(len(pairs), "mulig duplikat", "mulige duplikater")
    out.write(f"{found} i {plural(pairs[-1].group, 'gruppe', 'grupper')}.\n")
    return 0
