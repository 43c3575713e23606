"""Follow-ups as values: one row of the task list, and how its due date reads.

A follow-up is a person, what to do about them, by when, done or not
(:class:`~kontakt.storage.politics_models.FollowUp`). The window, the command
line and the year summary all read these snapshots, never ORM objects.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Longest «what» the database keeps (follow_up.what is VARCHAR(300)).
WHAT_MAX = 300


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """One follow-up with its person's name, as the list shows it.

    Attributes:
        county_number, topic: The overview's cell it was made from, if any.
        actor, created_at: Who made it and when (the audit of a follow-up is its row).
    """

    id: int
    uid: str
    name: str
    what: str
    note: str
    due: dt.date | None
    done_at: dt.datetime | None
    county_number: str | None
    topic: str | None
    actor: str
    created_at: dt.datetime

    @property
    def done(self) -> bool:
        """Marked «Ferdig»."""
        return self.done_at is not None

    def overdue(self, today: dt.date) -> bool:
        """Open, and its date has passed."""
        return not self.done and self.due is not None and self.due < today

    def due_now(self, today: dt.date) -> bool:
        """Open and due today or earlier (what the reminder counts)."""
        return not self.done and self.due is not None and self.due <= today

    def to_json(self) -> dict[str, object]:
        """As ``kontakt followups list --json`` prints it."""
        return {
            "id": self.id,
            "uid": self.uid,
            "name": self.name,
            "what": self.what,
            "note": self.note,
            "due": self.due.isoformat() if self.due else None,
            "done": self.done,
            "done_at": self.done_at.isoformat() if self.done_at else None,
            "county_number": self.county_number,
            "topic": self.topic,
            "actor": self.actor,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class FollowUpQuery:
    """Which follow-ups to list.

    Attributes:
        include_done: Done ones too (otherwise only open ones).
        due_before: Only those due before this date (those without a date are left out).
        uid: Only this contact's.
    """

    include_done: bool = False
    due_before: dt.date | None = None
    uid: str | None = None


def due_text(row: FollowUpRow, today: dt.date) -> str:
    """The due date in words, so an overdue one does not rely on colour alone."""
    if row.due is None:
        return "Ingen frist"
    day = row.due.strftime("%d.%m.%Y")
    if row.done:
        return day
    days = (today - row.due).days
    if days > 0:
        return f"{day} – forfalt ({days} {'dag' if days == 1 else 'dager'} siden)"
    if days == 0:
        return f"{day} – i dag"
    return day
