"""Sample data: where the idea bank's sample documents were used (issue 22).

Each of the first documents travels to a few municipalities (and one county
council) in several counties, used by a sample contact living there, with
outcomes from fremmet to vedtatt, dated in the year before ``today``; one
document is left unused so «Aldri brukt» shows something too.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from kontakt.domain.document_uses import UseDraft, UseOutcome
from kontakt.domain.documents import DocumentFilter, DocumentOrder
from kontakt.domain.records import ContactRow
from kontakt.services.ideabank import IdeaBankService
from kontakt.services.ideabank.uses import DocumentUseService

# How many places each of the sample documents (oldest first) travels to; 0: unused.
SPREAD = (9, 5, 3, 2, 0)
OUTCOMES = (
    (UseOutcome.FREMMET, 4),
    (UseOutcome.VEDTATT, 3),
    (UseOutcome.AVVIST, 2),
    (UseOutcome.TRUKKET, 1),
)


def add_demo_uses(
    uses: DocumentUseService,
    ideabank: IdeaBankService,
    rows: Sequence[ContactRow],
    today: dt.date,
    seed: int,
) -> int:
    """Record the sample uses; returns how many."""
    rng = random.Random(seed + 22)
    people = [r for r in sorted(rows, key=lambda r: r.id) if r.municipality is not None]
    documents = sorted(
        r.id for r in ideabank.search(DocumentFilter(order=DocumentOrder.NEWEST), limit=None).rows
    )
    outcomes = [o for o, weight in OUTCOMES for _ in range(weight)]
    added = 0
    for document_id, spread in zip(documents, SPREAD, strict=False):
        chosen = rng.sample(people, min(spread, len(people)))
        for n, person in enumerate(chosen):
            assert person.municipality is not None and person.county is not None
            county_level = n == 1 and spread > 3  # one county council among the wider spread
            draft = UseDraft(
                municipality="" if county_level else person.municipality.number,
                county=person.county.number if county_level else "",
                date=today - dt.timedelta(days=rng.randrange(5, 360)),
                outcome=rng.choice(outcomes),
                by=person.uid,
                note="Oppdiktet eksempel.",
            )
            uses.add(document_id, draft)
            added += 1
    return added
