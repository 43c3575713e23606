"""The first two pages: choose the file, then the sheet and the header row.

Reading runs in the background with a progress bar and «Avbryt»; a file that
cannot be imported is explained in red on the page, and the wizard stays there.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, QUrl
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kontakt.domain.cell_values import cell_text
from kontakt.domain.wording import plural
from kontakt.io.importers.encoding import ENCODINGS, encoding_label
from kontakt.io.importers.table import ACCEPTED_SUFFIXES, MAX_ROWS, column_letter
from kontakt.services.importing.model import ImportOptions, ImportPreview, default_source
from kontakt.ui.import_wizard.base import ImportPage
from kontakt.ui.ui_state import Folder, last_folder, remember_folder
from kontakt.ui.widgets.task_panel import error_text

if TYPE_CHECKING:
    from kontakt.ui.import_wizard.wizard import ImportWizard

FILE_FILTER = (
    "Regneark, CSV- og vCard-filer ("
    + " ".join(f"*{suffix}" for suffix in ACCEPTED_SUFFIXES)
    + ");;Alle filer (*)"
)
SAMPLE_ROWS = 8
INTRO = (
    "Kontakt kan lese regneark fra Excel (.xlsx, .xlsm, .xls), LibreOffice (.ods), "
    "CSV-filer og kontaktkort (.vcf fra mobil, Google, Outlook eller Apple), for eksempel "
    "fylkeslagenes egne lister, svar fra Microsoft Forms eller Google Skjemaer, og eksport "
    "fra Google Kontakter eller Outlook.\n\n"
    "Den første raden med overskrifter finnes av seg selv. Du ser hver rad før noe blir "
    "lagret, kan rette feil underveis, og hele importen kan angres etterpå."
)


def source_text(path: Path) -> str:
    """The default «Kilde» for the contacts of an import: «import fil.xlsx 01.02.2025»."""
    return default_source(path)


def typed_path(text: str) -> Path:
    """A path as typed, pasted (Windows' «Kopier som bane» adds quotes) or dropped (a URL)."""
    text = text.strip().strip('"').strip()
    if text.startswith("file:"):
        text = QUrl(text).toLocalFile() or text
    return Path(text).expanduser()


class FilePage(ImportPage):
    """«Velg fil»: a path and «Bla gjennom …»; Next reads the file."""

    def __init__(self, owner: ImportWizard) -> None:
        super().__init__(owner, "Velg fil", "Hvilken fil vil du importere kontakter fra?")
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        self.path_edit = QLineEdit()
        self.path_edit.setPlaceholderText("Skriv eller lim inn hvor fila ligger")
        self.path_edit.textChanged.connect(self._path_changed)
        self.browse_button = QPushButton("Bla gjennom …")
        self.browse_button.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        label = QLabel("&Fil:")
        label.setBuddy(self.path_edit)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(12)
        layout.addWidget(label)
        layout.addLayout(row)
        layout.addWidget(self.task)
        layout.addStretch()

    def isComplete(self) -> bool:
        return super().isComplete() and bool(self.path_edit.text().strip())

    def browse(self) -> None:
        """Choose the file in the system's file dialog."""
        folder = str(last_folder(Folder.IMPORT, Path.home()))
        name, _ = QFileDialog.getOpenFileName(self, "Velg fil å importere", folder, FILE_FILTER)
        if name:
            self.path_edit.setText(name)
            remember_folder(Folder.IMPORT, Path(name).parent)

    def _path_changed(self) -> None:
        self.task.show_error("")
        self.completeChanged.emit()

    def leave(self) -> bool:
        path = typed_path(self.path_edit.text())
        options = ImportOptions()
        self.task.run(
            "Leser fila …",
            self.imports.preview_steps,
            path,
            options,
            on_result=self._read,
        )
        return False

    def _read(self, preview: ImportPreview) -> None:
        self.owner.swap_preview(preview, new_file=True)
        self.owner.report = None
        self.proceed()

    def set_busy(self, busy: bool) -> None:
        self.path_edit.setEnabled(not busy)
        self.browse_button.setEnabled(not busy)


class SheetPage(ImportPage):
    """«Ark og overskrift»: which sheet, which row holds the headers, and a sample."""

    def __init__(self, owner: ImportWizard) -> None:
        super().__init__(
            owner,
            "Ark og overskrift",
            "Sjekk at Kontakt har funnet riktig ark og raden med overskriftene.",
        )
        self.sheet_combo = QComboBox()
        self.sheet_combo.setMinimumContentsLength(24)
        self.sheet_combo.currentIndexChanged.connect(self._sheet_changed)
        self.header_spin = QSpinBox()
        self.header_spin.setRange(1, MAX_ROWS)
        self.header_spin.valueChanged.connect(self._header_changed)
        self.encoding_combo = QComboBox()
        self.encoding_combo.currentIndexChanged.connect(self._encoding_changed)
        self.encoding_note = QLabel()
        self.encoding_note.setWordWrap(True)
        self.info = QLabel()
        self.info.setWordWrap(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(400)
        self._timer.timeout.connect(self._reread)
        self._sheet_touched = False
        self._encoding_touched = False
        self._failed = False

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        form.addRow("&Ark:", self.sheet_combo)
        form.addRow("&Overskriftene står i rad:", self.header_spin)
        form.addRow("&Tegnkoding:", self.encoding_combo)
        self._form = form
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.encoding_note)
        layout.addWidget(self.info)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.task)

    def initializePage(self) -> None:
        self._fill()

    def isComplete(self) -> bool:
        return super().isComplete() and not self._failed and not self._timer.isActive()

    def _fill(self) -> None:
        """Show the preview's sheet, header row and first rows."""
        p = self.preview
        self._failed = False
        self._sheet_touched = False
        self._encoding_touched = False
        self.sheet_combo.blockSignals(True)
        self.sheet_combo.clear()
        if p.sheets == ("",):
            self.sheet_combo.addItem("(en CSV-fil har bare ett ark)", "")
        else:
            for name in p.sheets:
                self.sheet_combo.addItem(name, name)
        self.sheet_combo.setCurrentIndex(max(self.sheet_combo.findData(p.sheet), 0))
        self.sheet_combo.setEnabled(len(p.sheets) > 1)
        self.sheet_combo.blockSignals(False)
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(p.header_row)
        self.header_spin.blockSignals(False)
        self._fill_encoding()

        shown = min(SAMPLE_ROWS, len(p.cells))
        self.info.setText(
            f"Fant {plural(len(p.rows), 'rad', 'rader')} med data under overskriftene i "
            f"rad {p.header_row}. Her er de første {shown}:"
            if p.rows
            else f"Fant ingen rader med data under overskriftene i rad {p.header_row}."
        )
        self.table.clear()
        self.table.setColumnCount(len(p.headers))
        self.table.setRowCount(shown)
        self.table.setHorizontalHeaderLabels(
            [h or f"(kolonne {column_letter(i)})" for i, h in enumerate(p.headers)]
        )
        self.table.setVerticalHeaderLabels([str(plan.row) for plan in p.rows[:shown]])
        for r, cells in enumerate(p.cells[:shown]):
            for c in range(len(p.headers)):
                text = cell_text(cells[c]) if c < len(cells) else ""
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        for c in range(len(p.headers)):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 240))
        self.completeChanged.emit()

    def _fill_encoding(self) -> None:
        """For a CSV file: the encoding it was read with, a choice of others, and a note
        when it was a guess that may be wrong."""
        table = self.preview.table
        encoding = table.encoding if table is not None else ""
        self._form.setRowVisible(self.encoding_combo, bool(encoding))
        self.encoding_combo.blockSignals(True)
        self.encoding_combo.clear()
        choices = dict(ENCODINGS)
        if encoding and all(codecs.lookup(c).name != encoding for c in choices):
            choices[encoding] = encoding_label(encoding)
        for codec, label in choices.items():
            self.encoding_combo.addItem(label, codec)
        found = [i for i, c in enumerate(choices) if encoding and codecs.lookup(c).name == encoding]
        self.encoding_combo.setCurrentIndex(found[0] if found else 0)
        self.encoding_combo.blockSignals(False)
        uncertain = table is not None and bool(encoding) and not table.encoding_certain
        self.encoding_note.setText(
            f"Kontakt har gjettet at fila er skrevet som {encoding_label(encoding)}, men er "
            "ikke sikker. Ser æ, ø og å riktige ut i radene under? Hvis ikke, velg en annen "
            "tegnkoding."
            if uncertain
            else ""
        )
        self.encoding_note.setVisible(uncertain)

    def _encoding_changed(self) -> None:
        self._encoding_touched = True
        self._timer.start()
        self.completeChanged.emit()

    def _sheet_changed(self) -> None:
        self._sheet_touched = True
        self._timer.start()
        self.completeChanged.emit()

    def _header_changed(self) -> None:
        self._timer.start()
        self.completeChanged.emit()

    def _reread(self) -> None:
        p = self.preview
        sheet = self.sheet_combo.currentData() or None
        header = None if self._sheet_touched else self.header_spin.value()
        old = p.options
        encoding = old.encoding
        if self._encoding_touched:
            encoding = self.encoding_combo.currentData()
        options = ImportOptions(
            sheet=sheet,
            header_row=header,
            on_duplicate=old.on_duplicate,
            topic_map=dict(old.topic_map),
            new_topics=old.new_topics,
            encoding=encoding,
            consent_basis=old.consent_basis,
            consent_source=old.consent_source,
        )
        self.task.run(
            "Leser arket …",
            self.imports.preview_steps,
            p.path,
            options,
            on_result=self._reread_done,
            on_error=self._reread_failed,
            on_cancel=self._fill,
        )

    def _reread_done(self, preview: ImportPreview) -> None:
        self.owner.swap_preview(preview, new_file=True)
        self._fill()

    def _reread_failed(self, exc: object) -> None:
        self._failed = True
        self.task.show_error(error_text(exc))
        self.completeChanged.emit()

    def set_busy(self, busy: bool) -> None:
        self.encoding_combo.setEnabled(not busy)
        self.sheet_combo.setEnabled(not busy and len(self.preview.sheets) > 1)
        self.header_spin.setEnabled(not busy)
