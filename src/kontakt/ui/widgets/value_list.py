"""An editable list of e-mail addresses or phone numbers: value, kind, primary."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import (
    Signal,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.ui.widgets.form import (
    error_label,
    make_combo,
    small_button,
)


@dataclass(eq=False)
class ValueRow:
    """The widgets of one row of a :class:`ValueListEditor`."""

    widget: QWidget
    edit: QLineEdit
    kind: QComboBox
    primary: QRadioButton
    remove: QPushButton


class ValueListEditor(QWidget):
    """Rows of (value, kind, primary) with «Legg til …» and «Fjern» buttons.

    Used for e-mail addresses and phone numbers. At most one row is primary; the
    first row added to an empty list is made primary, and so is the first remaining
    row when the primary one is removed.

    Args:
        kinds: ``(value, text)`` pairs for the kind combo box.
        add_text: Text of the add button, e.g. ``"Legg til e-post"``.
        placeholder: Grey example text in empty value fields.
        primary_tip: Tool tip of the «Primær» button.
        parent: Parent widget.

    Signals:
        value_edited(int): The user left the value field of this row.
        value_changed(int): The text of this row's value field changed.
        row_removed(int): This row was removed; the rows after it moved up by one.
        rows_changed(): A row was added or removed.
    """

    value_edited = Signal(int)
    value_changed = Signal(int)
    row_removed = Signal(int)
    rows_changed = Signal()

    def __init__(
        self,
        kinds: Sequence[tuple[str, str]],
        add_text: str,
        placeholder: str,
        primary_tip: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._kinds = tuple(kinds)
        self._placeholder = placeholder
        self._primary_tip = primary_tip
        self.rows: list[ValueRow] = []
        self._group = QButtonGroup(self)
        self._group.setExclusive(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setSpacing(4)
        layout.addLayout(self._rows_layout)
        self.error_label = error_label()
        layout.addWidget(self.error_label)
        buttons = QHBoxLayout()
        self.add_button = small_button(add_text)
        self.add_button.clicked.connect(self._add_clicked)
        buttons.addWidget(self.add_button)
        buttons.addStretch()
        layout.addLayout(buttons)

    def add_row(self, value: str = "", kind: str = "", primary: bool = False) -> int:
        """Append a row and return its index.

        Args:
            value: Text of the value field.
            kind: Data of the kind to select; the first kind when unknown.
            primary: Make this row the primary one.
        """
        widget = QWidget()
        row_layout = QHBoxLayout(widget)
        row_layout.setContentsMargins(0, 0, 0, 0)
        edit = QLineEdit(value)
        edit.setPlaceholderText(self._placeholder)
        edit.setClearButtonEnabled(True)
        kind_box = make_combo(self._kinds, kind)
        kind_box.setToolTip("Type")
        radio = QRadioButton("Primær")
        radio.setToolTip(self._primary_tip)
        remove = small_button("Fjern", "Fjern denne raden")
        row_layout.addWidget(edit, 1)
        row_layout.addWidget(kind_box)
        row_layout.addWidget(radio)
        row_layout.addWidget(remove)
        row = ValueRow(widget, edit, kind_box, radio, remove)
        self._group.addButton(radio)
        if primary or not self.rows:
            radio.setChecked(True)
        edit.editingFinished.connect(lambda: self._edited(row))
        edit.textChanged.connect(lambda _text: self._changed(row))
        remove.clicked.connect(lambda: self.remove_row(self.rows.index(row)))
        self.rows.append(row)
        self._rows_layout.addWidget(widget)
        self.rows_changed.emit()
        return len(self.rows) - 1

    def remove_row(self, index: int) -> None:
        """Remove the row at ``index``; the first remaining row becomes primary if needed."""
        row = self.rows.pop(index)
        was_primary = row.primary.isChecked()
        self._discard(row)
        if was_primary and self.rows:
            self.rows[0].primary.setChecked(True)
        self.row_removed.emit(index)
        self.rows_changed.emit()

    def clear_rows(self) -> None:
        """Remove every row without emitting :attr:`row_removed`."""
        while self.rows:
            self._discard(self.rows.pop())
        self.rows_changed.emit()

    def set_values(self, values: Iterable[tuple[str, str, bool]]) -> None:
        """Show one row per ``(text, kind data, primary)``, or one empty row for none."""
        self.clear_rows()
        for value, kind, primary in values:
            self.add_row(value, kind, primary)
        if not self.rows:
            self.add_row()

    def focus_chain(self) -> list[QWidget]:
        """The editor's widgets in the order Tab should visit them."""
        chain: list[QWidget] = []
        for row in self.rows:
            chain += [row.edit, row.kind, row.primary, row.remove]
        return [*chain, self.add_button]

    def values(self) -> list[tuple[str, str, bool]]:
        """Every row as ``(text, kind data, primary)``, blank rows included."""
        return [
            (row.edit.text(), str(row.kind.currentData()), row.primary.isChecked())
            for row in self.rows
        ]

    def _discard(self, row: ValueRow) -> None:
        self._group.removeButton(row.primary)
        self._rows_layout.removeWidget(row.widget)
        row.widget.hide()
        row.widget.deleteLater()

    def _add_clicked(self) -> None:
        index = self.add_row()
        self.rows[index].edit.setFocus()

    def _edited(self, row: ValueRow) -> None:
        if row in self.rows:
            self.value_edited.emit(self.rows.index(row))

    def _changed(self, row: ValueRow) -> None:
        if row in self.rows:
            self.value_changed.emit(self.rows.index(row))
