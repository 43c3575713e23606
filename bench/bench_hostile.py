"""Benchmark: peak memory of `kontakt import` for each hostile file of issue 16, and a normal one.

Each file is imported into an empty SQLite database by ``python -m kontakt
import FILE --yes`` in a fresh child process under an address-space limit
(default 4 GB, so that the old code fails instead of taking the machine);
the child's peak RSS comes from ``wait4``. The hostile files are the ones the
tests use (``tests/fixtures/hostile.py``); the normal file is
``bench_import.py``'s 50,000-row, 12-column survey export. Target: every file
under 50 MB stays under 1 GB and none aborts.

Usage: python bench/bench_hostile.py [--limit-gb N] [--only NAME ...] [--pythonpath SRC]
(``--pythonpath`` runs another source tree, e.g. an export of main, for comparison.)
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_import import make_survey  # noqa: E402
from tests.fixtures.hostile import (  # noqa: E402
    HEADER_ROWS,
    HOSTILE,
    ODS_HEADER,
    ods_package,
    xlsx_package,
    xlsx_shared_string_copies,
)


def _far_cell(reference: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        row = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        far = f'<row r="{row}"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xlsx_package(path, HEADER_ROWS + far)

    return build


# Just inside the grid budget (rows x columns + 8 x rows <= 20 million), read.
widest_xlsx = _far_cell("CV185000")  # 100 columns x 185,000 rows
tallest_xlsx = _far_cell("K1048576")  # 11 columns x 1,048,576 rows
broadest_xlsx = _far_cell("XFD1220")  # 16,384 columns x 1,220 rows


def widest_ods(path: Path) -> Path:
    """Just under ODS_MAX_CELLS: ten values repeated down 499,000 rows, read."""
    row = (
        '<table:table-row table:number-rows-repeated="499000"><table:table-cell '
        'table:number-columns-repeated="10" office:value-type="float" office:value="1"/>'
        "</table:table-row>"
    )
    return ods_package(path, f'<table:table table:name="Ark1">{ODS_HEADER}{row}</table:table>')


def most_text_xlsx(path: Path) -> Path:
    """Just under MAX_SHEET_TEXT: 30,000 cells pointing at one 2,100-character string, read."""
    return xlsx_shared_string_copies(path, rows=30_000, length=2_100)


def cells_and_text_xlsx(path: Path) -> Path:
    """About half the grid and half the text: a cell in AX170000, 15,000 x 2,100 chars."""
    copies = xlsx_shared_string_copies(path, rows=15_000, length=2_100)
    far = '<row r="170000"><c r="AX170000" t="inlineStr"><is><t>x</t></is></c></row>'
    with zipfile.ZipFile(copies) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    sheet = parts["xl/worksheets/sheet1.xml"].replace(
        b"</sheetData>", far.encode() + b"</sheetData>"
    )
    parts["xl/worksheets/sheet1.xml"] = sheet
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return path


BOUNDARY = {
    "grense-celler.xlsx": widest_xlsx,
    "grense-rader.xlsx": tallest_xlsx,
    "grense-kolonner.xlsx": broadest_xlsx,
    "grense-celler.ods": widest_ods,
    "grense-tekst.xlsx": most_text_xlsx,
    "grense-begge.xlsx": cells_and_text_xlsx,
}
"""Files just inside the limits: the most an accepted file can take."""


def run(
    path: Path, folder: Path, limit: int, pythonpath: str | None
) -> tuple[int, float, int, str]:
    """(exit code, seconds, peak RSS in MB, last line of stderr or stdout)."""
    db = folder / f"{path.stem}.db"
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    if pythonpath:
        env["PYTHONPATH"] = pythonpath

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    with tempfile.TemporaryFile() as out:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "kontakt", "--db", str(db), "import", str(path), "--yes"],
            stdout=out, stderr=subprocess.STDOUT, env=env, preexec_fn=limited,
        )  # fmt: skip
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        out.seek(0)
        lines = out.read().decode("utf-8", errors="replace").strip().splitlines()
    code = os.waitstatus_to_exitcode(status)
    return code, seconds, usage.ru_maxrss // 1024, (lines[-1] if lines else "")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit-gb", type=float, default=4.0)
    parser.add_argument("--only", nargs="*", default=[])
    parser.add_argument("--pythonpath", default=None)
    args = parser.parse_args()
    limit = int(args.limit_gb * 1024**3)
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        files: list[Path] = []
        for file_name, build in {**HOSTILE, **BOUNDARY}.items():
            if not args.only or file_name in args.only:
                files.append(build(folder / file_name))
        if not args.only or "survey-50000.xlsx" in args.only:
            survey = folder / "survey-50000.xlsx"
            make_survey(survey, 50_000)
            files.append(survey)
        print("| file | size | exit | seconds | peak RSS | what it said |")
        print("|---|---|---|---|---|---|")
        for path in files:
            code, seconds, peak, said = run(path, folder, limit, args.pythonpath)
            size = path.stat().st_size
            shown = f"{size / 2**20:.1f} MB" if size > 2**20 else f"{size / 1024:.1f} KB"
            said = said.replace("|", "/")[:110]
            print(
                f"| {path.name} | {shown} | {code} | {seconds:.1f} | {peak} MB | {said} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
