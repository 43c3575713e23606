"""The preview table: one line per planned row, over ``ImportPreview.rows``.

No widget is made per row: :class:`PreviewModel` reads the row plans as the
view asks, so 50,000 rows scroll as smoothly as 5. The plans are frozen and
the model only ever shows a whole preview's rows, swapped in on the GUI
thread; what the user changes here lives in :class:`ImportChoices`, apart.
The «Importer» column is a check box (unchecked: the row is left out); the
last column is the row's own choice for a duplicate (edited with
:class:`~kontakt.ui.import_wizard.preview_parts.ChoiceDelegate`).
"""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor

from kontakt.domain.geography import Geography
from kontakt.domain.normalize import format_phone
from kontakt.domain.wording import field_label, plural
from kontakt.errors import KontaktError
from kontakt.services.importing.model import (
    NO_CHOICES,
    ON_DUPLICATE_LABELS,
    ImportChoices,
    OnDuplicate,
    RowPlan,
)

Index = QModelIndex | QPersistentModelIndex


class Col(IntEnum):
    """The preview table's columns."""

    IMPORT = 0
    ROW = 1
    STATUS = 2
    NAME = 3
    EMAIL = 4
    PHONE = 5
    MUNICIPALITY = 6
    CHOICE = 7


HEADERS = {
    Col.IMPORT: "Importer",
    Col.ROW: "Rad",
    Col.STATUS: "Status",
    Col.NAME: field_label("name"),
    Col.EMAIL: field_label("emails"),
    Col.PHONE: field_label("phones"),
    Col.MUNICIPALITY: field_label("municipality"),
    Col.CHOICE: "Ved duplikat",
}
ERROR_TINT = QColor("#f8d7da")
WARNING_TINT = QColor("#fff3cd")
SKIPPED_TEXT = QColor("#8a8a8a")
ERROR_TEXT = QColor("#58151c")


def is_duplicate(plan: RowPlan) -> bool:
    """The row matches a stored contact or an earlier row of the file."""
    return bool(plan.duplicate_of or plan.duplicate_row)


def status_text(plan: RowPlan, skipped: bool = False) -> str:
    """«Ny», «Finnes fra før: …», «Feil: …» or «Hoppes over» (``skipped``: left out)."""
    if skipped:
        return "Hoppes over"
    if plan.errors:
        more = len(plan.errors) - 1
        return f"Feil: {plan.errors[0].message}" + (f" (og {more} til)" if more else "")
    if plan.duplicate_reason:
        return plan.duplicate_reason
    if plan.warnings:
        return f"Ny ({plural(len(plan.warnings), 'advarsel', 'advarsler')})"
    return "Ny"


def issues_text(plan: RowPlan) -> str:
    """Every problem of a row, one per line, for the tooltip."""
    lines = [f"Feil: {i.text()}" for i in plan.errors]
    lines += [f"Advarsel: {i.text()}" for i in plan.warnings]
    if plan.duplicate_reason:
        lines.append(plan.duplicate_reason)
    return "\n".join(lines)


