"""`kontakt import` and `kontakt undo-import`: contacts from a file, and taking them back.

    kontakt import FILE [--sheet NAME] [--on-duplicate skip|update|merge|create]
                        [--dry-run] [--include-erased] [--yes] [--report REPORT.json]
    kontakt undo-import [BATCH_ID]

An import is backed up first (``for-import``) and gets a number that
``undo-import`` takes back; at a terminal it shows the plan and asks first.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import for_terminal, for_terminal_lines
from kontakt.io.files import write_json_atomically
from kontakt.services.importing.model import ImportOptions, OnDuplicate


def add_import_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``import`` command."""
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


def add_undo_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``undo-import`` command."""
    p = sub.add_parser("undo-import", help="angre en import (den siste om ingen er oppgitt)")
    p.add_argument("batch", metavar="BATCH_ID", type=int, nargs="?")


def cmd_import(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt import FILE``."""
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
        core.backups.take("for-import")
    report = core.imports.apply(preview, dry_run=args.dry_run)
    if args.report is not None:
        write_json_atomically(args.report, report.to_json())
    for issue in report.errors:
        sys.stderr.write(for_terminal(f"{args.file.name}: {issue.text()}") + "\n")
    out.write(for_terminal_lines(report.summary()) + "\n")
    if late := report.since_preview_text():
        out.write(late + "\n")
    if report.batch_id is not None:
        undo = f"kontakt undo-import {report.batch_id}"
        out.write(f"Importen har nummer {report.batch_id}; «{undo}» angrer den.\n")
    return 0


def cmd_undo_import(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt undo-import [BATCH_ID]``."""
    batch = core.imports.undo(args.batch)
    out.write(f"Import nr. {batch.id} ({for_terminal(batch.file_name)}) er angret.\n")
    return 0
