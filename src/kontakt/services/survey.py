"""The member survey as data: surveys, their questions counted, who answered what.

What the command line (``kontakt survey list|show``) and the window's survey
view read. Only live contacts count: a respondent in the trash is left out
until restored; an erased one's responses are gone with them.

A question is named by its number (1, 2, ... in the file's order) or its text
(case ignored). Unknown surveys and questions raise ``NotFoundError`` with
the closest names («Mente du ...»).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.column_mapping import loose_text
from kontakt.domain.survey_layout import split_values
from kontakt.domain.text import clean, fold
from kontakt.errors import NotFoundError
from kontakt.services.search import closest
from kontakt.storage import survey_store
from kontakt.storage.contact_query import trashed_ids
from kontakt.storage.models import Contact, Topic, contact_topic
from kontakt.storage.survey_models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

Counts = list[tuple[str, int]]
"""(value, how many), most first, then by value."""


@dataclass(frozen=True, slots=True)
class SurveyInfo:
    """One survey as listed."""

    name: str
    year: int | None
    respondents: int
    questions: int
    source_file: str
    imported_at: dt.datetime

    def to_json(self) -> dict[str, object]:
        """For ``survey list --json``."""
        return {
            "name": self.name,
            "year": self.year,
            "respondents": self.respondents,
            "questions": self.questions,
            "source_file": self.source_file,
            "imported_at": self.imported_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class QuestionSummary:
    """A question and its answers counted.

    Attributes:
        position: 1, 2, ... in the file's order.
        kind: choice, multi, text, number or date.
        answered: How many respondents answered it.
        counts: For choice and multi questions: each value counted (a multi
            answer counts once for each value it lists); empty for the others.
        answers: The answers as written, when asked for.
    """

    position: int
    text: str
    kind: str
    answered: int
    counts: Counts = field(default_factory=list)
    answers: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        """For ``survey show --json``."""
        return {
            "position": self.position,
            "text": self.text,
            "kind": self.kind,
            "answered": self.answered,
            "counts": [{"value": v, "count": n} for v, n in self.counts],
            "answers": self.answers,
        }


@dataclass(frozen=True, slots=True)
class SurveyDetail:
    """A survey with every question counted."""

    info: SurveyInfo
    questions: list[QuestionSummary]

    def to_json(self) -> dict[str, object]:
        """For ``survey show --json``."""
        return {**self.info.to_json(), "questions": [q.to_json() for q in self.questions]}


@dataclass(frozen=True, slots=True)
class Answer:
    """One respondent's answer to a question."""

    uid: str
    name: str
    value: str
    answered_at: dt.datetime | None


def _counted(values: list[str], kind: str) -> Counts:
    counter = Counter(v for value in values for v in split_values(value, kind))
    return sorted(counter.items(), key=lambda item: (-item[1], fold(item[0])))


