"""The command line: the contract in DESIGN.md, kept stable for scripts.

Exit codes: 0 success; 1 bad input, with a one-line Norwegian message on
stderr; 2 wrong usage (argparse). Nothing is half-written on failure.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TextIO

from kontakt import __version__
from kontakt.app import Core, backup_now, open_core, take_backup
from kontakt.cli import docs as cli_docs
from kontakt.cli import mail as cli_mail
from kontakt.cli.common import dump_json, for_terminal, for_terminal_lines, print_table
from kontakt.cli.database import command_line_database, open_database
from kontakt.cli.docs import add_docs_parser
from kontakt.cli.failures import refuse_undecodable, report_failure
from kontakt.cli.mail import add_mail_parser
from kontakt.cli.privacy import add_privacy_parser, cmd_privacy
from kontakt.domain.contact_state import row_to_json
from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.domain.normalize import format_phone
from kontakt.domain.records import ContactFilter, Page, RoleKind, RoleLevel
from kontakt.domain.wording import field_label
from kontakt.errors import DatabaseError, KontaktError
from kontakt.io.files import write_json_atomically
from kontakt.paths import DatabaseLocation
from kontakt.services import backups
from kontakt.services.exporting import ExportScope
from kontakt.services.importing.model import ImportOptions, OnDuplicate
from kontakt.services.overview import GridFilter
from kontakt.storage import backup


def add_filter_arguments(parser: argparse.ArgumentParser) -> None:
    """The filter options shared by list, export and mail."""
    group = parser.add_argument_group("filtre")
    group.add_argument(
        "--search",
        metavar="TEKST",
        default="",
        help="fritekst i navn, e-post, telefon, organisasjon, kommune",
    )
    group.add_argument(
        "--county", metavar="NAVN|NR", default="", help="fylke (også gamle navn som Viken)"
    )
    group.add_argument("--municipality", metavar="NAVN|NR", default="", help="kommune")
    group.add_argument(
        "--topic", metavar="NAVN", action="append", default=[], help="tema (kan gjentas)"
    )
    group.add_argument("--role-kind", choices=[k.value for k in RoleKind], help="type verv")
    group.add_argument(
        "--level", choices=[lv.value for lv in RoleLevel], help="verv på dette nivået"
    )
    group.add_argument(
        "--confirmed-months", type=int, metavar="N", help="bare bekreftet siste N måneder"
    )
    group.add_argument("--list", dest="list_name", metavar="NAVN", default="", help="statisk liste")
    group.add_argument("--saved-search", metavar="NAVN", default="", help="lagret søk")


def filter_from_args(core: Core, args: argparse.Namespace) -> ContactFilter:
    """Build the contact filter from the filter options (a saved search is the base)."""
    base = core.catalog.saved_search(args.saved_search) if args.saved_search else ContactFilter()
    return ContactFilter(
        text=" ".join(p for p in (base.text, args.search) if p),
        county=args.county or base.county,
        municipality=args.municipality or base.municipality,
        topics=tuple(dict.fromkeys((*base.topics, *args.topic))),
        role_kind=RoleKind(args.role_kind) if args.role_kind else base.role_kind,
        role_level=RoleLevel(args.level) if args.level else base.role_level,
        confirmed_months=(
            args.confirmed_months if args.confirmed_months is not None else base.confirmed_months
        ),
        list_name=args.list_name or base.list_name,
        label=base.label,
        trashed=base.trashed,
    )


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``kontakt``."""
    parser = argparse.ArgumentParser(
        prog="kontakt",
        description="Kontakt: kontaktliste og utsendelser for SVs helsepolitiske nettverk. "
        "Uten kommando åpnes vinduet.",
    )
    parser.add_argument("--version", action="version", version=f"Kontakt {__version__}")
    parser.add_argument(
        "--self-check",
        action="store_true",
        help="prøv database, import og vindu i en midlertidig mappe, og avslutt",
    )
    parser.add_argument(
        "--db",
        metavar="PATH|URL",
        help="databasefil eller PostgreSQL-URL (ellers KONTAKT_DB eller standardfilen)",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    p = sub.add_parser("list", help="vis kontakter")
    p.add_argument("--json", action="store_true", help="skriv én JSON-liste")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="høyst N kontakter")
    add_filter_arguments(p)

    p = sub.add_parser("backup", help="ta sikkerhetskopi av databasen")
    p.add_argument("-o", dest="output", metavar="FIL", type=Path, help="skriv kopien hit")

    p = sub.add_parser("restore", help="gjenopprett databasen fra en sikkerhetskopi")
    p.add_argument("file", metavar="FIL", type=Path)

    p = sub.add_parser("import", help="importer kontakter fra .xlsx .xlsm .xls .ods .csv .vcf")
    p.add_argument("file", metavar="FIL", type=Path)
    p.add_argument("--sheet", metavar="NAVN", help="arket som skal leses (ellers det første)")
    p.add_argument(
        "--on-duplicate",
        choices=[c.value for c in OnDuplicate],
        default=OnDuplicate.SKIP.value,
        help="kontakter som finnes fra før: hopp over (skip), overskriv (update), "
        "fyll inn tomme felt (merge) eller opprett ny (create)",
    )
    p.add_argument("--dry-run", action="store_true", help="vis hva som ville skjedd, uten å lagre")
    p.add_argument(
        "--include-erased",
        action="store_true",
        help="importer også personer som er slettet etter eget ønske (ellers hoppes de over)",
    )
    p.add_argument("--yes", action="store_true", help="ikke spør før import")
    p.add_argument("--report", metavar="RAPPORT.json", type=Path, help="lagre rapporten som JSON")

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

    p = sub.add_parser("undo-import", help="angre en import (den siste om ingen er oppgitt)")
    p.add_argument("batch", metavar="BATCH_ID", type=int, nargs="?")

    add_mail_parser(sub, add_filter_arguments)
    add_docs_parser(sub)

    add_privacy_parser(sub)

    p = sub.add_parser("overview", help="antall kontakter per fylke og tema")
    p.add_argument("--json", action="store_true", help="skriv cellene som én JSON-liste")
    p.add_argument("--role-kind", choices=[k.value for k in RoleKind], help="bare denne typen verv")
    p.add_argument(
        "--level", choices=[lv.value for lv in RoleLevel], help="bare verv på dette nivået"
    )
    p.add_argument("--confirmed-months", type=int, metavar="N", help="bekreftet siste N måneder")

    sub.add_parser("check", help="kontroller at databasen er hel")
    sub.add_parser(
        "demo", help="legg inn oppdiktede eksempeldata: 300 kontakter, arrangementer, dokumenter"
    )
    return parser


