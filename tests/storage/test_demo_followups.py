"""The sample data shows follow-ups (overdue and done) and «15 færre hull enn i fjor»."""

from __future__ import annotations

import datetime as dt

from kontakt.app import Core
from kontakt.domain.follow_ups import FollowUpQuery
from kontakt.domain.year_summary import coverage_change_text


def test_sample_data_has_follow_ups_and_last_years_gaps(core: Core) -> None:
    today = dt.date.today()
    core.demo.add_data(today)
    rows = core.followups.list(FollowUpQuery(include_done=True))
    assert sum(r.overdue(today) for r in rows) >= 2
    assert sum(r.done for r in rows) >= 2
    assert core.followups.due_count(today) >= 3
    summary = core.year_summary.summary(today.year)
    assert summary.coverage_change is not None
    assert coverage_change_text(summary.coverage_change) == "15 færre hull enn i fjor."
    assert summary.follow_ups is not None and summary.follow_ups.made == len(rows)
