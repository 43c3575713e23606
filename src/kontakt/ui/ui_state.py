"""Window state: the size of the window, its columns, the folders last used.

Nobody chooses these as settings; the window remembers them as they were
left. They are kept in QSettings (the registry on Windows, a .plist on macOS,
an .ini file on Linux), apart from the preferences the secretary sets
(:mod:`kontakt.domain.preferences`), and every key is declared here: the keys
are the ones earlier versions wrote, so a window opens as it was left.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings


class Folder(Enum):
    """A folder remembered for the next file dialog of its kind."""

    IMPORT = "import/folder"  # the file imported last (and where its report goes)
    EXPORT = "export/folder"  # the file exported last
    EVENTS = "events/folder"  # attendance lists and calendar files
    ARCHIVE = "archive/folder"  # the open newsletter archive (the folder itself)


class Layout(Enum):
    """A widget's state as Qt saves it (bytes)."""

    MAIN_GEOMETRY = "main/geometry"  # the main window's size and place
    MAIN_HEADER = "main/header"  # the contact table's column widths, order and hidden columns


def last_folder(folder: Folder, fallback: Path) -> Path:
    """The folder used last for this, or ``fallback`` when none is remembered or it is gone."""
    remembered = QSettings().value(folder.value)
    if isinstance(remembered, str) and remembered and Path(remembered).is_dir():
        return Path(remembered)
    return fallback


def remember_folder(folder: Folder, path: Path) -> None:
    """Remember the folder a file was chosen in (``path`` is that folder)."""
    QSettings().setValue(folder.value, str(path))


def saved_layout(layout: Layout) -> QByteArray | None:
    """The state saved by :func:`save_layout`, or None."""
    value = QSettings().value(layout.value)
    if isinstance(value, QByteArray):
        return value
    if isinstance(value, bytes):
        return QByteArray(value)
    return None


def save_layout(layout: Layout, state: QByteArray) -> None:
    """Keep a widget's state (``saveGeometry()``, ``saveState()``) for the next start."""
    QSettings().setValue(layout.value, state)
