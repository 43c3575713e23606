"""Entry point: ``kontakt`` and ``python -m kontakt``.

Start-up order: arguments -> paths -> logging -> open the database (check it,
back it up, migrate) -> QApplication -> main window. Commands run without Qt.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments and run a command, or open the window without one."""
    from kontakt.cli import build_parser, run
    from kontakt.failures import PRINTABLE_ERRORS

    # A file name that is not UTF-8 (a Latin-1 name on Linux) is printed as \xe6,
    # not turned into a traceback by a terminal that encodes strictly.
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors=PRINTABLE_ERRORS)
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = build_parser().parse_args(args_list)
    if args.self_check:
        from kontakt.selfcheck import self_check

        return self_check()
    if args.command is not None:
        return run(args_list)
    from kontakt.ui.launch import launch

    return launch(args.db)


if __name__ == "__main__":
    import multiprocessing

    multiprocessing.freeze_support()  # import planning uses worker processes (also frozen)
    sys.exit(main())
