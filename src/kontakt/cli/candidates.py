"""`kontakt candidates`: the candidates for 2027, Kandidatpakke and «Marker valgte».

kontakt [--db ...] candidates list [--json] [--municipality M|--county C] [--election E]
kontakt [--db ...] candidates pack --municipality M|--county C [--election E]
                       [--topic T ...] [--dry-run] [--from A] [--from-name N]
                       [--smtp-host H --smtp-port P] [--per-minute N] [--yes]
kontakt [--db ...] candidates elected --municipality M|--county C [--election E]
                       (--file FIL | --uid UID ...) [--yes]
kontakt [--db ...] candidates undo CHANGE_ID

``elected`` marks the named candidates «valgt» (with a folkevalgt role for
2027–2031) and every other candidate there «ikke valgt», as one change that
``candidates undo`` (or Ctrl+Z in the window) takes back. ``--file`` is a
CSV or Excel list with a «Navn» column (and «E-post» if known); names that
match no candidate are reported and nothing is changed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, print_table
from kontakt.cli.mail import add_server_arguments, run_sending, server_from_args
from kontakt.domain.contact_state import role_to_dict
from kontakt.domain.control_chars import for_terminal
from kontakt.domain.role_text import role_line
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.io.importers.attendance import read_attendance
from kontakt.services.candidates import Candidate, CandidatePlace, match_names
from kontakt.services.outreach.candidate_pack import CandidatePack
from kontakt.services.outreach.message import Sender


def _place_arguments(p: argparse.ArgumentParser, required: bool) -> None:
    group = p.add_mutually_exclusive_group(required=required)
    group.add_argument("--municipality", metavar="KOMMUNE", help="kommunenavn eller -nummer")
    group.add_argument("--county", metavar="FYLKE", help="fylkesnavn eller -nummer")
    p.add_argument(
        "--election", metavar="VALG", default="", help="f.eks. «kommunestyrevalget 2027»"
    )


def add_candidates_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``candidates`` command group."""
    p = sub.add_parser("candidates", help="kandidater, kandidatpakke og valgte")
    csub = p.add_subparsers(dest="candidates_command", metavar="HANDLING", required=True)
    ls = csub.add_parser("list", help="kandidatene, gjerne for én kommune eller ett fylke")
    _place_arguments(ls, required=False)
    ls.add_argument("--json", action="store_true", help="skriv kandidatene som JSON")
    pack = csub.add_parser("pack", help="send kandidatpakken til kandidatene på ett sted")
    _place_arguments(pack, required=True)
    pack.add_argument("--topic", metavar="TEMA", action="append", default=[], help="tema")
    pack.add_argument("--dry-run", action="store_true", help="vis hvem som får hva; send ikke")
    pack.add_argument("--from", dest="sender", metavar="ADRESSE", help="avsenderadresse")
    pack.add_argument("--from-name", metavar="NAVN", help="avsendernavn")
    pack.add_argument("--yes", action="store_true", help="ikke spør før sending")
    add_server_arguments(pack)
    el = csub.add_parser("elected", help="marker de valgte (og de ikke valgte)")
    _place_arguments(el, required=True)
    which = el.add_mutually_exclusive_group(required=True)
    which.add_argument("--file", metavar="FIL", type=Path, help="liste over de valgte")
    which.add_argument("--uid", metavar="UID", action="append", help="en valgt kandidat")
    el.add_argument("--yes", action="store_true", help="ikke spør før endringen")
    undo = csub.add_parser("undo", help="angre «Marker valgte»")
    undo.add_argument("change_id", metavar="CHANGE_ID")


