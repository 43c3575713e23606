"""«Finn duplikater»: pairs (in groups) of contacts that may be one person, to merge or set apart.

The finding runs off the GUI thread with a progress bar. Each pair shows
why it is proposed, strongest first; «Slå sammen …» hands the pair to the
merge dialog (through the window's ``open_merge``), «Ikke samme person» is
remembered so the pair is not proposed again (and can be taken back with
«Angre»). A pair that is dealt with leaves the list.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt.errors import KontaktError
from kontakt.services.duplicates import DuplicateFinder, DuplicatePair, Person
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.form import closing_buttons
from kontakt.ui.workers import Worker

NONE_FOUND = "Fant ingen mulige duplikater."
HEADERS = ("Grunn", "Kontakt", "Kommune", "Kontakt", "Kommune")
_PAIR = Qt.ItemDataRole.UserRole


def _who(person: Person) -> str:
    details = ", ".join((*person.emails[:1], *person.phones[:1], person.organisation))
    return f"{person.name} ({details.strip(', ')})" if details.strip(", ") else person.name


class DuplicatesDialog(QDialog):
    """Finds possible duplicates and lets the secretary merge them or set them apart.

    Args:
        finder: Finds the pairs and remembers «Ikke samme person».
        open_merge: Opens the merge of ``(keep_uid, other_uid)`` and returns
            True if the two were merged; None hides «Slå sammen …».
        parent: The main window.

    Attributes:
        changed: True once a pair was merged (the window reloads its list).
    """

    def __init__(
        self,
        finder: DuplicateFinder,
        open_merge: Callable[[str, str], bool] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.finder = finder
        self.open_merge = open_merge
        self.changed = False
        self.pairs: list[DuplicatePair] = []
        self._set_apart: list[DuplicatePair] = []  # «Ikke samme person», newest last
        self.worker: Worker | None = None
        self.setWindowTitle("Finn duplikater")
        fit_to_screen(self, 980, 560)

        self.status = QLabel("Leter etter mulige duplikater …")
        self.progress = QProgressBar()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(HEADERS)
        self.tree.setAlternatingRowColors(True)
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 230)
        self.tree.setColumnWidth(3, 230)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.merge())
        self.merge_button = QPushButton("Slå sammen …")
        self.merge_button.clicked.connect(self.merge)
        self.merge_button.setVisible(open_merge is not None)
        self.apart_button = QPushButton("Ikke samme person")
        self.apart_button.clicked.connect(self.set_apart)
        self.undo_button = QPushButton("Angre «Ikke samme person»")
        self.undo_button.clicked.connect(self.undo_set_apart)
        for button in (self.merge_button, self.apart_button, self.undo_button):
            button.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.tree, 1)
        buttons = (self.merge_button, self.apart_button, self.undo_button)
        layout.addLayout(closing_buttons(buttons, self.close))
        self._update_buttons()
        self.search()

    # -- finding ------------------------------------------------------------------------

    def search(self) -> None:
        """Look for duplicates in the background."""
        self.progress.setRange(0, 0)
        self.progress.show()
        self.worker = Worker(self.finder.steps)
        self.worker.signals.progress.connect(self._progressed)
        self.worker.signals.result.connect(self._found)
        self.worker.signals.error.connect(self._failed)
        self.worker.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)

    def _found(self, pairs: list[DuplicatePair] | None) -> None:
        self.progress.hide()
        self.pairs = list(pairs or [])
        self._show()

    def _failed(self, exc: BaseException) -> None:
        self.progress.hide()
        message = str(exc) if isinstance(exc, KontaktError) else "Kunne ikke lete etter duplikater."
        self.status.setText(message)
        QMessageBox.warning(self, "Finn duplikater", message)

    def done(self, result: int) -> None:
        """Stop a search still running when the dialog closes."""
        if self.worker is not None:
            self.worker.cancel()
        super().done(result)

    # -- the list -----------------------------------------------------------------------

    def _show(self) -> None:
        self.tree.clear()
        groups: dict[int, QTreeWidgetItem] = {}
        for pair in self.pairs:
            parent = groups.get(pair.group)
            if parent is None:
                parent = QTreeWidgetItem(self.tree, [f"Gruppe {pair.group}"])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                parent.setExpanded(True)
                groups[pair.group] = parent
            a, b = pair.a, pair.b
            row = ["; ".join(pair.reason_texts), _who(a), a.municipality_name, _who(b)]
            item = QTreeWidgetItem(parent, [*row, b.municipality_name])
            item.setData(0, _PAIR, pair)
            item.setToolTip(0, "\n".join(pair.reason_texts))
        for parent in groups.values():
            parent.setExpanded(True)
        n = len(self.pairs)
        if n == 0:
            self.status.setText(NONE_FOUND)
        else:
            self.status.setText(
                f"{n} mulige duplikater i {len(groups)} grupper, sterkest først."
                if n != 1
                else "1 mulig duplikat, sterkest først."
            )
        first = self.tree.topLevelItem(0)
        pair_item = first.child(0) if first is not None else None
        if pair_item is not None:
            self.tree.setCurrentItem(pair_item)
        self._update_buttons()

    def selected(self) -> DuplicatePair | None:
        """The pair chosen in the list, or None (a group's heading or nothing)."""
        item = self.tree.currentItem()
        pair = item.data(0, _PAIR) if item is not None and item.isSelected() else None
        return pair if isinstance(pair, DuplicatePair) else None

    def _update_buttons(self) -> None:
        chosen = self.selected() is not None
        self.merge_button.setEnabled(chosen)
        self.apart_button.setEnabled(chosen)
        self.undo_button.setEnabled(bool(self._set_apart))

    # -- actions ------------------------------------------------------------------------

    def merge(self) -> None:
        """Open the merge of the chosen pair; a merged pair (and the other's pairs) leave."""
        pair = self.selected()
        if pair is None or self.open_merge is None:
            return
        if not self.open_merge(pair.a.uid, pair.b.uid):
            return
        self.changed = True
        gone = pair.b.uid  # merged into the older record
        self.pairs = [p for p in self.pairs if gone not in (p.a.uid, p.b.uid)]
        self._show()

    def set_apart(self) -> None:
        """«Ikke samme person»: remembered, and the pair leaves the list."""
        pair = self.selected()
        if pair is None:
            return
        try:
            self.finder.mark_not_duplicate(pair.a.uid, pair.b.uid)
        except KontaktError as exc:
            QMessageBox.warning(self, "Ikke samme person", str(exc))
            return
        self._set_apart.append(pair)
        self.pairs = [p for p in self.pairs if p is not pair]
        self._show()

    def undo_set_apart(self) -> None:
        """Take back the last «Ikke samme person»: the pair is proposed again."""
        if not self._set_apart:
            return
        pair = self._set_apart.pop()
        try:
            self.finder.unmark_not_duplicate(pair.a.uid, pair.b.uid)
        except KontaktError as exc:
            QMessageBox.warning(self, "Angre", str(exc))
            return
        self.pairs = sorted([*self.pairs, pair], key=lambda p: p.group)
        self._show()
