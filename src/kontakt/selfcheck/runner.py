"""``kontakt --self-check``: prove that this installation works, end to end.

Runs a list of named steps against a fresh database in a temporary folder
(never the user's data folder) and prints one line per step::

    OK    migrasjoner                  0.21 s  skjemaversjon 0001
    FEIL  import av regneark: ModuleNotFoundError: No module named 'openpyxl'

Exit 0 when every step passed, 1 otherwise. Its main use is the PyInstaller
bundle: a hidden import or data file left out of the build makes a step fail
(CI builds the bundle and runs this on every change).

A feature adds its own step by writing a function ``(CheckContext) -> str``
in a module of this package for its area (the returned text is a short detail
for the OK line; raising :class:`~kontakt.selfcheck.context.CheckFailed` or
anything else means the step failed) and putting it in :data:`STEPS` before
the window step. The step modules import what they check when the step runs,
so that a library missing from the bundle fails its step, not the run.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from kontakt.selfcheck import (
    archive,
    cleanup,
    database,
    ideabank,
    importing,
    mailbox,
    outreach,
    passwords,
    window,
)
from kontakt.selfcheck.context import CheckContext, CheckFailed, Step, StepSkipped

STEPS: list[Step] = [
    Step("migrasjoner", database.step_migrations),
    Step("postgresql-driver", database.step_postgresql_driver),
    Step("import av regneark", importing.step_small_import),
    Step("import med arbeidsprosesser", importing.step_large_import),
    # ---- Later features add their steps here, before the window step: --------
    # a step may use ctx.core (the 6,004 imported contacts) and write its files
    # into ctx.workdir.
    Step("eksport", outreach.step_exports),
    Step("e-post og invitasjon", outreach.step_mail),
    Step("nyhetsbrev (Markdown)", outreach.step_newsletter),
    Step("nyhetsarkiv (side, Atom, PDF)", archive.step_archive),
    Step("innboks (svar og returmeldinger)", mailbox.step_mailbox),
    Step("idébank", ideabank.step_ideabank),
    Step("duplikater og sammenslåing", cleanup.step_duplicates),
    Step("nøkkelring", passwords.step_keyring),
    Step("hovedvindu", window.step_window),
]


# -- running -------------------------------------------------------------------------


def run_steps(
    steps: Sequence[Step], ctx: CheckContext, out: TextIO | None, err: TextIO | None
) -> bool:
    """Run every step in order, printing a line for each; True if all passed."""
    passed = True
    width = max(len(step.name) for step in steps)
    for step in steps:
        started = time.perf_counter()
        try:
            detail = step.run(ctx)
        except StepSkipped as skip:
            passed = False
            _write(out, f"--    {step.name}: hoppet over ({skip})")
        except Exception as exc:
            passed = False
            _write(out, f"FEIL  {step.name}: {_one_line(exc)}")
            if not isinstance(exc, CheckFailed):
                _write(err, traceback.format_exc().rstrip())
        else:
            seconds = time.perf_counter() - started
            _write(out, f"OK    {step.name:<{width}} {seconds:5.2f} s  {detail}")
    return passed


def self_check(out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the self-check in a fresh temporary folder; returns the exit code."""
    out = out if out is not None else sys.stdout  # None in a windowed Windows build
    err = err if err is not None else sys.stderr
    from kontakt import __version__

    _write(out, f"Kontakt {__version__}: selvtest")
    prefer_offscreen()
    workdir = Path(tempfile.mkdtemp(prefix="kontakt-selvtest-"))
    ctx = CheckContext(workdir=workdir)
    try:
        passed = run_steps(STEPS, ctx, out, err)
    finally:
        ctx.close()
        shutil.rmtree(workdir, ignore_errors=True)
    _write(out, "Selvtesten er bestått." if passed else "Selvtesten feilet.")
    return 0 if passed else 1


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    message = text[0] if text else ""
    return message if isinstance(exc, CheckFailed) else f"{type(exc).__name__}: {message}"


def _write(stream: TextIO | None, line: str) -> None:
    if stream is not None:
        stream.write(line + "\n")
        stream.flush()


def prefer_offscreen(environ: dict[str, str] | None = None) -> None:
    """Run Qt offscreen unless the caller chose a platform: the check needs no screen."""
    env = os.environ if environ is None else environ
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
