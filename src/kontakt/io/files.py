"""Every file Kontakt writes: owner-only from creation, whole or not at all.

Files Kontakt writes hold personal data (exports, the art. 15 access export,
import reports, the year summary, idébank files saved out, .ics files, the
settings files database.json and the mail settings), so each is created
readable by its owner only (0600 on POSIX, whatever the umask), as the
database is. Every writer, in every layer, goes through this module; only the
backup mechanics (storage/backup.py) copy the database their own way.

A regular file is written to a temporary file beside it and renamed into
place: a failed or cancelled write never leaves half a file under the chosen
name and never destroys a file that was already there. On Windows a file open
in Excel cannot be replaced (a sharing violation): the message says so, and
the temporary file is removed. A target reached
through a symbolic link is written where the link points (the link stays).

A character device or a named pipe (``/dev/null``, ``/dev/stdout``, a FIFO
another program reads) is never replaced: the whole file is made first, in a
private temporary file, and then written through to it. So are other paths
in ``/dev`` and ``/proc`` (``/dev/stdout`` redirected to a file), as ``cp``
would. A named pipe nobody starts reading from within
:data:`PIPE_WAIT_SECONDS` is given up with a message, not waited for ever.
Other kinds of files (block devices, sockets) are refused.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kontakt.errors import KontaktError

_THROUGH_FOLDERS = ("/dev/", "/proc/")
# Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION: another program (Excel,
# Word, a PDF reader) holds the file open. Replacing a file held open fails with
# ERROR_ACCESS_DENIED (5) as well, the same error as for a read-only file.
_IN_USE_WINERRORS = (32, 33)
_ACCESS_DENIED = 5
PIPE_WAIT_SECONDS = 30.0
"""How long a named pipe nobody reads from is waited for before the write is given up."""


def _folder(target: Path) -> Path:
    return target.parent if str(target.parent) else Path(".")


def _written_through(target: Path) -> bool:
    """True if ``target`` is written through rather than replaced (see the module text).

    Raises:
        KontaktError: It is a folder or a kind of file that cannot be written.
    """
    try:
        mode = os.stat(target).st_mode
    except (OSError, ValueError):
        return False  # absent (or unreadable): the ordinary path reports what is wrong
    if stat.S_ISDIR(mode):
        raise KontaktError(f"Kan ikke skrive {target}: det er en mappe.")
    if stat.S_ISCHR(mode) or stat.S_ISFIFO(mode):
        return True
    if not stat.S_ISREG(mode):
        raise KontaktError(
            f"Kan ikke skrive {target}: det er ikke en vanlig fil "
            "(bare filer, enheter som /dev/null og navngitte rør kan skrives til)."
        )
    return str(target.absolute()).startswith(_THROUGH_FOLDERS)


def _destination(target: Path) -> Path:
    """Where the renamed file goes: a symbolic link's own target, else ``target``."""
    return Path(os.path.realpath(target)) if os.path.islink(target) else target


def _replace(tmp: Path, dest: Path, target: Path) -> None:
    """Rename ``tmp`` over ``dest``, saying so when another program holds ``dest`` open.

    Raises:
        KontaktError: ``dest`` is open in another program (Windows).
        OSError: Any other failure.
    """
    try:
        os.replace(tmp, dest)
    except PermissionError as exc:
        code = getattr(exc, "winerror", None)  # set on Windows only
        held = code in _IN_USE_WINERRORS or (
            code == _ACCESS_DENIED and dest.is_file() and os.access(dest, os.W_OK)
        )
        if held:
            raise KontaktError(
                f"Filen {target} er åpen i et annet program (Excel?). Lukk den og prøv igjen."
            ) from exc
        raise


def check_target(target: Path) -> None:
    """Refuse a target that cannot be written, before any work is done.

    Raises:
        KontaktError: Its folder is missing, it is a folder, or it is neither a
            regular file, a character device nor a named pipe (Norwegian message).
    """
    if _written_through(target):
        return
    folder = _folder(_destination(target))
    if not folder.is_dir():
        raise KontaktError(f"Kan ikke skrive {target}: mappen {folder} finnes ikke.")


def _fsync(path: Path) -> None:
    # Append mode: a handle that may be synced on every platform; nothing is written.
    with path.open("ab") as handle:
        os.fsync(handle.fileno())


def _private_temporary(folder: Path | None, prefix: str) -> Path:
    """A new empty file only its owner can read: mkstemp creates it with mode 0600,
    and a file written over (by openpyxl, Qt's PDF writer ...) keeps its mode."""
    fd, path = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=folder)
    os.close(fd)
    return Path(path)


def _open_pipe(target: Path, flags: int) -> int:
    """Open a named pipe for writing once a program reads from it, waiting at most
    :data:`PIPE_WAIT_SECONDS` (a plain open would wait for ever).

    Raises:
        KontaktError: Nothing started reading in time (Norwegian message).
    """
    import fcntl  # POSIX only, as named pipes are

    deadline = time.monotonic() + PIPE_WAIT_SECONDS
    while True:
        try:
            fd = os.open(target, flags | os.O_NONBLOCK)
            break
        except OSError as exc:
            if exc.errno != errno.ENXIO:  # ENXIO: nobody reads from it yet
                raise
            if time.monotonic() > deadline:
                raise KontaktError(
                    f"Kan ikke skrive {target}: ingen program leser fra røret "
                    f"(ventet {PIPE_WAIT_SECONDS:g} sekunder)."
                ) from exc
            time.sleep(0.05)
    fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
    return fd


def _write_through(source: Path, target: Path) -> None:
    """Copy ``source`` into the existing device, pipe or file ``target`` (never replaced)."""
    flags = os.O_WRONLY | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    mode = os.stat(target).st_mode
    if stat.S_ISREG(mode):
        flags |= os.O_TRUNC
    fd = _open_pipe(target, flags) if stat.S_ISFIFO(mode) else os.open(target, flags)
    with os.fdopen(fd, "wb") as out, source.open("rb") as data:
        shutil.copyfileobj(data, out)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield an owner-only temporary path to write; on success it becomes ``target``.

    A regular file (new or old) is replaced by renaming; a device or named pipe
    gets the finished bytes written through to it.

    Raises:
        KontaktError: The target cannot be written (Norwegian message naming the file).
    """
    check_target(target)
    through = _written_through(target)
    dest = target if through else _destination(target)
    try:
        if through:  # a private file in the temporary folder: /dev is not ours to write
            tmp = _private_temporary(None, "kontakt-")
        else:  # beside the target, so that the rename is atomic
            tmp = _private_temporary(_folder(dest), f".{dest.name}.")
    except OSError as exc:
        raise KontaktError(f"Kan ikke skrive {target}: {exc.strerror}") from exc
    try:
        yield tmp
        if through:
            _write_through(tmp, dest)
        else:
            _fsync(tmp)
            _replace(tmp, dest, target)
    except OSError as exc:
        raise KontaktError(f"Kan ikke skrive {target}: {exc.strerror or exc}") from exc
    finally:
        tmp.unlink(missing_ok=True)  # already gone after a rename


def write_bytes_atomically(target: Path, data: bytes) -> None:
    """Write bytes all at once or not at all, readable by the owner only."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomically(target: Path, text: str) -> None:
    """Write UTF-8 text all at once or not at all, readable by the owner only."""
    write_bytes_atomically(target, text.encode("utf-8"))


def write_json_atomically(target: Path, data: object) -> None:
    """Write JSON (UTF-8, indented) all at once or not at all, readable by the owner only."""
    write_text_atomically(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
