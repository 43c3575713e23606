"""`kontakt docs`: the idea bank from the command line (see DESIGN.md).

    kontakt docs list [--topic T] [--kind K] [--json] [--search TEXT] [--county C]
                      [--year N] [--status S] [--limit N] [--used brukt|vedtatt|aldri]
                      [--sort nyeste|mest-brukt]
    kontakt docs add FILE --kind KIND --topic T [--author UID] [--title TEXT] [--county C]
                     [--municipality M] [--date YYYY-MM-DD] [--status S] [--link URL]
    kontakt docs import FOLDER [--kind K] [--topic T] [--county C] [--municipality M]
    kontakt docs show NR [--json]
    kontakt docs use NR --municipality M|--county C [--date D] [--outcome O] [--by UID]
                     [--link URL] [--note TEXT]

NR is the document's number, the ``id`` of ``docs list --json``.

Topics must exist already (a typo is refused with the closest names, not
added as a new topic); new topics are made in the window. A file that
cannot be read exits 1 with a message naming it; ``docs import`` reports
such files and imports the rest.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, for_terminal, for_terminal_lines, print_table
from kontakt.cli.document_uses import add_use_parser, run_use, uses_to_json
from kontakt.domain.document_uses import OUTCOME_LABELS, summarise, used_text
from kontakt.domain.documents import (
    KIND_LABELS,
    DocumentDraft,
    DocumentFilter,
    DocumentKind,
    DocumentOrder,
    DocumentPage,
    DocumentRow,
    DocumentStatus,
    UseFilter,
)
from kontakt.domain.records import Place
from kontakt.domain.text import clean, fold
from kontakt.domain.wording import number
from kontakt.errors import KontaktError, NotFoundError
from kontakt.services.ideabank.service import AlreadyInIdeaBank
from kontakt.services.search import closest

REPEATABLE = "tema (kan gjentas)"


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke en dato (skriv ÅÅÅÅ-MM-DD)") from None


def add_docs_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``docs`` command and its ``list``, ``add``, ``import`` and ``show``."""
    kinds = [k.value for k in DocumentKind]
    statuses = [s.value for s in DocumentStatus]
    p = sub.add_parser("docs", help="idébanken: interpellasjoner, høringssvar, innlegg …")
    docs = p.add_subparsers(dest="docs_command", metavar="list|add|import|show|use", required=True)

    s = docs.add_parser("list", help="vis dokumenter, nyeste først")
    s.add_argument("--json", action="store_true", help="skriv én JSON-liste")
    s.add_argument("--search", metavar="TEKST", default="", help="ord i tittel, tekst og filer")
    s.add_argument(
        "--topic", metavar="NAVN", action="append", default=[], help="tema (kan gjentas)"
    )
    s.add_argument("--kind", choices=kinds, help="type dokument")
    s.add_argument("--county", metavar="NAVN|NR", default="", help="fylke (også gamle navn)")
    s.add_argument("--year", metavar="ÅR", type=int, help="datert i dette året")
    s.add_argument("--status", choices=statuses, help="status")
    s.add_argument("--limit", metavar="N", type=int, help="høyst N dokumenter")
    s.add_argument(
        "--used",
        choices=[u.value for u in UseFilter],
        help="brukt et sted, vedtatt et sted, eller aldri brukt",
    )
    s.add_argument(
        "--sort",
        choices=[o.value for o in DocumentOrder],
        default=DocumentOrder.NEWEST.value,
        help="nyeste først (standard) eller mest brukt først",
    )

    s = docs.add_parser("add", help="legg inn et dokument fra en PDF-, DOCX- eller TXT-fil")
    s.add_argument("file", metavar="FIL", type=Path)
    s.add_argument("--kind", choices=kinds, required=True, help="type dokument")
    s.add_argument("--topic", metavar="NAVN", action="append", required=True, help=REPEATABLE)
    s.add_argument(
        "--author", metavar="UID", action="append", default=[], help="forfatter (kan gjentas)"
    )
    s.add_argument("--title", metavar="TEKST", default="", help="tittel (ellers filnavnet)")
    _add_place_arguments(s)
    s.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", type=_date, help="datoen dokumentet gjelder")
    s.add_argument("--status", choices=statuses, default=DocumentStatus.UTKAST.value)
    s.add_argument("--link", metavar="URL", default="", help="hvor det er publisert")

    s = docs.add_parser("import", help="legg inn alle PDF-, DOCX- og TXT-filer i en mappe")
    s.add_argument("folder", metavar="MAPPE", type=Path)
    s.add_argument("--kind", choices=kinds, help="type for alle (ellers fra filnavnet, el. annet)")
    s.add_argument(
        "--topic", metavar="NAVN", action="append", default=[], help="tema (kan gjentas)"
    )
    _add_place_arguments(s)

    s = docs.add_parser("show", help="ett dokument: forfattere, filer og hvem som har fått det")
    s.add_argument("number", metavar="NR", type=int)
    s.add_argument("--json", action="store_true", help="skriv dokumentet som JSON")
    add_use_parser(docs)


