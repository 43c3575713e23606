"""`kontakt mail archive -o FOLDER`: the open newsletter archive written or refreshed.

Every sent newsletter as a web page without personal data, ``index.html``,
``feed.xml`` (Atom) and a PDF of each (see
:mod:`kontakt.services.outreach.archive`). Prints how many pages were written.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import for_terminal


def add_archive_parser(mail: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``mail archive`` subcommand."""
    a = mail.add_parser(
        "archive", help="skriv det åpne nyhetsarkivet (nettsider, Atom-feed og PDF) til en mappe"
    )
    a.add_argument("-o", dest="output", metavar="MAPPE", type=Path, required=True, help="mappen")


def cmd_archive(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt mail archive -o FOLDER``."""
    result = core.archive.refresh(args.output)
    out.write(for_terminal(f"{result.text()} Mappe: {args.output}") + "\n")
    return 0
