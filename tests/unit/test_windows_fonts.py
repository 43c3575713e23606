"""Qt's offscreen platform on Windows gets Windows' font folder (kontakt.__main__).

Without fonts it wrote PDFs with no readable text: the self-check's idea-bank
step failed in the Windows bundle (found by .ci/windows.sh under Wine), and so
would a PDF list exported from the command line. The Wine run proves the
effect; these tests pin the rule on every platform.
"""

from __future__ import annotations

from kontakt.__main__ import use_windows_fonts


def test_windows_gets_the_fonts_folder_of_its_windows_directory() -> None:
    env = {"WINDIR": "D:\\WINDOWS\\"}
    use_windows_fonts(env, platform="win32")
    assert env["QT_QPA_FONTDIR"] == "D:\\WINDOWS\\Fonts"


def test_without_windir_systemroot_or_the_usual_folder_is_used() -> None:
    env = {"SystemRoot": "C:\\Win"}
    use_windows_fonts(env, platform="win32")
    assert env["QT_QPA_FONTDIR"] == "C:\\Win\\Fonts"
    bare: dict[str, str] = {}
    use_windows_fonts(bare, platform="win32")
    assert bare["QT_QPA_FONTDIR"] == "C:\\Windows\\Fonts"


def test_a_font_folder_the_user_chose_is_kept() -> None:
    env = {"WINDIR": "C:\\Windows", "QT_QPA_FONTDIR": "E:\\fonter"}
    use_windows_fonts(env, platform="win32")
    assert env["QT_QPA_FONTDIR"] == "E:\\fonter"


def test_other_platforms_are_left_alone() -> None:
    for platform in ("linux", "darwin"):
        env = {"WINDIR": "C:\\Windows"}
        use_windows_fonts(env, platform=platform)
        assert "QT_QPA_FONTDIR" not in env


def test_a_command_in_the_windowed_program_without_a_console_still_runs(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The Windows bundle is windowed: without a console sys.stdout and sys.stderr
    are None (CPython's pythonw does the same, which this child imitates)."""
    import subprocess
    import sys

    db = tmp_path / "kontakt.db"
    code = (
        "import sys; sys.stdout = None; sys.stderr = None\n"
        "from kontakt.__main__ import main\n"
        f"raise SystemExit(main(['--db', {str(db)!r}, 'demo']))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert db.exists()
