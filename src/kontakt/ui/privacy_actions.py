"""The person-level privacy actions in the window: «Eksporter alt om personen» and
«Slett permanent»."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from kontakt.app import Core, erase_person
from kontakt.domain.records import ContactRow
from kontakt.errors import KontaktError
from kontakt.io.files import write_json_atomically
from kontakt.ui.dialogs.export_dialog import file_stem


class PrivacyActions:
    """Two actions on the first selected contact.

    Args:
        core: The services.
        window: Parent for dialogs.
        selection: The selected contacts.
        changed: Called after an erasure (the window reloads).
    """

    def __init__(
        self,
        core: Core,
        window: QWidget,
        selection: Callable[[], list[ContactRow]],
        changed: Callable[[], None],
    ) -> None:
        self.core = core
        self.window = window
        self.selection = selection
        self.changed = changed
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
            data = self.core.privacy.export_person(row.uid)
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
        erase_person(self.core, row.uid)
        self.changed()
        return True
