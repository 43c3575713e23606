"""The overview's extra counts: people per county, names and click filters under a grid filter."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from kontakt.app import Core
from kontakt.domain.dates import months_ago
from kontakt.domain.records import ContactFilter, ContactRow, RoleKind, RoleLevel
from kontakt.services.overview import GridFilter


def test_county_totals_count_each_person_once(core: Core) -> None:
    core.demo.add_contacts()
    for f in (GridFilter(), GridFilter(role_kind=RoleKind.TILLITSVALGT)):
        people: dict[str, set[str]] = defaultdict(set)
        for row in core.search.all_rows(ContactFilter()):
            if row.county is None or not row.topics:
                continue
            if f.role_kind and not any(r.kind == f.role_kind for r in row.roles):
                continue
            people[row.county.number].add(row.uid)
        totals = core.overview.county_totals(f)
        assert totals == {county: len(uids) for county, uids in people.items()}
        cells = sum(c.count for c in core.overview.grid(f))
        assert sum(totals.values()) < cells  # people with several topics sit in several cells


def test_names_and_click_filter_follow_the_role_kind(core: Core) -> None:
    core.demo.add_contacts()
    f = GridFilter(role_kind=RoleKind.FOLKEVALGT)
    everyone = {(c.county_number, c.topic): c.count for c in core.overview.grid()}
    cell = next(
        c for c in core.overview.grid(f) if 0 < c.count < everyone[(c.county_number, c.topic)]
    )
    chosen = cell.contact_filter(f)
    assert chosen.role_kind is RoleKind.FOLKEVALGT
    rows = core.search.all_rows(chosen)
    assert len(rows) == cell.count
    assert core.overview.names(cell, f=f) == [r.full_name for r in rows][:10]
    assert len(core.overview.names(cell)) >= len(core.overview.names(cell, f=f))
    assert cell.contact_filter() == ContactFilter(county=cell.county_number, topics=(cell.topic,))


def holds(row: ContactRow, f: GridFilter) -> bool:
    """The row holds one role of the filter's kind and level (any row, without either)."""
    if f.role_kind is None and f.role_level is None:
        return True
    return any(
        (f.role_kind is None or role.kind == f.role_kind)
        and (f.role_level is None or role.level == f.role_level)
        for role in row.roles
    )


def test_a_cells_filter_finds_exactly_its_people_under_every_grid_filter(core: Core) -> None:
    """Level and confirmation carry over to the contact table too: a click is exact."""
    core.demo.add_data()
    filters = [
        GridFilter(role_level=RoleLevel.FYLKE),
        GridFilter(role_kind=RoleKind.FOLKEVALGT, role_level=RoleLevel.KOMMUNE),
        GridFilter(role_kind=RoleKind.TILLITSVALGT, role_level=RoleLevel.KOMMUNE),  # nobody
        GridFilter(confirmed_months=12),
        GridFilter(role_kind=RoleKind.TILLITSVALGT, confirmed_months=6),
    ]
    today = dt.date.today()
    rows = core.search.all_rows(ContactFilter())
    for f in filters:
        cutoff = months_ago(f.confirmed_months, today) if f.confirmed_months is not None else None
        counted = 0
        for cell in core.overview.grid(f):
            # Who the cell should hold, decided from the rows themselves.
            expected = {
                r.uid
                for r in rows
                if r.county is not None
                and r.county.number == cell.county_number
                and cell.topic in r.topics
                and holds(r, f)
                and (
                    cutoff is None or (r.last_confirmed is not None and r.last_confirmed >= cutoff)
                )
            }
            assert cell.count == len(expected), (f, cell)
            if cell.count:
                found = core.search.all_rows(cell.contact_filter(f))
                assert {r.uid for r in found} == expected, (f, cell)
                counted += 1
        if f.role_kind is RoleKind.TILLITSVALGT and f.role_level is RoleLevel.KOMMUNE:
            assert counted == 0
        else:
            assert counted > 3, f
