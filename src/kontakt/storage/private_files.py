"""Files and folders of personal data that storage writes: the user's alone from creation.

Backups and the erasure register are created owner-only (0600 in a 0700 folder)
with ``os.open``, never created readable and narrowed afterwards: a file that is
0644 while it is written can be read by anyone on the machine in that window,
and stays readable if the writer is killed. On Windows the modes mean nothing
and the user's profile folders are private already.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

try:  # POSIX: an advisory lock tells a live temporary file from a killed writer's
    import fcntl
except ImportError:  # Windows: an open file cannot be deleted, which does the same
    fcntl = None  # type: ignore[assignment]


def private_folder(folder: Path) -> Path:
    """Create ``folder`` (and its parents) if needed and make it 0700.

    A folder made by an older Kontakt (0755) is narrowed too.
    """
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if os.name == "posix":
        with contextlib.suppress(OSError):  # someone else's folder: writing will tell
            if folder.stat().st_mode & 0o077:
                os.chmod(folder, 0o700)
    return folder


def make_private(path: Path) -> None:
    """Narrow an existing file to 0600 (one an older Kontakt left readable)."""
    if os.name == "posix":
        with contextlib.suppress(OSError):
            if path.stat().st_mode & 0o077:
                os.chmod(path, 0o600)


def create_private(path: Path) -> int:
    """Create ``path`` empty with mode 0600; returns a descriptor that holds it, or -1.

    While the descriptor is open the file counts as in use (:func:`is_abandoned`
    is False); give it to :func:`release` once the file is renamed or deleted.
    On Windows nothing is held (-1): an open file could not be renamed there.

    Raises:
        FileExistsError: The file exists (another writer, or a leftover).
        OSError: The folder cannot be written.
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags, 0o600)
    if fcntl is None:
        os.close(fd)
        return -1
    with contextlib.suppress(OSError):  # a file system without locks: nothing to tell others
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    return fd


def release(fd: int) -> None:
    """Close a descriptor from :func:`create_private` (after SQLite has closed the file:
    closing any descriptor of a file drops the process's POSIX locks on it)."""
    if fd >= 0:
        os.close(fd)


def is_abandoned(path: Path) -> bool:
    """True when no live process holds the temporary file ``path`` (its writer died)."""
    if fcntl is None:
        return True  # Windows: deleting a file in use fails, so trying is safe
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError:
        return True  # no locks on this file system: a leftover is all it can be
    finally:
        os.close(fd)
    return True


def write_private(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` all at once (temporary file, fsync, rename), 0600.

    Raises:
        OSError: The folder cannot be written or the disk is full.
    """
    private_folder(path.parent)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    release(create_private(tmp))
    try:
        with tmp.open("r+b") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
