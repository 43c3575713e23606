"""Who answered what (issue 22): `list --survey NAME --survey-question Q --survey-answer A`,
the filter the survey view's rows open in the window, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.test_survey_cli import kontakt, ok
from tests.fixtures.surveys import forms_xlsx

from kontakt.paths import DatabaseLocation

SURVEY = ("--survey", "Medlemsundersøkelsen 2025")


def names(location: DatabaseLocation, *args: str) -> list[str]:
    people = json.loads(ok(location, "list", *SURVEY, *args, "--json"))
    return sorted(p["given_name"] for p in people)


def test_question_and_answer_narrow_the_respondents(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    ok(location, "import", str(forms_xlsx(tmp_path)), "--yes")
    # A choice question by number, the answer in any case.
    assert names(location, "--survey-question", "3", "--survey-answer", "ja") == ["Kari", "Siri"]
    # A multi question by its text: an answer listing the value counts.
    topics = ("--survey-question", "hvilke temaer er du mest opptatt av")
    assert names(location, *topics, "--survey-answer", "Rus") == ["Kari", "Siri"]
    assert names(location, *topics, "--survey-answer", "Fastlege") == ["Per", "Siri"]
    # A value nobody gave finds nobody; a question alone finds who answered it.
    assert names(location, "--survey-question", "3", "--survey-answer", "Aldri") == []
    assert names(location, "--survey-question", "6") == ["Kari", "Per"]
    # Combined with a municipality like any other criterion.
    assert names(location, *topics, "--survey-answer", "psykisk helse", "--municipality",
                 "Bergen") == ["Kari", "Ola"]  # fmt: skip


def test_an_unknown_question_or_an_answer_without_survey_is_one_clear_line(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    ok(location, "import", str(forms_xlsx(tmp_path)), "--yes")
    wrong = kontakt(location, "list", *SURVEY, "--survey-question", "Vil du bidre?")
    assert wrong.returncode == 1
    assert "har ikke spørsmålet «Vil du bidre?». Mente du: Vil du bidra?" in wrong.stderr
    alone = kontakt(location, "list", "--survey-question", "3", "--survey-answer", "Ja")
    assert alone.returncode == 1 and "krever en undersøkelse" in alone.stderr
    for result in (wrong, alone):
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
