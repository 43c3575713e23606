"""Kontakt's one logging set-up: a private, rotating log file in the user's log folder.

:func:`setup_logging` is called once at start (``__main__``), for the command
line and the window alike: the standard ``logging`` module writes to
``kontakt.log`` in the user's log folder (platformdirs), owner-only, moved
aside at 1 MB (three old files kept). The window also writes to stderr when it
has one (a windowed bundle has none).

The log never holds personal data. Every line goes through
:class:`PrivateFormatter`: e-mail addresses and phone numbers (8 to 15 digits,
with or without +47/00, spaced or not, which also covers national identity
numbers) are masked, the home folder is shown as ``~``, and an exception is
written as its frames (file, line, function), its type and its error codes
(errno, SQLite's and PostgreSQL's codes, the SQL statement without its
parameters), never its text. Names cannot be recognised in free text, so
messages in the code carry ids and counts, never a name, a subject or a file name.
"""

from __future__ import annotations

import datetime as dt
import errno
import io
import logging
import os
import platform
import re
import sys
import traceback
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TextIO

from platformdirs import user_log_path

from kontakt.paths import APP_NAME

LOG_NAME = "kontakt.log"
# Past this size the file is moved to kontakt.log.1 (.1 to .2, and so on).
MAX_BYTES = 1_000_000
BACKUP_COUNT = 3

EMAIL_MASK = "[e-post]"
PHONE_MASK = "[nummer]"
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+")
# 8 to 15 digits, single spaces allowed between them, after an optional + or 00:
# a Norwegian number (912 34 567, 91234567), E.164 (+47 912 34 567), a national
# identity number. Dashes are not joined, so that dates and times stay readable.
_PHONE = re.compile(r"(?<![\w+])(?:\+|00)?[0-9](?: ?[0-9]){7,14}(?![\w])")

log = logging.getLogger(__name__)


def log_dir() -> Path:
    """The user's log folder for Kontakt (e.g. ~/.local/state/Kontakt/log)."""
    return user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    """The log file."""
    return log_dir() / LOG_NAME


def _home() -> str | None:
    try:
        home = str(Path.home())
    except (RuntimeError, KeyError):  # no home folder to find
        return None
    return home if len(home) > 1 else None


def mask(text: str) -> str:
    """``text`` with e-mail addresses and phone numbers masked, the home folder as ``~``
    (its name is often the user's name)."""
    text = _PHONE.sub(PHONE_MASK, _EMAIL.sub(EMAIL_MASK, text))
    home = _home()
    return text.replace(home, "~") if home else text


def _codes(exc: BaseException) -> str:
    """What identifies a failure without its text: error codes, never values."""
    parts = []
    if isinstance(exc, OSError) and exc.errno is not None:
        parts.append(errno.errorcode.get(exc.errno, str(exc.errno)))
    for attr in ("sqlite_errorname", "sqlstate"):
        value = getattr(exc, attr, None)
        if isinstance(value, str) and value:
            parts.append(value)
    statement = getattr(exc, "statement", None)
    if isinstance(statement, str):
        parts.append(f"SQL: {' '.join(statement.split())[:300]}")
    if isinstance(exc, UnicodeError):
        parts.append(f"{getattr(exc, 'encoding', '')} {getattr(exc, 'reason', '')}".strip())
    return f" [{'; '.join(parts)}]" if parts else ""


