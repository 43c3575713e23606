"""Atomic file writing: a temporary file beside the target, renamed into place.

A failed or cancelled export never leaves half a file under the chosen name,
and never destroys a file that was already there.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kontakt.errors import KontaktError


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def check_target(target: Path) -> None:
    """Refuse a target that cannot be written, before any work is done.

    Raises:
        KontaktError: Its folder is missing, or it is a folder (Norwegian message).
    """
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise KontaktError(f"Kan ikke skrive {target}: mappen {folder} finnes ikke.")
    if target.is_dir():
        raise KontaktError(f"Kan ikke skrive {target}: det er en mappe.")


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces ``target``.

    Raises:
        KontaktError: The folder cannot be written (Norwegian message naming the file).
    """
    check_target(target)
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise KontaktError(f"Kan ikke skrive {target}: {exc.strerror}") from exc
    os.close(fd)
    tmp = Path(name)
    os.chmod(tmp, 0o666 & ~_umask())  # as an ordinary new file (mkstemp makes it 0600)
    try:
        yield tmp
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise KontaktError(f"Kan ikke skrive {target}: {exc.strerror}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_text_atomically(target: Path, text: str) -> None:
    """Write UTF-8 text all at once or not at all (flushed to disk before the rename)."""
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def write_json_atomically(target: Path, data: object) -> None:
    """Write JSON (UTF-8, indented) all at once or not at all."""
    write_text_atomically(target, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
