"""The self-check's runner: a line per step, failures named, dependent steps skipped."""

from __future__ import annotations

import io
from pathlib import Path

from kontakt.selfcheck.context import CheckContext, CheckFailed, Step
from kontakt.selfcheck.runner import run_steps
from kontakt.selfcheck.window import step_window


def test_each_step_gets_a_line_and_a_failure_fails_the_run(tmp_path: Path) -> None:
    def fine(ctx: CheckContext) -> str:
        return "alt vel"

    def wrong(ctx: CheckContext) -> str:
        raise CheckFailed("fant 3 kontakter, ikke 4")

    def crashes(ctx: CheckContext) -> str:
        import kontakt_finnes_ikke  # type: ignore[import-not-found]  # noqa: F401

        return ""

    def needs_database(ctx: CheckContext) -> str:
        return str(ctx.core)

    out, err = io.StringIO(), io.StringIO()
    steps = [
        Step("først", fine),
        Step("telling", wrong),
        Step("modul", crashes),
        Step("database", needs_database),
        Step("vindu", step_window),
        Step("sist", fine),
    ]
    assert run_steps(steps, CheckContext(workdir=tmp_path), out, err) is False
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("OK    først ") and lines[0].endswith("alt vel")
    assert lines[1] == "FEIL  telling: fant 3 kontakter, ikke 4"
    assert lines[2] == "FEIL  modul: ModuleNotFoundError: No module named 'kontakt_finnes_ikke'"
    assert lines[3] == "--    database: hoppet over (databasen ble ikke åpnet)"
    assert lines[4] == "--    vindu: hoppet over (ingen kontakter ble importert)"
    assert lines[5].startswith("OK    sist ")
    # A crash (not a finding) leaves its traceback on stderr for the build log.
    assert "Traceback" in err.getvalue() and "kontakt_finnes_ikke" in err.getvalue()
    assert "fant 3 kontakter" not in err.getvalue()


def test_all_steps_passing_passes(tmp_path: Path) -> None:
    steps = [Step("a", lambda ctx: "ja"), Step("b", lambda ctx: "ja")]
    assert run_steps(steps, CheckContext(workdir=tmp_path), None, None) is True
