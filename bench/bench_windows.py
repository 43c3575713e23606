"""Benchmark: the Windows setup program, installed and started under Wine (on Linux).

- size: dist/windows/Kontakt-VERSION-setup.exe, and the folder it installs
  (%LOCALAPPDATA%\\Programs\\Kontakt: sum of file sizes and disk usage);
- start-up, **under Wine** (Wine 8 on Linux, not Windows: a measure of the
  bundle's own start, Python and Qt loading, database and first paint, plus
  Wine's loader; not a promise for a Windows laptop): from launching the
  installed kontakt.exe with ``--db`` over N generated contacts to the main
  window painted with its first rows, which the bundle reports itself
  (``KONTAKT_STARTUP_PROBE``, src/kontakt/ui/first_paint.py) before it quits.
  Cold starts drop Linux's page cache (root only) and start Wine's server
  anew; warm starts keep both.

Installs into a fresh Wine prefix, build/windows/bench-prefix, with
packaging/windows/wine.sh (as CI does). Build first: ./dev.sh bundle-windows.

Usage: python bench/bench_windows.py [--contacts N] [--starts K] [--db PATH]
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

from bench_bundle import drop_page_cache, folder_size_mb, generate

ROOT = Path(__file__).resolve().parents[1]
PREFIX = ROOT / "build" / "windows" / "bench-prefix"
USER = "Kari Ærlig Øren"


def wine_env() -> dict[str, str]:
    """The environment packaging/windows/wine.sh gives Wine, for this prefix."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "PYTHON", "DISPLAY", "WAYLAND_DISPLAY", "VIRTUAL_ENV"))
    }
    env.update(
        WINEPREFIX=str(PREFIX),
        WINEARCH="win64",
        WINEDEBUG="-all",
        WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d",
        LC_ALL="C.UTF-8",
        USER=USER,
        LOGNAME=USER,
    )
    return env


def windows_path(path: Path) -> str:
    """Wine's name for a Linux path."""
    return "Z:" + str(path.resolve()).replace("/", "\\")


def install(setup: Path) -> Path:
    """A fresh prefix with ``setup`` installed silently; returns the program folder."""
    icu = next((ROOT / "build" / "windows" / "downloads" / "icu").glob("*.whl"))
    script = (
        '. packaging/windows/wine.sh && make_prefix "$1" "$2" && '
        'win_setenv QT_QPA_PLATFORM offscreen && winrun "$3" /S && wineserver -w'
    )
    subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script, "bash", str(PREFIX), str(icu),
         windows_path(setup)],
        cwd=ROOT, env={**wine_env(), "HOST_PYTHON": sys.executable}, check=True,
    )  # fmt: skip
    folder = PREFIX / "drive_c" / "users" / USER / "AppData" / "Local" / "Programs" / "Kontakt"
    if not (folder / "kontakt.exe").exists():
        raise SystemExit(f"the setup program installed nothing in {folder}")
    return folder


def one_start(exe: Path, db: Path) -> float:
    """Milliseconds from launching kontakt.exe under Wine to its first rows painted."""
    probe = Path(tempfile.mkdtemp(prefix="kontakt-probe-")) / "painted"
    env = {**wine_env(), "KONTAKT_STARTUP_PROBE": windows_path(probe)}
    started = time.time()
    # No pipes: the Wine services this start may launch would inherit and hold them.
    result = subprocess.run(
        ["wine", windows_path(exe), "--db", windows_path(db)],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, timeout=300,
    )  # fmt: skip
    if result.returncode != 0 or not probe.exists():
        raise SystemExit(f"kontakt.exe did not report a painted window (exit {result.returncode})")
    return (float(probe.read_text()) - started) * 1000


def wineserver(*args: str) -> None:
    subprocess.run(["wineserver", *args], env=wine_env(), check=False)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--setup", type=Path, help="default: dist/windows/Kontakt-*-setup.exe")
    parser.add_argument("--contacts", type=int, default=100_000)
    parser.add_argument("--starts", type=int, default=5, help="cold starts, then warm ones")
    parser.add_argument("--db", type=Path, help="reuse this database instead of generating one")
    args = parser.parse_args()
    setup = args.setup or next(iter(sorted((ROOT / "dist" / "windows").glob("*-setup.exe"))), None)
    if setup is None or not setup.exists():
        raise SystemExit("no setup program: build it first (./dev.sh bundle-windows)")

    folder = install(setup)
    apparent, disk = folder_size_mb(folder)
    print(f"{setup.name}: {setup.stat().st_size / 1e6:.1f} MB")
    print(f"installed folder: {apparent:.1f} MB in files, {disk:.1f} MB on disk")

    db = args.db or Path(tempfile.mkdtemp(prefix="kontakt-bench-")) / "bench.db"
    if not db.exists():
        generate(db, args.contacts)
    exe = folder / "kontakt.exe"
    cold, dropped = [], True
    try:
        for _ in range(args.starts):
            wineserver("-k")
            wineserver("-w")
            dropped = drop_page_cache() and dropped
            cold.append(one_start(exe, db))
        wineserver("-p")  # Wine's server stays up between the warm starts
        one_start(exe, db)
        warm = [one_start(exe, db) for _ in range(args.starts)]
    finally:
        wineserver("-k")
    label = "cold (page cache dropped, Wine started anew)" if dropped else "NOT cold"
    print(f"{args.contacts:,} contacts, {os.cpu_count()} cores, UNDER WINE 8 (not Windows)")
    for name, times in ((label, cold), ("warm", warm)):
        print(
            f"start to first rows painted, {name}: median {statistics.median(times):.0f} ms, "
            f"max {max(times):.0f} ms over {len(times)}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
