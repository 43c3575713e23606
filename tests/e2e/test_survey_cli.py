"""The member survey as data (issue 22): a survey export imported from the command line
keeps every answer, linked to the contact each row became; `survey list|show`,
`list --survey`, undo-import and erasure, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text
from tests.fixtures.sheets import write_xlsx
from tests.fixtures.surveys import forms_xlsx, google_csv, nettskjema_csv

from kontakt.paths import DatabaseLocation


def _db(location: DatabaseLocation) -> str:
    return str(location.path) if location.path is not None else location.url


def kontakt(location: DatabaseLocation, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    return subprocess.run(
        [sys.executable, "-m", "kontakt", "--db", _db(location), *args],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def ok(location: DatabaseLocation, *args: str) -> str:
    result = kontakt(location, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def rows(location: DatabaseLocation, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(location.url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


ANSWERS_BY_PERSON = """
SELECT c.given_name, q.text, a.value FROM survey_answer a
JOIN survey_response r ON r.id = a.response_id
JOIN survey_question q ON q.id = a.question_id
JOIN contact c ON c.id = r.contact_id
"""


def test_forms_export_keeps_every_answer_and_undo_removes_it(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    # Per Hansen is on the list already: his survey row updates him, and his
    # answers are linked to him, not to a new contact.
    write_xlsx(
        tmp_path / "liste.xlsx", ["Navn", "E-post", "Kommune"],
        [["Per Hansen", "per@example.org", "Tromsø"]],
    )  # fmt: skip
    ok(location, "import", str(tmp_path / "liste.xlsx"), "--yes")
    per_id = rows(location, "SELECT id FROM contact WHERE given_name = 'Per'")[0][0]

    out = ok(location, "import", str(forms_xlsx(tmp_path)), "--yes", "--on-duplicate", "merge")
    assert "Undersøkelsen «Medlemsundersøkelsen 2025»: 4 svar er lagret" in out

    survey = rows(location, "SELECT id, name, year, source_file FROM survey")
    assert [s[1:] for s in survey] == [
        ("Medlemsundersøkelsen 2025", 2025, "Medlemsundersøkelsen 2025.xlsx")
    ]
    questions = rows(location, "SELECT position, text, kind FROM survey_question ORDER BY 1")
    # The tool's columns (ID, times, account e-mail and name) and who the respondent
    # is (name, e-mail, phone) are no questions; everything else is.
    assert questions == [
        (1, "Hvilken kommune bor du i?", "choice"),
        (2, "Hvilke temaer er du mest opptatt av?", "multi"),
        (3, "Vil du bidra?", "choice"),
        (4, "Kan du skrive innlegg eller høringssvar?", "choice"),
        (5, "Har du verv?", "choice"),
        (6, "Hva er viktigst i din kommune?", "text"),
    ]
    responses = rows(
        location,
        "SELECT c.given_name, c.id, r.row_number, r.answered_at FROM survey_response r "
        "JOIN contact c ON c.id = r.contact_id ORDER BY r.row_number",
    )
    assert [r[0] for r in responses] == ["Kari", "Per", "Siri", "Ola"]
    assert responses[1][1] == per_id  # the stored contact, not a copy
    assert [r[2] for r in responses] == [2, 3, 4, 5]
    assert all(r[3] is not None for r in responses)
    answers = set(rows(location, ANSWERS_BY_PERSON))
    assert ("Per", "Hva er viktigst i din kommune?", "Fastlegeordningen må reddes") in answers
    assert ("Siri", "Hvilke temaer er du mest opptatt av?", "Rus;Fastlege;Psykisk helse;") in (
        answers
    )
    assert ("Ola", "Vil du bidra?", "Kanskje") in answers
    # Empty answers are not kept: Siri left the last question blank, Ola too.
    assert len(answers) == 4 * 6 - 2

    # Undoing the import removes the survey with the contacts it made.
    batch = json.loads(ok(location, "survey", "list", "--json"))
    assert batch[0]["respondents"] == 4
    ok(location, "undo-import")
    for table in ("survey", "survey_question", "survey_response", "survey_answer"):
        assert rows(location, f"SELECT count(*) FROM {table}") == [(0,)]
    assert rows(location, "SELECT count(*) FROM contact") == [(1,)]


def test_survey_show_json_and_the_survey_filter(location: DatabaseLocation, tmp_path: Path) -> None:
    ok(location, "import", str(forms_xlsx(tmp_path)), "--yes")
    ok(location, "import", str(google_csv(tmp_path)), "--yes", "--survey-name", "Høst 2026")
    listed = json.loads(ok(location, "survey", "list", "--json"))
    assert [(s["name"], s["year"], s["respondents"]) for s in listed] == [
        ("Høst 2026", 2026, 3),
        ("Medlemsundersøkelsen 2025", 2025, 4),
    ]
    shown = json.loads(ok(location, "survey", "show", "medlemsundersøkelsen 2025", "--json"))
    by_text = {q["text"]: q for q in shown["questions"]}
    topics = by_text["Hvilke temaer er du mest opptatt av?"]
    assert topics["answered"] == 4
    assert topics["counts"] == [
        {"value": "Psykisk helse", "count": 3},
        {"value": "Fastlege", "count": 2},
        {"value": "Rus", "count": 2},
    ]
    free = by_text["Hva er viktigst i din kommune?"]
    assert free["answered"] == 2 and free["counts"] == [] and free["answers"] == []
    with_answers = json.loads(
        ok(location, "survey", "show", "Medlemsundersøkelsen 2025", "--json", "--answers")
    )
    free = {q["text"]: q for q in with_answers["questions"]}["Hva er viktigst i din kommune?"]
    assert free["answers"] == ["Flere psykologer i skolen", "Fastlegeordningen må reddes"]
    # Google Forms' check boxes («Rus, Fastlege») are counted per value.
    google = json.loads(ok(location, "survey", "show", "Høst 2026", "--json"))
    saker = {q["text"]: q for q in google["questions"]}["Hvilke saker er viktigst for deg?"]
    assert saker["kind"] == "multi"
    assert saker["counts"] == [{"value": "Fastlege", "count": 3}, {"value": "Rus", "count": 2}]

    people = json.loads(ok(location, "list", "--survey", "Høst 2026", "--json"))
    assert sorted(p["given_name"] for p in people) == ["Anne", "Bjørn", "Cecilie"]
    unknown = kontakt(location, "list", "--survey", "Høst 2025")
    assert unknown.returncode == 1
    assert "Ukjent undersøkelse «Høst 2025». Mente du: Høst 2026?" in unknown.stderr
    missing = kontakt(location, "survey", "show", "Medlemsundersokelsen")
    assert missing.returncode == 1 and "Mente du: Medlemsundersøkelsen 2025" in missing.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr


def test_the_same_survey_twice_is_refused_and_nothing_is_doubled(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    path = nettskjema_csv(tmp_path)
    ok(location, "import", str(path), "--yes", "--survey-name", "Vår 2024")
    again = kontakt(location, "import", str(path), "--yes", "--survey-name", "vår 2024")
    assert again.returncode == 1
    assert "Undersøkelsen «Vår 2024» er allerede importert" in again.stderr
    assert "kontakt undo-import 1" in again.stderr
    assert rows(location, "SELECT count(*) FROM survey_response") == [(2,)]
    assert rows(location, "SELECT count(*) FROM import_batch") == [(1,)]
    # Nettskjema: «$created» is the answer time; the other «$» columns are no questions.
    times = rows(location, "SELECT answered_at FROM survey_response ORDER BY row_number")
    assert [str(t[0])[:10] for t in times] == ["2024-05-02", "2024-05-03"]
    texts = [q[0] for q in rows(location, "SELECT text FROM survey_question ORDER BY position")]
    assert texts == ["Kommune", "Har du verv?", "Vil du bidra?"]


def test_an_erased_respondent_s_answers_are_gone(
    location: DatabaseLocation, tmp_path: Path
) -> None:
    ok(location, "import", str(forms_xlsx(tmp_path)), "--yes")
    people = json.loads(ok(location, "list", "--survey", "Medlemsundersøkelsen 2025", "--json"))
    kari = next(p for p in people if p["given_name"] == "Kari")
    ok(location, "privacy", "erase", kari["uid"], "--yes")
    assert all(r[0] != "Kari" for r in rows(location, ANSWERS_BY_PERSON))
    assert rows(location, "SELECT count(*) FROM survey_response") == [(3,)]
    shown = json.loads(ok(location, "survey", "show", "Medlemsundersøkelsen 2025", "--json"))
    assert shown["respondents"] == 3
    assert "Flere psykologer i skolen" not in json.dumps(shown, ensure_ascii=False)


def test_a_plain_list_is_no_survey(location: DatabaseLocation, tmp_path: Path) -> None:
    row = ["A B", "a@example.org", "Rus"]
    path = write_xlsx(tmp_path / "liste.xlsx", ["Navn", "E-post", "Tema"], [row])
    out = ok(location, "import", str(path), "--yes")
    assert "Undersøkelsen" not in out
    assert rows(location, "SELECT count(*) FROM survey") == [(0,)]
