"""«Hvem kan fylle hullet?»: the people who could fill an overview cell, to tick and follow up.

Opened from an empty cell (or one with few people) of the overview. Lists
:meth:`~kontakt.services.recruitment.RecruitmentService.prospects` with
their reasons and a checkbox each; «Vis i kontaktlisten» shows the ticked
people in the main table, «Legg til oppfølging …» puts them on the
follow-up list with the cell's county and topic. The addition can be undone
here («Angre») or with Ctrl+Z in the main window.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import ContactFilter
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.services.followups import FollowUpService
from kontakt.services.overview import Cell
from kontakt.services.recruitment import RESERVED, Prospect
from kontakt.ui.followups.editor import FollowUpEditor

DUE_DAYS = 14
"""The follow-up's due date is this many days ahead unless changed."""
_UID = Qt.ItemDataRole.UserRole


class RecruitDialog(QDialog):
    """The prospects for one cell, with checkboxes.

    Args:
        cell: The overview cell (county and topic).
        prospects: Who could fill it, strongest first.
        followups: Where «Legg til oppfølging» writes.
        parent: The overview.

    Signals:
        show_contacts(object): A ``ContactFilter`` for the ticked people.
        followups_added(str, object): A description and the revert of follow-ups
            just added (the main window's undo stack takes them).
    """

    show_contacts = Signal(object)
    followups_added = Signal(str, object)

    def __init__(
        self,
        cell: Cell,
        prospects: list[Prospect],
        followups: FollowUpService,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__(parent)
        self.cell = cell
        self._followups = followups
        self._today = today
        self._added: list[int] = []
        self.setWindowTitle(f"Hvem kan fylle hullet? – {cell.topic} i {cell.county_name}")
        have = "ingen" if cell.count == 0 else str(cell.count)
        intro = QLabel(
            f"<b>{cell.topic}</b> i <b>{cell.county_name}</b>: nettverket har {have} her nå. "
            f"{plural(len(prospects), 'person', 'personer')} i listen kan være aktuelle. "
            "Kryss av dem du vil følge opp."
        )
        intro.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Navn", "Kommune", "Hvorfor"])
        self.tree.setRootIsDecorated(False)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(True)
        for p in prospects:
            item = QTreeWidgetItem([p.name, p.municipality, "; ".join(p.reasons)])
            item.setData(0, _UID, p.uid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
            item.setToolTip(2, "\n".join(p.reasons))
            if p.reserved:
                item.setForeground(2, QBrush(QColor("#9a3412")))
                item.setToolTip(0, f"{p.name} er {RESERVED}: ring eller snakk med dem i stedet.")
            self.tree.addTopLevelItem(item)
        self.tree.itemChanged.connect(lambda _i, _c: self._update())
        self.empty_label = QLabel(
            "Ingen i listen peker seg ut: ingen har svart på undersøkelsen om dette, "
            "stiller til valg eller sitter i et helseutvalg i fylket."
        )
        self.empty_label.setWordWrap(True)
        self.empty_label.setVisible(not prospects)
        self.tree.setVisible(bool(prospects))

        self.all_button = QPushButton("Merk alle")
        self.all_button.clicked.connect(self._tick_all)
        self.show_button = QPushButton("Vis i kontaktlisten")
        self.show_button.clicked.connect(self.show_ticked)
        self.follow_button = QPushButton("Legg til oppfølging …")
        self.follow_button.clicked.connect(self.ask_followup)
        self.undo_button = QPushButton("Angre")
        self.undo_button.setToolTip("Fjern oppfølgingene som nettopp ble lagt til")
        self.undo_button.clicked.connect(self.undo)
        self.status = QLabel()
        close = QPushButton("Lukk")
        close.clicked.connect(self.close)
        buttons = QDialogButtonBox()
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        row = QHBoxLayout()
        for b in (self.all_button, self.show_button, self.follow_button, self.undo_button):
            row.addWidget(b)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.empty_label)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(860, 420)
        self._update()

    # -- ticking ---------------------------------------------------------------------

    def items(self) -> list[QTreeWidgetItem]:
        """Every row."""
        found = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [item for item in found if item is not None]

    def ticked(self) -> list[str]:
        """The uids ticked, in the list's order."""
        return [
            str(item.data(0, _UID))
            for item in self.items()
            if item.checkState(0) == Qt.CheckState.Checked
        ]

    def _tick_all(self) -> None:
        everyone = all(i.checkState(0) == Qt.CheckState.Checked for i in self.items())
        state = Qt.CheckState.Unchecked if everyone else Qt.CheckState.Checked
        for item in self.items():
            item.setCheckState(0, state)

    def _update(self) -> None:
        n = len(self.ticked())
        self.show_button.setEnabled(n > 0)
        self.follow_button.setEnabled(n > 0)
        self.all_button.setEnabled(bool(self.items()))
        self.undo_button.setEnabled(bool(self._added))
        if not self._added:
            self.status.setText(f"{n} krysset av." if self.items() else "")

    # -- acting ----------------------------------------------------------------------

    def show_ticked(self) -> None:
        """«Vis i kontaktlisten»: the main table shows the ticked people."""
        uids = tuple(self.ticked())
        if uids:
            self.show_contacts.emit(ContactFilter(uids=uids))

    def ask_followup(self) -> list[int]:
        """«Legg til oppfølging …»: what, due date and note, then one follow-up each."""
        uids = self.ticked()
        if not uids:
            return []
        what = f"Rekrutter til {self.cell.topic} i {self.cell.county_name}"
        due = self._today() + dt.timedelta(days=DUE_DAYS)
        who = plural(len(uids), "person", "personer")
        editor = FollowUpEditor(who, what, due, "", parent=self)
        if editor.exec() != QDialog.DialogCode.Accepted:
            return []
        what, due_on, note = editor.values()
        try:
            ids = self._followups.add_many(
                uids, what, due_on, note, self.cell.county_number, self.cell.topic
            )
        except KontaktError as exc:
            QMessageBox.warning(self, "Kunne ikke legge til oppfølging", str(exc))
            return []
        self._added = ids
        description = f"Legg til {plural(len(ids), 'oppfølging', 'oppfølginger')}"
        self.followups_added.emit(description, self._revert_for(ids))
        self._update()
        self.status.setText(f"La {plural(len(ids), 'person', 'personer')} på oppfølgingslisten.")
        return ids

    def _revert_for(self, ids: list[int]) -> Callable[[], object]:
        def revert() -> object:
            if self._added == ids:
                self._added = []
                self._update()
            return self._followups.delete(ids, missing_ok=True)

        return revert

    def undo(self) -> None:
        """«Angre»: remove the follow-ups just added."""
        if not self._added:
            return
        ids, self._added = self._added, []
        self._followups.delete(ids, missing_ok=True)
        self._update()
        self.status.setText(f"Fjernet {plural(len(ids), 'oppfølging', 'oppfølginger')} igjen.")
