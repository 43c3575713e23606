"""Benchmark: several topics («minst ett av» / «alle») and labels over 100,000 contacts.

What the window runs when topics or labels are ticked in the filter bar: the
first 200 rows sorted by name plus the total count, through the real
SearchService; and the sidebar's label counts (``CatalogService.labels``),
counted like the topics (whole index minus the trash) rather than joined.
Labels: «Styret» on every 50th contact, «Presse» on every 7th, «Alle» on all.

Usage: python bench/bench_tag_filters.py [--contacts N] [--runs R] [--pg URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from generate import populate
from sqlalchemy import insert, select

from kontakt.app import open_core
from kontakt.domain.records import ContactFilter, Page
from kontakt.paths import resolve_database
from kontakt.storage.models import Label, Topic, contact_label

LABELS = {"Styret": 50, "Presse": 7, "Alle": 1}


def add_labels(core, n: int) -> None:  # type: ignore[no-untyped-def]
    with core.engine.begin() as conn:
        for name, every in LABELS.items():
            lid = conn.execute(
                insert(Label).values(name=name, name_key=name.lower()).returning(Label.id)
            ).scalar_one()
            rows = [{"contact_id": i, "label_id": lid} for i in range(1, n + 1, every)]
            conn.execute(insert(contact_label), rows)


def median_ms(run: Callable[[], object], runs: int) -> float:
    run()  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        run()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(core, runs: int) -> list[tuple[str, float, int]]:  # type: ignore[no-untyped-def]
    with core.sessions() as session:
        topics = list(session.scalars(select(Topic.name).order_by(Topic.id).limit(3)))
    cases = {
        "one topic (as before)": ContactFilter(topics=tuple(topics[:1])),
        "one label Styret (as before)": ContactFilter(labels=("Styret",)),
        f"any of {len(topics)} topics": ContactFilter(topics=tuple(topics), any_topic=True),
        "all of 2 topics": ContactFilter(topics=tuple(topics[:2])),
        "labels Styret+Presse": ContactFilter(labels=("Styret", "Presse")),
        "label Alle + any topic, Oslo": ContactFilter(
            labels=("Alle",), topics=tuple(topics), any_topic=True, county="Oslo"
        ),
    }
    results = []
    for name, f in cases.items():
        total = core.search.search(f, Page(limit=200)).total or 0
        ms = median_ms(lambda f=f: core.search.search(f, Page(limit=200)), runs)
        results.append((name, ms, total))
    results.append(("sidebar labels() counts", median_ms(core.catalog.labels, runs), 0))
    results.append(("sidebar topics() counts", median_ms(core.catalog.topics, runs), 0))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--pg", metavar="URL", help="also run against this empty PostgreSQL db")
    args = parser.parse_args()
    targets = [("SQLite", resolve_database(str(Path(tempfile.mkdtemp()) / "bench.db")))]
    if args.pg:
        targets.append(("PostgreSQL", resolve_database(args.pg)))
    for target, location in targets:
        core = open_core(location)
        try:
            populate(core, args.contacts)
            add_labels(core, args.contacts)
            print(f"\n{target}: {args.contacts:,} contacts")
            print(f"{'case':32} {'ms (200 rows + count)':>22} {'matches':>8}")
            for name, ms, total in measure(core, args.runs):
                print(f"{name:32} {ms:22.2f} {total:8}")
        finally:
            core.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
