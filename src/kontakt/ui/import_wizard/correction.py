"""«Rett rad»: the cells of one row with errors, to be corrected without leaving the wizard.

Every cell of the row is a line edit under its header (a survey export can
have a hundred columns, so the form scrolls); the cells named in the row's
errors are marked red, and the first of them has the cursor. The dialog only
collects the changes: the preview page hands them to the import service.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.cell_values import cell_text
from kontakt.io.importers.table import column_letter
from kontakt.services.importing.model import RowPlan
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.form import ERROR_COLOUR, FORM_STYLE, set_invalid


def column_name(headers: Sequence[str], index: int) -> str:
    """A column as issues name it: «E-post» (E)."""
    header = headers[index] if index < len(headers) else ""
    return f"«{header}» ({column_letter(index)})"


class CorrectionDialog(QDialog):
    """Edit the cells of one row.

    Args:
        plan: The row's plan (for its number and errors).
        headers: The file's headers.
        cells: The row's cells as read (or as corrected before).
        parent: The wizard page.

    Attributes:
        edits: Column index -> the line edit holding that cell.
    """

    def __init__(
        self,
        plan: RowPlan,
        headers: Sequence[str],
        cells: Sequence[object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Rett rad {plan.row}")
        self.setStyleSheet(FORM_STYLE)
        self.original: dict[int, str] = {}
        self.edits: dict[int, QLineEdit] = {}

        problems = QLabel("\n".join(i.text() for i in plan.errors) or "Raden har ingen feil.")
        problems.setWordWrap(True)
        problems.setStyleSheet(f"color: {ERROR_COLOUR};")
        intro = QLabel(
            "Rett verdiene her. Fila endres ikke: rettelsen gjelder bare denne importen."
        )
        intro.setWordWrap(True)

        bad = {i.column for i in plan.errors}
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        first_bad: QLineEdit | None = None
        for index in range(max(len(headers), len(cells))):
            text = cell_text(cells[index]) if index < len(cells) else ""
            edit = QLineEdit(text)
            name = column_name(headers, index)
            if name in bad:
                set_invalid(edit, True)
                edit.setToolTip("\n".join(i.message for i in plan.errors if i.column == name))
                first_bad = first_bad or edit
            self.original[index] = text
            self.edits[index] = edit
            header = headers[index] if index < len(headers) else ""
            form.addRow(f"{header} ({column_letter(index)}):", edit)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)

        buttons = QDialogButtonBox()
        self.save_button = QPushButton("Lagre rettelsen")
        self.save_button.setDefault(True)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = QPushButton("Avbryt")
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(problems)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        rows = len(self.edits)
        fit_to_screen(self, 560, min(200 + 34 * rows, 600))
        if first_bad is not None:
            first_bad.setFocus()
            first_bad.selectAll()

    def changes(self) -> dict[int, str]:
        """Column index -> new text, for the cells the user changed."""
        return {
            index: edit.text()
            for index, edit in self.edits.items()
            if edit.text() != self.original[index]
        }
