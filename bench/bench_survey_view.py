"""Survey view benchmark: what «Medlemsundersøkelsen» reads, over 100,000 contacts.

Generates the contacts (bench/generate.py) and a survey that a share of them
answered (default 30 %: 30,000 responses with five questions: a multi
question over the topics, two yes/no choices, a short and a free text), then
times, as the median of 11 runs after a warm-up: the survey list (the
sidebar and the view's chooser), ``show`` (every question counted), one
question per county and per topic, the free-text answers with the
respondents' topics (``answers_by_topic``), ``compare`` and a row's
click: the contact table's first page and total under
survey + question + answer.

    .venv/bin/python bench/bench_survey_view.py [--contacts 100000] [--share 0.3] [--pg URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import populate
from sqlalchemy import select

from kontakt.app import open_core
from kontakt.domain.records import ContactFilter, Page
from kontakt.paths import resolve_database
from kontakt.storage import survey_store
from kontakt.storage.models import Contact
from kontakt.storage.survey_store import NewResponse

NAME = "Medlemsundersøkelsen 2025"
QUESTIONS = (
    (1, "Hvilke temaer er du mest opptatt av?", "multi"),
    (2, "Vil du bidra?", "choice"),
    (3, "Kan du skrive innlegg eller høringssvar?", "choice"),
    (4, "Har du verv?", "text"),
    (5, "Hva er viktigst i din kommune?", "text"),
)
TOPICS = ("Rus", "Fastlege", "Psykisk helse", "Ambulanse", "Fødetilbud", "Eldreomsorg")


def add_survey(core, share: float, seed: int = 3) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with core.sessions.begin() as session:
        ids = [cid for cid in session.scalars(select(Contact.id)) if rng.random() < share]
        when = dt.datetime(2025, 3, 1, 8, tzinfo=dt.UTC)
        responses = [
            NewResponse(cid, when + dt.timedelta(minutes=n), n + 2, (
                (1, ";".join(rng.sample(TOPICS, rng.randint(1, 3))) + ";"),
                (2, rng.choice(("Ja", "Nei", "Kanskje"))),
                (3, rng.choice(("Ja", "Nei"))),
                (4, rng.choice(("Nei", "Kommunestyremedlem", "Hovedtillitsvalgt"))),
                (5, f"Ventetiden i psykisk helsevern, svar {n % 5000}"),
            ))
            for n, cid in enumerate(ids)
        ]  # fmt: skip
        survey_store.create(session, NAME, 2025, "bench.xlsx", None, QUESTIONS, responses)
        older = [
            NewResponse(r.contact_id, r.answered_at, r.row_number, r.answers[:3])
            for r in responses
            if rng.random() < 0.5
        ]
        survey_store.create(session, "Medlemsundersøkelsen 2024", 2024, "b.xlsx", None,
                            QUESTIONS[:3], older)  # fmt: skip
    return len(responses)


def median_ms(run: Callable[[], object], times: int = 11) -> float:
    run()
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--share", type=float, default=0.3)
    parser.add_argument("--pg", default="")
    args = parser.parse_args()
    db = args.pg or str(Path(tempfile.mkdtemp()) / "bench.db")
    core = open_core(resolve_database(db))
    populate(core, args.contacts)
    answered = add_survey(core, args.share)
    s, search = core.surveys, core.search
    click = ContactFilter(survey=NAME, survey_question="Vil du bidra?", survey_answer="ja")

    timings = {
        "surveys() (sidebar, chooser)": lambda: s.surveys(),
        "show() every question counted": lambda: s.show(NAME),
        "counts_by_county (choice)": lambda: s.counts_by_county(NAME, 2),
        "counts_by_topic (multi)": lambda: s.counts_by_topic(NAME, 1),
        "answers_by_topic (free text)": lambda: s.answers_by_topic(NAME, 5),
        "compare(2025, 2024)": lambda: s.compare(NAME, "Medlemsundersøkelsen 2024"),
        "row click: first page + total": lambda: search.search(click, Page(limit=200)),
    }
    where = "PostgreSQL" if args.pg else "SQLite"
    print(f"{args.contacts} contacts, {answered} responses ({where})")
    for label, run in timings.items():
        print(f"  {label:36} {median_ms(run):8.1f} ms")
    core.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
