"""«Oversikt»: where the network has people and where it has nobody.

The grid is every county by every topic, with the number of (live)
contacts in each cell and how many of them are elected (folkevalgt) and
union representatives (tillitsvalgt). It is counted in SQL, grouped, in one
query, and zero cells are filled in here so the gaps show.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, case, distinct, func, select
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql.elements import ColumnElement

from kontakt.domain.dates import months_ago
from kontakt.domain.geography import Geography
from kontakt.domain.records import ContactFilter, RoleKind, RoleLevel
from kontakt.storage.models import Contact, Role, Topic, contact_topic


@dataclass(frozen=True, slots=True)
class GridFilter:
    """Which contacts count.

    Attributes:
        role_kind: Only contacts holding a role of this kind.
        role_level: Only contacts holding a role at this level (kommune, fylke, Storting).
        confirmed_months: Only contacts confirmed within this many months.
    """

    role_kind: RoleKind | None = None
    role_level: RoleLevel | None = None
    confirmed_months: int | None = None


@dataclass(frozen=True, slots=True)
class Cell:
    """One county and topic."""

    county_number: str
    county_name: str
    topic: str
    count: int
    folkevalgt: int
    tillitsvalgt: int

    def to_json(self) -> dict[str, object]:
        """As ``kontakt overview --json`` prints it."""
        return {
            "county": {"number": self.county_number, "name": self.county_name},
            "topic": self.topic,
            "count": self.count,
            "folkevalgt": self.folkevalgt,
            "tillitsvalgt": self.tillitsvalgt,
        }

    def contact_filter(self, within: GridFilter | None = None) -> ContactFilter:
        """The contact table's filter for exactly the people this cell counts
        (``within`` a grid filter: its role kind, level and confirmation too)."""
        within = within or GridFilter()
        return ContactFilter(
            county=self.county_number,
            topics=(self.topic,),
            role_kind=within.role_kind,
            role_level=within.role_level,
            confirmed_months=within.confirmed_months,
        )


def _holders(kind: RoleKind | None = None, level: RoleLevel | None = None) -> Select[int]:
    """Ids of contacts holding a role of this kind and level (an uncorrelated subquery:
    the database reads the role index once, not once per row)."""
    query = select(Role.contact_id)
    if kind is not None:
        query = query.where(Role.kind == kind.value)
    if level is not None:
        query = query.where(Role.level == level.value)
    return query


def _conditions(f: GridFilter) -> list[ColumnElement[bool]]:
    """Which live contacts count under the filter (on the ``contact`` table)."""
    where: list[ColumnElement[bool]] = [
        Contact.deleted_at.is_(None),
        Contact.county_number.is_not(None),
    ]
    if f.role_kind is not None or f.role_level is not None:
        where.append(Contact.id.in_(_holders(f.role_kind, f.role_level)))
    if f.confirmed_months is not None:
        where.append(Contact.last_confirmed >= months_ago(f.confirmed_months))
    return where


def _link_conditions(f: GridFilter) -> list[ColumnElement[bool]]:
    """Which topic links count under the filter, on ``contact_topic`` alone: its
    ``county_number`` is NULL for contacts in the bin or without a county."""
    where: list[ColumnElement[bool]] = [contact_topic.c.county_number.is_not(None)]
    if f.role_kind is not None or f.role_level is not None:
        where.append(contact_topic.c.contact_id.in_(_holders(f.role_kind, f.role_level)))
    if f.confirmed_months is not None:
        confirmed = select(Contact.id).where(
            Contact.last_confirmed >= months_ago(f.confirmed_months)
        )
        where.append(contact_topic.c.contact_id.in_(confirmed))
    return where


class OverviewService:
    """Counts for the county x topic grid."""

    def __init__(self, sessions: sessionmaker[Session], geography: Geography) -> None:
        self._sessions = sessions
        self._geography = geography

    def grid(self, f: GridFilter | None = None) -> list[Cell]:
        """Every county x topic cell (zeros included), counties by number, topics by name."""
        f = f or GridFilter()
        # One pass over ix_contact_topic_grid (county, topic, contact), in group
        # order, so no join to contact and no sort (migration 0006). Each role
        # kind is an uncorrelated IN list, read once; a correlated EXISTS per
        # link made PostgreSQL's plan cost cross the JIT threshold and cost
        # about twice as much on SQLite (bench/bench_overview.py).
        link = contact_topic.c
        folkevalgt = link.contact_id.in_(_holders(RoleKind.FOLKEVALGT))
        tillitsvalgt = link.contact_id.in_(_holders(RoleKind.TILLITSVALGT))
        query = (
            select(
                link.county_number,
                link.topic_id,
                func.count(),
                func.sum(case((folkevalgt, 1), else_=0)),
                func.sum(case((tillitsvalgt, 1), else_=0)),
            )
            .where(*_link_conditions(f))
            .group_by(link.county_number, link.topic_id)
        )
        with self._sessions() as session:
            rows = session.execute(query).all()
            names = {i: str(n) for i, n in session.execute(select(Topic.id, Topic.name))}
        counted = {
            (str(county), names[topic_id]): (int(n), int(fv or 0), int(tv or 0))
            for county, topic_id, n, fv, tv in rows
            if topic_id in names  # a topic deleted meanwhile
        }
        topics = sorted(names.values(), key=str.casefold)
        cells = []
        for county in self._geography.counties:
            for topic in topics:
                n, fv, tv = counted.get((county.number, topic), (0, 0, 0))
                cells.append(Cell(county.number, county.name, topic, n, fv, tv))
        return cells

    def county_totals(self, f: GridFilter | None = None) -> dict[str, int]:
        """People per county number with at least one topic (a person with three
        topics counts once here, but in three cells of the grid)."""
        # The grid's links, each person once: the grid index again, no join to
        # contact (45-65 ms on 100k contacts, where an EXISTS per contact took
        # 80-250 ms; bench/bench_overview.py).
        link = contact_topic.c
        query = (
            select(link.county_number, func.count(distinct(link.contact_id)))
            .where(*_link_conditions(f or GridFilter()))
            .group_by(link.county_number)
        )
        with self._sessions() as session:
            return {str(county): int(n) for county, n in session.execute(query)}

    def names(self, cell: Cell, limit: int = 10, f: GridFilter | None = None) -> list[str]:
        """Up to ``limit`` names in a cell (for the tooltip), in name order; with a
        grid filter, only the people the cell counts under it."""
        query = (
            select(Contact.given_name, Contact.family_name)
            .join(contact_topic, contact_topic.c.contact_id == Contact.id)
            .join(Topic, Topic.id == contact_topic.c.topic_id)
            .where(
                *_conditions(f or GridFilter()),
                Contact.county_number == cell.county_number,
                Topic.name == cell.topic,
            )
            .order_by(Contact.sort_key)
            .limit(limit)
        )
        with self._sessions() as session:
            return [" ".join(p for p in row if p) for row in session.execute(query)]
