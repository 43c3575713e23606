"""The table of a contact's roles (verv): kind, level, body, title, organisation, period.

A candidate (type «Kandidat») fills the columns to the right: the election
(the 2027 elections offered, free text allowed), the list, the place on it,
the municipality or county, and the result after the election.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from typing import ClassVar

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from kontakt.domain.candidates import ELECTIONS
from kontakt.domain.geography import load_geography
from kontakt.domain.records import (
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.domain.text import clean
from kontakt.errors import KontaktError, ValidationError
from kontakt.ui.widgets.form import (
    ERROR_COLOUR,
    INVALID_BACKGROUND,
    ROLE_KINDS,
    ROLE_LEVELS,
    ModelIndex,
    format_date,
    make_combo,
    parse_date,
)

RESULT_CHOICES: tuple[tuple[str, str], ...] = (
    ("", ""),
    ("valgt", "Valgt"),
    ("ikke valgt", "Ikke valgt"),
)


class _DateDelegate(QStyledItemDelegate):
    """Line editors with a «dd.mm.åååå» hint for the date columns of the roles table."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        editor = super().createEditor(parent, option, index)
        if isinstance(editor, QLineEdit):
            editor.setPlaceholderText("dd.mm.åååå")
        return editor

    def initStyleOption(self, option: QStyleOptionViewItem, index: ModelIndex) -> None:
        super().initStyleOption(option, index)
        option.displayAlignment = Qt.AlignmentFlag.AlignCenter


