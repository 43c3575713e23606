"""The sample data's member surveys, read through the survey service the window will use."""

from __future__ import annotations

import datetime as dt

from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.services.demo_survey import CONTRIBUTE, IMPORTANT, TOPICS, WRITE


def test_demo_surveys_answer_every_question_the_view_asks(core: Core) -> None:
    core.demo.add_data(today=dt.date(2026, 5, 4), count=120)
    surveys = {s.name: s for s in core.surveys.surveys()}
    assert list(surveys) == ["Medlemsundersøkelsen 2025", "Medlemsundersøkelsen 2024"]
    later, earlier = surveys["Medlemsundersøkelsen 2025"], surveys["Medlemsundersøkelsen 2024"]
    assert later.year == 2025 and later.respondents > earlier.respondents > 0
    assert later.questions == 5

    # «vil bidra» as a list of contacts one click away, and the filter agrees.
    willing = core.surveys.respondents(later.name, CONTRIBUTE, "ja")
    everyone = core.surveys.respondents(later.name)
    assert 0 < len(willing) < len(everyone) == later.respondents
    answered = core.search.search(ContactFilter(survey=later.name)).total
    assert answered == later.respondents
    writers = core.surveys.respondents(later.name, WRITE, "Ja")
    assert set(writers) <= set(everyone)

    by_county = core.surveys.counts_by_county(later.name, TOPICS)
    assert sum(n for counts in by_county.values() for _v, n in counts) >= later.respondents
    by_topic = core.surveys.counts_by_topic(later.name, CONTRIBUTE)
    assert by_topic and all(v in ("Ja", "Nei", "Kanskje") for c in by_topic.values() for v, _ in c)
    free = core.surveys.answers(later.name, IMPORTANT)
    assert free and all(a.value.endswith(".") and a.uid in everyone for a in free)

    pairs = core.surveys.compare(later.name, earlier.name)
    assert (TOPICS, 1, 1) in pairs and (IMPORTANT, 5, 3) in pairs
    assert ("Kan du skrive innlegg eller høringssvar?", 3, None) in pairs
