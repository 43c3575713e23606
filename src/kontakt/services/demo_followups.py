"""The sample data's follow-ups and last year's coverage (issue 22).

A handful of follow-ups about sample people, some overdue (so the window's
reminder shows), some due later, some already done; and a coverage snapshot
dated a year back in which fifteen of today's covered cells were still empty,
so the year summary says «15 færre hull enn i fjor».
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactRow
from kontakt.services.coverage import CoverageService, cells_to_counts, one_year_before
from kontakt.services.followups import FollowUpService
from kontakt.services.overview import OverviewService

FILLED_SINCE = 15  # cells covered now that were empty a year ago

# (what, days from today until due or None, done already)
TASKS = (
    ("Ring om hun vil stille på lista i 2027", -12, False),
    ("Send høringssvaret om fødetilbudet", -3, False),
    ("Spør om han vil skrive en interpellasjon om fastlegeordningen", -1, False),
    ("Følg opp etter det digitale møtet", 0, False),
    ("Inviter til fylkessamlingen", 14, False),
    ("Spør om hun vil bidra i idébanken", None, False),
    ("Takk for innlegget i kommunestyret", -30, True),
    ("Send kandidatpakken", -20, True),
    ("Avklar samtykke til kontaktlisten", -8, True),
)


@dataclass(frozen=True, slots=True)
class DemoFollowUps:
    """What the sample data's follow-ups part added."""

    follow_ups: int
    snapshot: bool


def add_demo_follow_ups(
    sessions: sessionmaker[Session],
    geography: Geography,
    rows: Sequence[ContactRow],
    today: dt.date,
    seed: int,
) -> DemoFollowUps:
    """Add the follow-ups (some ticked off) and the year-old coverage snapshot."""
    rng = random.Random(seed + 22)
    service = FollowUpService(sessions, "eksempeldata")
    people = rng.sample(list(rows), min(len(rows), len(TASKS)))
    made = 0
    for person, (what, days, done) in zip(people, TASKS, strict=False):
        due = today + dt.timedelta(days=days) if days is not None else None
        fid = service.add(person.uid, what, due, "Eksempeldata.")
        if done:
            service.done(fid)
        made += 1
    counts = cells_to_counts(OverviewService(sessions, geography).grid())
    covered = sorted((c, t) for c, topics in counts.items() for t, n in topics.items() if n)
    for county, topic in rng.sample(covered, min(FILLED_SINCE, len(covered))):
        counts[county][topic] = 0
    kept = CoverageService(sessions).store(counts, one_year_before(today))
    return DemoFollowUps(made, kept)
