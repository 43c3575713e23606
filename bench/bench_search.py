"""Benchmark: contact search over 100,000 generated contacts.

The query the window runs on each keystroke: a 3-letter text plus a county
filter, first 200 rows sorted by name, through the real SearchService
(resolve names, SQL, load the page as ContactRow snapshots).

Usage: python bench/bench_search.py [--contacts N] [--runs R] [--pg URL]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from generate import populate

from kontakt.app import open_core
from kontakt.domain.records import ContactFilter, Page
from kontakt.paths import resolve_database

QUERIES = [
    ("ber", "Vestland"),
    ("sen", "Oslo"),
    ("øys", "Trøndelag"),
    ("kar", "Nordland"),
    ("and", "Viken"),
    ("xq7", "Agder"),
]


def timed(core, f: ContactFilter, page: Page, runs: int) -> tuple[float, int | None]:  # type: ignore[no-untyped-def]
    core.search.search(f, page)  # warm-up
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        result = core.search.search(f, page)
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), result.total


def measure(core, runs: int) -> list[tuple[str, str, float, float, int]]:  # type: ignore[no-untyped-def]
    results = []
    for q, county in QUERIES:
        f = ContactFilter(text=q, county=county)
        page_ms, _ = timed(core, f, Page(limit=200, count_total=False), runs)
        counted_ms, total = timed(core, f, Page(limit=200), runs)
        results.append((q, county, page_ms, counted_ms, total or 0))
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument(
        "--pg", metavar="URL", help="also run against this (empty) PostgreSQL database"
    )
    args = parser.parse_args()
    targets = [("SQLite", resolve_database(str(Path(tempfile.mkdtemp()) / "bench.db")))]
    if args.pg:
        targets.append(("PostgreSQL", resolve_database(args.pg)))
    for label, location in targets:
        core = open_core(location)
        try:
            built = populate(core, args.contacts)
            print(f"\n{label}: {args.contacts:,} contacts generated and inserted in {built:.1f} s")
            print(f"{'text':6} {'county':10} {'page ms':>8} {'+count ms':>10} {'matches':>8}")
            rows = measure(core, args.runs)
            for q, county, ms, counted, total in rows:
                print(f"{q:6} {county:10} {ms:8.2f} {counted:10.2f} {total:8}")
            overall = statistics.median(r[2] for r in rows)
            with_count = statistics.median(r[3] for r in rows)
            print(
                f"median over queries: first 200 rows {overall:.2f} ms (target <= 10 ms); "
                f"with the total count {with_count:.2f} ms"
            )
        finally:
            core.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
