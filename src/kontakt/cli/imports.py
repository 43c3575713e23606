"""`kontakt import` and `kontakt undo-import`: contacts from a file, and taking them back.

    kontakt import FILE [--sheet NAME] [--on-duplicate skip|update|merge|create]
                        [--new-topics create|closest|ignore] [--encoding CODEC]
                        [--consent-basis BASIS] [--source TEXT] [--survey-name NAME]
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
from kontakt.domain.records import ConsentBasis
from kontakt.errors import KontaktError
from kontakt.io.files import write_json_atomically
from kontakt.io.importers.encoding import encoding_label, known_encoding
from kontakt.services.importing.model import (
    ImportOptions,
    ImportPreview,
    ImportReport,
    NewTopics,
    OnDuplicate,
    default_source,
)


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
    p.add_argument(
        "--new-topics",
        choices=[c.value for c in NewTopics],
        default=NewTopics.CLOSEST.value,
        help="temaer fila nevner som ikke finnes: nærmeste eksisterende tema, ellers "
        "merkelapp (closest, standard), opprett nye temaer (create) eller utelat (ignore)",
    )
    p.add_argument(
        "--encoding",
        metavar="TEGNKODING",
        type=_encoding,
        help="tegnkodingen til en CSV-fil, f.eks. utf-8, cp1252, mac_roman, utf-16-le "
        "(ellers gjettes den)",
    )
    p.add_argument(
        "--consent-basis",
        choices=[c.value for c in ConsentBasis],
        metavar="GRUNNLAG",
        help="rettsgrunnlag for de importerte: " + ", ".join(c.value for c in ConsentBasis),
    )
    p.add_argument(
        "--source",
        metavar="TEKST",
        help="kilde som lagres med rettsgrunnlaget (ellers «import FIL DATO»)",
    )
    p.add_argument(
        "--survey-name",
        metavar="NAVN",
        default="",
        help="navnet en undersøkelse (svar fra Microsoft Forms, Google Skjemaer, Nettskjema) "
        "lagres under (ellers filnavnet uten endelse)",
    )
    p.add_argument("--dry-run", action="store_true", help="vis hva som ville skjedd, uten å lagre")
    p.add_argument(
        "--include-erased",
        action="store_true",
        help="importer også personer som er slettet etter eget ønske (ellers hoppes de over)",
    )
    p.add_argument("--yes", action="store_true", help="ikke spør før import")
    p.add_argument("--report", metavar="RAPPORT.json", type=Path, help="lagre rapporten som JSON")


def _encoding(text: str) -> str:
    if not known_encoding(text):
        raise argparse.ArgumentTypeError(
            f"ukjent tegnkoding «{text}» (f.eks. utf-8, cp1252, mac_roman, utf-16-le)"
        )
    return text


def add_undo_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``undo-import`` command."""
    p = sub.add_parser("undo-import", help="angre en import (den siste om ingen er oppgitt)")
    p.add_argument("batch", metavar="BATCH_ID", type=int, nargs="?")


def cmd_import(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt import FILE``."""
    if args.source is not None and not args.consent_basis:
        raise KontaktError("--source hører til --consent-basis: oppgi rettsgrunnlaget også.")
    basis = ConsentBasis(args.consent_basis) if args.consent_basis else None
    source = args.source if args.source is not None else default_source(args.file)
    options = ImportOptions(
        sheet=args.sheet,
        on_duplicate=OnDuplicate(args.on_duplicate),
        new_topics=NewTopics(args.new_topics),
        include_erased=args.include_erased,
        encoding=args.encoding,
        consent_basis=basis,
        consent_source=source if basis else "",
        survey_name=args.survey_name,
    )
    preview = core.imports.preview(args.file, options)
    table = preview.table
    if table is not None and not table.encoding_certain:
        sys.stderr.write(
            for_terminal(
                f"{args.file.name}: tegnkodingen er gjettet (lest som "
                f"{encoding_label(table.encoding)}); sjekk æ, ø og å, eller velg en annen "
                "med --encoding."
            )
            + "\n"
        )
    if not args.yes and not args.dry_run and sys.stdin.isatty():
        plan = core.imports.report_for(preview, dry_run=True)
        out.write(for_terminal_lines(plan.summary()) + "\n")
        if input("Importere nå? [j/N] ").strip().casefold() not in ("j", "ja", "y", "yes"):
            out.write("Ingenting importert.\n")
            return 0
    core.imports.check_survey_name(preview)
    if not args.dry_run:
        core.backups.take("for-import")
    report = core.imports.apply(preview, dry_run=args.dry_run)
    if args.report is not None:
        write_json_atomically(args.report, report.to_json())
    for issue in report.errors:
        sys.stderr.write(for_terminal(f"{args.file.name}: {issue.text()}") + "\n")
    out.write(for_terminal_lines(report.summary()) + "\n")
    if topics := _topics_text(preview, report, options.new_topics):
        out.write(for_terminal_lines(topics) + "\n")
    if late := report.since_preview_text():
        out.write(late + "\n")
    if report.batch_id is not None:
        undo = f"kontakt undo-import {report.batch_id}"
        out.write(f"Importen har nummer {report.batch_id}; «{undo}» angrer den.\n")
    return 0


def _topics_text(preview: ImportPreview, report: ImportReport, policy: NewTopics) -> str:
    """What became of the topics the file names that Kontakt lacks ("" if none)."""
    unknown = [t for t in preview.unknown_topics if t not in report.created_topics]
    parts = []
    if report.created_topics:
        parts.append("Nye temaer: " + ", ".join(f"«{t}»" for t in report.created_topics) + ".")
    if unknown:
        what = {
            NewTopics.CLOSEST: "lagt til som nærmeste tema eller lagret som merkelapp",
            NewTopics.IGNORE: "utelatt",
            NewTopics.CREATE: "ikke opprettet (radene ble ikke importert)",
        }[policy]
        listed = ", ".join(f"«{t}»" for t in unknown[:10]) + (" …" if len(unknown) > 10 else "")
        parts.append(
            f"Temaer som ikke finnes i Kontakt ({listed}) er {what}; se advarslene i "
            "rapporten, eller bruk --new-topics create for å opprette dem."
            if policy is not NewTopics.CREATE
            else f"Temaer som ikke finnes i Kontakt ({listed}) er {what}."
        )
    return " ".join(parts)


def cmd_undo_import(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt undo-import [BATCH_ID]``."""
    batch = core.imports.undo(args.batch)
    out.write(f"Import nr. {batch.id} ({for_terminal(batch.file_name)}) er angret.\n")
    return 0
