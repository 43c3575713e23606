"""«Hvem»: choose the contacts a job is for (selected rows, what is shown, a list, a saved search).

Shared by the export dialog and the e-mail composer.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import ContactFilter
from kontakt.domain.wording import plural
from kontakt.services.catalog import CatalogService
from kontakt.services.scope import ContactScope

SELECTED, CURRENT, LIST, SAVED = range(4)


class ScopeChooser(QGroupBox):
    """Radio buttons for the four scopes, and a line saying how many it holds.

    Args:
        catalog: The lists and saved searches to choose from.
        selected: Uids of the rows selected in the table.
        current: The window's current filter.
        describe: The current filter in words («Vestland · Rus»), or "" for everyone.

    Signals:
        changed(): The choice changed.
    """

    changed = Signal()

    def __init__(
        self,
        catalog: CatalogService,
        selected: list[str],
        current: ContactFilter,
        describe: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Hvem", parent)
        self.catalog = catalog
        self._selected = tuple(selected)
        self._current = replace(current, trashed=False)
        self._describe = describe
        self.group = QButtonGroup(self)
        self.selected_button = QRadioButton(
            f"&Valgte rader ({plural(len(self._selected), 'kontakt', 'kontakter')})"
        )
        self.current_button = QRadioButton(
            f"&Det som vises nå: {(describe or 'alle kontakter').replace('&', '&&')}"
        )
        self.list_button = QRadioButton("&Liste:")
        self.saved_button = QRadioButton("Lagret &søk:")
        self.list_box = QComboBox()
        self.list_box.addItems([item.name for item in catalog.lists()])
        self.saved_box = QComboBox()
        self.saved_box.addItems(catalog.saved_searches())
        buttons = (self.selected_button, self.current_button, self.list_button, self.saved_button)
        for n, button in enumerate(buttons):
            self.group.addButton(button, n)
        self.selected_button.setEnabled(bool(self._selected))
        self.list_button.setEnabled(self.list_box.count() > 0)
        self.saved_button.setEnabled(self.saved_box.count() > 0)
        (self.selected_button if self._selected else self.current_button).setChecked(True)
        self.group.idClicked.connect(lambda _id: self.changed.emit())
        self.list_box.currentIndexChanged.connect(lambda _i: self._pick(self.list_button))
        self.saved_box.currentIndexChanged.connect(lambda _i: self._pick(self.saved_button))

        layout = QVBoxLayout(self)
        layout.addWidget(self.selected_button)
        layout.addWidget(self.current_button)
        for button, combo in (
            (self.list_button, self.list_box),
            (self.saved_button, self.saved_box),
        ):
            line = QHBoxLayout()
            line.addWidget(button)
            line.addWidget(combo, 1)
            layout.addLayout(line)
        self.count_label = QLabel()
        self.count_label.setWordWrap(True)
        layout.addWidget(self.count_label)

    def _pick(self, button: QRadioButton) -> None:
        button.setChecked(True)
        self.changed.emit()

    def scope(self) -> ContactScope:
        """The chosen contacts."""
        chosen = self.group.checkedId()
        if chosen == SELECTED:
            return ContactScope(uids=self._selected)
        if chosen == LIST:
            return ContactScope(filter=ContactFilter(list_name=self.list_box.currentText()))
        if chosen == SAVED:
            saved = self.catalog.saved_search(self.saved_box.currentText())
            return ContactScope(filter=replace(saved, trashed=False))
        return ContactScope(filter=self._current)

    def title(self) -> str:
        """The choice in words, for headings and file names ("" for everyone)."""
        chosen = self.group.checkedId()
        if chosen == LIST:
            return self.list_box.currentText()
        if chosen == SAVED:
            return self.saved_box.currentText()
        if chosen == SELECTED:
            return "Utvalgte"
        return self._describe
