"""«Hvem»: choose the contacts a job is for.

The choices: the selected rows, what is shown, a list, a saved search, or
contacts by topic and label (several topics, all or at least one of them,
and several labels). Shared by the export dialog and the e-mail composer.
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
from kontakt.ui.filter_text import tag_parts
from kontakt.ui.widgets.tag_filter import TagFilter

SELECTED, CURRENT, LIST, SAVED, TAGS = range(5)


class ScopeChooser(QGroupBox):
    """Radio buttons for the five scopes, and a line saying how many it holds.

    Args:
        catalog: The lists, saved searches, topics and labels to choose from.
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
        # No Alt+letter: the newsletter dialog (which holds this chooser too) and
        # the export dialog already use every letter of «Tema/etikett».
        self.tags_button = QRadioButton("Tema/etikett:")
        self.tag_filter = TagFilter()
        self.tag_filter.set_names(
            [t.name for t in catalog.topics()], [t.name for t in catalog.labels()]
        )
        self.tag_filter.changed.connect(lambda: self._pick(self.tags_button))
        buttons = (
            self.selected_button,
            self.current_button,
            self.list_button,
            self.saved_button,
            self.tags_button,
        )
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
        chooser: tuple[tuple[QRadioButton, QWidget], ...] = (
            (self.list_button, self.list_box),
            (self.saved_button, self.saved_box),
            (self.tags_button, self.tag_filter),
        )
        for button, widget in chooser:
            line = QHBoxLayout()
            line.addWidget(button)
            line.addWidget(widget, 1)
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
        if chosen == TAGS:
            return ContactScope(filter=self.tag_filter.apply_to(ContactFilter()))
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
        if chosen == TAGS:
            return " · ".join(tag_parts(self.tag_filter.apply_to(ContactFilter())))
        return self._describe
