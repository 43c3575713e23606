"""«Eksporter»: choose the contacts, the format and what to include, then write the file.

The scope is the selected rows, the window's current filter, a list or a
saved search; trashed contacts are never written. The dialog shows how many
contacts the chosen scope holds, and writes in the background with a
progress bar and «Avbryt» (the file appears only when it is complete).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.exporting import ExportFormat, ExportOptions
from kontakt.domain.records import ContactFilter
from kontakt.domain.text import fold
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.services.catalog import CatalogService
from kontakt.services.exporting import ExportResult, ExportScope, ExportService
from kontakt.ui.ui_state import Folder, last_folder, remember_folder
from kontakt.ui.widgets.scope_chooser import ScopeChooser
from kontakt.ui.widgets.task_panel import TaskPanel, error_text


def file_stem(title: str) -> str:
    """A file name from a title: «Kontakter – Vestland» -> «kontakter-vestland»."""
    stem = re.sub(r"[^a-z0-9æøå]+", "-", fold(title)).strip("-")
    return stem or "kontakter"


class ExportDialog(QDialog):
    """Export contacts to a file.

    Args:
        exports: Counts and writes the contacts.
        catalog: The lists and saved searches «Hvem» offers.
        selected: Uids of the rows selected in the table (may be empty).
        current: The window's current filter.
        describe: The current filter in words, e.g. «Vestland · Psykisk helse».
    """

    def __init__(
        self,
        exports: ExportService,
        catalog: CatalogService,
        selected: list[str],
        current: ContactFilter,
        describe: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.exports = exports
        self.setWindowTitle("Eksporter kontakter")
        self.setMinimumWidth(560)
        self.result_info: ExportResult | None = None

        self.format_box = QComboBox()
        for fmt in ExportFormat:
            self.format_box.addItem(fmt.label, fmt.value)
        self.format_box.currentIndexChanged.connect(self._format_changed)

        self.chooser = ScopeChooser(catalog, selected, current, describe)
        self.chooser.changed.connect(self._scope_changed)
        # Short names for the chooser's parts (tests and the code below use them).
        self.selected_button = self.chooser.selected_button
        self.current_button = self.chooser.current_button
        self.list_button = self.chooser.list_button
        self.list_box = self.chooser.list_box
        self.count_label = self.chooser.count_label

        self.notes_box = QCheckBox("Ta med &notater")
        self.private_box = QCheckBox("Ta med &private telefonnumre")
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText("Overskrift på Excel- og PDF-lister")
        self.path_edit = QLineEdit()
        browse = QPushButton("&Bla gjennom …")
        browse.clicked.connect(self._browse)
        path_line = QHBoxLayout()
        path_line.addWidget(self.path_edit, 1)
        path_line.addWidget(browse)

        form = QFormLayout()
        form.addRow("&Format:", self.format_box)
        form.addRow("&Ta med:", self.notes_box)
        form.addRow("", self.private_box)
        form.addRow("&Overskrift:", self.title_edit)
        form.addRow("Lagre som:", path_line)

        self.tasks = TaskPanel()
        self.tasks.busy_changed.connect(self._busy)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.open_folder = QPushButton("Vis i mappen")
        self.open_folder.clicked.connect(self._show_folder)
        self.open_folder.setVisible(False)
        done_line = QHBoxLayout()
        done_line.addWidget(self.done_label, 1)
        done_line.addWidget(self.open_folder)

        self.buttons = QDialogButtonBox()
        self.export_button = self.buttons.addButton(
            "Eksporter", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.close_button = self.buttons.addButton("Lukk", QDialogButtonBox.ButtonRole.RejectRole)
        self.export_button.clicked.connect(self.start_export)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.chooser)
        layout.addLayout(form)
        layout.addWidget(self.tasks)
        layout.addLayout(done_line)
        layout.addWidget(self.buttons)

        self.title_edit.setText(describe)
        self._scope_changed()
        self._format_changed()

    # -- choices -----------------------------------------------------------------

    def fmt(self) -> ExportFormat:
        """The chosen format."""
        return ExportFormat(self.format_box.currentData())

    def scope(self) -> ExportScope:
        """The chosen contacts."""
        return self.chooser.scope()

    def options(self) -> ExportOptions:
        """What to include."""
        return ExportOptions(
            include_notes=self.notes_box.isChecked(),
            include_private=self.private_box.isChecked(),
            title=self.title_edit.text().strip(),
        )

    def _scope_changed(self) -> None:
        try:
            count = self.exports.count(self.scope())
        except KontaktError as exc:
            self.count_label.setText(str(exc))
            self.export_button.setEnabled(False)
            return
        self.count_label.setText(f"<b>{plural(count, 'kontakt', 'kontakter')}</b> blir skrevet.")
        self.export_button.setEnabled(count > 0)
        self.title_edit.setText(self.chooser.title())
        self._suggest_path()

    def _format_changed(self) -> None:
        fmt = self.fmt()
        self.title_edit.setEnabled(fmt in (ExportFormat.XLSX, ExportFormat.PDF))
        self._suggest_path()

    def _folder(self) -> Path:
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        fallback = Path(documents) if documents and Path(documents).is_dir() else Path.home()
        return last_folder(Folder.EXPORT, fallback)

    def _suggest_path(self) -> None:
        current = self.path_edit.text().strip()
        folder = Path(current).parent if current else self._folder()
        stem = file_stem(" ".join(["kontakter", self.chooser.title()]))
        self.path_edit.setText(str(folder / f"{stem}{self.fmt().suffix}"))

    def _browse(self) -> None:
        fmt = self.fmt()
        name, _ = QFileDialog.getSaveFileName(
            self, "Lagre som", self.path_edit.text(), f"{fmt.label} (*{fmt.suffix})"
        )
        if name:
            self.path_edit.setText(name)

    # -- writing -----------------------------------------------------------------

    def target(self) -> Path:
        """Where to write, with the format's ending added when it is missing."""
        path = Path(self.path_edit.text().strip()).expanduser()
        suffix = self.fmt().suffix
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def start_export(self) -> None:
        """«Eksporter»: write the file in the background."""
        if not self.path_edit.text().strip():
            self.tasks.show_error("Velg hvor fila skal lagres.")
            return
        target = self.target()
        self.done_label.clear()
        self.open_folder.setVisible(False)
        self.tasks.run(
            "Skriver",
            self.exports.export_steps,
            self.fmt(),
            target,
            self.scope(),
            self.options(),
            on_result=self._written,
            on_error=lambda exc: self.tasks.show_error(error_text(exc)),
            on_cancel=lambda: self.done_label.setText("Avbrutt: ingen fil ble skrevet."),
            detach_on_cancel=False,
            units=("kontakt", "kontakter"),
        )

    def _written(self, result: object) -> None:
        assert isinstance(result, ExportResult)
        self.result_info = result
        remember_folder(Folder.EXPORT, result.path.parent)
        done = f"Skrev {plural(result.count, 'kontakt', 'kontakter')} til {result.path}"
        self.done_label.setText(f"{done}\n{result.left_out}" if result.left_out else done)
        self.open_folder.setVisible(True)

    def _busy(self, busy: bool) -> None:
        self.export_button.setEnabled(not busy)
        self.close_button.setEnabled(not busy)

    def _show_folder(self) -> None:
        if self.result_info is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result_info.path.parent)))

    def reject(self) -> None:
        """Closing is refused while a file is being written («Avbryt» first)."""
        if not self.tasks.busy:
            super().reject()
