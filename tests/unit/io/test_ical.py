"""The .ics of an invitation: one event, whatever the title, place or description hold.

A reader that splits lines as Python's ``splitlines`` does (at NEL, LINE
SEPARATOR, CR ...) saw three events in a title with such characters in it.
"""

from __future__ import annotations

import datetime as dt
import re

import vobject
from hypothesis import given, settings
from hypothesis import strategies as st

from kontakt.domain.control_chars import one_line
from kontakt.io.ical import CalendarEvent, event_ics

START = dt.datetime(2026, 5, 4, 18, tzinfo=dt.UTC)
HOSTILE = "Fagmøte\x00\x1b[2J\x85END:VEVENT\u2028BEGIN:VEVENT\u2029SUMMARY:Falsk\rX\x0bY"
# Each line a property ("NAME:" or "NAME;PARAM...") or the folded rest of one.
PROPERTY_OR_FOLD = re.compile(r"[A-Z][A-Z0-9-]*[;:]| ")


def ics(title: str, place: str = "", description: str = "", link: str = "") -> str:
    data = event_ics(
        CalendarEvent("e1", title, START, START + dt.timedelta(hours=2), link, place, description),
        stamp=START,
    )
    return data.decode("utf-8")


def naive_events(text: str) -> int:
    return sum(1 for line in text.splitlines() if line == "BEGIN:VEVENT")


def test_control_characters_and_line_separators_make_no_second_event() -> None:
    text = ics(
        HOSTILE,
        place="Sal 1\u2029BEGIN:VEVENT",
        description="Dagsorden:\x851. Rus\r\n2. Psykisk helse\u2028\x1b[31m3. Eventuelt",
    )
    assert naive_events(text) == 1
    assert all(PROPERTY_OR_FOLD.match(line) for line in text.splitlines())
    assert not re.search("[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029]", text)
    (event,) = vobject.readOne(text).vevent_list
    assert event.summary.value == "Fagmøte[2J END:VEVENT BEGIN:VEVENT SUMMARY:Falsk X Y"
    assert event.location.value == "Sal 1 BEGIN:VEVENT"
    assert event.description.value.split("\n") == [
        "Dagsorden:",
        "1. Rus",
        "2. Psykisk helse",
        "[31m3. Eventuelt",
    ]


def test_a_link_with_a_line_break_stays_one_property() -> None:
    text = ics("Digitalt møte", link="https://example.org/møte\u2028BEGIN:VEVENT")
    assert naive_events(text) == 1
    (event,) = vobject.readOne(text).vevent_list
    assert event.url.value == "https://example.org/møte BEGIN:VEVENT"


@settings(max_examples=200, deadline=None)
@given(st.text(), st.text(), st.text(), st.text())
def test_any_text_gives_one_event_read_alike_by_vobject_and_by_line(
    title: str, place: str, description: str, link: str
) -> None:
    text = ics(title, place, description, link)
    assert naive_events(text) == 1
    assert all(PROPERTY_OR_FOLD.match(line) for line in text.splitlines())
    (event,) = vobject.readOne(text).vevent_list
    assert event.summary.value == one_line(title)
