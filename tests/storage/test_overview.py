"""The county x topic grid equals counts made independently, on both backends."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter

from tests.e2e.test_cli import kontakt

from kontakt.app import Core
from kontakt.domain.dates import months_ago
from kontakt.domain.records import ContactFilter, RoleKind, RoleLevel
from kontakt.services.overview import GridFilter


def independent_counts(core: Core, f: GridFilter) -> Counter[tuple[str, str, str]]:
    """(county, topic, measure) -> count, from the contacts themselves."""
    counts: Counter[tuple[str, str, str]] = Counter()
    for row in core.search.all_rows(ContactFilter()):
        if row.county is None:
            continue
        roles = row.roles
        if (f.role_kind or f.role_level) and not any(
            (f.role_kind is None or r.kind == f.role_kind)
            and (f.role_level is None or r.level == f.role_level)
            for r in roles
        ):
            continue
        if f.confirmed_months is not None and (
            row.last_confirmed is None or row.last_confirmed < months_ago(f.confirmed_months)
        ):
            continue
        kinds = {r.kind for r in roles}
        for topic in row.topics:
            counts[(row.county.number, topic, "count")] += 1
            counts[(row.county.number, topic, "folkevalgt")] += RoleKind.FOLKEVALGT in kinds
            counts[(row.county.number, topic, "tillitsvalgt")] += RoleKind.TILLITSVALGT in kinds
    return counts


def test_grid_matches_independent_counts_with_every_filter(core: Core) -> None:
    core.demo.add_contacts()
    some = core.search.all_rows(ContactFilter(county="46"))[:3]
    core.contacts.trash([some[0].uid])  # the trash never counts
    for r in some[1:]:
        core.contacts.update(r.uid, _confirmed(r), r.version)
    for f in (
        GridFilter(),
        GridFilter(role_kind=RoleKind.FOLKEVALGT),
        GridFilter(role_kind=RoleKind.TILLITSVALGT, role_level=RoleLevel.FYLKE),
        GridFilter(confirmed_months=6),
    ):
        grid = core.overview.grid(f)
        topics = {t.name for t in core.catalog.topics()}
        assert len(grid) == 15 * len(topics)  # every cell, zeros included
        expected = independent_counts(core, f)
        for cell in grid:
            key = (cell.county_number, cell.topic)
            assert cell.count == expected[(*key, "count")], (f, cell)
            assert cell.folkevalgt == expected[(*key, "folkevalgt")], (f, cell)
            assert cell.tillitsvalgt == expected[(*key, "tillitsvalgt")], (f, cell)
    confirmed = core.overview.grid(GridFilter(confirmed_months=6))
    assert sum(c.count for c in confirmed) == sum(len(r.topics) for r in some[1:])


def _confirmed(row):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    return replace(row.to_draft(), last_confirmed=dt.date.today())


def test_a_cells_filter_finds_exactly_its_people(core: Core) -> None:
    core.demo.add_contacts()
    cell = next(c for c in core.overview.grid() if c.count >= 2)
    rows = core.search.all_rows(cell.contact_filter())
    assert len(rows) == cell.count
    names = core.overview.names(cell)
    assert names == [r.full_name for r in rows][:10]


def test_months_ago_clips_to_the_end_of_the_month() -> None:
    assert months_ago(1, dt.date(2026, 3, 31)) == dt.date(2026, 2, 28)
    assert months_ago(24, dt.date(2026, 11, 25)) == dt.date(2024, 11, 25)


def test_overview_json_on_the_command_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "k.db"
    assert kontakt("demo", db=db).returncode == 0
    result = kontakt("overview", "--json", db=db)
    assert result.returncode == 0, result.stderr
    cells = json.loads(result.stdout)
    assert len(cells) == 15 * 15
    first = cells[0]
    assert set(first) == {"county", "topic", "count", "folkevalgt", "tillitsvalgt"}
    assert set(first["county"]) == {"number", "name"}
    assert any(c["count"] == 0 for c in cells)
    table = kontakt("overview", "--role-kind", "folkevalgt", db=db)
    assert table.returncode == 0 and "ruter er tomme" in table.stdout
