"""What the survey view reads beyond phase 1 (issue 22): the answer filter agrees with the
survey service, free text grouped by topic, and the trash left out, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt

from kontakt.app import Core
from kontakt.domain.records import ContactFilter, Page
from kontakt.services.demo_survey import CONTRIBUTE, IMPORTANT, TOPICS

NAME = "Medlemsundersøkelsen 2025"


def uids(core: Core, f: ContactFilter) -> set[str]:
    return {r.uid for r in core.search.search(f, Page(limit=None)).rows}


def test_answer_filter_agrees_with_the_survey_service(core: Core) -> None:
    core.demo.add_data(today=dt.date(2026, 5, 4), count=150)
    s = core.surveys
    for question, value in ((CONTRIBUTE, "ja"), (CONTRIBUTE, "Kanskje"), (TOPICS, "rus")):
        f = ContactFilter(survey=NAME, survey_question=question, survey_answer=value)
        assert uids(core, f) == set(s.respondents(NAME, question, value))
    answered = ContactFilter(survey=NAME, survey_question=IMPORTANT)
    assert uids(core, answered) == set(s.respondents(NAME, IMPORTANT))

    # Free text under each respondent's topics: every answer is there, none twice per topic.
    grouped = s.answers_by_topic(NAME, IMPORTANT)
    listed = {(a.uid, a.value) for answers in grouped.values() for a in answers}
    assert listed == {(a.uid, a.value) for a in s.answers(NAME, IMPORTANT)}
    rows = {r.uid: r for r in core.search.rows_by_uid([a.uid for a in s.answers(NAME, IMPORTANT)])}
    for topic, answers in grouped.items():
        assert all(topic in rows[a.uid].topics if topic else not rows[a.uid].topics
                   for a in answers)  # fmt: skip

    # A respondent in the trash is counted nowhere until restored.
    before = {i.name: i.respondents for i in s.surveys()}[NAME]
    gone = sorted(s.respondents(NAME, CONTRIBUTE, "ja"))[0]
    core.contacts.trash([gone])
    assert {i.name: i.respondents for i in s.surveys()}[NAME] == before - 1
    f = ContactFilter(survey=NAME, survey_question=CONTRIBUTE, survey_answer="Ja")
    assert gone not in uids(core, f)
