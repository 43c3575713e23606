"""The log file in the user's log folder, for details a one-line message leaves out.

For now it holds the failures the command line reports (the message the user
saw is one Norwegian line; the frames behind it are here). It never holds
personal data: frames (file, line, function), exception types and error codes
(errno, SQLite's and PostgreSQL's codes, the SQL statement without its
parameters), never an exception's text, a file name or a value.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import traceback
from pathlib import Path

from platformdirs import user_log_path

from kontakt.paths import APP_NAME

LOG_NAME = "kontakt.log"
# Past this size the file is moved to kontakt.log.1 (replacing the one before).
MAX_BYTES = 1_000_000


def log_dir() -> Path:
    """The user's log folder for Kontakt (e.g. ~/.local/state/Kontakt/log)."""
    return user_log_path(APP_NAME, appauthor=False)


def log_file() -> Path:
    """The log file."""
    return log_dir() / LOG_NAME


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
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def failure_details(exc: BaseException) -> str:
    """The traceback of ``exc`` and its causes, without any exception's text."""
    lines = []
    for i, e in enumerate(_chain(exc)):
        if i:
            lines.append("Som førte til / which led to:")
        lines.append("Traceback (most recent call last):")
        frames = traceback.format_list(traceback.extract_tb(e.__traceback__))
        lines += [frame.rstrip("\n") for frame in frames]
        lines.append(f"{type(e).__module__}.{type(e).__qualname__}{_codes(e)}")
    return "\n".join(lines)


def record_failure(exc: BaseException, what: str) -> Path | None:
    """Append a failure's details to the log file (owner-only).

    Args:
        exc: The failure.
        what: A short heading without personal data, e.g. the command's name.

    Returns:
        The log file, or None when it could not be written (a full disk, say):
        the one-line message must still reach the user.
    """
    from kontakt import __version__

    path = log_file()
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"{stamp} Kontakt {__version__}: {what}\n{failure_details(exc)}\n\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if os.name == "posix":
            os.chmod(path.parent, 0o700)
        if path.exists() and path.stat().st_size > MAX_BYTES:
            os.replace(path, path.with_name(LOG_NAME + ".1"))
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            if os.name == "posix":
                os.fchmod(fd, 0o600)
            os.write(fd, text.encode("utf-8", "backslashreplace"))
        finally:
            os.close(fd)
    except OSError:
        return None
    return path
