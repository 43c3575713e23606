"""The About box's text: version, database, and the Qt and Python it runs on."""

from __future__ import annotations

import html
import platform
import sys

import PySide6
from PySide6.QtCore import qVersion

from kontakt import __version__
from kontakt.paths import DatabaseLocation


def about_html(database: DatabaseLocation) -> str:
    """Rich text for «Om Kontakt» (what a bug report needs)."""
    frozen = " (installert pakke)" if getattr(sys, "frozen", False) else ""
    python = f"{platform.python_implementation()} {platform.python_version()}"
    return (
        f"<b>Kontakt {__version__}</b>{frozen}<br>"
        "Kontaktliste og utsendelser for SVs helsepolitiske nettverk.<br><br>"
        f"Database: {html.escape(database.describe())}<br>"
        f"Qt {qVersion()} (PySide6 {PySide6.__version__}), {python}, "
        f"{html.escape(platform.system())} {html.escape(platform.machine())}"
    )
