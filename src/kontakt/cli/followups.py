"""`kontakt followups`: the follow-up list from the command line.

    kontakt followups list [--json] [--all] [--due-before DATO] [--uid UID]
    kontakt followups add UID --what TEKST [--due DATO] [--note TEKST]
    kontakt followups done ID

``list`` shows the open follow-ups, earliest due first (``--all``: the done
ones too, last); an overdue one says so in words. ``add`` prints the new
follow-up's number, which ``done`` takes.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, print_table
from kontakt.domain.follow_ups import FollowUpQuery, due_text

COMMANDS = "list|add|done"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)") from None


def add_followups_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``followups`` command and its subcommands."""
    p = sub.add_parser("followups", help="oppfølginger: hvem som skal følges opp, og når")
    followups = p.add_subparsers(dest="followups_command", metavar=COMMANDS, required=True)

    s = followups.add_parser("list", help="vis åpne oppfølginger, tidligste frist først")
    s.add_argument("--json", action="store_true", help="skriv én JSON-liste")
    s.add_argument("--all", action="store_true", help="også de som er ferdige")
    s.add_argument("--due-before", type=_date, metavar="DATO", help="frist før denne datoen")
    s.add_argument("--uid", metavar="UID", help="bare denne kontaktens")

    s = followups.add_parser("add", help="legg til en oppfølging for en kontakt")
    s.add_argument("uid", metavar="UID")
    s.add_argument("--what", metavar="TEKST", required=True, help="hva som skal gjøres")
    s.add_argument("--due", type=_date, metavar="DATO", help="frist (ÅÅÅÅ-MM-DD)")
    s.add_argument("--note", metavar="TEKST", default="", help="merknad")

    s = followups.add_parser("done", help="merk en oppfølging som ferdig")
    s.add_argument("id", metavar="ID", type=int)


def run_followups(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt followups …``; returns the exit code."""
    if args.followups_command == "add":
        fid = core.followups.add(args.uid, args.what, args.due, args.note)
        row = core.followups.get(fid)
        out.write(f"La til oppfølging {fid}: {row.name} – {row.what}.\n")
        return 0
    if args.followups_command == "done":
        before = core.followups.done(args.id)
        if before.done:
            out.write(f"Oppfølging {args.id} var allerede ferdig.\n")
        else:
            out.write(f"Oppfølging {args.id} er ferdig: {before.name} – {before.what}.\n")
        return 0
    rows = core.followups.list(
        FollowUpQuery(include_done=args.all, due_before=args.due_before, uid=args.uid)
    )
    if args.json:
        dump_json([r.to_json() for r in rows], out)
        return 0
    if not rows:
        out.write("Ingen oppfølginger.\n")
        return 0
    today = dt.date.today()
    table = [["Nr", "Kontakt", "Hva", "Frist", "Ferdig"]]
    table += [
        [
            str(r.id),
            r.name,
            r.what,
            due_text(r, today),
            f"{r.done_at.astimezone():%d.%m.%Y}" if r.done_at else "",
        ]
        for r in rows
    ]
    print_table(table, out)
    return 0
