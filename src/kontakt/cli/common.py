"""What the command groups share: the contact filter options, and how user data is printed.

The filter options (``--search``, ``--county`` …) are the same for ``list``,
``export`` and ``mail send``. Every command that prints stored or user-given
text (names, file names, titles, subjects) goes through the functions here, so
a control character in a name or an idébank file name (ESC starts a terminal
escape sequence) is shown as a visible escape such as ``\\x1b`` instead of
acting on the terminal, and a table row stays one line.
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Sequence
from typing import TextIO

from kontakt.app import Core
from kontakt.domain.control_chars import for_terminal, for_terminal_lines
from kontakt.domain.records import ContactFilter, RoleKind, RoleLevel

__all__ = [
    "add_filter_arguments",
    "dump_json",
    "filter_from_args",
    "for_terminal",
    "for_terminal_lines",
    "print_table",
]

# What JSON leaves raw in a string (it escapes only C0 controls, quote and
# backslash) that a terminal would still act on; outside strings json.dumps
# writes ASCII only, so escaping these everywhere keeps the JSON valid and equal.
# Lone surrogates (from a name that was not UTF-8) could not be printed at all.
_JSON_RAW = re.compile(
    "[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2028\u2029\u2066-\u2069\ud800-\udfff]"
)


def print_table(rows: Sequence[Sequence[str]], out: TextIO) -> None:
    """Left-aligned columns, two spaces apart; the first row is the header."""
    shown = [[for_terminal(cell) for cell in row] for row in rows]
    widths = [max(len(r[i]) for r in shown) for i in range(len(shown[0]))]
    for r in shown:
        out.write(
            "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip() + "\n"
        )


def dump_json(data: object, out: TextIO) -> None:
    """``data`` as indented JSON (non-ASCII letters kept), then a newline."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    out.write(_JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n")


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
    group.add_argument(
        "--any-topic",
        action="store_true",
        help="minst ett av temaene i stedet for alle",
    )
    group.add_argument(
        "--label", metavar="NAVN", action="append", default=[], help="etikett (kan gjentas)"
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
    group.add_argument(
        "--survey", metavar="NAVN", default="", help="bare de som svarte på denne undersøkelsen"
    )
    group.add_argument(
        "--survey-question", metavar="NR|TEKST", default="", help="med --survey: dette spørsmålet"
    )
    group.add_argument(
        "--survey-answer", metavar="SVAR", default="", help="med --survey-question: dette svaret"
    )


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
        labels=tuple(dict.fromkeys((*base.labels, *args.label))),
        any_topic=args.any_topic or base.any_topic,
        trashed=base.trashed,
        survey=args.survey or base.survey,
        survey_question=args.survey_question or base.survey_question,
        survey_answer=args.survey_answer or base.survey_answer,
    )
