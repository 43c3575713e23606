"""Benchmark: the main window over 100,000 contacts.

Measures, each in the way the user meets it:
- start-up: from process start (`python -m kontakt --db FILE`, the real
  start) to the window painted with its first rows (a fresh process each
  time, median of several);
- a keystroke in the search field: from the text changing to the table
  updated and repainted (debounce timer excluded), median over typed letters;
- sorting by a column header click, to repainted;
- peak memory (RSS) of the process.

Usage: python bench/bench_window.py [--contacts N] [--starts K]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Fresh window settings: a sort order saved by an earlier run would change what is measured.
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="kontakt-bench-config-")

# The real start: `python -m kontakt --db FILE`, as a user's; the window reports
# the moment it painted its first rows (KONTAKT_STARTUP_PROBE, ui/first_paint.py)
# and quits. Peak memory of that process from the kernel's accounting.
RSS_CHILD = r"""
import runpy, sys
sys.argv = ["kontakt", "--db", sys.argv[1]]
try:
    runpy.run_module("kontakt", run_name="__main__")
except SystemExit:
    pass
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over from the parent through exec.
hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]
print(f"rss {int(hwm) / 1024:.0f}", flush=True)
"""


def startup(db: Path, runs: int) -> tuple[float, float]:
    """Median milliseconds from process start to the first rows painted, and peak RSS (MB)."""
    times, rss = [], []
    for _ in range(runs + 1):  # the first run warms the disk cache
        probe = Path(tempfile.mkdtemp(prefix="kontakt-probe-")) / "painted"
        env = {**os.environ, "KONTAKT_STARTUP_PROBE": str(probe)}
        env.pop("KONTAKT_DB", None)
        t0 = time.time()
        out = subprocess.run(
            [sys.executable, "-c", RSS_CHILD, str(db)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        ).stdout
        if not probe.exists():
            raise SystemExit(f"the window did not report its first rows painted:\n{out}")
        times.append((float(probe.read_text()) - t0) * 1000)
        values = dict(line.split() for line in out.splitlines() if line.startswith("rss "))
        rss.append(float(values["rss"]))
    return statistics.median(times[1:]), max(rss[1:])


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM), in MB."""
    with open("/proc/self/status") as status:
        hwm = next(line for line in status if line.startswith("VmHWM"))
    return int(hwm.split()[1]) / 1024


def interactive(db: Path) -> dict[str, float]:
    from PySide6.QtCore import QPoint, Qt
    from PySide6.QtTest import QTest

    from kontakt.app import open_core
    from kontakt.paths import resolve_database
    from kontakt.ui.launch import make_application
    from kontakt.ui.main_window import MainWindow
    from kontakt.ui.qt_models.contact_table import Column

    app = make_application()
    core = open_core(resolve_database(str(db)))
    window = MainWindow(core)
    window.show()
    app.processEvents()

    def type_words() -> list[float]:
        times = []
        for word in ("berg", "kari", "øys", "sen", "xq7"):
            window.search_field.clear()
            window.apply_filter()
            app.processEvents()
            for i in range(1, len(word) + 1):
                t = time.perf_counter()
                window.search_field.setText(word[:i])
                window.apply_filter()  # what the debounce timer fires
                window.table.viewport().repaint()
                app.processEvents()
                times.append((time.perf_counter() - t) * 1000)
        window.search_field.clear()
        window.apply_filter()
        return times

    keystrokes = type_words()  # sorted by name, the default
    header = window.table.horizontalHeader()
    sorts = []
    for column in (Column.COUNTY, Column.MUNICIPALITY, Column.NAME, Column.ORGANISATION):
        x = header.sectionViewportPosition(column) + 10
        for _ in range(2):  # ascending, then descending
            t = time.perf_counter()
            QTest.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5))
            window.table.viewport().repaint()
            app.processEvents()
            sorts.append((time.perf_counter() - t) * 1000)
    window.table.sortByColumn(Column.COUNTY, Qt.SortOrder.AscendingOrder)
    by_county = type_words()
    rss = peak_rss_mb()
    window.close()
    core.close()
    return {
        "keystroke_median_ms": statistics.median(keystrokes),
        "keystroke_max_ms": max(keystrokes),
        "keystroke_sorted_by_county_median_ms": statistics.median(by_county),
        "sort_median_ms": statistics.median(sorts),
        "sort_max_ms": max(sorts),
        "rss_mb": rss,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--db", type=Path, help="reuse this database instead of generating one")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "bench.db"
    if args.db is None or not db.exists():
        # In a child process, so the generator's memory is not counted below.
        code = (
            "import sys; sys.path.insert(0, sys.argv[3]); from generate import populate;"
            "from kontakt.app import open_core; from kontakt.paths import resolve_database;"
            "core = open_core(resolve_database(sys.argv[1])); populate(core, int(sys.argv[2]));"
            "core.close()"
        )
        subprocess.run(
            [sys.executable, "-c", code, str(db), str(args.contacts), str(Path(__file__).parent)],
            check=True,
        )
    start_ms, start_rss = startup(db, args.starts)
    print(f"{args.contacts:,} contacts")
    print(
        f"start to first rows painted: median {start_ms:.0f} ms (target <= 1000), "
        f"peak RSS {start_rss:.0f} MB"
    )
    for key, value in interactive(db).items():
        print(f"{key}: {value:.1f}")
    print("targets: keystroke median <= 30 ms, sort <= 200 ms, RSS <= 300 MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
