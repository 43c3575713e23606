"""«Årsoversikt»: the network's year in numbers, for the annual meeting.

Contacts added, mailings and the messages sent or failed, events held
against the plan's goal, and how well each county is covered by topic. Every
number is counted in SQL. A year runs from 1 January to 1 January in the
computer's own time zone, as the secretary reads the dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy import ColumnElement, and_, case, distinct, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, sessionmaker

from kontakt.domain.document_uses import UseOutcome
from kontakt.domain.year_summary import (
    CountyCoverage,
    DocumentUseYear,
    FollowUpYear,
    HeldEvent,
    YearSummary,
)
from kontakt.services.coverage import CoverageService, cells_to_counts
from kontakt.services.outreach.events import ParticipantStatus
from kontakt.services.outreach.mailing import RecipientStatus
from kontakt.services.overview import Cell, OverviewService
from kontakt.storage.base import utcnow
from kontakt.storage.ideabank_models import DocumentUse
from kontakt.storage.models import Contact
from kontakt.storage.outreach_models import Event, EventParticipant, Mailing, MailingRecipient
from kontakt.storage.politics_models import FollowUp


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """1 January of ``year`` and of the next, at midnight local time, as UTC."""
    start = dt.datetime(year, 1, 1).astimezone()
    end = dt.datetime(year + 1, 1, 1).astimezone()
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


class YearSummaryService:
    """Counts the year's report.

    Args:
        sessions: Session factory.
        overview: The county x topic grid (gives each county's gaps).
    """

    def __init__(self, sessions: sessionmaker[Session], overview: OverviewService) -> None:
        self._sessions = sessions
        self._overview = overview
        self._history = CoverageService(sessions)

    def years(self) -> list[int]:
        """Years with contacts, mailings or events, newest first (this year always)."""
        found = {dt.date.today().year}
        with self._sessions() as session:
            for column in (Contact.created_at, Mailing.created_at, Event.starts_at):
                first = session.scalar(select(func.min(column)))
                if first is not None:
                    found.add(first.astimezone().year)
        return list(range(max(found), min(found) - 1, -1))

    def summary(self, year: int, now: dt.datetime | None = None) -> YearSummary:
        """The report for ``year``; events count as held once they have started by ``now``."""
        now = now or utcnow()
        start, end = year_bounds(year)
        with self._sessions() as session:
            contacts_total, contacts_added = self._contacts(session, start, end)
            mailings, invitations, sent = self._sent(session, start, end)
            failed = self._failed(session, start, end)
            events, planned = self._events(session, start, end, now)
            per_county = self._per_county(session, start, end)
            document_uses = self._document_uses(session, year, start, end)
        grid = self._overview.grid()
        summary = YearSummary(
            year=year,
            contacts_total=contacts_total,
            contacts_added=contacts_added,
            mailings=mailings,
            invitations=invitations,
            messages_sent=sent,
            messages_failed=failed,
            events=events,
            events_planned=planned,
            coverage=self._coverage(per_county, grid),
            document_uses=document_uses,
        )
        return self._political_year(summary, grid, start, end, now)

    @staticmethod
    def _contacts(session: Session, start: dt.datetime, end: dt.datetime) -> tuple[int, int]:
        added = func.sum(_between(Contact.created_at, start, end))
        row = session.execute(select(func.count(), added).where(Contact.deleted_at.is_(None))).one()
        return int(row[0]), int(row[1] or 0)

    @staticmethod
    def _sent(session: Session, start: dt.datetime, end: dt.datetime) -> tuple[int, int, int]:
        in_year = and_(
            MailingRecipient.status == RecipientStatus.SENT.value,
            MailingRecipient.sent_at >= start,
            MailingRecipient.sent_at < end,
        )
        mailings = select(MailingRecipient.mailing_id).where(in_year)
        row = session.execute(
            select(
                func.count(Mailing.id),
                func.count(Mailing.event_id),
            ).where(Mailing.id.in_(mailings))
        ).one()
        sent = session.scalar(select(func.count()).select_from(MailingRecipient).where(in_year))
        return int(row[0]), int(row[1]), int(sent or 0)

    @staticmethod
    def _failed(session: Session, start: dt.datetime, end: dt.datetime) -> int:
        query = (
            select(func.count())
            .select_from(MailingRecipient)
            .join(Mailing, Mailing.id == MailingRecipient.mailing_id)
            .where(
                MailingRecipient.status == RecipientStatus.FAILED.value,
                Mailing.created_at >= start,
                Mailing.created_at < end,
            )
        )
        return int(session.scalar(query) or 0)

    @staticmethod
    def _events(
        session: Session, start: dt.datetime, end: dt.datetime, now: dt.datetime
    ) -> tuple[tuple[HeldEvent, ...], int]:
        attended = func.count(EventParticipant.id)
        held = session.execute(
            select(Event.title, Event.starts_at, attended)
            .outerjoin(
                EventParticipant,
                and_(
                    EventParticipant.event_id == Event.id,
                    EventParticipant.status == ParticipantStatus.ATTENDED.value,
                ),
            )
            .where(Event.starts_at >= start, Event.starts_at < min(end, now))
            .group_by(Event.id, Event.title, Event.starts_at)
            .order_by(Event.starts_at, Event.id)
        ).all()
        planned = session.scalar(
            select(func.count()).where(Event.starts_at >= max(start, now), Event.starts_at < end)
        )
        events = tuple(HeldEvent(title, when, int(n)) for title, when, n in held)
        return events, int(planned or 0)

    @staticmethod
    def _per_county(
        session: Session, start: dt.datetime, end: dt.datetime
    ) -> dict[str, tuple[int, int]]:
        rows = session.execute(
            select(
                Contact.county_number,
                func.count(),
                func.sum(_between(Contact.created_at, start, end)),
            )
            .where(Contact.deleted_at.is_(None), Contact.county_number.is_not(None))
            .group_by(Contact.county_number)
        )
        return {str(county): (int(n), int(added or 0)) for county, n, added in rows}

    # -- the idea bank: documents used in the year (issue 22) ---------------------------

    @staticmethod
    def _document_uses(
        session: Session, year: int, start: dt.datetime, end: dt.datetime
    ) -> DocumentUseYear:
        """Uses dated in the year (undated ones: recorded in the year), per outcome."""
        in_year = or_(
            and_(
                DocumentUse.date >= dt.date(year, 1, 1), DocumentUse.date < dt.date(year + 1, 1, 1)
            ),
            and_(
                DocumentUse.date.is_(None),
                DocumentUse.created_at >= start,
                DocumentUse.created_at < end,
            ),
        )
        place = func.coalesce(DocumentUse.municipality_number, DocumentUse.county_number)
        uses, documents, places = session.execute(
            select(
                func.count(),
                func.count(distinct(DocumentUse.document_id)),
                func.count(distinct(place)),
            ).where(in_year)
        ).one()
        per_outcome = dict(
            session.execute(
                select(DocumentUse.outcome, func.count())
                .where(in_year)
                .group_by(DocumentUse.outcome)
            ).all()
        )
        return DocumentUseYear(
            uses=int(uses),
            documents=int(documents),
            places=int(places),
            outcomes=tuple((o.value, int(per_outcome.get(o.value, 0))) for o in UseOutcome),
        )

    def _coverage(
        self, per_county: dict[str, tuple[int, int]], grid: list[Cell]
    ) -> tuple[CountyCoverage, ...]:
        gaps: dict[str, list[str]] = {}
        names: dict[str, str] = {}
        topics: set[str] = set()
        for cell in grid:
            names[cell.county_number] = cell.county_name
            topics.add(cell.topic)
            missing = gaps.setdefault(cell.county_number, [])
            if cell.count == 0:
                missing.append(cell.topic)
        topics_total = len(topics)
        return tuple(
            CountyCoverage(
                county_number=number,
                county_name=names[number],
                contacts=per_county.get(number, (0, 0))[0],
                added=per_county.get(number, (0, 0))[1],
                topics_covered=topics_total - len(missing),
                topics_total=topics_total,
                gaps=tuple(missing),
            )
            for number, missing in gaps.items()
        )

    # -- the political year (issue 22): follow-ups, coverage against the year before --

    def _political_year(
        self,
        summary: YearSummary,
        grid: list[Cell],
        start: dt.datetime,
        end: dt.datetime,
        now: dt.datetime,
    ) -> YearSummary:
        """Add the year's follow-ups and the gaps compared with a year earlier.

        This year is compared as it stands today (and today's grid is kept as a
        snapshot, at most one a day); a past year as its last snapshot stood.
        """
        today = now.astimezone().date()
        change = None
        if summary.year == today.year:
            self._history.keep(grid, today)
            change = self._history.change(cells_to_counts(grid), today)
        elif summary.year < today.year:
            last = self._history.snapshot(dt.date(summary.year, 12, 31))
            if last is not None and last[0].year == summary.year:
                change = self._history.change(last[1], last[0])
        with self._sessions() as session:
            follow_ups = self._follow_ups(session, start, end)
        return replace(summary, coverage_change=change, follow_ups=follow_ups)

    @staticmethod
    def _follow_ups(session: Session, start: dt.datetime, end: dt.datetime) -> FollowUpYear:
        in_year = and_(FollowUp.created_at >= start, FollowUp.created_at < end)
        made = case((in_year, 1), else_=0)
        done = case((and_(FollowUp.done_at >= start, FollowUp.done_at < end), 1), else_=0)
        still_open = case((and_(in_year, FollowUp.done_at.is_(None)), 1), else_=0)
        row = session.execute(select(func.sum(made), func.sum(done), func.sum(still_open))).one()
        return FollowUpYear(int(row[0] or 0), int(row[1] or 0), int(row[2] or 0))


def _between(
    column: InstrumentedAttribute[dt.datetime], start: dt.datetime, end: dt.datetime
) -> ColumnElement[int]:
    """1 for a time in [start, end), else 0 (summed to count)."""
    return case((and_(column >= start, column < end), 1), else_=0)
