"""Writing and reading surveys: the rows of survey, survey_question, survey_response, answer.

Writes happen inside the caller's transaction (an import's); reads are plain
queries the survey service shapes into what the CLI and the window show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from kontakt.domain.column_mapping import loose_text
from kontakt.domain.survey_layout import split_values
from kontakt.domain.text import clean, fold
from kontakt.storage.survey_models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

_CHUNK = 500


@dataclass(frozen=True, slots=True)
class NewResponse:
    """One response to store: the contact, when it was sent, the file row, the answers.

    Attributes:
        answers: (question position, value) of each non-empty answer.
    """

    contact_id: int
    answered_at: dt.datetime | None
    row_number: int
    answers: tuple[tuple[int, str], ...]


def name_key(name: str) -> str:
    """The key a survey's name is unique by (case and spacing ignored)."""
    return fold(clean(name))[:200]


def find(session: Session, name: str) -> Survey | None:
    """The survey with this name (any case), or None."""
    return session.scalar(select(Survey).where(Survey.name_key == name_key(name)))


def names(session: Session) -> list[str]:
    """Every survey's name, by name."""
    return list(session.scalars(select(Survey.name).order_by(Survey.name_key)))


def create(
    session: Session,
    name: str,
    year: int | None,
    source_file: str,
    batch_id: int | None,
    questions: Sequence[tuple[int, str, str]],
    responses: Sequence[NewResponse],
) -> int:
    """Store a survey with its questions ``(position, text, kind)`` and responses.

    Returns:
        The new survey's id.
    """
    survey = Survey(
        name=clean(name)[:200],
        name_key=name_key(name),
        year=year,
        source_file=source_file[:500],
        import_batch_id=batch_id,
    )
    session.add(survey)
    session.flush()
    question_id: dict[int, int] = {}
    for position, text, kind in questions:
        question = SurveyQuestion(survey_id=survey.id, position=position, text=text, kind=kind)
        session.add(question)
        session.flush()
        question_id[position] = question.id
    if responses:
        # A plain executemany, then the ids by file row (one response per row):
        # RETURNING one row at a time would cost seconds for a big export.
        session.execute(
            insert(SurveyResponse),
            [
                {
                    "survey_id": survey.id,
                    "contact_id": r.contact_id,
                    "answered_at": r.answered_at,
                    "row_number": r.row_number,
                }
                for r in responses
            ],
        )
    query = select(SurveyResponse.row_number, SurveyResponse.id).where(
        SurveyResponse.survey_id == survey.id
    )
    response_id = {row: rid for row, rid in session.execute(query)}
    values = [
        {"response_id": response_id[r.row_number], "question_id": question_id[q], "value": v}
        for r in responses
        for q, v in r.answers
    ]
    for start in range(0, len(values), _CHUNK * 10):
        session.execute(insert(SurveyAnswer), values[start : start + _CHUNK * 10])
    return survey.id


def delete_for_batch(session: Session, batch_id: int) -> int:
    """Remove the surveys an import made (their questions, responses, answers cascade)."""
    ids = list(session.scalars(select(Survey.id).where(Survey.import_batch_id == batch_id)))
    if not ids:
        return 0
    responses = select(SurveyResponse.id).where(SurveyResponse.survey_id.in_(ids))
    # Deleted child first: SQLite keeps foreign keys only when told, so nothing relies on it.
    session.execute(delete(SurveyAnswer).where(SurveyAnswer.response_id.in_(responses)))
    session.execute(delete(SurveyResponse).where(SurveyResponse.survey_id.in_(ids)))
    session.execute(delete(SurveyQuestion).where(SurveyQuestion.survey_id.in_(ids)))
    session.execute(delete(Survey).where(Survey.id.in_(ids)))
    return len(ids)


def respondent_count(session: Session, survey_id: int) -> int:
    """How many different contacts answered."""
    query = select(func.count(func.distinct(SurveyResponse.contact_id))).where(
        SurveyResponse.survey_id == survey_id
    )
    return session.scalar(query) or 0


def questions(session: Session, survey_id: int) -> list[SurveyQuestion]:
    """A survey's questions in the file's order."""
    query = (
        select(SurveyQuestion)
        .where(SurveyQuestion.survey_id == survey_id)
        .order_by(SurveyQuestion.position)
    )
    return list(session.scalars(query))


def find_question(session: Session, survey_id: int, question: int | str) -> SurveyQuestion | None:
    """The question named by its number (1, 2, ...) or its text (case, punctuation ignored)."""
    found = questions(session, survey_id)
    if isinstance(question, str) and question.strip().isdigit():
        question = int(question)
    for q in found:
        if isinstance(question, int) and q.position == question:
            return q
        if isinstance(question, str) and loose_text(q.text) == loose_text(question):
            return q
    return None


def matching_values(session: Session, question: SurveyQuestion, value: str) -> tuple[str, ...]:
    """The answers to ``question`` as stored that count for ``value``: equal to it (case
    ignored) or, for a multi question, listing it. Few for a choice or multi question."""
    wanted = fold(clean(value))
    stored = session.scalars(
        select(SurveyAnswer.value).where(SurveyAnswer.question_id == question.id).distinct()
    )
    return tuple(
        v for v in stored if wanted in {fold(part) for part in split_values(v, question.kind)}
    )
