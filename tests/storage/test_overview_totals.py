"""The overview's extra counts: people per county, names and click filters under a grid filter."""

from __future__ import annotations

from collections import defaultdict

from kontakt.app import Core
from kontakt.domain.records import ContactFilter, RoleKind, RoleLevel
from kontakt.services.demo import add_demo_contacts
from kontakt.services.overview import GridFilter, filter_is_exact


def test_county_totals_count_each_person_once(core: Core) -> None:
    add_demo_contacts(core)
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
    add_demo_contacts(core)
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
    assert filter_is_exact(f)
    assert not filter_is_exact(GridFilter(role_level=RoleLevel.FYLKE))
    assert not filter_is_exact(GridFilter(confirmed_months=3))
