"""Invented member surveys for the sample data: «Medlemsundersøkelsen 2025» and a smaller 2024.

About four in ten sample contacts answered in 2025 and one in six in 2024
(some both, so the two years can be compared). Answers follow the contact:
the topics they work on, their role for «Har du verv?», their municipality in
the free text. Stored as an import would store them (no import batch: the
sample data is removed with its contacts). A survey of the same name that is
there already (the user's own) is left alone.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy.orm import Session, sessionmaker

from kontakt.domain.records import ContactRow
from kontakt.storage import survey_store
from kontakt.storage.survey_store import NewResponse

Question = tuple[int, str, str]
"""(position, text, kind)."""

TOPICS = "Hvilke temaer er du mest opptatt av?"
CONTRIBUTE = "Vil du bidra?"
WRITE = "Kan du skrive innlegg eller høringssvar?"
ROLE = "Har du verv?"
IMPORTANT = "Hva er viktigst i din kommune?"

_QUESTIONS_2025: tuple[Question, ...] = (
    (1, TOPICS, "multi"),
    (2, CONTRIBUTE, "choice"),
    (3, WRITE, "choice"),
    (4, ROLE, "text"),
    (5, IMPORTANT, "text"),
)
_QUESTIONS_2024: tuple[Question, ...] = (
    (1, TOPICS, "multi"),
    (2, CONTRIBUTE, "choice"),
    (3, IMPORTANT, "text"),
)
_IMPORTANT = (
    "Ventetiden i psykisk helsevern for barn og unge i {place}.",
    "At fastlegene i {place} får nok tid til hver pasient.",
    "Bemanningen i hjemmetjenesten i {place}.",
    "Fødetilbudet må bli værende nær {place}.",
    "Ambulansedekningen rundt {place}.",
    "Flere sykehjemsplasser i {place}, og at de er offentlige.",
    "Rusomsorg med bolig og oppfølging i {place}.",
)


def _answers(
    rng: random.Random, row: ContactRow, questions: Sequence[Question]
) -> tuple[tuple[int, str], ...]:
    place = row.municipality.name if row.municipality else "kommunen"
    role = row.roles[0].title if row.roles and row.roles[0].title else "Nei"
    by_text = {
        TOPICS: ";".join(row.topics[:3]) + ";" if row.topics else "",
        CONTRIBUTE: rng.choices(("Ja", "Nei", "Kanskje"), (5, 3, 2))[0],
        WRITE: rng.choices(("Ja", "Nei"), (3, 7))[0],
        ROLE: role,
        IMPORTANT: rng.choice(_IMPORTANT).format(place=place) if rng.random() < 0.6 else "",
    }
    return tuple((pos, by_text[text]) for pos, text, _kind in questions if by_text[text])


def add_demo_surveys(
    sessions: sessionmaker[Session], rows: Sequence[ContactRow], today: dt.date, seed: int
) -> int:
    """Store the two sample surveys for ``rows``; returns how many responses were stored."""
    rng = random.Random(seed + 22)
    stored = 0
    plans = (
        ("Medlemsundersøkelsen 2025", 2025, 0.4, _QUESTIONS_2025),
        ("Medlemsundersøkelsen 2024", 2024, 0.16, _QUESTIONS_2024),
    )
    with sessions.begin() as session:
        for name, year, share, questions in plans:
            if survey_store.find(session, name) is not None:
                continue
            responses = []
            for n, row in enumerate(r for r in rows if rng.random() < share):
                start = dt.datetime(year, 3, 1, 8, tzinfo=dt.UTC)
                when = start + dt.timedelta(minutes=rng.randrange(0, 60 * 24 * 30))
                answers = _answers(rng, row, questions)
                responses.append(NewResponse(row.id, when, n + 2, answers))
            survey_store.create(session, name, year, "eksempeldata", None, questions, responses)
            stored += len(responses)
    return stored
