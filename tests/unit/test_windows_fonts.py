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
