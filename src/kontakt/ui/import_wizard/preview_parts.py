"""The pieces around the preview table: row filter, duplicate-choice editor, counts."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractItemModel, QObject, QSortFilterProxyModel, Qt
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from kontakt.domain.wording import number
from kontakt.services.importing.model import ON_DUPLICATE_LABELS, ImportChoices, RowPlan
from kontakt.ui.import_wizard.preview_model import Index, PreviewModel, is_duplicate

FILTERS: tuple[tuple[str, str], ...] = (
    ("all", "Alle rader"),
    ("errors", "Bare rader med feil"),
    ("duplicates", "Bare de som finnes fra før"),
    ("warnings", "Bare rader med advarsler"),
    ("new", "Bare nye"),
    ("skipped", "Bare de som hoppes over"),
)


def counts_text(rows: Sequence[RowPlan], choices: ImportChoices) -> str:
    """«5 rader: 3 nye · 1 finnes fra før · 1 med feil · 2 advarsler · 0 hoppes over»;
    rows repeating an earlier row of the file are counted apart («1 gjentar en rad
    over»), as they are joined into that row, not matched to someone stored."""
    new = duplicates = repeats = errors = warnings = skipped = 0
    for plan in rows:
        if choices.skipped(plan):
            skipped += 1
            continue
        warnings += len(plan.warnings)
        if plan.errors:
            errors += 1
        elif plan.duplicate_of:
            duplicates += 1
        elif plan.duplicate_row:
            repeats += 1
        else:
            new += 1

    def b(n: int) -> str:
        return f"<b>{number(n)}</b>"

    repeated = f"{b(repeats)} gjentar en rad over · " if repeats else ""
    return (
        f"{b(len(rows))} {'rad' if len(rows) == 1 else 'rader'}: "
        f"{b(new)} {'ny' if new == 1 else 'nye'} · {b(duplicates)} finnes fra før · {repeated}"
        f"{b(errors)} med feil · {b(warnings)} {'advarsel' if warnings == 1 else 'advarsler'}"
        f" · {b(skipped)} hoppes over"
    )


class PreviewFilter(QSortFilterProxyModel):
    """Shows all rows, or only those with errors, duplicates, warnings, new or skipped."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.mode = "all"

    def set_mode(self, mode: str) -> None:
        """One of the keys of :data:`FILTERS`."""
        if not hasattr(self, "endFilterChange"):  # PySide6 before 6.10
            self.mode = mode
            self.invalidateRowsFilter()
            return
        self.beginFilterChange()
        self.mode = mode
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        source = self.sourceModel()
        if self.mode == "all" or not isinstance(source, PreviewModel):
            return True
        plan = source.plan(source_row)
        if self.mode == "skipped":
            return source.skipped(plan)
        if source.skipped(plan):
            return False
        if self.mode == "errors":
            return bool(plan.errors)
        if self.mode == "duplicates":
            return is_duplicate(plan) and not plan.errors
        if self.mode == "warnings":
            return bool(plan.warnings)
        return not plan.errors and not is_duplicate(plan)  # "new"


class ChoiceDelegate(QStyledItemDelegate):
    """A combo box for one duplicate's choice: as for the whole import, or its own."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        combo = QComboBox(parent)
        combo.addItem("Som for alle", "")
        for choice, label in ON_DUPLICATE_LABELS.items():
            combo.addItem(label, choice.value)
        combo.activated.connect(lambda _i: self.commitData.emit(combo))
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        editor.setCurrentIndex(max(editor.findData(index.data(Qt.ItemDataRole.EditRole)), 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QComboBox)
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)
