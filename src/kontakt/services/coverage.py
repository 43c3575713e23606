"""Coverage over the years: the overview grid's counts kept once a day, and compared.

When the year summary is counted, the grid it reads is kept as today's
snapshot if there is none for today yet (one row a day; two windows counting
at once keep the first). The year summary then compares today's empty cells
with the snapshot closest to one year earlier: «15 færre hull enn i fjor».
Only cells present both times are compared, so a topic added since does not
count as fifteen new gaps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.year_summary import CoverageChange
from kontakt.services.overview import Cell
from kontakt.storage.politics_models import CoverageSnapshot

# How far from exactly one year back a snapshot may be and still stand for «i fjor».
YEAR_SLACK = dt.timedelta(days=92)

Counts = dict[str, dict[str, int]]


def cells_to_counts(cells: Iterable[Cell]) -> Counts:
    """The grid as ``{county number: {topic: contacts}}`` (what a snapshot stores)."""
    counts: Counts = {}
    for cell in cells:
        counts.setdefault(cell.county_number, {})[cell.topic] = cell.count
    return counts


def compare(now: Counts, then: Counts, then_on: dt.date) -> CoverageChange:
    """Empty cells now and then, over the cells both grids have."""
    gaps_now = gaps_then = 0
    for county, topics in now.items():
        before = then.get(county, {})
        for topic, count in topics.items():
            if topic not in before:
                continue
            gaps_now += count == 0
            gaps_then += int(before[topic]) == 0
    return CoverageChange(gaps_now=gaps_now, gaps_then=gaps_then, then_on=then_on)


def one_year_before(day: dt.date) -> dt.date:
    """The same date a year earlier (28 February for 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


class CoverageService:
    """Keeps and reads the daily coverage snapshots.

    Args:
        sessions: Session factory.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    def keep(self, cells: Iterable[Cell], today: dt.date) -> bool:
        """Keep the grid as ``today``'s snapshot unless there is one; True if kept."""
        with self._sessions() as session:
            if session.scalar(
                select(CoverageSnapshot.id).where(CoverageSnapshot.taken_on == today)
            ):
                return False
        return self.store(cells_to_counts(cells), today)

    def store(self, counts: Counts, taken_on: dt.date) -> bool:
        """Store counts as the snapshot of ``taken_on`` (the sample data's year-old one
        too); False if that day has one already."""
        try:
            with self._sessions.begin() as session:
                session.add(CoverageSnapshot(taken_on=taken_on, cells=counts))
        except IntegrityError:
            return False  # another window kept today's first
        return True

    def snapshot(self, day: dt.date) -> tuple[dt.date, Counts] | None:
        """The snapshot taken on ``day`` or the latest before it."""
        with self._sessions() as session:
            found = session.execute(
                select(CoverageSnapshot.taken_on, CoverageSnapshot.cells)
                .where(CoverageSnapshot.taken_on <= day)
                .order_by(CoverageSnapshot.taken_on.desc())
                .limit(1)
            ).first()
        return (found[0], dict(found[1])) if found else None

    def year_before(self, day: dt.date) -> tuple[dt.date, Counts] | None:
        """The snapshot closest to one year before ``day`` (within about three months)."""
        target = one_year_before(day)
        # At most one row a day within the window: choose in Python (portable).
        with self._sessions() as session:
            rows = session.execute(
                select(CoverageSnapshot.taken_on, CoverageSnapshot.cells).where(
                    CoverageSnapshot.taken_on >= target - YEAR_SLACK,
                    CoverageSnapshot.taken_on <= target + YEAR_SLACK,
                )
            ).all()
        if not rows:
            return None
        taken_on, cells = min(rows, key=lambda r: (abs((r[0] - target).days), r[0]))
        return taken_on, dict(cells)

    def change(self, now: Counts, day: dt.date) -> CoverageChange | None:
        """``now`` compared with the year before ``day``; None without a snapshot then."""
        then = self.year_before(day)
        return compare(now, then[1], then[0]) if then else None