class PreviewModel(QAbstractTableModel):
    """The planned rows of an import.

    Args:
        geography: For showing municipality names.

    Attributes:
        rows: The plans shown (a preview's, never changed).
        choices: The user's choices, replaced (not changed) as they check
            rows or choose for a duplicate.

    Signals:
        edited(): The user checked or unchecked rows or changed a row's choice.
    """

    edited = Signal()

    def __init__(self, geography: Geography, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.geography = geography
        self.rows: tuple[RowPlan, ...] = ()
        self.choices = NO_CHOICES
        self.default = OnDuplicate.SKIP

    def set_rows(
        self,
        rows: tuple[RowPlan, ...],
        default: OnDuplicate,
        choices: ImportChoices = NO_CHOICES,
    ) -> None:
        """Show a preview's plans with the user's choices (on the GUI thread only).

        The same rows planned again (a correction, new topic choices) are redrawn
        in place, so the view keeps its selection and scroll position.
        """
        if self.rows and len(rows) == len(self.rows):
            self.rows, self.default, self.choices = rows, default, choices
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(Col) - 1))
            return
        self.beginResetModel()
        self.rows, self.default, self.choices = rows, default, choices
        self.endResetModel()

    def skipped(self, plan: RowPlan) -> bool:
        """Whether a row is left out."""
        return self.choices.skipped(plan)

    def set_default(self, choice: OnDuplicate) -> None:
        """The choice for duplicates of the whole import changed."""
        self.default = choice
        self._changed_column(Col.CHOICE)

    def plan(self, row: int) -> RowPlan:
        """The plan shown on a line."""
        return self.rows[row]

    def _changed_column(self, column: int) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, column), self.index(len(self.rows) - 1, column))

    # -- QAbstractTableModel -----------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Col)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[Col(section)]
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        plan = self.rows[index.row()]
        if index.column() == Col.IMPORT:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        elif index.column() == Col.CHOICE and self._choosable(plan):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def _choosable(self, plan: RowPlan) -> bool:
        return is_duplicate(plan) and not plan.errors and not self.skipped(plan)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        plan = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(plan, column)
        if role == Qt.ItemDataRole.CheckStateRole and column == Col.IMPORT:
            return Qt.CheckState.Unchecked if self.skipped(plan) else Qt.CheckState.Checked
        if role == Qt.ItemDataRole.EditRole and column == Col.CHOICE:
            own = self.choices.own_choice(plan)
            return own.value if own else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == Col.CHOICE and self._choosable(plan):
                choice = self.choices.choice_for(plan, self.default)
                if plan.duplicate_row and not plan.duplicate_of and choice is OnDuplicate.SKIP:
                    # The same person twice in the file is one contact (see planned_writes).
                    return f"Som for alle: slås sammen med rad {plan.duplicate_row}"
                return f"Som for alle: {ON_DUPLICATE_LABELS[choice]}"
            return issues_text(plan) or None
        if role == Qt.ItemDataRole.BackgroundRole and not self.skipped(plan):
            if plan.errors:
                return QBrush(ERROR_TINT)
            if plan.warnings:
                return QBrush(WARNING_TINT)
        if role == Qt.ItemDataRole.ForegroundRole:
            if self.skipped(plan):
                return QBrush(SKIPPED_TEXT)
            if plan.errors:
                return QBrush(ERROR_TEXT)
        if role == Qt.ItemDataRole.TextAlignmentRole and column == Col.ROW:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, plan: RowPlan, column: int) -> str | None:
        d = plan.draft
        if column == Col.ROW:
            return str(plan.row)
        if column == Col.STATUS:
            return status_text(plan, self.skipped(plan))
        if column == Col.NAME:
            return f"{d.given_name} {d.family_name}".strip()
        if column == Col.EMAIL:
            return ", ".join(e.address for e in d.emails)
        if column == Col.PHONE:
            return ", ".join(format_phone(p.number) if plan.clean else p.number for p in d.phones)
        if column == Col.MUNICIPALITY:
            return self._municipality(plan)
        if column == Col.CHOICE and self._choosable(plan):
            own = self.choices.own_choice(plan)
            return ON_DUPLICATE_LABELS[own] if own else "Som for alle"
        return None

    def _municipality(self, plan: RowPlan) -> str:
        number = plan.clean.municipality_number if plan.clean else None
        if number:
            try:
                return self.geography.municipality(number).name
            except KontaktError:
                return number
        return plan.draft.municipality

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid():
            return False
        plan = self.rows[index.row()]
        if index.column() == Col.IMPORT and role == Qt.ItemDataRole.CheckStateRole:
            checked = Qt.CheckState(value) == Qt.CheckState.Checked
            self.choices = self.choices.with_skip(plan.row, not checked)
        elif index.column() == Col.CHOICE and role == Qt.ItemDataRole.EditRole:
            self.choices = self.choices.with_choice(plan.row, OnDuplicate(value) if value else None)
        else:
            return False
        row = index.row()
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(Col) - 1))
        self.edited.emit()
        return True