class SurveyService:
    """Reads the surveys imports kept.

    Args:
        sessions: Session factory.
    """

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self._sessions = sessions

    # -- finding -------------------------------------------------------------------

    @staticmethod
    def _survey(session: Session, name: str) -> Survey:
        found = survey_store.find(session, name)
        if found is None:
            names = survey_store.names(session)
            raise NotFoundError(f"Ukjent undersøkelse «{clean(name)}».{closest(name, names)}")
        return found

    @staticmethod
    def _question(session: Session, survey: Survey, question: int | str) -> SurveyQuestion:
        found = survey_store.find_question(session, survey.id, question)
        if found is not None:
            return found
        texts = [q.text for q in survey_store.questions(session, survey.id)]
        near = closest(str(question), texts)
        raise NotFoundError(
            f"Undersøkelsen «{survey.name}» har ikke spørsmålet «{question}».{near}"
        )

    @staticmethod
    def _info(session: Session, survey: Survey) -> SurveyInfo:
        # The trash (few) subtracted rather than each response's contact joined:
        # over the (survey_id, contact_id) index this is ~20x faster (bench/).
        respondents = session.scalar(
            select(func.count(func.distinct(SurveyResponse.contact_id))).where(
                SurveyResponse.survey_id == survey.id,
                SurveyResponse.contact_id.not_in(trashed_ids()),
            )
        )
        questions = session.scalar(
            select(func.count()).where(SurveyQuestion.survey_id == survey.id)
        )
        return SurveyInfo(
            survey.name,
            survey.year,
            respondents or 0,
            questions or 0,
            survey.source_file,
            survey.created_at,
        )

    @staticmethod
    def _rows(session: Session, question: SurveyQuestion) -> list[tuple[int, str]]:
        """(contact id, value) of each live respondent's answer to ``question``."""
        query = (
            select(SurveyResponse.contact_id, SurveyAnswer.value)
            .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
            .join(Contact, Contact.id == SurveyResponse.contact_id)
            .where(SurveyAnswer.question_id == question.id, Contact.deleted_at.is_(None))
            .order_by(SurveyResponse.answered_at, SurveyResponse.id)
        )
        return [(cid, value) for cid, value in session.execute(query)]

    # -- reading -------------------------------------------------------------------

    def names(self) -> list[str]:
        """Every survey's name (for filters and «Mente du»)."""
        with self._sessions() as session:
            return survey_store.names(session)

    def surveys(self) -> list[SurveyInfo]:
        """Every survey: name, year, respondents, questions; newest year first."""
        with self._sessions() as session:
            found = session.scalars(select(Survey)).all()
            infos = [self._info(session, s) for s in found]
        return sorted(infos, key=lambda i: (-(i.year or 0), fold(i.name)))

    def show(self, name: str, with_answers: bool = False) -> SurveyDetail:
        """A survey's questions with their answers counted (and listed, if asked).

        Raises:
            NotFoundError: No such survey.
        """
        with self._sessions() as session:
            survey = self._survey(session, name)
            info = self._info(session, survey)
            questions = session.scalars(
                select(SurveyQuestion)
                .where(SurveyQuestion.survey_id == survey.id)
                .order_by(SurveyQuestion.position)
            ).all()
            summaries = []
            for q in questions:
                values = [value for _cid, value in self._rows(session, q)]
                counted = _counted(values, q.kind) if q.kind in ("choice", "multi") else []
                summaries.append(
                    QuestionSummary(
                        q.position,
                        q.text,
                        q.kind,
                        len(values),
                        counted,
                        values if with_answers else [],
                    )
                )
        return SurveyDetail(info, summaries)

    def answers(self, name: str, question: int | str) -> list[Answer]:
        """Every live respondent's answer to one question, in the order they answered."""
        with self._sessions() as session:
            survey = self._survey(session, name)
            q = self._question(session, survey, question)
            query = (
                select(Contact.uid, Contact.given_name, Contact.family_name, SurveyAnswer.value)
                .add_columns(SurveyResponse.answered_at)
                .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
                .join(Contact, Contact.id == SurveyResponse.contact_id)
                .where(SurveyAnswer.question_id == q.id, Contact.deleted_at.is_(None))
                .order_by(SurveyResponse.answered_at, SurveyResponse.id)
            )
            return [
                Answer(uid, f"{given} {family}".strip(), value, when)
                for uid, given, family, value, when in session.execute(query)
            ]

    def counts_by_county(self, name: str, question: int | str) -> dict[str, Counts]:
        """A question's values counted per respondent's county number ("" for none)."""
        with self._sessions() as session:
            survey = self._survey(session, name)
            q = self._question(session, survey, question)
            rows = self._rows(session, q)
            query = select(Contact.id, Contact.county_number).where(
                Contact.id.in_({cid for cid, _v in rows})
            )
            county = {cid: number for cid, number in session.execute(query)}
        grouped: dict[str, list[str]] = defaultdict(list)
        for cid, value in rows:
            grouped[county.get(cid) or ""].append(value)
        return {c: _counted(values, q.kind) for c, values in sorted(grouped.items())}

    def counts_by_topic(self, name: str, question: int | str) -> dict[str, Counts]:
        """A question's values counted per topic of the respondents (their contact topics)."""
        with self._sessions() as session:
            survey = self._survey(session, name)
            q = self._question(session, survey, question)
            rows = self._rows(session, q)
            topics: dict[int, list[str]] = defaultdict(list)
            query = (
                select(contact_topic.c.contact_id, Topic.name)
                .join(Topic, Topic.id == contact_topic.c.topic_id)
                .where(contact_topic.c.contact_id.in_({cid for cid, _v in rows}))
            )
            for cid, topic in session.execute(query):
                topics[cid].append(topic)
        grouped: dict[str, list[str]] = defaultdict(list)
        for cid, value in rows:
            for topic in topics.get(cid, []):
                grouped[topic].append(value)
        return {
            t: _counted(v, q.kind) for t, v in sorted(grouped.items(), key=lambda i: fold(i[0]))
        }

    def answers_by_topic(self, name: str, question: int | str) -> dict[str, list[Answer]]:
        """A question's answers under each topic of their respondents ("" for none), topics
        by name and "" last; an answer is under each of its respondent's topics."""
        answers = self.answers(name, question)
        with self._sessions() as session:
            query = (
                select(Contact.uid, Topic.name)
                .join(contact_topic, contact_topic.c.contact_id == Contact.id)
                .join(Topic, Topic.id == contact_topic.c.topic_id)
                .join(SurveyResponse, SurveyResponse.contact_id == Contact.id)
                .join(Survey, Survey.id == SurveyResponse.survey_id)
                .where(Survey.name_key == survey_store.name_key(name))
            )
            topics: dict[str, set[str]] = defaultdict(set)
            for uid, topic in session.execute(query):
                topics[uid].add(topic)
        grouped: dict[str, list[Answer]] = defaultdict(list)
        for answer in answers:
            for topic in sorted(topics.get(answer.uid) or {""}):
                grouped[topic].append(answer)
        return dict(sorted(grouped.items(), key=lambda i: (not i[0], fold(i[0]))))

    def respondents(
        self, name: str, question: int | str | None = None, value: str | None = None
    ) -> list[str]:
        """The uids of live contacts who answered the survey (the question; with that value).

        A ``value`` matches an answer equal to it (case ignored) or, for a multi
        question, an answer listing it.
        """
        with self._sessions() as session:
            survey = self._survey(session, name)
            if question is None:
                query = (
                    select(Contact.uid)
                    .join(SurveyResponse, SurveyResponse.contact_id == Contact.id)
                    .where(SurveyResponse.survey_id == survey.id, Contact.deleted_at.is_(None))
                    .distinct()
                )
                return sorted(session.scalars(query))
            q = self._question(session, survey, question)
            rows = self._rows(session, q)
            wanted = {
                cid
                for cid, answer in rows
                if value is None
                or fold(clean(value)) in {fold(v) for v in split_values(answer, q.kind)}
            }
            uids = session.scalars(select(Contact.uid).where(Contact.id.in_(wanted)))
            return sorted(uids)

    def compare(self, first: str, second: str) -> list[tuple[str, int | None, int | None]]:
        """The two surveys' questions side by side, matched by text (case, punctuation ignored).

        Returns:
            (text, position in ``first`` or None, position in ``second`` or None), in
            ``first``'s order and then ``second``'s questions it lacks.
        """
        with self._sessions() as session:
            pair = [self._survey(session, n) for n in (first, second)]
            texts = [
                session.execute(
                    select(SurveyQuestion.text, SurveyQuestion.position)
                    .where(SurveyQuestion.survey_id == s.id)
                    .order_by(SurveyQuestion.position)
                ).all()
                for s in pair
            ]
        later = {loose_text(text): position for text, position in texts[1]}
        out: list[tuple[str, int | None, int | None]] = []
        for text, position in texts[0]:
            out.append((text, position, later.pop(loose_text(text), None)))
        out += [(t, None, p) for t, p in texts[1] if loose_text(t) in later]
        return out
