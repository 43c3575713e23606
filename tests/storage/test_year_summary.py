"""The year summary counts what was done, year by year, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Iterator

import pytest
from tests.fixtures.smtp_server import SmtpServer, smtp_server  # noqa: F401
from tests.fixtures.year_data import YearData, build_year

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.domain.year_summary import EVENT_GOAL, YearSummary
from kontakt.services.year_summary import year_bounds


@pytest.fixture
def oslo_time(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The computer's clock in Norway, so a year's bounds differ from UTC's."""
    monkeypatch.setenv("TZ", "Europe/Oslo")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def year(core: Core, smtp_server: SmtpServer, oslo_time: None) -> YearData:  # noqa: F811
    return build_year(core, smtp_server)


def expected_coverage(core: Core, year: int) -> dict[str, tuple[int, int, list[str]]]:
    """County number -> (contacts, added in the year, topics with nobody), from the rows."""
    topics = sorted((t.name for t in core.catalog.topics()), key=str.casefold)
    contacts: Counter[str] = Counter()
    added: Counter[str] = Counter()
    covered: dict[str, set[str]] = defaultdict(set)
    for row in core.search.all_rows(ContactFilter()):
        if row.county is None:
            continue
        number = row.county.number
        contacts[number] += 1
        added[number] += row.created_at.astimezone().year == year
        covered[number].update(row.topics)
    return {
        c.number: (
            contacts[c.number],
            added[c.number],
            [t for t in topics if t not in covered[c.number]],
        )
        for c in core.geography.counties
    }


def check(core: Core, summary: YearSummary, data: YearData, year: int) -> None:
    rows = core.search.all_rows(ContactFilter())
    assert summary.year == year
    assert summary.contacts_total == len(rows)
    assert summary.contacts_added == sum(r.created_at.astimezone().year == year for r in rows)
    assert summary.mailings == data.mailings[year]
    assert summary.invitations == data.invitations[year]
    assert summary.messages_sent == data.sent[year]
    assert summary.messages_failed == data.failed[year]
    assert [(e.title, e.attended) for e in summary.events] == data.held(year, data.now)
    assert summary.events_planned == data.planned(year, data.now)
    assert summary.event_goal == EVENT_GOAL == 3
    coverage = expected_coverage(core, year)
    assert [c.county_number for c in summary.coverage] == [
        c.number for c in core.geography.counties
    ]
    for county in summary.coverage:
        contacts, added, gaps = coverage[county.county_number]
        assert (county.contacts, county.added, list(county.gaps)) == (contacts, added, gaps), county
        assert county.topics_covered == county.topics_total - len(gaps)


def test_this_year_counts_what_was_done(core: Core, year: YearData) -> None:
    summary = core.year_summary.summary(year.year, now=year.now)
    check(core, summary, year, year.year)
    assert summary.contacts_added == 300 - 2 - 41  # demo, minus trashed, minus moved back
    assert summary.messages_sent > 10 and summary.messages_failed == 2
    assert summary.events_held == 2 and summary.events_planned == 1
    assert not summary.goal_met
    assert summary.attended == 3


def test_last_year_and_the_year_boundary_in_local_time(core: Core, year: YearData) -> None:
    last = year.year - 1
    summary = core.year_summary.summary(last, now=year.now)
    check(core, summary, year, last)
    assert summary.contacts_added == 41
    assert summary.events_planned == 0
    start, end = year_bounds(year.year)
    assert start == dt.datetime(year.year, 1, 1, tzinfo=dt.UTC) - dt.timedelta(hours=1)
    assert end.year == year.year  # 1 January in Norway is still 31 December in UTC
    assert core.year_summary.years()[:2] == [year.year, last]


def test_later_events_count_once_held_and_the_goal(core: Core, year: YearData) -> None:
    december = dt.datetime(year.year, 12, 31, 12, tzinfo=dt.UTC)
    summary = core.year_summary.summary(year.year, now=december)
    assert summary.events_held == 3 and summary.events_planned == 0
    assert summary.goal_met


def test_an_empty_database_has_a_year_of_zeros(core: Core) -> None:
    summary = core.year_summary.summary(2026)
    assert (summary.contacts_added, summary.mailings, summary.messages_sent) == (0, 0, 0)
    assert summary.events == ()
    topics = len(core.catalog.topics())
    assert all(c.topics_covered == 0 and len(c.gaps) == topics for c in summary.coverage)
    assert summary.gaps == 15 * topics