def run_candidates(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt candidates list|pack|elected|undo``; returns the exit code."""
    if args.candidates_command == "undo":
        n = core.undo.undo(args.change_id)
        out.write(f"Angret: {plural(n, 'kontakt', 'kontakter')} satt tilbake.\n")
        return 0
    place = _place(core, args)
    if args.candidates_command == "list":
        return _list(core, place, args, out)
    assert place is not None  # required by the parser
    if args.candidates_command == "pack":
        return _pack(core, place, args, out)
    return _elected(core, place, args, out)


def _place(core: Core, args: argparse.Namespace) -> CandidatePlace | None:
    if not (args.municipality or args.county):
        return None
    return core.candidates.place(args.municipality, args.county)


def candidate_json(c: Candidate) -> dict[str, Any]:
    """One candidacy as ``candidates list --json`` writes it."""
    return {
        "uid": c.row.uid,
        "name": c.row.full_name,
        "email": c.row.primary_email,
        "topics": list(c.row.topics),
        "role": role_to_dict(c.role),
        "text": role_line(c.role),
    }


def _list(core: Core, place: CandidatePlace | None, args: argparse.Namespace, out: TextIO) -> int:
    found = core.candidates.candidates(place, args.election)
    if args.json:
        dump_json([candidate_json(c) for c in found], out)
        return 0
    where = f" i {place.name}" if place else ""
    if not found:
        out.write(f"Ingen kandidater{where}.\n")
        return 0
    table = [["Uid", "Navn", "Kandidatur", "Resultat"]]
    table += [[c.row.uid, c.row.full_name, role_line(c.role), c.role.result] for c in found]
    print_table(table, out)
    out.write(f"{plural(len(found), 'kandidat', 'kandidater')}{where}.\n")
    return 0


def _describe_pack(pack: CandidatePack, out: TextIO) -> None:
    out.write(f"Kandidatpakke for {pack.place.name}\n")
    out.write(f"Tema: {', '.join(pack.topics) or '(ingen)'}\n")
    out.write(f"Mottakere ({len(pack.candidates)}):\n")
    for c in pack.candidates:
        email = c.row.primary_email or "ingen e-post"
        out.write(for_terminal(f"  {c.row.full_name} <{email}> – {role_line(c.role)}") + "\n")
    out.write(f"Dokumenter ({len(pack.documents)}):\n")
    for d in pack.documents:
        out.write(for_terminal(f"  {d.uid}  {d.kind.value}: {d.title}") + "\n")
    out.write(f"Folkevalgte og tillitsvalgte ({len(pack.officials)}):\n")
    for r in pack.officials:
        out.write(for_terminal(f"  {r.full_name} <{r.primary_email}>") + "\n")


def _pack(core: Core, place: CandidatePlace, args: argparse.Namespace, out: TextIO) -> int:
    pack = core.candidate_packs.pack(place, args.election, args.topic)
    _describe_pack(pack, out)
    if not pack.candidates:
        raise KontaktError(f"Ingen kandidater i {place.name}.")
    plan = core.candidate_packs.plan(pack)
    for left in plan.left_out:
        out.write(for_terminal(f"Utelatt: {left.name} ({left.reason})") + "\n")
    if args.dry_run:
        out.write("Ingenting sendt (--dry-run).\n")
        return 0
    server = server_from_args(core.outbox, args)
    sender = Sender(args.from_name or server.sender.name, args.sender or server.sender.address)
    if not args.yes and sys.stdin.isatty():
        answer = input(f"Sende til {len(plan.recipients)} mottakere? [j/N] ")
        if answer.strip().casefold() not in ("j", "ja", "y", "yes"):
            out.write("Ingenting sendt.\n")
            return 0
    mailing_id = core.candidate_packs.create_mailing(pack, sender)
    out.write(f"Utsending nr. {mailing_id} er lagret med {len(plan.recipients)} mottakere.\n")
    return run_sending(core, mailing_id, server, out)


def _elected(core: Core, place: CandidatePlace, args: argparse.Namespace, out: TextIO) -> int:
    candidates = core.candidates.candidates(place, args.election)
    if not candidates:
        raise KontaktError(f"Ingen kandidater i {place.name}.")
    if args.file is not None:
        people = read_attendance(args.file)
        uids, unmatched = match_names(candidates, [(p.name, p.email) for p in people])
        if unmatched:
            raise KontaktError(
                f"{args.file.name}: fant ingen (eller flere) kandidater i {place.name} "
                f"med navnet {', '.join(f'«{n}»' for n in unmatched)}. Ingenting er endret."
            )
    else:
        uids = list(dict.fromkeys(args.uid))
    if not args.yes and sys.stdin.isatty():
        answer = input(f"Marker {plural(len(uids), 'valgt', 'valgte')} i {place.name}? [j/N] ")
        if answer.strip().casefold() not in ("j", "ja", "y", "yes"):
            out.write("Ingenting endret.\n")
            return 0
    outcome = core.candidates.mark_elected(place, uids, args.election)
    for c in outcome.elected:
        out.write(for_terminal(f"Valgt: {c.row.full_name} ({c.row.uid})") + "\n")
    for c in outcome.not_elected:
        out.write(
            for_terminal(f"Ikke valgt (til gjennomgang): {c.row.full_name} ({c.row.uid})") + "\n"
        )
    out.write(
        f"{plural(len(outcome.elected), 'valgt', 'valgte')}, "
        f"{len(outcome.not_elected)} ikke valgt i {place.name}. "
        f"Angre med: kontakt candidates undo {outcome.change_id}\n"
    )
    return 0
