"""`kontakt list`: the contacts a filter finds, as a table or one JSON list.

    kontakt list [--json] [--limit N] [filters]

``--json`` prints the objects DESIGN.md promises (``uid``, names, ``emails``,
``phones`` in E.164, ``municipality`` and ``county``, ``topics``, ``roles`` …).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import add_filter_arguments, dump_json, filter_from_args, print_table
from kontakt.domain.contact_state import row_to_json
from kontakt.domain.normalize import format_phone
from kontakt.domain.records import Page
from kontakt.domain.wording import field_label
from kontakt.errors import KontaktError


def add_list_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``list`` command."""
    p = sub.add_parser("list", help="vis kontakter")
    p.add_argument("--json", action="store_true", help="skriv én JSON-liste")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="høyst N kontakter")
    add_filter_arguments(p)


def cmd_list(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt list``."""
    if args.limit is not None and args.limit < 0:
        raise KontaktError("--limit må være 0 eller større.")
    result = core.search.search(filter_from_args(core, args), Page(limit=args.limit))
    if args.json:
        dump_json([row_to_json(r) for r in result.rows], out)
        return 0
    if not result.rows:
        out.write("Ingen kontakter passer.\n")
        return 0
    table = [[field_label(f) for f in ("name", "municipality", "county", "emails", "phones")]]
    for r in result.rows:
        table.append(
            [
                r.full_name,
                r.municipality.name if r.municipality else "",
                r.county.name if r.county else "",
                r.primary_email,
                format_phone(r.primary_phone) if r.primary_phone else "",
            ]
        )
    print_table(table, out)
    out.write(f"{len(result.rows)} av {result.total} kontakter\n")
    return 0
