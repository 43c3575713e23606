"""Export benchmark: 50,000 contacts from a database into each format.

Generates the contacts (bench/generate.py), then times, in this process:
loading the rows the export writes (SearchService, no limit), and each
writer on those rows, with the file written to a temporary folder. The issue's
targets: vCard 3.0 <= 2 s and xlsx <= 8 s for 50,000 contacts (2 cores).

    .venv/bin/python bench/bench_export.py [--contacts 50000] [--formats vcard xlsx]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from generate import populate

from kontakt.app import open_core
from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.paths import resolve_database
from kontakt.services.exporting import ExportScope


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=50_000)
    parser.add_argument(
        "--formats", nargs="*", default=[f.value for f in ExportFormat], metavar="FORMAT"
    )
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="kontakt-bench-export-"))
    core = open_core(resolve_database(str(folder / "bench.db")))
    populate(core, args.contacts)
    t = time.perf_counter()
    rows = core.exports.rows(ExportScope())
    load_s = time.perf_counter() - t
    print(f"{len(rows):,} contacts; loading them for an export: {load_s:.2f} s")
    writers = core.exports._writers  # the same writers `kontakt export` uses
    for name in args.formats:
        fmt = ExportFormat(name)
        if fmt not in writers:
            print(f"{fmt.value:12s} (no writer)")
            continue
        target = folder / f"out-{fmt.value}{fmt.suffix}"
        t = time.perf_counter()
        for _ in writers[fmt](rows, target, ExportOptions()):
            pass
        write_s = time.perf_counter() - t
        size = target.stat().st_size / 1e6
        print(f"{fmt.value:12s} write {write_s:6.2f} s   with loading {write_s + load_s:6.2f} s"
              f"   {size:6.1f} MB")  # fmt: skip
    core.close()
    print("targets (50,000): vcard <= 2 s, xlsx <= 8 s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