class _ElectionDelegate(QStyledItemDelegate):
    """The «Valg» cell edits in a combo box offering the 2027 elections; any text is kept."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: ModelIndex
    ) -> QWidget:
        combo = QComboBox(parent)
        combo.setEditable(True)
        combo.addItems(list(ELECTIONS))
        return combo

    def setEditorData(self, editor: QWidget, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            editor.setEditText(str(index.data() or ""))
        else:  # pragma: no cover - createEditor always makes a combo box
            super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: ModelIndex) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentText())
        else:  # pragma: no cover
            super().setModelData(editor, model, index)


class RoleTable(QTableWidget):
    """The roles (verv) of a contact, one per row.

    «Type» and «Nivå» are combo boxes; «Organ», «Tittel», «Organisasjon», «Fra» and
    «Til» are text cells (dates as dd.mm.åååå). Pressing Enter in a cell only ends
    the edit; it does not press the dialog's default button. The dates of a row are
    named by part: ``"start"`` («Fra») and ``"end"`` («Til»).

    Args:
        parent: Parent widget.

    Signals:
        dates_changed(int): The «Fra» or «Til» cell of this row changed.
        row_removed(int): This row was removed by :meth:`remove_current_role`; the rows
            after it moved up by one.
        rows_changed(): :meth:`add_new_role` or :meth:`remove_current_role` added or
            removed a row.
    """

    KIND, LEVEL, BODY, TITLE, ORGANISATION, START, END = range(7)
    ELECTION, LIST, LIST_PLACE, MUNICIPALITY, COUNTY, RESULT = range(7, 13)
    HEADERS = (
        "Type", "Nivå", "Organ", "Tittel", "Organisasjon", "Fra", "Til",
        "Valg", "Liste", "Nr.", "Kommune", "Fylke", "Resultat",
    )  # fmt: skip
    TEXT_COLUMNS = (
        BODY, TITLE, ORGANISATION, START, END, ELECTION, LIST, LIST_PLACE, MUNICIPALITY, COUNTY,
    )  # fmt: skip
    DATE_COLUMNS: ClassVar[dict[str, int]] = {"start": START, "end": END}

    dates_changed = Signal(int)
    row_removed = Signal(int)
    rows_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
        self.itemChanged.connect(self._item_changed)
        self.setHorizontalHeaderLabels(list(self.HEADERS))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
            | QAbstractItemView.EditTrigger.SelectedClicked
        )
        self.setWordWrap(False)
        self.verticalHeader().setVisible(False)
        date_delegate = _DateDelegate(self)
        for column in (self.START, self.END):
            self.setItemDelegateForColumn(column, date_delegate)
            header_item = self.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip("Dato som dd.mm.åååå, eller tom")
        self.setItemDelegateForColumn(self.ELECTION, _ElectionDelegate(self))
        kind_width = make_combo(ROLE_KINDS).sizeHint().width()
        level_box = make_combo(ROLE_LEVELS)
        level_width = level_box.sizeHint().width()
        self.verticalHeader().setDefaultSectionSize(max(30, level_box.sizeHint().height() + 4))
        date_width = self.fontMetrics().horizontalAdvance("00.00.00000") + 12
        header = self.horizontalHeader()
        header.setMinimumSectionSize(40)
        for column, width in (
            (self.KIND, kind_width),
            (self.LEVEL, level_width),
            (self.TITLE, 110),
            (self.ORGANISATION, 110),
            (self.START, date_width),
            (self.END, date_width),
        ):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            self.setColumnWidth(column, width)
        header.setSectionResizeMode(self.BODY, QHeaderView.ResizeMode.Stretch)

    def add_role(self, role: RoleData | None = None) -> int:
        """Append a row, filled from ``role`` when given, and return its index."""
        row = self.rowCount()
        self.insertRow(row)
        kind = make_combo(ROLE_KINDS, role.kind.value if role else RoleKind.FOLKEVALGT.value)
        level = make_combo(ROLE_LEVELS, role.level.value if role and role.level else "")
        result = make_combo(RESULT_CHOICES, role.result if role else "")
        for combo in (kind, level, result):
            combo.installEventFilter(self)
        self.setCellWidget(row, self.KIND, kind)
        self.setCellWidget(row, self.LEVEL, level)
        self.setCellWidget(row, self.RESULT, result)
        texts = {
            self.BODY: role.body if role else "",
            self.TITLE: role.title if role else "",
            self.ORGANISATION: role.organisation if role else "",
            self.START: format_date(role.start) if role else "",
            self.END: format_date(role.end) if role else "",
            self.ELECTION: role.election if role else "",
            self.LIST: role.list_name if role else "",
            self.LIST_PLACE: str(role.list_place) if role and role.list_place else "",
            self.MUNICIPALITY: self._place_name(role.municipality, False) if role else "",
            self.COUNTY: self._place_name(role.county, True) if role else "",
        }
        for column, text in texts.items():
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.setItem(row, column, item)
        return row

    @staticmethod
    def _place_name(number: str, county: bool) -> str:
        """A stored place number as its name (the text itself when it is not a number)."""
        geography = load_geography()
        try:
            place = geography.county(number) if county else geography.municipality(number)
        except KontaktError:
            return number
        return place.name

    def set_roles(self, roles: Iterable[RoleData]) -> None:
        """Show ``roles``, one row each, instead of the rows shown now."""
        self.setRowCount(0)
        for role in roles:
            self.add_role(role)

    def add_new_role(self) -> int:
        """Append an empty row, put the cursor in its «Organ» cell and return its index."""
        row = self.add_role()
        self.setCurrentCell(row, self.BODY)
        self.setFocus()
        self.rows_changed.emit()
        return row

    def remove_current_role(self) -> None:
        """Remove the current row, if there is one."""
        row = self.currentRow()
        if row < 0:
            return
        self.removeRow(row)
        self.row_removed.emit(row)
        self.rows_changed.emit()

    def role(self, row: int) -> RoleData | None:
        """The role in ``row``, or None when the row holds nothing but a type.

        Dates that cannot be read come out as None; see :meth:`date_errors`.
        """
        level = str(self.combo(row, self.LEVEL).currentData() or "")
        result = str(self.combo(row, self.RESULT).currentData() or "")
        texts = [self.text(row, column) for column in self.TEXT_COLUMNS]
        if not (level or result) and not any(clean(text) for text in texts):
            return None
        dates: list[dt.date | None] = []
        for column in (self.START, self.END):
            try:
                dates.append(parse_date(self.text(row, column)))
            except ValidationError:
                dates.append(None)
        return RoleData(
            kind=RoleKind(str(self.combo(row, self.KIND).currentData())),
            level=RoleLevel(level) if level else None,
            body=self.text(row, self.BODY),
            title=self.text(row, self.TITLE),
            organisation=self.text(row, self.ORGANISATION),
            start=dates[0],
            end=dates[1],
            election=self.text(row, self.ELECTION),
            list_name=self.text(row, self.LIST),
            list_place=self._list_place(row),
            municipality=self.text(row, self.MUNICIPALITY),
            county=self.text(row, self.COUNTY),
            result=result,
        )

    def _list_place(self, row: int) -> int | None:
        """The «Nr.» cell as a number; None when empty or not a number (0 is refused later)."""
        text = clean(self.text(row, self.LIST_PLACE)).removeprefix("nr.").strip()
        return int(text) if text.isdigit() else (0 if text else None)

    def roles(self) -> tuple[RoleData, ...]:
        """The roles of every row that holds more than a type, in row order."""
        return tuple(role for row in range(self.rowCount()) if (role := self.role(row)))

    def date_errors(self, row: int) -> dict[str, str]:
        """Problems with the «Fra» and «Til» dates of ``row``, keyed by ``"start"``/``"end"``.

        Returns:
            A Norwegian message for each date that cannot be read, and for «Til»
            when it is before «Fra»; empty when both dates are fine.
        """
        errors: dict[str, str] = {}
        dates: dict[str, dt.date | None] = {}
        for part, column in self.DATE_COLUMNS.items():
            try:
                dates[part] = parse_date(self.text(row, column))
            except ValidationError as exc:
                errors[part] = str(exc)
        start, end = dates.get("start"), dates.get("end")
        if start and end and end < start:
            errors["end"] = "Til-datoen er før fra-datoen."
        return errors

    def mark_dates(self, marked: Collection[tuple[int, str]]) -> None:
        """Colour the given date cells red and every other date cell normally.

        Args:
            marked: ``(row, part)`` pairs, ``part`` being ``"start"`` or ``"end"``.
        """
        self.blockSignals(True)
        try:
            for row in range(self.rowCount()):
                for part, column in self.DATE_COLUMNS.items():
                    cell = self.item(row, column)
                    if cell is None:
                        continue
                    if (row, part) in marked:
                        cell.setBackground(INVALID_BACKGROUND)
                        cell.setForeground(QColor(ERROR_COLOUR))
                    else:
                        cell.setData(Qt.ItemDataRole.BackgroundRole, None)
                        cell.setData(Qt.ItemDataRole.ForegroundRole, None)
        finally:
            self.blockSignals(False)

    def combo(self, row: int, column: int) -> QComboBox:
        """The combo box of the «Type», «Nivå» or «Resultat» column."""
        widget = self.cellWidget(row, column)
        assert isinstance(widget, QComboBox)
        return widget

    def text(self, row: int, column: int) -> str:
        """The text of a text cell (``""`` for a missing item)."""
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Clicking a combo box makes its row the current one, so «Fjern verv» removes it.
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.MouseButtonPress):
            for row in range(self.rowCount()):
                for column in (self.KIND, self.LEVEL, self.RESULT):
                    if self.cellWidget(row, column) is watched:
                        self.setCurrentCell(row, column)
        return super().eventFilter(watched, event)

    def commit_edit(self) -> None:
        """Store the text of a cell that is being edited, e.g. before saving with Ctrl+S."""
        if self.state() != QAbstractItemView.State.EditingState:
            return
        editor = QApplication.focusWidget()
        while editor is not None and editor.parentWidget() is not self.viewport():
            editor = editor.parentWidget()
        if editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)

    def _item_changed(self, item: QTableWidgetItem) -> None:
        self.blockSignals(True)
        item.setToolTip(item.text())
        self.blockSignals(False)
        if item.column() in (self.START, self.END):
            self.dates_changed.emit(item.row())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