def _add_place_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--county", metavar="NAVN|NR", default="", help="fylket det er brukt i")
    p.add_argument("--municipality", metavar="NAVN|NR", default="", help="kommunen det er brukt i")


def run_docs(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt docs …``; returns the exit code."""
    if args.docs_command == "list":
        return _list(core, args, out)
    if args.docs_command == "add":
        return _add(core, args, out)
    if args.docs_command == "import":
        return _import(core, args, out)
    if args.docs_command == "use":
        return run_use(core, args, out)
    return _show(core, args, out)


def _known_topics(core: Core, names: Sequence[str]) -> tuple[str, ...]:
    """The topics as stored; an unknown one is refused with the closest names."""
    stored = {fold(t.name): t.name for t in core.catalog.topics()}
    found = []
    for name in (clean(n) for n in names):
        if not name:
            continue
        if fold(name) not in stored:
            raise NotFoundError(
                f"Ukjent tema «{name}».{closest(name, list(stored.values()))} "
                "Nye tema legges til i vinduet."
            )
        found.append(stored[fold(name)])
    return tuple(found)


def _list(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    if args.limit is not None and args.limit < 0:
        raise KontaktError("--limit må være 0 eller større.")
    f = DocumentFilter(
        text=args.search,
        kind=DocumentKind(args.kind) if args.kind else None,
        topics=tuple(args.topic),
        county=args.county,
        year=args.year,
        status=DocumentStatus(args.status) if args.status else None,
        use=UseFilter(args.used) if args.used else None,
        order=DocumentOrder(args.sort),
    )
    result = core.ideabank.search(f, limit=args.limit)
    if args.json:
        dump_json([row_to_json(r) for r in result.rows], out)
        return 0
    if not result.rows:
        out.write("Ingen dokumenter passer.\n")
        return 0
    table = [["Nr", "Dato", "Type", "Tittel", "Sted", "Tema", "Brukt"]]
    for r in result.rows:
        table.append(
            [
                str(r.id),
                f"{r.date:%d.%m.%Y}" if r.date else "",
                KIND_LABELS[r.kind],
                r.title if len(r.title) <= 60 else r.title[:59] + "…",
                r.place_name,
                ", ".join(r.topics),
                used_text(r),
            ]
        )
    print_table(table, out)
    out.write(f"{len(result.rows)} av {result.total} dokumenter\n")
    return 0


def _add(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    draft = DocumentDraft(
        title=args.title,
        kind=DocumentKind(args.kind),
        status=DocumentStatus(args.status),
        topics=_known_topics(core, args.topic),
        county=args.county,
        municipality=args.municipality,
        date=args.date,
        link=args.link,
        authors=tuple(args.author),
    )
    try:
        number = core.ideabank.add_path(args.file, draft)
    except AlreadyInIdeaBank as exc:
        # As `docs import` skips a file it has: said, not an error (the file is there).
        sys.stderr.write(for_terminal(str(exc)) + "\n")
        return 0
    page = core.ideabank.page(number)
    out.write(f"La inn dokument nr. {number}: «{for_terminal(page.row.title)}».\n")
    if page.files and page.files[0].text_chars == 0:
        sys.stderr.write(
            f"Merk: fant ingen tekst i {for_terminal(args.file.name)} (et skannet bilde?); "
            "søket finner bare tittelen.\n"
        )
    return 0


def _import(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    template = DocumentDraft(
        title="",
        topics=_known_topics(core, args.topic),
        county=args.county,
        municipality=args.municipality,
    )
    kind = DocumentKind(args.kind) if args.kind else None
    steps = core.ideabank.import_folder(args.folder, template, kind)
    while True:
        try:
            done, total = next(steps)
        except StopIteration as stop:
            report = stop.value
            break
        if out.isatty():
            out.write(f"\rLeser … {done} av {total}")
            out.flush()
    if out.isatty():
        out.write("\n")
    for _name, reason in report.skipped:
        sys.stderr.write(f"Hoppet over: {for_terminal(reason)}\n")
    for _name, note in report.notes:
        sys.stderr.write(f"Merk: {for_terminal(note)}\n")
    out.write(for_terminal_lines(report.summary()) + "\n")
    return 0


def _show(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    page = core.ideabank.page(args.number)
    if args.json:
        uses = core.document_uses.uses(args.number)
        dump_json({**page_to_json(page), **uses_to_json(uses)}, out)
        return 0
    r = page.row
    out.write(f"{for_terminal(r.title)}\n")
    out.write(f"{KIND_LABELS[r.kind]} · {r.status.value}")
    out.write(f" · {r.date:%d.%m.%Y}" if r.date else "")
    out.write(f" · {for_terminal(r.place_name)}\n" if r.place_name else "\n")
    lines = [
        ("Tema", ", ".join(r.topics)),
        ("Forfattere", ", ".join(a.name for a in r.authors)),
        ("Lenke", page.link),
        ("Filer", ", ".join(f"{f.filename} ({number(f.size)} B)" for f in page.files)),
    ]
    for label, value in lines:
        if value:
            out.write(f"{label}: {for_terminal(value)}\n")
    uses = core.document_uses.uses(args.number)
    out.write(for_terminal(summarise(uses).text()) + "\n")
    for u in uses:
        when = f"{u.date:%d.%m.%Y}" if u.date else "(uten dato)"
        what = OUTCOME_LABELS[u.outcome] if u.outcome else "Brukt"
        who = f" ({u.by.name})" if u.by else ""
        out.write(f"  {when}  {what} i {for_terminal(u.place_name + who)}\n")
    out.write(f"Mottakere: {len(page.recipients)}\n")
    for d in page.recipients:
        who = for_terminal(f"{d.name} <{d.address}>")
        out.write(f"  {d.sent_at.astimezone():%d.%m.%Y %H:%M}  {who}\n")
    return 0


def _place(place: Place | None) -> dict[str, str] | None:
    return {"number": place.number, "name": place.name} if place else None


def row_to_json(r: DocumentRow) -> dict[str, Any]:
    """One document as ``docs list --json`` prints it."""
    return {
        "id": r.id,
        "uid": r.uid,
        "title": r.title,
        "kind": r.kind.value,
        "status": r.status.value,
        "date": r.date.isoformat() if r.date else None,
        "county": _place(r.county),
        "municipality": _place(r.municipality),
        "topics": list(r.topics),
        "authors": [{"uid": a.uid, "name": a.name} for a in r.authors],
        "files": r.file_count,
        "used_places": r.used_places,
        "adopted_places": r.adopted_places,
    }


def page_to_json(page: DocumentPage) -> dict[str, Any]:
    """One document with its text, files and recipients (``docs show --json``)."""
    return {
        **row_to_json(page.row),
        "text": page.text,
        "link": page.link,
        "files": [
            {"name": f.filename, "mime_type": f.mime_type, "size": f.size} for f in page.files
        ],
        "recipients": [
            {
                "uid": d.uid,
                "name": d.name,
                "address": d.address,
                "sent_at": d.sent_at.isoformat(),
                "mailing": d.mailing_id,
            }
            for d in page.recipients
        ],
    }
