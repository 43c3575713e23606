"""Writing the archive folder: only what changed, whole files, owner-only.

A refresh compares each file's new bytes with what is on disk and rewrites
only those that differ, through :mod:`kontakt.io.files` (atomic, owner-only),
so a folder synchronised to a web site uploads only what is new. Files in the
folder that the archive did not write are never touched.
"""

from __future__ import annotations

from pathlib import Path

from kontakt.errors import KontaktError
from kontakt.io.files import write_bytes_atomically


def prepare_folder(folder: Path) -> None:
    """Make the folder (and its parents) if needed, and check it can be written to.

    Raises:
        KontaktError: It is a file, or cannot be made or written to (Norwegian message).
    """
    if folder.exists() and not folder.is_dir():
        raise KontaktError(f"Kan ikke skrive arkivet til {folder}: det er en fil, ikke en mappe.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / ".kontakt-skrivetest"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise KontaktError(
            f"Kan ikke skrive arkivet til mappen {folder}: {exc.strerror or exc}."
        ) from exc


def same_bytes(target: Path, data: bytes) -> bool:
    """True if ``target`` already holds exactly ``data``."""
    try:
        if target.stat().st_size != len(data):
            return False
        return target.read_bytes() == data
    except OSError:
        return False


def write_if_changed(target: Path, data: bytes) -> bool:
    """Write ``data`` to ``target`` unless it is already there; True if written.

    Raises:
        KontaktError: The file cannot be written (Norwegian message naming it).
    """
    if same_bytes(target, data):
        return False
    write_bytes_atomically(target, data)
    return True
