"""«Oppfølging»: the open follow-ups, earliest due first, and what can be done with them.

Non-modal, so the contact table stays in reach. «Ferdig» ticks the chosen
follow-ups off, «Åpne kontakt» opens the person, «Ny for valgte kontakter …»
adds one for each contact chosen in the table; every change can be undone
with the window's Ctrl+Z.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.follow_ups import FollowUpRow
from kontakt.ui.followups.model import Column, FollowUpModel

if TYPE_CHECKING:
    from kontakt.ui.followups.actions import FollowUpActions


class FollowUpPanel(QDialog):
    """The follow-up list.

    Args:
        actions: What the buttons do (shared with the window's menus and undo).
        parent: The window.
    """

    def __init__(self, actions: FollowUpActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.follow_ups = actions
        self.setWindowTitle("Oppfølging")
        self.setModal(False)
        self.model = FollowUpModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(Column.NAME, 160)
        self.table.setColumnWidth(Column.WHAT, 260)
        self.table.setColumnWidth(Column.DUE, 220)
        self.table.doubleClicked.connect(lambda _i: self.edit_chosen())
        self.show_done = QCheckBox("Vis ferdige")
        self.show_done.toggled.connect(lambda _on: self.refresh())
        self.summary = QLabel()

        self.add_button = QPushButton("Ny for valgte kontakter …")
        self.add_button.setToolTip("Én oppfølging for hver kontakt som er valgt i tabellen")
        self.add_button.clicked.connect(actions.add_for_selected)
        self.edit_button = QPushButton("Rediger …")
        self.edit_button.clicked.connect(self.edit_chosen)
        self.done_button = QPushButton("Ferdig")
        self.done_button.setToolTip("Merk de valgte oppfølgingene som gjort")
        self.done_button.clicked.connect(self.done_chosen)
        self.reopen_button = QPushButton("Åpne igjen")
        self.reopen_button.clicked.connect(self.reopen_chosen)
        self.contact_button = QPushButton("Åpne kontakt")
        self.contact_button.clicked.connect(self.open_contact)
        self.delete_button = QPushButton("Slett")
        self.delete_button.clicked.connect(self.delete_chosen)
        self.close_button = QPushButton("Lukk")
        self.close_button.clicked.connect(self.close)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._enable())

        buttons = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.done_button, self.reopen_button,
                  self.contact_button, self.delete_button):  # fmt: skip
            buttons.addWidget(b)
        buttons.addStretch()
        buttons.addWidget(self.close_button)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.show_done)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.resize(900, 420)
        self.refresh()

    def refresh(self) -> None:
        """Read the list again, keeping the chosen follow-ups chosen."""
        chosen = {r.id for r in self.chosen()}
        today = self.follow_ups.today()
        rows = self.follow_ups.rows(self.show_done.isChecked())
        self.model.set_rows(rows, today)
        overdue = sum(r.overdue(today) for r in rows)
        open_ones = sum(not r.done for r in rows)
        text = f"{open_ones} åpne oppfølginger"
        if overdue:
            text += f", {overdue} forfalt"
        self.summary.setText(text + ".")
        selection = self.table.selectionModel()
        for i, row in enumerate(rows):
            if row.id in chosen:
                selection.select(
                    self.model.index(i, 0),
                    selection.SelectionFlag.Select | selection.SelectionFlag.Rows,
                )
        self._enable()

    def chosen(self) -> list[FollowUpRow]:
        """The follow-ups chosen in the list, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.rows[r] for r in rows if r < len(self.model.rows)]

    def choose(self, follow_up_id: int) -> None:
        """Choose the follow-up with this id (alone)."""
        self.table.clearSelection()
        for i, row in enumerate(self.model.rows):
            if row.id == follow_up_id:
                self.table.selectRow(i)

    def _enable(self) -> None:
        chosen = self.chosen()
        self.edit_button.setEnabled(len(chosen) == 1)
        self.contact_button.setEnabled(len(chosen) == 1)
        self.done_button.setEnabled(any(not r.done for r in chosen))
        self.reopen_button.setEnabled(any(r.done for r in chosen))
        self.reopen_button.setVisible(self.show_done.isChecked())
        self.delete_button.setEnabled(bool(chosen))

    def done_chosen(self) -> None:
        """«Ferdig»: tick the chosen open follow-ups off."""
        self.follow_ups.set_done([r for r in self.chosen() if not r.done], True)

    def reopen_chosen(self) -> None:
        """«Åpne igjen»: the chosen done follow-ups are open again."""
        self.follow_ups.set_done([r for r in self.chosen() if r.done], False)

    def edit_chosen(self) -> None:
        """«Rediger …» the chosen follow-up."""
        chosen = self.chosen()
        if len(chosen) == 1:
            self.follow_ups.edit(chosen[0], self)

    def delete_chosen(self) -> None:
        """«Slett» the chosen follow-ups (Ctrl+Z in the window brings them back)."""
        self.follow_ups.delete(self.chosen())

    def open_contact(self) -> None:
        """«Åpne kontakt»: the chosen follow-up's person, in the contact editor."""
        chosen = self.chosen()
        if len(chosen) == 1:
            self.follow_ups.open_contact(chosen[0].uid)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter edits the chosen follow-up rather than closing the dialog.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.edit_chosen()
            return
        super().keyPressEvent(event)
