"""Fuzzing .xlsx and .ods package structure: every file is read or refused, memory bounded.

A seeded mutation loop (:mod:`tests.fixtures.fuzz_packages`) writes random
packages: part names, relationships, dimension and cell references, shared
strings, repeated rows and columns (nested too). Each must be read by
``read_table`` and ``list_sheets`` or refused with
:class:`~kontakt.errors.KontaktError`, nothing else. It runs in a child
process under a 2 GB address-space limit, because one python-calamine abort
(exit 134) would otherwise take pytest with it, and the child's peak memory
must stay under 1 GB. The loop stops after :data:`BUDGET_SECONDS`, so it is
bounded in time on a slow CI machine; ``KONTAKT_FUZZ_SEED`` and
``KONTAKT_FUZZ_SECONDS`` run other seeds or longer.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

BUDGET_SECONDS = 20
LIMIT = 2 * 1024**3
ROOT = Path(__file__).resolve().parents[3]

_CHILD = r"""
import json, random, resource, sys, tempfile, time, traceback
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from tests.fixtures.fuzz_packages import random_ods, random_xlsx
from kontakt.errors import KontaktError
from kontakt.io.importers.table import list_sheets, read_table

kind, seed, budget = sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
rng = random.Random(seed)
build = random_xlsx if kind == "xlsx" else random_ods
done, read, refused, failures = 0, 0, 0, []
stop = time.monotonic() + budget
with tempfile.TemporaryDirectory() as folder:
    while time.monotonic() < stop and done < 2000:
        path = build(rng, Path(folder) / f"fuzz{done}.{kind}")
        Path(sys.argv[5], f"current.{kind}").write_bytes(path.read_bytes())  # kept on an abort
        for call in (list_sheets, read_table):
            try:
                call(path)
                read += 1
            except KontaktError as exc:
                refused += 1
                if "\n" in str(exc) or path.name not in str(exc):
                    failures.append(f"{path.name}: {exc}")
            except BaseException as exc:
                failures.append(f"{path.name}: {traceback.format_exc(limit=4)}")
                Path(sys.argv[5], path.name).write_bytes(path.read_bytes())
        path.unlink()
        done += 1
Path(sys.argv[5], f"current.{kind}").unlink()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print(json.dumps({"done": done, "read": read, "refused": refused, "peak_mb": peak,
                  "failures": failures[:5]}))
"""


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_random_package_structure_is_read_or_refused(kind: str, tmp_path: Path) -> None:
    seed = int(os.environ.get("KONTAKT_FUZZ_SEED", "16"))
    budget = float(os.environ.get("KONTAKT_FUZZ_SECONDS", BUDGET_SECONDS))
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(ROOT), kind, str(seed), str(budget), str(tmp_path)],
        capture_output=True, text=True, timeout=budget + 240, preexec_fn=_limited,
    )  # fmt: skip
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert done.returncode == 0, f"files kept in {tmp_path}: {kept}\n{done.stderr[-3000:]}"
    summary = json.loads(done.stdout)
    assert summary["failures"] == [], summary
    assert summary["done"] >= 20, summary  # enough files made it through in the time given
    assert summary["read"] and summary["refused"], summary  # both outcomes were exercised
    assert summary["peak_mb"] < 1024, summary
