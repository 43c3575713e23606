"""A damaged SQLite file: the start-up check in the background, and the offer to
restore the newest good backup (at start-up, or when the check finds damage
under the open window). The restoring itself is the backup service's.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox, QWidget

from kontakt.errors import DatabaseError, KontaktError
from kontakt.failures import describe
from kontakt.paths import DatabaseLocation
from kontakt.services import backups
from kontakt.services.backups import BackupService
from kontakt.ui.workers import Worker

if TYPE_CHECKING:
    from kontakt.ui.main_window import MainWindow


def offer_restore(
    location: DatabaseLocation,
    problem: str,
    parent: QWidget | None,
    restore_file: Callable[[Path], list[str]] | None = None,
) -> bool:
    """Tell the user the database is damaged and offer the newest good backup.

    Args:
        restore_file: Restores a backup file and returns the lines to show: under a
            running core its ``backups.restore_and_reopen``; by default the file
            is restored over the database nobody has open.

    Returns True when a backup was restored (the caller opens or reloads again).
    """
    newest = backups.newest_good(location)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("Databasen er skadet")
    if newest is None:
        box.setText(f"{problem}\n\nDet finnes ingen hel sikkerhetskopi å gjenopprette.")
        box.exec()
        return False
    box.setText(
        f"{problem}\n\nDen nyeste hele sikkerhetskopien er {newest.name}. Gjenopprette den? "
        "Den skadede fila blir sikkerhetskopiert først."
    )
    restore = box.addButton("Gjenopprett sikkerhetskopien", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Ikke nå", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restore:
        return False
    try:
        lines = (restore_file or partial(backups.restore, location))(newest)
    except KontaktError as exc:
        QMessageBox.critical(parent, "Gjenoppretting mislyktes", str(exc))
        return False
    # Among them, how many people erased since the backup were erased again (art. 17).
    done = QMessageBox(parent)
    done.setIcon(QMessageBox.Icon.Information)
    done.setWindowTitle("Sikkerhetskopien er gjenopprettet")
    done.setText("\n\n".join([f"Gjenopprettet fra {newest.name}.", *lines]))
    done.exec()
    return True


class DailyBackupFailed(KontaktError):
    """The start-up backup could not be taken; the database itself passed its check."""


def start_up_checks(service: BackupService) -> None:
    """Off the GUI thread: SQLite's integrity check, then the daily backup.

    Raises:
        DatabaseError: The file is damaged (the check's finding).
        DailyBackupFailed: The file is fine, but today's backup failed (a full
            disk, a folder that cannot be written): no reason to restore anything.
    """
    service.check()
    try:
        service.daily()
    except (KontaktError, OSError) as exc:
        reason = describe(exc) or str(exc)
        raise DailyBackupFailed(
            f"Dagens sikkerhetskopi ble ikke tatt: {reason} Databasen er i orden; "
            "Kontakt prøver igjen neste gang det startes."
        ) from exc


def check_in_background(service: BackupService, window: MainWindow) -> Worker:
    """Run the start-up check and backup off the GUI thread. Only a damaged file is
    offered the newest good backup; a failed backup is a warning, and a bug is the
    crash handler's (the worker reports it)."""

    def report(error: object) -> None:
        if isinstance(error, DatabaseError):
            if offer_restore(service.location, str(error), window, service.restore_and_reopen):
                window.reload()
        elif isinstance(error, BaseException) and (text := describe(error)) is not None:
            QMessageBox.warning(window, "Kontakt", text)

    worker = Worker(start_up_checks, service)
    worker.signals.error.connect(report)
    return worker.start()
