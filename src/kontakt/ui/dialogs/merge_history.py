"""The merges a contact took part in, under its history, each with «Angre sammenslåing».

Signals:
    undone(int): a merge was undone (its id); the contact shown is no longer as read.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.errors import KontaktError
from kontakt.services.merging import MergeInfo, MergingService

COLUMNS = ("Tid", "Sammenslåing", "Av")


class MergeHistory(QWidget):
    """The list of a contact's merges and the button that undoes the chosen one.

    Args:
        merging: Lists and undoes merges.
        parent: Parent widget.

    Signals:
        undone(int): The merge with this id was undone.
    """

    undone = Signal(int)

    def __init__(self, merging: MergingService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.merging = merging
        self.uid: str | None = None
        self.label = QLabel("<b>Sammenslåinger</b>")
        self.list = QTreeWidget()
        self.list.setHeaderLabels(list(COLUMNS))
        self.list.setRootIsDecorated(False)
        self.list.setMaximumHeight(110)
        self.undo_button = QPushButton("Angre sammenslåing")
        self.undo_button.setAutoDefault(False)
        self.undo_button.setToolTip("Gjør de to kontaktene til to igjen, slik de var")
        self.undo_button.clicked.connect(self.undo_chosen)
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.undo_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.list)
        layout.addLayout(row)
        self.set_contact(None)

    def set_contact(self, uid: str | None) -> None:
        """Show the merges naming this contact (hidden when there are none)."""
        self.uid = uid
        self.list.clear()
        merges = self.merging.merges(uid) if uid is not None else []
        for info in merges:
            item = QTreeWidgetItem([info.at.replace("T", " ")[:16], _text(info), info.actor])
            item.setData(0, Qt.ItemDataRole.UserRole, info.id)
            item.setData(1, Qt.ItemDataRole.UserRole, info.undone)
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        self.setVisible(bool(merges))
        self._enable()

    def _enable(self) -> None:
        item = self.list.currentItem()
        self.undo_button.setEnabled(item is not None and not item.data(1, Qt.ItemDataRole.UserRole))

    def undo_chosen(self) -> None:
        """Undo the chosen merge; a refusal (changed since) is shown, not raised."""
        item = self.list.currentItem()
        if item is None:
            return
        merge_id = int(item.data(0, Qt.ItemDataRole.UserRole))
        try:
            self.merging.undo(merge_id)
        except KontaktError as exc:
            QMessageBox.warning(self, "Kan ikke angre", str(exc))
            return
        self.set_contact(self.uid)
        self.undone.emit(merge_id)


def _text(info: MergeInfo) -> str:
    text = f"«{info.other_name}» slått inn i «{info.kept_name}»"
    return f"{text} (angret)" if info.undone else text
