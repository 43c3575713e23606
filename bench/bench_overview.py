"""Overview benchmark: the county x topic grid over 100,000 contacts (target <= 200 ms).

Generates the contacts (bench/generate.py) and gives about half of them a
role (folkevalgt or tillitsvalgt, at kommune, fylke or Storting level) and
80 % a confirmation date in the last four years, then
times ``OverviewService.grid`` 21 times after a warm-up: without a filter,
with a role kind, with a level and with a confirmation date; beside it the
per-county totals the dialog shows and a click on the fullest cell (the
contact list's first page and total under the same filter).

    .venv/bin/python bench/bench_overview.py [--contacts 100000] [--pg URL]
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
from sqlalchemy import bindparam, insert, select, text, update

from kontakt.app import open_core
from kontakt.domain.records import RoleKind, RoleLevel
from kontakt.paths import resolve_database
from kontakt.services.overview import GridFilter
from kontakt.storage.models import Contact, Role


def add_roles(core, seed: int = 2) -> int:  # type: ignore[no-untyped-def]
    rng = random.Random(seed)
    with core.engine.begin() as conn:
        ids = list(conn.scalars(select(Contact.id)))
        rows = [
            {
                "contact_id": cid,
                "kind": rng.choice(("folkevalgt", "tillitsvalgt")),
                "level": rng.choice(("kommune", "fylke", "storting")),
                "body": "", "title": "", "organisation": "", "position": 0,
            }
            for cid in ids
            if rng.random() < 0.5
        ]  # fmt: skip
        conn.execute(insert(Role.__table__), rows)
        # About 40 % confirmed within the last two years, spread over four.
        today = dt.date.today()
        confirmed = [
            {"cid": cid, "d": today - dt.timedelta(days=rng.randrange(4 * 365))}
            for cid in ids
            if rng.random() < 0.8
        ]
        conn.execute(
            update(Contact)
            .where(Contact.id == bindparam("cid"))
            .values(last_confirmed=bindparam("d")),
            confirmed,
        )
        if conn.dialect.name == "sqlite":
            conn.execute(text("ANALYZE"))
    return len(rows)


def timed(run: Callable[[], object], times: int = 21) -> str:
    """Median and max of ``times`` runs after one warm-up."""
    run()
    spent = []
    for _ in range(times):
        t = time.perf_counter()
        run()
        spent.append((time.perf_counter() - t) * 1000)
    return f"median {statistics.median(spent):6.1f} ms  max {max(spent):6.1f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--pg", help="an empty PostgreSQL database URL instead of SQLite")
    args = parser.parse_args()
    where = args.pg or str(Path(tempfile.mkdtemp(prefix="kontakt-bench-overview-")) / "b.db")
    core = open_core(resolve_database(where))
    populate(core, args.contacts)
    roles = add_roles(core)
    print(f"{args.contacts:,} contacts, {roles:,} roles ({core.engine.dialect.name})")
    for label, f in (
        ("no filter", GridFilter()),
        ("folkevalgt", GridFilter(role_kind=RoleKind.FOLKEVALGT)),
        ("fylke level", GridFilter(role_level=RoleLevel.FYLKE)),
        ("confirmed 24 months", GridFilter(confirmed_months=24)),
    ):
        cells = core.overview.grid(f)
        print(f"{label:20s} grid   {timed(lambda f=f: core.overview.grid(f))}"
              f"  ({len(cells)} cells, {sum(c.count for c in cells):,} counted)")  # fmt: skip
        # What the dialog adds (people per county), and a click on the fullest
        # cell: the contact list's first page and its total under the same filter.
        print(f"{'':20s} totals {timed(lambda f=f: core.overview.county_totals(f))}")
        fullest = max(cells, key=lambda c: c.count)
        chosen = fullest.contact_filter(f)
        result = core.search.search(chosen)
        assert result.total == fullest.count, (result.total, fullest)
        print(f"{'':20s} click  {timed(lambda chosen=chosen: core.search.search(chosen))}"
              f"  ({fullest.count} in {fullest.county_name} x {fullest.topic})")  # fmt: skip
    core.close()
    print("target: <= 200 ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
