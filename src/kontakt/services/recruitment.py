"""From gap to recruitment: who could fill an empty cell of the overview.

For a county and a topic the overview shows nobody on, the people in the
list who could take it up, each with why, strongest first:

* survey respondents in the county who chose the topic in a topics question
  (the answer matched to the topic by its name and by its synonyms);
* respondents in the county who said yes to a question about contributing;
* candidates standing in the county (for the county or one of its
  municipalities);
* members of a health committee («helse» and «utvalg»/«komité» in the role's
  body or title) at municipal or county level, living in the county.

Only live contacts; a contact reserved against e-mail is listed too, marked
«reservert mot e-post», never hidden (they can still be phoned).

How questions are recognised (the survey is the user's own file, so the
wording varies): a *topics question* is a choice or multi question whose
text mentions «tema», «interess», «opptatt» or «saksfelt»; a *contribute
question* is a choice question whose text has a word starting «bidra»,
«engasjer» or «aktiv» (also «delta», «stille opp»), and the answer counts
when it is «Ja» or starts with «ja» («Ja, gjerne»), or «yes».
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.geography import Geography
from kontakt.domain.records import RoleKind, RoleLevel
from kontakt.domain.survey_layout import split_values
from kontakt.domain.text import clean, fold, sort_key
from kontakt.errors import NotFoundError
from kontakt.services.overview import Cell, GridFilter, OverviewService
from kontakt.services.search import closest
from kontakt.services.synonyms import synonym_map
from kontakt.storage.models import Contact, Role, Topic
from kontakt.storage.survey_models import Survey, SurveyAnswer, SurveyQuestion, SurveyResponse

RESERVED = "reservert mot e-post"
"""How a contact reserved against e-mail is marked."""

_TOPICS_QUESTION = re.compile(r"tema|interess|opptatt|saksfelt")
_CONTRIBUTE_QUESTION = re.compile(r"\b(bidra|engasjer|aktiv|delta|stille opp)")
_YES = re.compile(r"^\s*(ja|yes)\b")
_COMMITTEE = re.compile(r"utvalg|komit[eé]")

# How much each kind of reason weighs when ordering the people.
_TOPIC, _CANDIDATE, _COMMITTEE_W, _CONTRIBUTE = 8, 4, 2, 1


@dataclass(slots=True)
class Prospect:
    """Someone who could fill the gap.

    Attributes:
        uid: The contact's uid.
        name: Full name.
        municipality: The municipality's name ("" when none).
        reasons: Why, strongest first, e.g. «kandidat, kommunestyrevalget 2027, Tromsø».
        reserved: Reserved against e-mail (shown, marked).
    """

    uid: str
    name: str
    municipality: str
    reasons: list[str] = field(default_factory=list)
    reserved: bool = False
    score: int = 0

    def to_json(self) -> dict[str, object]:
        """For ``kontakt recruit --json``."""
        return {
            "uid": self.uid,
            "name": self.name,
            "municipality": self.municipality,
            "reasons": list(self.reasons),
            "reserved": self.reserved,
        }


@dataclass(frozen=True, slots=True)
class _Person:
    uid: str
    name: str
    municipality: str | None
    reserved: bool


class RecruitmentService:
    """Finds who could fill an empty county x topic cell.

    Args:
        sessions: Session factory.
        geography: Counties and municipalities.
        overview: The grid (for the gaps).
    """

    def __init__(
        self, sessions: sessionmaker[Session], geography: Geography, overview: OverviewService
    ) -> None:
        self._sessions = sessions
        self._geography = geography
        self._overview = overview

    def gaps(self, county: str | None = None, few: int = 0) -> list[Cell]:
        """The cells with at most ``few`` people (0: the empty ones), of one county or all.

        Raises:
            NotFoundError, ValidationError: Unknown county.
        """
        number = self._geography.find_county(county).number if county else None
        return [
            c
            for c in self._overview.grid(GridFilter())
            if c.count <= few and (number is None or c.county_number == number)
        ]

    def prospects(self, county: str, topic: str) -> list[Prospect]:
        """Who could fill the cell (``county`` by name or number, ``topic`` by name or synonym).

        Raises:
            NotFoundError: Unknown county or topic (with the closest names).
            ValidationError: The county text is not a county.
        """
        found = self._geography.find_county(county)
        municipalities = {m.number for m in self._geography.municipalities_in(found.number)}
        found_people: dict[str, Prospect] = {}
        with self._sessions() as session:
            words = _topic_words(session, topic)[1]
            people = _People(self._geography)
            for person, reason in _survey_topic(session, found.number, words):
                people.add(found_people, person, reason, _TOPIC)
            for person, reason in _survey_contribute(session, found.number):
                people.add(found_people, person, reason, _CONTRIBUTE)
            for person, reason in _candidates(session, found.number, municipalities, people):
                people.add(found_people, person, reason, _CANDIDATE)
            for person, reason in _committees(session, found.number, people):
                people.add(found_people, person, reason, _COMMITTEE_W)
        for p in found_people.values():
            if p.reserved:
                p.reasons.append(RESERVED)
        return sorted(found_people.values(), key=lambda p: (-p.score, sort_key(p.name)))

    def topic_name(self, topic: str) -> str:
        """The topic's name for a name or synonym (any case).

        Raises:
            NotFoundError: No such topic.
        """
        with self._sessions() as session:
            return _topic_words(session, topic)[0]


class _People:
    """Adds reasons to prospects, one prospect per contact, no reason twice."""

    def __init__(self, geography: Geography) -> None:
        self._geography = geography

    def place(self, number: str | None) -> str:
        if not number:
            return ""
        try:
            return self._geography.municipality(number).name
        except NotFoundError:
            return ""

    def county(self, number: str) -> str:
        try:
            return self._geography.county(number).name
        except NotFoundError:
            return ""

    def add(self, into: dict[str, Prospect], person: _Person, reason: str, weight: int) -> None:
        p = into.get(person.uid)
        if p is None:
            p = into[person.uid] = Prospect(
                person.uid, person.name, self.place(person.municipality), [], person.reserved
            )
        if reason not in p.reasons:
            p.reasons.append(reason)
            p.score += weight


_PERSON = (Contact.uid, Contact.given_name, Contact.family_name, Contact.municipality_number)


def _person(uid: str, given: str, family: str, municipality: str | None, opted: bool) -> _Person:
    return _Person(
        uid, " ".join(p for p in (given, family) if p) or "(uten navn)", municipality, bool(opted)
    )


def _topic_words(session: Session, topic: str) -> tuple[str, set[str]]:
    """The topic's name and the folded words that mean it (name and synonyms)."""
    key = fold(clean(topic))
    synonyms = synonym_map(session)
    name = session.scalar(select(Topic.name).where(Topic.name_key == key))
    if name is None:
        name = next((t for w, t in synonyms.items() if fold(w) == key), None)
    if name is None:
        names = list(session.scalars(select(Topic.name)))
        raise NotFoundError(f"Ukjent tema «{clean(topic)}».{closest(topic, names)}")
    return name, {fold(name)} | {fold(w) for w, t in synonyms.items() if t == name}


