"""`kontakt survey list|show`: the member surveys imports kept, and their answers counted.

    kontakt survey list [--json]
    kontakt survey show NAME [--json] [--answers]

``show`` lists each question with how many answered it and, for choice and
multiple-choice questions, how many chose each value; ``--answers`` lists
every answer as written (free text included). An unknown name exits 1 with
the closest names («Mente du …»).
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, for_terminal, print_table
from kontakt.domain.wording import plural

_KINDS = {
    "choice": "valg",
    "multi": "flervalg",
    "text": "fritekst",
    "number": "tall",
    "date": "dato",
}


def add_survey_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``survey`` command group."""
    p = sub.add_parser("survey", help="medlemsundersøkelser: oversikt og svar")
    actions = p.add_subparsers(dest="action", metavar="HANDLING", required=True)
    listing = actions.add_parser("list", help="undersøkelsene som er importert")
    listing.add_argument("--json", action="store_true", help="skriv som én JSON-liste")
    show = actions.add_parser("show", help="spørsmålene i en undersøkelse, med svarene telt")
    show.add_argument("name", metavar="NAVN")
    show.add_argument("--json", action="store_true", help="skriv som JSON")
    show.add_argument("--answers", action="store_true", help="vis også hvert svar (fritekst)")


def run_survey(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt survey …``."""
    if args.action == "list":
        surveys = core.surveys.surveys()
        if args.json:
            dump_json([s.to_json() for s in surveys], out)
            return 0
        if not surveys:
            out.write("Ingen undersøkelser er importert ennå.\n")
            return 0
        table = [["Undersøkelse", "År", "Svar", "Spørsmål", "Fil"]]
        for s in surveys:
            year = str(s.year) if s.year else ""
            table.append([s.name, year, str(s.respondents), str(s.questions), s.source_file])
        print_table(table, out)
        return 0
    detail = core.surveys.show(args.name, with_answers=args.answers)
    if args.json:
        dump_json(detail.to_json(), out)
        return 0
    info = detail.info
    year = f" ({info.year})" if info.year else ""
    answered = plural(info.respondents, "har svart", "har svart")
    out.write(for_terminal(f"{info.name}{year}: {answered}, fra {info.source_file}") + "\n")
    for q in detail.questions:
        kind = _KINDS.get(q.kind, q.kind)
        out.write("\n" + for_terminal(f"{q.position}. {q.text} [{kind}, {q.answered} svar]") + "\n")
        for value, count in q.counts:
            out.write(for_terminal(f"   {count:>5}  {value}") + "\n")
        for answer in q.answers:
            out.write(for_terminal(f"   - {answer}") + "\n")
    return 0
