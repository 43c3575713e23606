"""«Hvem kan fylle hullet?» on many contacts: the time of one click (prospects for a cell).

    .venv/bin/python bench/bench_recruitment.py [--contacts 100000] [--db URL]

Generates the contacts (bench/generate.py), a survey four in ten answered
(topics and «Vil du bidra?»), a candidate role for one in fifty and a health
committee role for one in forty, then times ``prospects`` for a cell of each
of five counties (median of three runs each).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from generate import populate
from sqlalchemy import insert, select

from kontakt.app import open_core
from kontakt.paths import resolve_database
from kontakt.storage import survey_store
from kontakt.storage.models import Contact, Role, Topic
from kontakt.storage.survey_store import NewResponse

QUESTIONS = ((1, "Hvilke temaer er du mest opptatt av?", "multi"), (2, "Vil du bidra?", "choice"))


def add_politics(core, seed: int = 3) -> None:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with core.sessions.begin() as session:
        people = session.execute(
            select(Contact.id, Contact.municipality_number, Contact.county_number)
        ).all()
        topics = list(session.scalars(select(Topic.name)))
        responses = [
            NewResponse(
                cid,
                dt.datetime(2025, 5, 1, tzinfo=dt.UTC),
                row,
                ((1, ";".join(rng.sample(topics, 2))), (2, rng.choice(("Ja", "Nei", "Kanskje")))),
            )
            for row, (cid, _m, _c) in enumerate(people, start=2)
            if rng.random() < 0.4
        ]
        survey_store.create(
            session, "Medlemsundersøkelsen 2025", 2025, "b.xlsx", None, QUESTIONS, responses
        )
        roles = []
        for cid, muni, county in people:
            if rng.random() < 0.02:
                roles.append(
                    dict(
                        contact_id=cid,
                        kind="kandidat",
                        level=None,
                        body="",
                        title="",
                        organisation="",
                        position=0,
                        election="kommunestyrevalget 2027",
                        list_name="SV",
                        list_place=rng.randint(1, 30),
                        municipality_number=muni,
                        county_number=county,
                        result="",
                    )
                )
            elif rng.random() < 0.025:
                roles.append(
                    dict(
                        contact_id=cid,
                        kind="folkevalgt",
                        level="kommune",
                        body="Helse- og omsorgsutvalget",
                        title="Medlem",
                        organisation="",
                        position=0,
                        election="",
                        list_name="",
                        list_place=None,
                        municipality_number=None,
                        county_number=None,
                        result="",
                    )
                )
        session.execute(insert(Role), roles)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--db", help="database URL (default: a new SQLite file)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        location = resolve_database(args.db or str(Path(tmp) / "bench.db"))
        core = open_core(location)
        took = populate(core, args.contacts)
        add_politics(core)
        print(f"{args.contacts} contacts generated in {took:.1f} s")
        for county in core.geography.counties[:5]:
            times = []
            for _ in range(3):
                start = time.perf_counter()
                found = core.recruitment.prospects(county.number, "Rus")
                times.append(time.perf_counter() - start)
            print(f"{county.name}: {len(found)} people, {statistics.median(times) * 1000:.0f} ms")
        core.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
