"""Entry point: ``kontakt`` and ``python -m kontakt``.

Start-up order: arguments -> paths -> logging (the log file, :mod:`kontakt.log`)
-> open the database (check it, back it up, migrate) -> QApplication (with
the crash handler) -> main window. Commands run without Qt.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import MutableMapping, Sequence
from typing import TYPE_CHECKING

from kontakt.log import setup_logging

if TYPE_CHECKING:
    from kontakt.ui.crash_handler import CrashHandler


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run a command, or open the window without one."""
    from kontakt.cli.main import build_parser, run
    from kontakt.failures import PRINTABLE_ERRORS

    # A file name that is not UTF-8 (a Latin-1 name on Linux) is printed as \xe6,
    # not turned into a traceback by a terminal that encodes strictly.
    without_console()
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=PRINTABLE_ERRORS)
    use_windows_fonts(os.environ)
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(args_list)
    if args.self_check:
        setup_logging("selvtest")
        from kontakt.selfcheck.runner import self_check

        return self_check()
    if args.command is not None:
        # The command line writes nothing but its own lines to stderr.
        setup_logging(f"kontakt {args.command}")
        return run(args_list)
    setup_logging("vindu", console=True)
    return open_window(args.db)


def without_console() -> None:
    """Give a windowed program the output streams it lacks.

    The Windows bundle is windowed: started without a console, ``sys.stdout``
    and ``sys.stderr`` are None there, and a command (``kontakt.exe list``) would
    fail on its first line of output. What it prints then goes nowhere; the
    exit code and the log file still tell the result.
    """
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115


def use_windows_fonts(environ: MutableMapping[str, str], platform: str = sys.platform) -> None:
    """On Windows, point Qt's font folder (``QT_QPA_FONTDIR``) at Windows' fonts.

    Qt's offscreen platform, which the self-check and PDFs made from the command
    line use, reads its fonts from that folder, by default one beside Qt that no
    bundle has: without this it finds no font and writes PDFs whose text can be
    neither read nor searched. The window (Qt's windows platform) asks Windows
    for its fonts and ignores the setting; a value the user set is kept.
    """
    if platform == "win32":
        windir = environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows"
        environ.setdefault("QT_QPA_FONTDIR", windir.rstrip("\\") + "\\Fonts")


def open_window(db_arg: str | None) -> int:
    """The window, with the crash handler from the QApplication's start to the end."""
    from kontakt.ui import crash_handler
    from kontakt.ui.launch import launch, make_application

    make_application()
    handler = crash_handler.install()
    try:
        return launch(db_arg)
    except Exception as exc:
        # Before the event loop runs (opening the database, building the window)
        # nothing would show the dialog the hook opens: show it here, and wait.
        return show_fatal(handler, exc)
    finally:
        crash_handler.uninstall()


def show_fatal(handler: CrashHandler, exc: Exception) -> int:
    """Log ``exc`` and show it (the crash dialog for a bug) until the user closes it."""
    from PySide6.QtWidgets import QApplication

    handler.report(exc, "oppstart")
    QApplication.processEvents()  # the report reaches the GUI thread through the event queue
    shown = handler.dialog or handler.box
    if shown is not None:
        shown.exec()
    return 1


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # import planning uses worker processes (also frozen)
    sys.exit(main())
