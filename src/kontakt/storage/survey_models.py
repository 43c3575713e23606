"""Tables of the member survey as data (issue 22): surveys, questions, responses, answers.

An import recognised as a survey export keeps every answer, not only the
columns that became contact fields: the survey (name, year, the file it came
from), each question (the column's header) and each respondent's response
(linked to the contact the row became, with the time it was answered) and
answers. A response belongs to its contact and goes with it when the contact
is erased; a merge moves it to the kept contact.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kontakt.storage.base import Base, UtcDateTime, utcnow


class Survey(Base):
    """One survey (e.g. «Medlemsundersøkelsen 2025»), as imported from one file."""

    __tablename__ = "survey"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Casefolded name (domain.text.fold): one survey per name, any case.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    year: Mapped[int | None] = mapped_column(Integer)
    source_file: Mapped[str] = mapped_column(String(500), default="")
    import_batch_id: Mapped[int | None] = mapped_column(
        ForeignKey("import_batch.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime, default=utcnow)


class SurveyQuestion(Base):
    """A question of a survey: the column header, in the file's order."""

    __tablename__ = "survey_question"
    __table_args__ = (UniqueConstraint("survey_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    # choice (one of a few values), multi (several, separated), text (free), number, date
    kind: Mapped[str] = mapped_column(String(20), default="text")


class SurveyResponse(Base):
    """One respondent's response: the contact the row became, and when it was answered."""

    __tablename__ = "survey_response"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("survey.id", ondelete="CASCADE"), index=True)
    contact_id: Mapped[int] = mapped_column(
        ForeignKey("contact.id", ondelete="CASCADE"), index=True
    )
    answered_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime)
    row_number: Mapped[int | None] = mapped_column(Integer)


class SurveyAnswer(Base):
    """One answer: a response's value for a question (as written; empty answers are not kept)."""

    __tablename__ = "survey_answer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    response_id: Mapped[int] = mapped_column(
        ForeignKey("survey_response.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_question.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[str] = mapped_column(Text)
