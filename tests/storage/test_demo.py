"""`kontakt demo`'s sample data fills every part of the window, on both backends."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from kontakt.app import Core, open_core
from kontakt.domain.dates import months_ago
from kontakt.domain.documents import DocumentFilter, DocumentKind
from kontakt.domain.records import ContactDraft, ContactFilter, EmailData
from kontakt.errors import KontaktError
from kontakt.paths import resolve_database
from kontakt.services.demo import DEMO_LABEL
from kontakt.services.outreach.events import ParticipantStatus

YEAR = dt.date.today().year
TODAY = dt.date(YEAR, 6, 15)  # a fixed day, so that the test does not depend on the date
NOW = dt.datetime(YEAR, 6, 15, 12).astimezone()


def _real_contact(core: Core) -> str:
    """A contact of the user's own, who shares every topic with the sample events."""
    topics = tuple(t.name for t in core.catalog.topics())
    (row,) = core.contacts.create_many(
        [
            ContactDraft(
                given_name="Ekte",
                family_name="Person",
                emails=(EmailData("ekte.person@example.com"),),
                topics=topics,
                municipality="4601",
            )
        ]
    )
    return row.uid


def _snapshot(core: Core) -> tuple[object, ...]:
    """Everything the sample activity consists of, by name (ids differ between databases)."""
    events = tuple(
        (
            e.data.title,
            e.data.starts_at,
            tuple(sorted((name, status) for _, name, status in core.events.participants(e.id))),
        )
        for e in core.events.events()
    )
    documents = tuple(
        (r.title, r.kind, r.date, r.place_name, r.topics, tuple(a.name for a in r.authors))
        for r in core.ideabank.search(DocumentFilter()).rows
    )
    return events, documents


def test_demo_data_gives_events_documents_and_history(core: Core, tmp_path: Path) -> None:
    real = _real_contact(core)
    summary = core.demo.add_data(today=TODAY)
    added = summary.activity
    assert (summary.contacts, added.events_held, added.events_planned) == (300, 3, 1)
    assert added.documents == 5 and added.notes == 10

    # Three events held this year with attendance, one coming next month.
    events = core.events.events(YEAR)
    assert len(events) == 4
    held = [e for e in events if e.data.starts_at < NOW]
    coming = [e for e in events if e.data.starts_at >= NOW]
    assert len(held) == 3 and len(coming) == 1
    assert [e.data.title for e in held][:2] == [
        "Digitalt medlemsmøte: tannhelsereformen",
        "Psykisk helse i kommunene – erfaringsutveksling",
    ]
    for e in held:
        assert e.count(ParticipantStatus.ATTENDED) > 0
        assert e.count(ParticipantStatus.DECLINED) > 0
        assert e.count(ParticipantStatus.INVITED) > 0
        assert e.data.link.startswith("https://") and ".example.net/" in e.data.link
    (next_month,) = coming
    assert next_month.data.starts_at.astimezone().month == 7
    assert next_month.count(ParticipantStatus.ATTENDED) == 0
    assert next_month.count(ParticipantStatus.ACCEPTED) > 0
    assert sum(sum(e.counts.values()) for e in events) == added.participants

    # Only sample contacts take part, and only those who may get e-mail.
    samples = {r.id: r for r in core.search.all_rows(ContactFilter(labels=(DEMO_LABEL,)))}
    for e in events:
        for contact_id, _, _ in core.events.participants(e.id):
            row = samples[contact_id]
            assert row.primary_email.endswith("@example.org") and not row.opted_out

    # The year summary counts the held events and who came.
    year = core.year_summary.summary(YEAR, NOW)
    assert year.events_held == 3 and year.goal_met
    assert year.events_planned == 1
    assert [h.title for h in year.events] == [e.data.title for e in held]
    assert year.attended == sum(e.count(ParticipantStatus.ATTENDED) for e in held)

    # The idea bank: found by a word inside, by topic, kind and county.
    tannhelse = core.ideabank.search(DocumentFilter(text="tannhelse"))
    kinds = {r.kind for r in tannhelse.rows}
    assert kinds == {DocumentKind.INTERPELLASJON, DocumentKind.PROGRAMTEKST}
    (interpellation,) = core.ideabank.search(DocumentFilter(kind=DocumentKind.INTERPELLASJON)).rows
    assert interpellation.topics == ("Eldreomsorg", "Tannhelsereform")
    assert interpellation.county is not None and interpellation.county.number == "46"
    assert [a.uid in {r.uid for r in samples.values()} for a in interpellation.authors] == [True]
    (consultation,) = core.ideabank.search(DocumentFilter(kind=DocumentKind.HORINGSSVAR)).rows
    assert consultation.county is not None and consultation.county.number == "18"
    letters = core.ideabank.search(DocumentFilter(county="Finnmark", topics=("Fødetilbud",)))
    assert [r.title for r in letters.rows] == [
        "Brev til helse- og omsorgsministeren om fødetilbudet i Finnmark"
    ]
    assert core.ideabank.search(DocumentFilter(text="eksempeldata")).total == 5
    assert core.ideabank.search(DocumentFilter(year=YEAR)).total >= 4

    # History: attendance and the notes, on sample contacts only.
    channels: Counter[str] = Counter()
    for row in samples.values():
        channels.update(item.channel for item in core.history.history(row.uid))
    assert channels["arrangement"] == year.attended
    assert sum(channels[c] for c in ("telefon", "møte", "e-post", "annet")) == 10

    # Confirmation dates: some recent, some due for review, some never confirmed.
    confirmed = [r.last_confirmed for r in samples.values()]
    assert all(d is None or d <= TODAY for d in confirmed)
    assert 30 < sum(d is None for d in confirmed) < 80
    assert sum(d is not None and d >= months_ago(12, TODAY) for d in confirmed) > 80
    assert core.retention.not_confirmed(24, TODAY)
    due = {r.uid for r in core.retention.not_confirmed(24, TODAY)}
    assert due <= {r.uid for r in samples.values()}

    # The user's own contact is left out of everything invented.
    assert core.history.history(real) == []
    assert core.ideabank.documents_of(real) == []

    # The same seed gives the same data, on either backend.
    other = open_core(resolve_database(str(tmp_path / "igjen.db")))
    try:
        _real_contact(other)
        other.demo.add_data(today=TODAY)
        assert _snapshot(other) == _snapshot(core)
    finally:
        other.close()


def test_a_second_load_is_refused_and_adds_nothing(core: Core) -> None:
    core.demo.add_data(today=TODAY)
    before = (len(core.events.events()), core.ideabank.search(DocumentFilter()).total)
    with pytest.raises(KontaktError, match="allerede"):
        core.demo.add_data(today=TODAY)
    assert (len(core.events.events()), core.ideabank.search(DocumentFilter()).total) == before
    assert core.search.count(ContactFilter()) == 300


def test_early_in_january_the_held_events_are_the_last_months(core: Core) -> None:
    january = dt.date(YEAR, 1, 10)
    core.demo.add_data(today=january)
    starts = [e.data.starts_at.astimezone().date() for e in core.events.events()]
    assert len(starts) == 4
    assert all(january - dt.timedelta(days=92) <= d < january for d in starts[:3])
    assert starts[3].year == YEAR and starts[3].month == 2
