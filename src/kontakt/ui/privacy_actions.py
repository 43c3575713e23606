"""The person-level privacy actions in the window: «Eksporter alt om personen» and
«Slett permanent» (which then offers to rewrite or delete the backups that still
hold the person)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from kontakt.domain.records import ContactRow
from kontakt.errors import KontaktError
from kontakt.io.files import write_json_atomically
from kontakt.services.backups import BackupService, copies
from kontakt.services.privacy import PrivacyService, ScrubIncomplete
from kontakt.ui.dialogs.export_dialog import file_stem
from kontakt.ui.widgets.task_panel import error_text
from kontakt.ui.workers import Worker


@dataclass(frozen=True)
class Erasure:
    """Erasing people for good (GDPR art. 17), and the backups that still hold them.

    Attributes:
        erase: Erases one person by uid and deletes the backups past the
            retention period; returns the person's name. Raises
            ``ScrubIncomplete`` when the file still holds the bytes for now.
        backups: The open database's backups, looked through, rewritten or deleted.
    """

    erase: Callable[[str], str]
    backups: BackupService


class PrivacyActions:
    """Two actions on the first selected contact.

    Args:
        privacy: Gathers everything about a person (art. 15).
        erasure: Erases a person (art. 17) and offers to clean the backups.
        window: Parent for dialogs.
        selection: The selected contacts.
        changed: Called after an erasure (the window reloads).
    """

    def __init__(
        self,
        privacy: PrivacyService,
        erasure: Erasure,
        window: QWidget,
        selection: Callable[[], list[ContactRow]],
        changed: Callable[[], None],
    ) -> None:
        self.privacy = privacy
        self.erasure = erasure
        self.window = window
        self.selection = selection
        self.changed = changed
        self.cleanup: Worker | None = None  # rewriting backups after an erasure
        self.export = QAction("Eksporter alt om personen …", window)
        self.export.setToolTip("Innsyn (GDPR art. 15): alt som er lagret, som JSON og PDF")
        self.export.triggered.connect(self.export_person)
        self.erase = QAction("Slett permanent …", window)
        self.erase.setToolTip("Sletting (GDPR art. 17): personen og historikken, for godt")
        self.erase.triggered.connect(self.erase_person)

    def _one(self) -> ContactRow | None:
        rows = self.selection()
        if len(rows) != 1:
            QMessageBox.information(self.window, "Kontakt", "Velg én kontakt først.")
            return None
        return rows[0]

    def export_person(self, target: Path | None = None) -> Path | None:
        """Write the JSON and, beside it, the readable PDF; returns the JSON's path."""
        row = self._one()
        if row is None:
            return None
        if target is None:
            name, _ = QFileDialog.getSaveFileName(
                self.window, "Innsyn: lagre som",
                str(Path.home() / f"innsyn-{file_stem(row.full_name)}.json"), "JSON (*.json)",
            )  # fmt: skip
            if not name:
                return None
            target = Path(name)
        from kontakt.ui.printing.person_report import write_person_pdf

        try:
            data = self.privacy.export_person(row.uid)
            write_json_atomically(target, data)
            write_person_pdf(data, target.with_suffix(".pdf"))
        except KontaktError as exc:
            QMessageBox.warning(self.window, "Innsyn", str(exc))
            return None
        QMessageBox.information(
            self.window,
            "Innsyn",
            f"Skrev {target.name} og {target.with_suffix('.pdf').name} i {target.parent}.",
        )
        return target

    def erase_person(self) -> bool:
        """Erase the contact for good, after a clear question."""
        row = self._one()
        if row is None:
            return False
        answer = QMessageBox.question(
            self.window,
            "Slett permanent",
            f"Slette {row.full_name} for godt? Kontakten, historikken og utsendelsene "
            "slettes og kan ikke gjenopprettes. En anonym sperre (uten navn) hindrer at "
            "personen importeres på nytt uten at du blir spurt.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        try:
            self.erasure.erase(row.uid)
        except ScrubIncomplete as exc:  # erased; the file still holds the bytes for now
            QMessageBox.warning(self.window, "Slett permanent", str(exc))
        except KontaktError as exc:
            QMessageBox.warning(self.window, "Slett permanent", str(exc))
            return False
        self.changed()
        self.cleanup = offer_backup_cleanup(self.erasure, self.window, [row.uid], row.full_name)
        return True


def offer_backup_cleanup(
    erasure: Erasure, parent: QWidget, uids: list[str], who: str
) -> Worker | None:
    """After an erasure: offer to rewrite or delete the backups that still hold the people.

    Rewriting runs in the background behind a progress dialog; the worker is
    returned so that the caller can keep it until it ends.
    """
    held = erasure.backups.holding(uids)
    if not held:
        return None
    days = erasure.backups.max_age_days
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle("Sikkerhetskopier")
    box.setText(
        f"{copies(len(held))} har fortsatt opplysninger om {who}. Skrive dem om uten "
        "personen, eller slette dem?\n\nLar du dem være, slettes de når de er "
        f"{days} dager gamle, og gjenoppretter du en av dem, fjernes personen igjen."
    )
    rewrite = box.addButton("Skriv dem om uten personen", QMessageBox.ButtonRole.AcceptRole)
    delete = box.addButton("Slett dem", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("La dem være", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    if clicked is delete:
        try:
            erasure.backups.delete(held)
        except KontaktError as exc:
            QMessageBox.warning(parent, "Sikkerhetskopier", str(exc))
            return None
        QMessageBox.information(parent, "Sikkerhetskopier", f"{copies(len(held))} er slettet.")
        return None
    if clicked is not rewrite:
        return None
    progress = QProgressDialog("Skriver om sikkerhetskopiene …", "", 0, len(held), parent)
    progress.setCancelButton(None)  # each copy is replaced whole or not at all; let it finish
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)

    def done(_removed: object) -> None:
        progress.close()
        text = f"{copies(len(held))} er skrevet om uten personen."
        QMessageBox.information(parent, "Sikkerhetskopier", text)

    def failed(exc: object) -> None:
        progress.close()
        QMessageBox.warning(parent, "Sikkerhetskopier", error_text(exc))

    worker = Worker(erasure.backups.rewrite_steps, held)
    worker.signals.progress.connect(lambda n, _total: progress.setValue(n))
    worker.signals.result.connect(done)
    worker.signals.error.connect(failed)
    return worker.start()
