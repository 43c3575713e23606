"""`kontakt demo`: invented sample data (contacts, events, documents) to try Kontakt on."""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.app import Core


def add_demo_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``demo`` command."""
    sub.add_parser(
        "demo", help="legg inn oppdiktede eksempeldata: 300 kontakter, arrangementer, dokumenter"
    )


def cmd_demo(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt demo``; refused when the sample data is there already."""
    for line in core.demo.add_data().lines():
        out.write(line + "\n")
    return 0
