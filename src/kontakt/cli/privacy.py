"""`kontakt privacy`: access (art. 15), erasure (art. 17) and the erasure key.

    kontakt privacy export UID [-o FILE]
    kontakt privacy erase UID [--yes] [--backups keep|rewrite|delete]
    kontakt privacy key export|import FILE

An erasure that could not yet rewrite the database file (another reader, a
full disk) exits 1 with one line saying what remains and until when; the
person is erased all the same. Backups that still hold the person are named,
rewritten or deleted as ``--backups`` says.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any, TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, for_terminal
from kontakt.errors import KontaktError
from kontakt.io.files import write_json_atomically
from kontakt.services.backups import copies
from kontakt.services.privacy import ScrubIncomplete


def add_privacy_parser(sub: Any) -> None:
    """Add ``privacy`` to the command table's subparsers."""
    p = sub.add_parser("privacy", help="personvern: innsyn og sletting")
    privacy = p.add_subparsers(dest="privacy_command", metavar="export|erase|key", required=True)
    e = privacy.add_parser("export", help="alt som er lagret om én person (JSON og PDF)")
    e.add_argument("uid", metavar="UID")
    e.add_argument("-o", dest="output", metavar="FIL", type=Path, help="JSON hit, PDF ved siden av")
    e = privacy.add_parser("erase", help="slett en person for godt")
    e.add_argument("uid", metavar="UID")
    e.add_argument("--yes", action="store_true", help="ikke spør først")
    e.add_argument(
        "--backups",
        choices=["keep", "rewrite", "delete"],
        default="keep",
        help="sikkerhetskopier som fortsatt har personen: la dem være (keep), skriv dem om "
        "uten personen (rewrite) eller slett dem (delete)",
    )
    e = privacy.add_parser(
        "key", help="nøkkelen til sletteregisteret, for andre som bruker samme database"
    )
    e.add_argument("key_command", choices=["export", "import"], metavar="export|import")
    e.add_argument("file", metavar="FIL", type=Path)


def cmd_privacy(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt privacy ...``."""
    if args.privacy_command == "export":
        data = core.privacy.export_person(args.uid)
        if args.output is None:
            dump_json(data, out)
            return 0
        write_json_atomically(args.output, data)
        from kontakt.ui.printing.person_report import write_person_pdf

        pdf = args.output.with_suffix(".pdf")
        write_person_pdf(data, pdf)
        out.write(for_terminal(f"Skrev {args.output} og {pdf}") + "\n")
        return 0
    if args.privacy_command == "key":
        return cmd_privacy_key(core, args, out)
    row = core.contacts.get(args.uid)
    if not args.yes:
        if not sys.stdin.isatty():
            raise KontaktError("Sletting må bekreftes: legg til --yes.")
        name = for_terminal(row.full_name)
        answer = input(f"Slette {name} for godt? Dette kan ikke angres. [j/N] ")
        if answer.strip().casefold() not in ("j", "ja", "y", "yes"):
            out.write("Ingenting slettet.\n")
            return 0
    incomplete: ScrubIncomplete | None = None
    try:
        name = core.privacy.erase(args.uid)  # then backups past their age are deleted
        out.write(f"{for_terminal(name or args.uid)} er slettet for godt.\n")
    except ScrubIncomplete as exc:  # erased; said last, on stderr, after the backups
        incomplete = exc
    held = core.backups.holding([args.uid])
    if held and args.backups == "rewrite":
        core.backups.rewrite(held)
        out.write(f"{copies(len(held))} er skrevet om uten personen.\n")
    elif held and args.backups == "delete":
        core.backups.delete(held)
        out.write(f"{copies(len(held))} er slettet.\n")
    elif held:
        days = core.backups.max_age_days
        out.write(
            f"{copies(len(held))} har fortsatt opplysninger om personen; "
            "«--backups rewrite» skriver dem om uten personen, «--backups delete» sletter dem. "
            f"Ellers slettes de når de er {days} dager gamle.\n"
        )
    if incomplete is not None:
        raise incomplete
    return 0


def cmd_privacy_key(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt privacy key export|import FILE``."""
    if args.key_command == "export":
        core.privacy.export_key(args.file)
        out.write(
            f"Nøkkelen til sletteregisteret er skrevet til {args.file}. Gi den bare til andre "
            "som bruker samme database, og slett fila når de har tatt den inn.\n"
        )
        return 0
    core.privacy.import_key(args.file)
    out.write(
        "Nøkkelen er tatt inn: Kontakt kjenner nå igjen personer slettet i denne databasen.\n"
    )
    return 0
