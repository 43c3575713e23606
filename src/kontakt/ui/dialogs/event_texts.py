"""Words and times for the events window: local times, the year's goal, the invitation.

Events are stored with aware datetimes (UTC); the secretary sees and types
them in the computer's local zone (Europe/Oslo for the network's users).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable
from dataclasses import dataclass

from kontakt.domain.wording import plural
from kontakt.services.outreach.event_letters import (
    WHEN_FORMAT,
    invitation,
    local,
    long_span_text,
    when_text,
)
from kontakt.services.outreach.events import AttendanceResult, EventData, EventSummary
from kontakt.ui.widgets.form import ERROR_COLOUR

__all__ = [
    "GOAL",
    "GOAL_TIP",
    "MARKED_NAMES",
    "Goal",
    "details_html",
    "goal",
    "goal_html",
    "invitation",
    "local",
    "local_year",
    "long_span_text",
    "span_text",
    "when_text",
]

# The network's plan: at least three digital events a year.
GOAL = 3
MARKED_NAMES = 8  # names listed after an attendance import; the rest are counted


def span_text(starts_at: dt.datetime, ends_at: dt.datetime) -> str:
    """«03.12.2026 19:00–20:30», or both dates when the event ends another day."""
    start, end = local(starts_at), local(ends_at)
    if start.date() == end.date():
        return f"{start.strftime(WHEN_FORMAT)}–{end:%H:%M}"
    return f"{start.strftime(WHEN_FORMAT)} – {end.strftime(WHEN_FORMAT)}"


def local_year(moment: dt.datetime) -> int:
    """The year an event belongs to, as the secretary sees its date."""
    return local(moment).year


@dataclass(frozen=True, slots=True)
class Goal:
    """How a year stands against the plan's goal."""

    year: int
    held: int  # events whose start has passed
    planned: int  # events still to come
    met: bool
    text: str  # «2 av 3 arrangementer holdt i 2026»
    remark: str  # what is missing, or that the goal is met


def goal(events: Iterable[EventSummary], year: int, now: dt.datetime | None = None) -> Goal:
    """Count the year's held events (start in the past) against :data:`GOAL`."""
    now = now or dt.datetime.now(dt.UTC)
    starts = [e.data.starts_at for e in events if local_year(e.data.starts_at) == year]
    held = sum(1 for s in starts if s <= now)
    planned = len(starts) - held
    text = f"{held} av {GOAL} arrangementer holdt i {year}"
    if planned:
        text += f" ({planned} til er planlagt)"
    met = held >= GOAL
    missing = GOAL - held
    if met:
        remark = "Målet om minst tre arrangementer i året er nådd."
    elif year < local(now).year:
        remark = f"Målet om minst tre arrangementer ble ikke nådd i {year}."
    elif planned >= missing:
        remark = "Målet er ikke nådd ennå, men nok arrangementer er planlagt."
    else:
        more = plural(missing - planned, "arrangement", "arrangementer")
        remark = f"Målet er ikke nådd: planlegg {more} til."
    return Goal(year, held, planned, met, text, remark)


GOAL_MET_COLOUR = "#1b6e20"
GOAL_TIP = (
    "Planen sier minst tre digitale arrangementer i året. "
    "Et arrangement telles som holdt når starttidspunktet er passert."
)


def goal_html(status: Goal) -> str:
    """The year's standing against the goal, in bold, and the remark in green or red."""
    colour = GOAL_MET_COLOUR if status.met else ERROR_COLOUR
    mark = "✔" if status.met else "⚠"
    return (
        f"<b>{html.escape(status.text)}</b><br>"
        f'<span style="color:{colour}">{mark} {html.escape(status.remark)}</span>'
    )


def details_html(d: EventData) -> str:
    """The chosen event under the list: time, link, place and description (rich text)."""
    parts = [f"<b>{html.escape(span_text(d.starts_at, d.ends_at))}</b>"]
    if d.link:
        link = html.escape(d.link, quote=True)
        parts.append(f'Lenke: <a href="{link}">{link}</a>')
    if d.place:
        parts.append(f"Sted: {html.escape(d.place)}")
    text = " · ".join(parts)
    if d.description:
        text += "<br>" + html.escape(d.description).replace("\n", "<br>")
    return text


def import_text(filename: str, result: AttendanceResult) -> str:
    """What an attendance report did: how many were marked (by name), how many are unknown."""
    if result.marked:
        marked = plural(len(result.marked), "person", "personer")
        names = ", ".join(result.marked[:MARKED_NAMES])
        if len(result.marked) > MARKED_NAMES:
            names += f" og {len(result.marked) - MARKED_NAMES} til"
        text = f"{filename}: {marked} er merket som deltatt ({names})."
    else:
        text = f"{filename}: ingen nye å merke som deltatt."
    if result.unmatched:
        text += (
            f" {plural(len(result.unmatched), 'deltaker', 'deltakere')} fant vi ikke i "
            "Kontakt (verken e-post eller fullt navn passet):"
        )
    return text
