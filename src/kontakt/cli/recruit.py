"""`kontakt recruit`: the overview's empty cells, and who could fill one.

kontakt recruit [--county C] [--json]                 the empty cells (of one county)
kontakt recruit --county C --topic T [--json]         who could fill that cell, and why

One command for both (not ``overview gaps``/``overview fill``): ``overview``
already takes grid filters, and listing gaps then the people for one reads as
one step of recruiting.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, print_table
from kontakt.errors import ValidationError


def add_recruit_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``recruit`` command."""
    p = sub.add_parser("recruit", help="tomme ruter i oversikten, og hvem som kan fylle en av dem")
    p.add_argument("--county", metavar="FYLKE", help="fylket (navn eller nummer)")
    p.add_argument("--topic", metavar="TEMA", help="temaet (navn eller synonym); krever --county")
    p.add_argument("--json", action="store_true", help="skriv JSON")


def cmd_recruit(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt recruit``."""
    if args.topic:
        if not args.county:
            raise ValidationError("Oppgi fylket med --county når du oppgir --topic.")
        return _prospects(core, args, out)
    gaps = core.recruitment.gaps(args.county)
    if args.json:
        dump_json(
            [
                {"county": {"number": c.county_number, "name": c.county_name}, "topic": c.topic}
                for c in gaps
            ],
            out,
        )
        return 0
    print_table([["Fylke", "Tema"], *([c.county_name, c.topic] for c in gaps)], out)
    out.write(f"{len(gaps)} tomme ruter.\n")
    return 0


def _prospects(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    county = core.geography.find_county(args.county)
    topic = core.recruitment.topic_name(args.topic)
    found = core.recruitment.prospects(county.number, topic)
    if args.json:
        dump_json(
            {
                "county": {"number": county.number, "name": county.name},
                "topic": topic,
                "people": [p.to_json() for p in found],
            },
            out,
        )
        return 0
    if not found:
        out.write(f"Ingen i listen peker seg ut for {topic} i {county.name}.\n")
        return 0
    table = [["Navn", "Kommune", "Hvorfor", "UID"]]
    table += [[p.name, p.municipality, "; ".join(p.reasons), p.uid] for p in found]
    print_table(table, out)
    out.write(f"{len(found)} kan fylle hullet for {topic} i {county.name}.\n")
    return 0
