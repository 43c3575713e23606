"""The sample events' days, for every day the sample data could be loaded on."""

from __future__ import annotations

import datetime as dt

import pytest

from kontakt.services.demo_activity import event_dates, past_span


@pytest.mark.parametrize("year", [2024, 2025])  # a leap year and a common one
def test_held_events_are_before_today_midweek_and_this_year_after_january(year: int) -> None:
    day = dt.date(year, 1, 1)
    while day.year == year:
        held, coming = event_dates(day)
        assert len(set(held)) == 3 and held == sorted(held)
        assert all(d < day for d in held)
        assert all(d.weekday() in (1, 2, 3) for d in [*held, coming])
        if day >= dt.date(year, 1, 29):
            assert all(d.year == year for d in held), day
        else:  # the year has barely begun: the last three months
            assert all(d >= day - dt.timedelta(days=91) for d in held), day
        next_month = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        assert (coming.year, coming.month) == (next_month.year, next_month.month)
        assert 8 <= coming.day <= 14
        start, span = past_span(day)
        assert start + dt.timedelta(days=span) == day
        day += dt.timedelta(days=1)
