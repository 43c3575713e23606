"""The year summary compares today's gaps with a year before, and counts follow-ups."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from kontakt.app import Core
from kontakt.domain.records import ContactDraft, EmailData, EmailKind
from kontakt.domain.year_summary import coverage_change_text, summary_lines
from kontakt.services.coverage import CoverageService, cells_to_counts, one_year_before
from kontakt.storage.base import utcnow
from kontakt.storage.politics_models import CoverageSnapshot


def person(core: Core, given: str, municipality: str, topics: tuple[str, ...]) -> str:
    draft = ContactDraft(
        given_name=given,
        family_name="Lie",
        emails=(EmailData(f"{given.lower()}@example.org", EmailKind.PRIVAT, True),),
        municipality=municipality,
        topics=topics,
    )
    return core.contacts.create(draft).uid


def snapshots(core: Core) -> list[dt.date]:
    with core.sessions() as session:
        return list(session.scalars(select(CoverageSnapshot.taken_on)))


def test_fewer_gaps_than_a_year_ago(core: Core) -> None:
    person(core, "Kari", "4601", ("rus", "fastlege"))  # Vestland
    person(core, "Ola", "0301", ("rus",))  # Oslo
    now = utcnow()
    today = now.astimezone().date()
    grid = core.overview.grid()
    then = cells_to_counts(grid)
    # A year ago Vestland had nobody on either topic, and Oslo nobody on rus.
    then["46"]["Rus"] = then["46"]["Fastlege"] = then["03"]["Rus"] = 0
    # A snapshot from six months ago is not «i fjor»; the one closest to a year is used.
    history = CoverageService(core.sessions)
    assert history.store(then, one_year_before(today) + dt.timedelta(days=10))
    half = cells_to_counts(grid)
    half["46"]["Rus"] = 0
    assert history.store(half, today - dt.timedelta(days=180))

    summary = core.year_summary.summary(today.year, now)
    change = summary.coverage_change
    assert change is not None
    assert (change.gaps_then - change.gaps_now, change.fewer) == (3, 3)
    assert change.gaps_now == summary.gaps
    assert coverage_change_text(change) == "3 færre hull enn i fjor."
    assert any(x.note == "3 færre hull enn i fjor." for x in summary_lines(summary))
    # Today's grid was kept, once: counting again does not add a second row.
    core.year_summary.summary(today.year, now)
    assert sorted(snapshots(core)).count(today) == 1


def test_more_gaps_and_no_numbers_from_last_year(core: Core) -> None:
    person(core, "Kari", "4601", ("rus",))
    now = utcnow()
    today = now.astimezone().date()
    summary = core.year_summary.summary(today.year, now)
    assert summary.coverage_change is None
    assert coverage_change_text(None) == "Ingen tall fra i fjor å sammenligne hullene med."

    then = cells_to_counts(core.overview.grid())
    then["46"]["Rus"] = 1
    then["03"]["Rus"] = 2  # Oslo had someone; now nobody
    CoverageService(core.sessions).store(then, one_year_before(today))
    change = core.year_summary.summary(today.year, now).coverage_change
    assert change is not None and change.fewer == -1
    assert coverage_change_text(change) == "1 flere hull enn i fjor."


def test_a_topic_added_since_is_not_counted_as_new_gaps(core: Core) -> None:
    person(core, "Kari", "4601", ("rus",))
    today = dt.date.today()
    then = cells_to_counts(core.overview.grid())
    CoverageService(core.sessions).store(then, one_year_before(today))
    person(core, "Ola", "0301", ("helt nytt tema",))  # 14 new empty cells, 1 filled
    change = core.year_summary.summary(today.year).coverage_change
    assert change is not None and change.fewer == 0


def test_follow_ups_counted_in_the_year(core: Core) -> None:
    kari = person(core, "Kari", "4601", ("rus",))
    today = dt.date.today()
    first, second, third = (core.followups.add(kari, f"Oppgave {i}") for i in range(3))
    core.followups.done(first)
    core.followups.done(second)
    f = core.year_summary.summary(today.year).follow_ups
    assert f is not None and (f.made, f.done, f.open) == (3, 2, 1)
    assert core.followups.get(third).done_at is None
    last_year = core.year_summary.summary(today.year - 1).follow_ups
    assert last_year is not None and (last_year.made, last_year.done, last_year.open) == (0, 0, 0)
    with core.sessions() as session:
        assert session.scalar(select(func.count()).select_from(CoverageSnapshot)) == 1
