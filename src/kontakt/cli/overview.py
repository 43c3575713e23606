"""`kontakt overview`: how many contacts per county and topic, and where the gaps are.

kontakt overview [--json] [--role-kind K] [--level L] [--confirmed-months N]
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, print_table
from kontakt.domain.records import RoleKind, RoleLevel
from kontakt.services.overview import GridFilter


def add_overview_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``overview`` command."""
    p = sub.add_parser("overview", help="antall kontakter per fylke og tema")
    p.add_argument("--json", action="store_true", help="skriv cellene som én JSON-liste")
    p.add_argument("--role-kind", choices=[k.value for k in RoleKind], help="bare denne typen verv")
    p.add_argument(
        "--level", choices=[lv.value for lv in RoleLevel], help="bare verv på dette nivået"
    )
    p.add_argument("--confirmed-months", type=int, metavar="N", help="bekreftet siste N måneder")


def cmd_overview(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt overview``."""
    grid = core.overview.grid(
        GridFilter(
            role_kind=RoleKind(args.role_kind) if args.role_kind else None,
            role_level=RoleLevel(args.level) if args.level else None,
            confirmed_months=args.confirmed_months,
        )
    )
    if args.json:
        dump_json([c.to_json() for c in grid], out)
        return 0
    topics = list(dict.fromkeys(c.topic for c in grid))
    by_county: dict[str, dict[str, int]] = {}
    for c in grid:
        by_county.setdefault(c.county_name, {})[c.topic] = c.count
    table = [["Fylke", *topics]]
    table += [[county, *(str(n[t]) for t in topics)] for county, n in by_county.items()]
    print_table(table, out)
    gaps = sum(1 for c in grid if c.count == 0)
    out.write(f"{gaps} av {len(grid)} ruter er tomme.\n")
    return 0