def _chain(exc: BaseException) -> list[BaseException]:
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and not any(current is seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def failure_details(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes without any exception's text, masked."""
    lines = []
    for i, e in enumerate(_chain(exc)):
        if i:
            lines.append("Som førte til / which led to:")
        lines.append("Traceback (most recent call last):")
        frames = traceback.format_list(traceback.extract_tb(e.__traceback__))
        lines += [frame.rstrip("\n") for frame in frames]
        lines.append(f"{type(e).__module__}.{type(e).__qualname__}{_codes(e)}")
    return mask("\n".join(lines))


def versions() -> str:
    """Kontakt's, Python's and the system's versions (what a bug report needs)."""
    from kontakt import __version__

    frozen = " (pakke)" if getattr(sys, "frozen", False) else ""
    return (
        f"Kontakt {__version__}{frozen}; {platform.python_implementation()} "
        f"{platform.python_version()}; {platform.platform()}"
    )


class PrivateFormatter(logging.Formatter):
    """One log line: time, process, level, logger and the masked message; an
    exception as its frames, type and codes (never its text)."""

    def format(self, record: logging.LogRecord) -> str:
        # Formatter.format would cache the raw traceback on the record (exc_text),
        # which other handlers then reuse: build everything here instead.
        stamp = dt.datetime.fromtimestamp(record.created).astimezone()
        text = mask(record.getMessage())
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + failure_details(record.exc_info[1])
        if record.stack_info:
            text += "\n" + mask(record.stack_info)
        return (
            f"{stamp.isoformat(timespec='seconds')} [{record.process}] "
            f"{record.levelname} {record.name}: {text}"
        )


class PrivateFileHandler(RotatingFileHandler):
    """A rotating log file that is created owner-only and never complains on stderr.

    Attributes:
        failed: Set when a record could not be written (a full disk, say).
    """

    def __init__(self, path: Path) -> None:
        self.failed = False
        super().__init__(
            path,
            maxBytes=MAX_BYTES,
            backupCount=BACKUP_COUNT,
            encoding="utf-8",
            errors="backslashreplace",
        )
        self.setFormatter(PrivateFormatter())

    def _open(self) -> io.TextIOWrapper:
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)  # a file made earlier with looser rights
            return open(fd, "a", encoding=self.encoding, errors=self.errors)
        except BaseException:
            os.close(fd)
            raise

    def handleError(self, record: logging.LogRecord) -> None:
        # The one-line message must reach the user even when the log cannot be
        # written; and a windowed bundle has no stderr to complain on.
        self.failed = True


class _ConsoleHandler(logging.StreamHandler[TextIO]):
    """The window's stderr, when it was started from a terminal."""


def _file_handler() -> PrivateFileHandler | None:
    """The root logger's handler for :func:`log_file`, added if missing (or if the log
    folder moved, as it does between tests); None if the file cannot be opened."""
    path = log_file()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, PrivateFileHandler):
            if handler.baseFilename == os.path.abspath(path):
                return handler
            root.removeHandler(handler)
            handler.close()
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            os.chmod(path.parent, 0o700)
        handler = PrivateFileHandler(path)
    except OSError:
        return None
    root.addHandler(handler)
    if root.level > logging.ERROR:
        root.setLevel(logging.ERROR)  # failures are recorded even when logging is off
    return handler


def setup_logging(role: str, *, console: bool = False) -> Path | None:
    """Send Kontakt's logging to the log file (and stderr for the window); note the start.

    Args:
        role: What is starting, without personal data: ``"vindu"``, ``"kontakt list"``.
        console: Also write to stderr (the window; the command line keeps its
            promise of one line per failure). Skipped when there is no stderr.

    Returns:
        The log file, or None when it cannot be written (the program runs on).
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _ConsoleHandler):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(logging.INFO)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    if console and sys.stderr is not None:
        stream = _ConsoleHandler(sys.stderr)
        stream.setFormatter(PrivateFormatter())
        root.addHandler(stream)
    written = _file_handler()
    log.info("start: %s; %s", role, versions())
    return None if written is None or written.failed else Path(written.baseFilename)


def record_failure(exc: BaseException, what: str) -> Path | None:
    """Log a failure's details (frames, type, codes) at ERROR.

    Args:
        exc: The failure.
        what: A short heading without personal data, e.g. the command's name.

    Returns:
        The log file, or None when it could not be written (a full disk, say):
        the one-line message must still reach the user.
    """
    handler = _file_handler()
    if handler is None:
        return None
    handler.failed = False
    logging.getLogger("kontakt.failures").error(
        "%s", what, exc_info=(type(exc), exc, exc.__traceback__)
    )
    return None if handler.failed else Path(handler.baseFilename)
