"""The year's report as values: what «Årsoversikt» shows and exports.

Counted by ``kontakt.services.year_summary``; written by the PDF and Excel
exporters and shown in the overview dialog.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# The plan of action: at least three events (digital or not) a year.
EVENT_GOAL = 3


@dataclass(frozen=True, slots=True)
class HeldEvent:
    """An event that took place, and how many came."""

    title: str
    starts_at: dt.datetime
    attended: int


@dataclass(frozen=True, slots=True)
class CountyCoverage:
    """One county: its contacts and which topics have nobody."""

    county_number: str
    county_name: str
    contacts: int  # live contacts in the county now
    added: int  # of them, added during the year
    topics_covered: int
    topics_total: int
    gaps: tuple[str, ...]  # topics with no contact in the county


# -- the political year (issue 22): follow-ups and coverage against the year before --


@dataclass(frozen=True, slots=True)
class CoverageChange:
    """Empty county x topic cells now and in the snapshot closest to a year earlier
    (over the cells both have)."""

    gaps_now: int
    gaps_then: int
    then_on: dt.date

    @property
    def fewer(self) -> int:
        """Gaps filled since (negative: more gaps now)."""
        return self.gaps_then - self.gaps_now


@dataclass(frozen=True, slots=True)
class FollowUpYear:
    """Follow-ups of the year: made during it, done during it, and of those made, still open."""

    made: int
    done: int
    open: int


@dataclass(frozen=True, slots=True)
class DocumentUseYear:
    """Idea-bank documents used during the year («ideas that travel»).

    A use counts in the year of its date; an undated one in the year it was
    recorded. ``outcomes`` counts uses per outcome (fremmet, vedtatt, avvist,
    trukket); ``places`` distinct municipalities (a county-level use: its county).
    """

    uses: int = 0
    documents: int = 0
    places: int = 0
    outcomes: tuple[tuple[str, int], ...] = ()

    def count(self, outcome: str) -> int:
        """Uses with this outcome."""
        return dict(self.outcomes).get(outcome, 0)


@dataclass(frozen=True, slots=True)
class YearSummary:
    """Everything the year's report shows.

    ``mailings`` counts the mailings that sent at least one message during the
    year (``invitations`` of them were event invitations); ``messages_sent``
    the messages the mail server accepted during the year; ``messages_failed``
    the messages of the year's mailings that the server refused.
    """

    year: int
    contacts_total: int
    contacts_added: int
    mailings: int
    invitations: int
    messages_sent: int
    messages_failed: int
    events: tuple[HeldEvent, ...]
    events_planned: int  # events later in the year, not yet held
    coverage: tuple[CountyCoverage, ...]
    event_goal: int = EVENT_GOAL
    # The political year (issue 22): None when not counted.
    coverage_change: CoverageChange | None = None
    follow_ups: FollowUpYear | None = None
    document_uses: DocumentUseYear = DocumentUseYear()

    @property
    def events_held(self) -> int:
        """Events that took place during the year (so far)."""
        return len(self.events)

    @property
    def goal_met(self) -> bool:
        """At least as many events held as the plan asks for."""
        return self.events_held >= self.event_goal

    @property
    def attended(self) -> int:
        """Attendances over all the year's events (a person at two counts twice)."""
        return sum(e.attended for e in self.events)

    @property
    def gaps(self) -> int:
        """County x topic cells with nobody."""
        return sum(len(c.gaps) for c in self.coverage)


@dataclass(frozen=True, slots=True)
class SummaryLine:
    """One line of the summary: what, how many, and a remark."""

    label: str
    count: int
    note: str = ""


def goal_text(summary: YearSummary) -> str:
    """How the year stands against the plan's goal for events, in one sentence."""
    goal = summary.event_goal
    if summary.goal_met:
        return f"Målet om minst {goal} arrangementer er nådd."
    missing = goal - summary.events_held
    planned = summary.events_planned
    text = f"{missing} mangler til målet om minst {goal} arrangementer"
    if planned:
        text += f" ({planned} planlagt senere i år)"
    return text + "."


def summary_lines(summary: YearSummary) -> list[SummaryLine]:
    """The summary's lines, as the report and the export show them."""
    year = summary.year
    cells = sum(c.topics_total for c in summary.coverage)
    covered = sum(1 for c in summary.coverage if c.contacts)
    return [
        SummaryLine(f"Nye kontakter i {year}", summary.contacts_added),
        SummaryLine("Kontakter i alt nå", summary.contacts_total, "Papirkurven er ikke med."),
        SummaryLine(
            "Utsendinger (e-post og nyhetsbrev)",
            summary.mailings,
            f"Herav {summary.invitations} invitasjoner til arrangementer."
            if summary.invitations
            else "",
        ),
        SummaryLine("E-poster sendt", summary.messages_sent, "Tatt imot av e-posttjeneren."),
        SummaryLine(
            "E-poster som feilet",
            summary.messages_failed,
            "Avvist av mottakerens e-posttjener." if summary.messages_failed else "",
        ),
        SummaryLine("Arrangementer holdt", summary.events_held, goal_text(summary)),
        SummaryLine(
            "Deltakere på arrangementene", summary.attended, "Én per person og arrangement."
        ),
        SummaryLine("Fylker med kontakter", covered, f"Av {len(summary.coverage)} fylker."),
        SummaryLine(
            "Hull: fylke og tema uten kontakter",
            summary.gaps,
            f"Av {cells} kombinasjoner av fylke og tema.",
        ),
        *political_year_lines(summary),
        *document_use_lines(summary),
    ]


def document_use_lines(summary: YearSummary) -> list[SummaryLine]:
    """The idea bank's lines: documents used in the year, and what came of it."""
    u = summary.document_uses
    outcomes = ", ".join(f"{name} {n}" for name, n in u.outcomes if n)
    return [
        SummaryLine(
            "Idébanken: dokumenter brukt",
            u.documents,
            f"{u.uses} ganger, på {u.places} steder." if u.uses else "",
        ),
        SummaryLine(
            "Idébanken: forslag vedtatt",
            u.count("vedtatt"),
            f"Utfall: {outcomes}." if outcomes else "",
        ),
    ]


def coverage_change_text(change: CoverageChange | None) -> str:
    """«15 færre hull enn i fjor», «3 flere …», «like mange …», or that there are no numbers."""
    if change is None:
        return "Ingen tall fra i fjor å sammenligne hullene med."
    n = change.fewer
    if n > 0:
        return f"{n} færre hull enn i fjor."
    if n < 0:
        return f"{-n} flere hull enn i fjor."
    return "Like mange hull som i fjor."


def political_year_lines(summary: YearSummary) -> list[SummaryLine]:
    """The lines of the follow-ups and the coverage compared with the year before."""
    lines = []
    change = summary.coverage_change
    if change is not None:
        lines.append(
            SummaryLine(
                f"Hull i fjor ({change.then_on:%d.%m.%Y})",
                change.gaps_then,
                coverage_change_text(change),
            )
        )
    f = summary.follow_ups
    if f is not None:
        lines.append(
            SummaryLine(
                f"Oppfølginger laget i {summary.year}",
                f.made,
                f"{f.done} gjort i løpet av året, {f.open} av dem som ble laget er fortsatt åpne.",
            )
        )
    return lines
