"""`kontakt export`: the contacts a filter finds, to vCard, Excel, CSV or PDF.

kontakt export FORMAT -o FILE [--notes] [--private] [--title TEXT] [filters]
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import add_filter_arguments, filter_from_args, for_terminal
from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.services.exporting import ExportScope


def add_export_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``export`` command."""
    p = sub.add_parser("export", help="eksporter kontakter til vCard, Excel, CSV eller PDF")
    p.add_argument(
        "format",
        metavar="FORMAT",
        choices=[f.value for f in ExportFormat],
        help="vcard (3.0) | vcard4 | xlsx | csv-google | csv-outlook | pdf",
    )
    p.add_argument("-o", dest="output", metavar="FIL", type=Path, required=True, help="skriv hit")
    p.add_argument("--notes", action="store_true", help="ta med notater (av som standard)")
    p.add_argument(
        "--private", action="store_true", help="ta med private numre og adresser (av som standard)"
    )
    p.add_argument("--title", metavar="TEKST", default="", help="overskrift på lister")
    add_filter_arguments(p)


def cmd_export(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt export FORMAT -o FILE``."""
    fmt = ExportFormat(args.format)
    options = ExportOptions(
        include_notes=args.notes, include_private=args.private, title=args.title
    )
    scope = ExportScope(filter=filter_from_args(core, args))
    result = core.exports.export(fmt, args.output, scope, options)
    out.write(f"Skrev {result.count} kontakter til {for_terminal(str(result.path))}\n")
    if result.left_out:
        out.write(result.left_out + "\n")
    return 0
