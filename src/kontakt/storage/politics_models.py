"""Tables of the political year (issue 22): follow-ups, and the overview's coverage kept per date.

A follow-up is a light task: a person, what to do, by when, done or not; made
by hand or from an empty cell of the overview (then its county and topic are
kept). It belongs to its contact (erased with it; a merge moves it).

A coverage snapshot is the overview grid's counts on one day
(``{county number: {topic name: contacts}}``), so the year summary can say
«15 færre hull enn i fjor».
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class FollowUp(Base):
    """Something to do about a person, by a date."""

    __tablename__ = "follow_up"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    what: Mapped[str] = mapped_column(String(300))
    note: Mapped[str] = mapped_column(Text, default="")
    due: Mapped[dt.date | None] = mapped_column(Date, index=True)
    done_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    # Where it came from when made from an empty cell of the overview.
    county_number: Mapped[str | None] = mapped_column(String(2))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topic.id", ondelete="SET NULL"))
    actor: Mapped[str] = mapped_column(String(100), default="")
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class CoverageSnapshot(Base):
    """The overview grid's counts on one day."""

    __tablename__ = "coverage_snapshot"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    taken_on: Mapped[dt.date] = mapped_column(Date, unique=True)
    cells: Mapped[dict[str, Any]] = mapped_column(JSON)
