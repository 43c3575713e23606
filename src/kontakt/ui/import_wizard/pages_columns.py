"""«Kolonner»: which contact field each column of the file goes into.

One line per column of the file: its header, three sample values and a combo
of the fields. Kontakt's guess (or the choice made last time for a file with
the same headers) is selected; changes are planned when the user leaves the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from kontakt.domain.cell_values import cell_text
from kontakt.domain.column_mapping import FIELD_LABELS, REPEATABLE_FIELDS, Field
from kontakt.io.importers.table import column_letter
from kontakt.services.importing.model import ImportPreview
from kontakt.ui.import_wizard.base import ImportPage
from kontakt.ui.widgets.form import error_label

if TYPE_CHECKING:
    from kontakt.ui.import_wizard.wizard import ImportWizard

SAMPLES = 3
NAME_FIELDS = (Field.FULL_NAME, Field.GIVEN_NAME, Field.FAMILY_NAME)


def samples(preview: ImportPreview, column: int, count: int = SAMPLES) -> list[str]:
    """The first few non-empty values of a column (of its first 500 rows)."""
    found: list[str] = []
    for cells in preview.cells[:500]:
        text = cell_text(cells[column]) if column < len(cells) else ""
        if text:
            found.append(text)
            if len(found) == count:
                break
    return found


def mapping_problems(mapping: dict[int, Field]) -> list[str]:
    """What looks wrong with a mapping: no name column, one field chosen twice."""
    problems = []
    if not any(f in NAME_FIELDS for f in mapping.values()):
        problems.append(
            "Ingen kolonne er valgt som navn. En kontakt må ha et navn, så alle radene vil få feil."
        )
    for field in dict.fromkeys(mapping.values()):
        if field in REPEATABLE_FIELDS:
            continue
        columns = [column_letter(i) for i, f in sorted(mapping.items()) if f is field]
        if len(columns) > 1:
            problems.append(
                f"«{FIELD_LABELS[field]}» er valgt for kolonnene {', '.join(columns)}. "
                "Bare den første som har en verdi, blir brukt."
            )
    return problems


class ColumnsPage(ImportPage):
    """One combo per column of the file.

    Attributes:
        combos: The field combo of each column, left to right.
    """

    HEADERS = ("Overskrift", "Eksempel 1", "Eksempel 2", "Eksempel 3", "Importeres som")

    def __init__(self, owner: ImportWizard) -> None:
        super().__init__(owner, "Kolonner", "Velg hva hver kolonne i fila inneholder.")
        hint = QLabel(
            "Kontakt har gjettet ut fra overskriftene. Kolonner med «(Ikke importer)» "
            "blir ikke lest. Valgene dine huskes til neste gang du importerer en fil "
            "med de samme overskriftene."
        )
        hint.setWordWrap(True)
        self.remembered = QLabel(
            "<i>Valgene er hentet fra forrige import av en fil med de samme overskriftene.</i>"
        )
        self.table = QTableWidget(0, len(self.HEADERS))
        self.table.setHorizontalHeaderLabels(list(self.HEADERS))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        self.table.setColumnWidth(0, 190)
        for column in (1, 2, 3):
            self.table.setColumnWidth(column, 150)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.problems = error_label()
        self.combos: list[QComboBox] = []

        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.remembered)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.problems)
        layout.addWidget(self.task)

    def initializePage(self) -> None:
        p = self.preview
        remembered = self.imports.remembered_mapping(p.headers)
        self.remembered.setVisible(remembered is not None and remembered == p.mapping)
        self.table.setRowCount(len(p.headers))
        self.table.setVerticalHeaderLabels([column_letter(i) for i in range(len(p.headers))])
        self.combos = []
        for i, name in enumerate(p.headers):
            item = QTableWidgetItem(name or "(uten overskrift)")
            item.setToolTip(f"Kolonne {column_letter(i)}: {name}")
            self.table.setItem(i, 0, item)
            values = samples(p, i)
            for k in range(SAMPLES):
                text = values[k] if k < len(values) else ""
                sample = QTableWidgetItem(text)
                sample.setToolTip(text)
                self.table.setItem(i, 1 + k, sample)
            combo = QComboBox()
            for field, label in FIELD_LABELS.items():
                combo.addItem(label, field.value)
            combo.setCurrentIndex(combo.findData(p.mapping.get(i, Field.IGNORE).value))
            combo.currentIndexChanged.connect(self._changed)
            self.table.setCellWidget(i, 4, combo)
            self.combos.append(combo)
        if self.combos:
            self.table.verticalHeader().setDefaultSectionSize(
                self.combos[0].sizeHint().height() + 4
            )
        self._changed()

    def mapping(self) -> dict[int, Field]:
        """The fields chosen, by column index."""
        return {i: Field(combo.currentData()) for i, combo in enumerate(self.combos)}

    def _changed(self) -> None:
        problems = mapping_problems(self.mapping())
        self.problems.setText("\n".join(problems))
        self.problems.setVisible(bool(problems))

    def leave(self) -> bool:
        mapping = self.mapping()
        if mapping == self.preview.mapping:
            return True
        self.task.run(
            "Leser radene på nytt med de nye valgene …",
            self.imports.replan,
            self.preview,
            mapping,
            on_result=self._replanned,
            cancellable=False,
        )
        return False

    def _replanned(self, preview: ImportPreview) -> None:
        self.owner.swap_preview(preview)
        self.proceed()

    def set_busy(self, busy: bool) -> None:
        self.table.setEnabled(not busy)
