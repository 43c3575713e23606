"""`kontakt --self-check`, unbundled: what CI also runs inside the PyInstaller bundle."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from kontakt.selfcheck.runner import STEPS


def self_check(tmp_path: Path, pythonpath: str = "") -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "KONTAKT_DB"}
    env["TMPDIR"] = str(tmp_path / "tmp")
    env.pop("QT_QPA_PLATFORM", None)  # the self-check chooses offscreen by itself
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(p for p in (pythonpath, env.get("PYTHONPATH")) if p)
    (tmp_path / "tmp").mkdir()
    return subprocess.run(
        [sys.executable, "-m", "kontakt", "--self-check"],
        capture_output=True, text=True, env=env, timeout=300,
    )  # fmt: skip


def test_self_check_passes_every_step_and_leaves_nothing_behind(tmp_path: Path) -> None:
    result = self_check(tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    for step in STEPS:
        assert any(line.startswith("OK") and f" {step.name} " in line for line in lines), step
    assert "6000 kontakter opprettet" in result.stdout
    assert "6004 rader" in result.stdout or "av 6004 rader" in result.stdout
    assert lines[-1] == "Selvtesten er bestått."
    # Its database lived in a temporary folder, now removed; the user's folders are untouched.
    assert list((tmp_path / "tmp").iterdir()) == []
    assert not Path(os.environ["XDG_DATA_HOME"]).exists()
    assert not Path(os.environ["XDG_CONFIG_HOME"]).exists()


def test_a_module_missing_from_the_build_fails_its_step_and_exit_1(tmp_path: Path) -> None:
    # As a bundle built without openpyxl would behave: the spreadsheet step fails, the rest run.
    broken = tmp_path / "broken"
    (broken / "openpyxl").mkdir(parents=True)
    (broken / "openpyxl" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'openpyxl'\")\n", encoding="utf-8"
    )
    result = self_check(tmp_path, pythonpath=str(broken))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    failed = [line for line in lines if line.startswith("FEIL")]
    # The spreadsheet import and the Excel export need it; nothing else does.
    assert failed == [
        "FEIL  import av regneark: ModuleNotFoundError: No module named 'openpyxl'",
        "FEIL  eksport: ModuleNotFoundError: No module named 'openpyxl'",
    ]
    passed = [line.split()[1] for line in lines if line.startswith("OK")]
    assert passed[:2] == ["migrasjoner", "postgresql-driver"] and "hovedvindu" in passed
    assert lines[-1] == "Selvtesten feilet."
    assert "Traceback" in result.stderr
