"""The command line's edges: arguments that are not UTF-8, and failures as one line.

On Linux an argument is bytes; Python keeps bytes that are not UTF-8 (a Latin-1
terminal's «æ», a Latin-1 file name) as surrogates, which SQLite, psycopg and
a strict terminal refuse with a traceback. A file name stays as it is (it
still opens the file: Python gives the bytes back to the system); a text
(search, topic, subject …) is refused with a message naming the option.

Every failure that reaches the top of a command ends as one Norwegian line on
stderr and exit code 1; the details go to the log file, and a failure nobody
foresaw says so and where the log is, without a traceback.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.cli.common import for_terminal
from kontakt.domain.control_chars import printable
from kontakt.errors import KontaktError
from kontakt.failures import describe
from kontakt.log import record_failure


def _has_surrogates(text: str) -> bool:
    return any("\udc80" <= ch <= "\udcff" for ch in text)


def _labels(parser: argparse.ArgumentParser, found: dict[str, str]) -> dict[str, str]:
    # argparse keeps its actions private; walking them is the only way from a
    # parsed value back to the option the user typed.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                _labels(sub, found)
        elif action.dest not in found:
            label = action.option_strings[-1] if action.option_strings else action.metavar
            found[action.dest] = str(label or action.dest)
    return found


def refuse_undecodable(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse a text argument holding bytes that are not UTF-8 (file names may).

    Raises:
        KontaktError: Naming the option and showing the bytes as ``\\xe6``.
    """
    labels: dict[str, str] | None = None
    for dest, value in vars(args).items():
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str) and _has_surrogates(text):
                labels = labels or _labels(parser, {})
                raise KontaktError(
                    f"{labels.get(dest, dest)} «{printable(text)}» er ikke gyldig UTF-8: "
                    "teksten er skrevet med et annet tegnsett (kanskje Latin-1). Skriv den på "
                    "nytt i en terminal som bruker UTF-8."
                )


def report_failure(exc: BaseException, command: str | None, err: TextIO) -> int:
    """Print one line for ``exc`` on ``err``, log its details; returns the exit code 1."""
    if isinstance(exc, KontaktError):
        err.write(f"kontakt: {for_terminal(describe(exc) or str(exc))}\n")
        return 1
    message = describe(exc)
    where = record_failure(exc, f"kontakt {command or ''}".strip())
    if message is None:
        log = f" Detaljer er skrevet til {printable(str(where))}." if where else ""
        message = f"En uventet feil oppstod ({type(exc).__name__}), en feil i Kontakt.{log}"
    err.write(f"kontakt: {for_terminal(message)}\n")
    return 1