def _answers(
    session: Session, county: str, pattern: re.Pattern[str]
) -> Iterable[tuple[_Person, str, int | None, str, str]]:
    """(person, survey name, year, kind, value) of live respondents in the county to
    the questions whose text matches ``pattern``."""
    questions = [
        (qid, kind)
        for qid, text, kind in session.execute(
            select(SurveyQuestion.id, SurveyQuestion.text, SurveyQuestion.kind).where(
                SurveyQuestion.kind.in_(("choice", "multi"))
            )
        )
        if pattern.search(fold(text))
    ]
    if not questions:
        return
    kinds = dict(questions)
    query = (
        select(*_PERSON, Contact.opted_out, Survey.name, Survey.year, SurveyAnswer.question_id)
        .add_columns(SurveyAnswer.value)
        .join(SurveyResponse, SurveyResponse.contact_id == Contact.id)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .join(Survey, Survey.id == SurveyResponse.survey_id)
        .where(
            SurveyAnswer.question_id.in_(kinds),
            Contact.county_number == county,
            Contact.deleted_at.is_(None),
        )
        .order_by(Survey.year.desc(), Survey.name)
    )
    for uid, given, family, muni, opted, survey, year, qid, value in session.execute(query):
        yield _person(uid, given, family, muni, opted), survey, year, kinds[qid], value


def _survey_topic(session: Session, county: str, words: set[str]) -> Iterable[tuple[_Person, str]]:
    for person, survey, _year, kind, value in _answers(session, county, _TOPICS_QUESTION):
        for part in split_values(value, kind):
            if fold(part) in words:
                yield person, f"svarte i {survey}: interessert i {part}"


def _survey_contribute(session: Session, county: str) -> Iterable[tuple[_Person, str]]:
    said: set[str] = set()  # the newest survey's yes is enough
    for person, survey, _year, _kind, value in _answers(session, county, _CONTRIBUTE_QUESTION):
        if person.uid not in said and _YES.match(fold(value)):
            said.add(person.uid)
            yield person, f"vil bidra ({survey})"


def _candidates(
    session: Session, county: str, municipalities: set[str], people: _People
) -> Iterable[tuple[_Person, str]]:
    query = (
        select(*_PERSON, Contact.opted_out, Role.election, Role.municipality_number)
        .add_columns(Role.county_number)
        .join(Role, Role.contact_id == Contact.id)
        .where(
            Role.kind == RoleKind.KANDIDAT.value,
            or_(Role.county_number == county, Role.municipality_number.in_(municipalities)),
            Contact.deleted_at.is_(None),
        )
        .order_by(Role.election, Role.list_place)
    )
    for uid, given, family, muni, opted, election, role_muni, role_county in session.execute(query):
        where = people.place(role_muni) if role_muni else ""
        if not where and role_county:
            where = people.county(role_county)
        parts = ["kandidat", election, where]
        yield _person(uid, given, family, muni, opted), ", ".join(p for p in parts if p)


def _committees(session: Session, county: str, people: _People) -> Iterable[tuple[_Person, str]]:
    query = (
        select(*_PERSON, Contact.opted_out, Role.body, Role.title, Role.level)
        .join(Role, Role.contact_id == Contact.id)
        .where(
            Role.level.in_((RoleLevel.KOMMUNE.value, RoleLevel.FYLKE.value)),
            or_(Role.body.ilike("%helse%"), Role.title.ilike("%helse%")),
            Contact.county_number == county,
            Contact.deleted_at.is_(None),
        )
    )
    for uid, given, family, muni, opted, body, title, level in session.execute(query):
        body_hit = _is_committee(body)
        if not (body_hit or _is_committee(title)):
            continue
        if level == RoleLevel.FYLKE.value:
            place = people.county(county)
        else:
            place = f"{people.place(muni)} kommune" if people.place(muni) else ""
        if body_hit:
            text = f"{_lower_first(title) or 'medlem'} av {body}"
        else:
            text = ", ".join(p for p in (_lower_first(title), body) if p)
        if place and fold(place) not in fold(text):
            text = f"{text}, {place}"
        yield _person(uid, given, family, muni, opted), text


def _is_committee(text: str) -> bool:
    folded = fold(text)
    return "helse" in folded and bool(_COMMITTEE.search(folded))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else ""