_print_table = print_table  # user text made terminal-safe (cli_output)


def cmd_list(core: Core, args: argparse.Namespace, out: TextIO) -> int:
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
    _print_table(table, out)
    out.write(f"{len(result.rows)} av {result.total} kontakter\n")
    return 0


def cmd_backup(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    made = backup_now(core, args.output)
    out.write(f"Sikkerhetskopi skrevet til {for_terminal(str(made))}\n")
    return 0


def cmd_import(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    options = ImportOptions(
        sheet=args.sheet,
        on_duplicate=OnDuplicate(args.on_duplicate),
        include_erased=args.include_erased,
    )
    preview = core.imports.preview(args.file, options)
    if not args.yes and not args.dry_run and sys.stdin.isatty():
        plan = core.imports.report_for(preview, dry_run=True)
        out.write(for_terminal_lines(plan.summary()) + "\n")
        if input("Importere nå? [j/N] ").strip().casefold() not in ("j", "ja", "y", "yes"):
            out.write("Ingenting importert.\n")
            return 0
    if not args.dry_run:
        take_backup(core, "for-import")
    report = core.imports.apply(preview, dry_run=args.dry_run)
    if args.report is not None:
        write_json_atomically(args.report, report.to_json())
    for issue in report.errors:
        sys.stderr.write(for_terminal(f"{args.file.name}: {issue.text()}") + "\n")
    out.write(for_terminal_lines(report.summary()) + "\n")
    if report.batch_id is not None:
        undo = f"kontakt undo-import {report.batch_id}"
        out.write(f"Importen har nummer {report.batch_id}; «{undo}» angrer den.\n")
    return 0


def cmd_export(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    fmt = ExportFormat(args.format)
    options = ExportOptions(
        include_notes=args.notes, include_private=args.private, title=args.title
    )
    scope = ExportScope(filter=filter_from_args(core, args))
    result = core.exports.export(fmt, args.output, scope, options)
    out.write(f"Skrev {result.count} kontakter til {for_terminal(str(result.path))}\n")
    return 0


def cmd_mail(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    if args.mail_command == "send":
        return cli_mail.cmd_send(core, args, out, filter_from_args)
    return cli_mail.cmd_resume(core, args, out)


def cmd_docs(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    return cli_docs.run_docs(core, args, out, _print_table)


def cmd_overview(core: Core, args: argparse.Namespace, out: TextIO) -> int:
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
    _print_table(table, out)
    gaps = sum(1 for c in grid if c.count == 0)
    out.write(f"{gaps} av {len(grid)} ruter er tomme.\n")
    return 0


def cmd_undo_import(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    batch = core.imports.undo(args.batch)
    out.write(f"Import nr. {batch.id} ({for_terminal(batch.file_name)}) er angret.\n")
    return 0


def cmd_demo(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    from kontakt.services.demo import add_demo_data

    for line in add_demo_data(core).lines():
        out.write(line + "\n")
    return 0


def restore(location: DatabaseLocation, file: Path, out: TextIO, err: TextIO) -> int:
    """Restore a backup over the database, after backing the current state up."""
    for line in backups.restore(location, file):
        (err if line.startswith("Advarsel") else out).write(for_terminal(line) + "\n")
    total = _open_and_count(location)  # also migrates a backup made by an older Kontakt
    out.write(f"Gjenopprettet fra {for_terminal(str(file))}: {total} kontakter.\n")
    return 0


def _open_and_count(location: DatabaseLocation) -> int:
    core = open_database(location, open_core)
    try:
        return core.search.count(ContactFilter())
    finally:
        core.close()


def check(location: DatabaseLocation, out: TextIO) -> int:
    """Run the integrity check and report."""
    if location.path is not None:
        if not location.path.exists():
            raise DatabaseError(f"Databasen {location.path} finnes ikke.")
        problems = backup.integrity_problems(location.path)
        if problems:
            raise DatabaseError(f"Databasen {location.path} er skadet: {'; '.join(problems[:3])}")
    total = _open_and_count(location)
    out.write(f"Databasen {for_terminal(location.describe())} er i orden ({total} kontakter).\n")
    return 0


_COMMANDS: dict[str, Callable[[Core, argparse.Namespace, TextIO], int]] = {
    "list": cmd_list,
    "backup": cmd_backup,
    "demo": cmd_demo,
    "docs": cmd_docs,
    "import": cmd_import,
    "export": cmd_export,
    "mail": cmd_mail,
    "overview": cmd_overview,
    "privacy": cmd_privacy,
    "undo-import": cmd_undo_import,
}


def run(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run one command; returns the exit code. ``command=None`` is handled by the caller."""
    out = out or sys.stdout
    err = err or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        refuse_undecodable(parser, args)
        location = command_line_database(args.db, err)
        if args.command == "restore":
            return restore(location, args.file, out, err)
        if args.command == "check":
            return check(location, out)
        core = open_database(location, open_core)
        try:
            return _COMMANDS[args.command](core, args, out)
        finally:
            core.close()
    except BrokenPipeError:
        # The reader stopped reading (`kontakt list | head`): not an error of ours.
        if out is sys.stdout:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        err.write("kontakt: Avbrutt.\n")
        return 130
    except Exception as exc:
        # KontaktError, a full disk, a damaged database, a file name that is not
        # UTF-8, or a bug: one line, never a traceback.
        return report_failure(exc, args.command, err)
