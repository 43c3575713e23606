"""Benchmark: a 50,000-row, 12-column survey export imported into 100,000 contacts.

End to end as `kontakt import` does it: read (python-calamine), map, normalise,
find duplicates, write in one transaction. Run in a fresh process so that its
peak memory (VmHWM) is the import's own. openpyxl's read-only read time of the
same file is measured in the same run, for comparison.

Usage: python bench/bench_import.py [--rows N] [--contacts N] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook, load_workbook

HEADERS = [
    "ID", "Starttidspunkt", "Fullføringstidspunkt", "E-post", "Navn", "Hva heter du?",
    "Hva er e-postadressen din?", "Mobilnummer", "Hvilken kommune bor du i?",
    "Kan vi kontakte deg på e-post?", "Har du verv?", "Hvilke temaer er du interessert i?",
]  # fmt: skip
TOPICS = ["Psykisk helse", "rus", "eldreomsorg", "Tannhelsereform", "sykehus", "bemanning"]
ROLES = ["Nei", "Nei", "Kommunestyrerepresentant", "Hovedtillitsvalgt", "Fylkestingsrepresentant"]


def make_survey(path: Path, rows: int, seed: int = 3) -> None:
    """A survey export: names from the demo data, every municipality (by name, some by
    number without the leading zero), phones as spreadsheet floats, free-text answers."""
    from kontakt.domain.geography import load_geography
    from kontakt.services.demo import FAMILY, GIVEN

    places = [m.name.split(" - ")[0] for m in load_geography().municipalities]
    places += [str(int(m.number)) for m in load_geography().municipalities[:50]]
    rng = random.Random(seed)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Svar")
    ws.append(HEADERS)
    for i in range(rows):
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        email = f"svar{i}@example.org"
        ws.append([
            i + 1, "01.03.2025 10:00", "01.03.2025 10:05", email, name, name, email,
            float(f"9{rng.randrange(10**7):07d}"), rng.choice(places),
            rng.choice(["Ja", "Ja", "Nei"]), rng.choice(ROLES),
            ", ".join(rng.sample(TOPICS, rng.choice((1, 2, 3)))),
        ])  # fmt: skip
    wb.save(path)


CHILD = r"""
import sys, time
from pathlib import Path
t0 = time.perf_counter()
from kontakt.app import open_core
from kontakt.paths import resolve_database
from kontakt.services.importing.model import ImportOptions
core = open_core(resolve_database(sys.argv[1]), check=False)
t1 = time.perf_counter()
preview = core.imports.preview(Path(sys.argv[2]))
t2 = time.perf_counter()
report = core.imports.apply(preview)
t3 = time.perf_counter()
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(f"open {t1-t0:.2f} preview {t2-t1:.2f} apply {t3-t2:.2f} total {t3-t1:.2f} "
      f"created {report.created} errors {len(report.errors)} rss {int(hwm)/1024:.0f}")
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="a database with the contacts already (copied)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kontakt-bench-import-"))
    survey = folder / "undersokelse.xlsx"
    make_survey(survey, args.rows)
    t = time.perf_counter()
    wb = load_workbook(survey, read_only=True)
    sum(1 for _ in wb.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    openpyxl_s = time.perf_counter() - t
    from python_calamine import CalamineWorkbook

    t = time.perf_counter()
    CalamineWorkbook.from_path(str(survey)).get_sheet_by_index(0).to_python()
    calamine_s = time.perf_counter() - t
    db = folder / "bench.db"
    here = str(Path(__file__).parent)
    subprocess.run(
        [sys.executable, "-c",
         "import sys; sys.path.insert(0, sys.argv[3]); from generate import populate;"
         "from kontakt.app import open_core; from kontakt.paths import resolve_database;"
         "c = open_core(resolve_database(sys.argv[1])); populate(c, int(sys.argv[2])); c.close()",
         str(db), str(args.contacts), here],
        check=True,
    )  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), str(survey)],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    print(f"{args.rows:,} rows x {len(HEADERS)} columns into {args.contacts:,} contacts")
    print(f"read only: python-calamine {calamine_s:.2f} s, openpyxl read-only {openpyxl_s:.2f} s")
    print(f"import (s): {out}")
    print("target: total <= 5 s, peak RSS <= 500 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
