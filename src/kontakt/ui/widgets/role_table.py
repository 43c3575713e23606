"""The table of a contact's roles (verv): kind, level, body, title, organisation, period."""

from __future__ import annotations

from PySide6.QtCore import (
    QEvent,
    QObject,
    Qt,
)
from PySide6.QtGui import QKeyEvent
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

from kontakt.domain.records import (
    RoleData,
    RoleKind,
)
from kontakt.ui.widgets.form import (
    ROLE_KINDS,
    ROLE_LEVELS,
    ModelIndex,
    format_date,
    make_combo,
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


class RoleTable(QTableWidget):
    """The roles (verv) of a contact, one per row.

    «Type» and «Nivå» are combo boxes; «Organ», «Tittel», «Organisasjon», «Fra» and
    «Til» are text cells (dates as dd.mm.åååå). Pressing Enter in a cell only ends
    the edit; it does not press the dialog's default button.

    Args:
        parent: Parent widget.

    Signals:
        None of its own; ``itemChanged`` reports edits of the text cells.
    """

    KIND, LEVEL, BODY, TITLE, ORGANISATION, START, END = range(7)
    HEADERS = ("Type", "Nivå", "Organ", "Tittel", "Organisasjon", "Fra", "Til")
    TEXT_COLUMNS = (BODY, TITLE, ORGANISATION, START, END)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(0, len(self.HEADERS), parent)
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
        for combo in (kind, level):
            combo.installEventFilter(self)
        self.setCellWidget(row, self.KIND, kind)
        self.setCellWidget(row, self.LEVEL, level)
        texts = {
            self.BODY: role.body if role else "",
            self.TITLE: role.title if role else "",
            self.ORGANISATION: role.organisation if role else "",
            self.START: format_date(role.start) if role else "",
            self.END: format_date(role.end) if role else "",
        }
        for column, text in texts.items():
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            self.setItem(row, column, item)
        return row

    def combo(self, row: int, column: int) -> QComboBox:
        """The combo box of the «Type» (``KIND``) or «Nivå» (``LEVEL``) column."""
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
                for column in (self.KIND, self.LEVEL):
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

    def keyPressEvent(self, event: QKeyEvent) -> None:
        super().keyPressEvent(event)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
