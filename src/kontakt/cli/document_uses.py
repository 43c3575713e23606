"""`kontakt docs use`: record where an idea-bank document was used, and its JSON form.

    kontakt docs use NR --municipality M|--county C [--date D] [--outcome O] [--by UID]
                     [--link URL] [--note TEXT]

NR is the ``id`` of ``docs list --json``. The date is ÅÅÅÅ-MM-DD or DD.MM.ÅÅÅÅ
(none: the date is unknown); the outcome one of fremmet, vedtatt, avvist,
trukket; ``--by`` a contact's uid. Bad input exits 1 with one Norwegian
line and records nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

from kontakt.app import Core
from kontakt.cli.common import for_terminal
from kontakt.domain.document_uses import (
    OUTCOME_LABELS,
    DocumentUseRow,
    PlaceCount,
    UseDraft,
    UseOutcome,
    parse_outcome,
    summarise,
)
from kontakt.domain.records import Place
from kontakt.domain.text import clean
from kontakt.errors import ValidationError


def add_use_parser(docs: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``docs use`` command."""
    s = docs.add_parser("use", help="registrer hvor et dokument er brukt, og hva som ble utfallet")
    s.add_argument("number", metavar="NR", type=int, help="dokumentets nummer (id i docs list)")
    s.add_argument("--municipality", metavar="NAVN|NR", default="", help="kommunen")
    s.add_argument("--county", metavar="NAVN|NR", default="", help="fylket (fylkestinget)")
    s.add_argument("--date", metavar="ÅÅÅÅ-MM-DD", default="", help="når (ellers ukjent)")
    outcomes = ", ".join(o.value for o in UseOutcome)
    s.add_argument("--outcome", metavar="UTFALL", default="", help=outcomes)
    s.add_argument("--by", metavar="UID", default="", help="kontakten som brukte det")
    s.add_argument("--link", metavar="URL", default="", help="saken, vedtaket eller innlegget")
    s.add_argument("--note", metavar="TEKST", default="", help="et notat")


def parse_date(text: str) -> dt.date | None:
    """ÅÅÅÅ-MM-DD or DD.MM.ÅÅÅÅ; None for an empty text.

    Raises:
        ValidationError: Not a date.
    """
    value = clean(text)
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValidationError(f"«{value[:40]}» er ikke en dato (skriv ÅÅÅÅ-MM-DD).", "date")


def run_use(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt docs use``; returns the exit code."""
    draft = UseDraft(
        municipality=args.municipality,
        county=args.county,
        date=parse_date(args.date),
        outcome=parse_outcome(args.outcome),
        by=args.by,
        link=args.link,
        note=args.note,
    )
    use_id = core.document_uses.add(args.number, draft)
    use = next(u for u in core.document_uses.uses(args.number) if u.id == use_id)
    what = OUTCOME_LABELS[use.outcome].lower() if use.outcome else "brukt"
    out.write(
        f"Registrerte bruk nr. {use_id} av dokument nr. {args.number}: {what} i "
        f"{for_terminal(use.place_name)}.\n"
    )
    return 0


def _place(place: Place | None) -> dict[str, str] | None:
    return {"number": place.number, "name": place.name} if place else None


def use_to_json(u: DocumentUseRow) -> dict[str, Any]:
    """One use as ``docs show --json`` lists it."""
    return {
        "id": u.id,
        "municipality": _place(u.municipality),
        "county": _place(u.county),
        "date": u.date.isoformat() if u.date else None,
        "outcome": u.outcome.value if u.outcome else None,
        "by": {"uid": u.by.uid, "name": u.by.name} if u.by else None,
        "link": u.link,
        "note": u.note,
    }


def _counts(c: PlaceCount) -> dict[str, int]:
    return {"municipalities": c.municipalities, "counties": c.counties}


def uses_to_json(uses: list[DocumentUseRow]) -> dict[str, Any]:
    """``uses`` and ``use_summary`` of ``docs show --json``.

    The summary counts distinct places (a municipality, else a county):
    ``used`` any use, ``put_forward`` any use with an outcome, and one entry
    per outcome; ``text`` is the sentence the window shows.
    """
    s = summarise(uses)
    return {
        "uses": [use_to_json(u) for u in uses],
        "use_summary": {
            "uses": s.uses,
            "used": _counts(s.used),
            "put_forward": _counts(s.put_forward),
            **{o.value: _counts(s.by_outcome[o]) for o in UseOutcome},
            "text": s.text(),
        },
    }
