"""The sidebar: everyone, counties, topics, labels, lists, surveys, saved searches, the trash.

Counties, topics, labels and lists show how many live contacts they hold,
surveys how many live contacts answered.

Signals:
    selected(str, str): kind ("all", "county", "topic", "label", "list", "survey",
        "saved", "trash") and value (county number, topic/label/list/survey/search
        name, or "").
"""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem, QWidget

from kontakt.domain.geography import Geography
from kontakt.services.catalog import CatalogService
from kontakt.services.search import SearchService
from kontakt.services.survey import SurveyService

KIND_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2


class Sidebar(QTreeWidget):
    """A tree of the ways to narrow the contact table.

    Args:
        catalog: Topics, labels, lists and saved searches.
        search: How many contacts each county has.
        geography: The counties.
        surveys: The surveys and their respondents (none: no «Undersøkelser»).
        parent: Parent widget.

    Signals:
        selected(str, str): The user chose an entry: its kind and value.
    """

    selected = Signal(str, str)

    def __init__(
        self,
        catalog: CatalogService,
        search: SearchService,
        geography: Geography,
        surveys: SurveyService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._surveys = surveys
        self._catalog = catalog
        self._search = search
        self._geography = geography
        self.setHeaderHidden(True)
        self.setMinimumWidth(200)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)  # saved searches
        self.itemSelectionChanged.connect(self._emit)

    def _item(
        self, parent: QTreeWidget | QTreeWidgetItem, text: str, kind: str, value: str = ""
    ) -> QTreeWidgetItem:
        item = QTreeWidgetItem(parent, [text])
        item.setData(0, KIND_ROLE, kind)
        item.setData(0, VALUE_ROLE, value)
        return item

    def refresh(self) -> None:
        """Re-read names and counts, keeping the current choice selected."""
        current = self.current_choice()
        expanded = {item.text(0) for item in self._all_items() if item.isExpanded()} or {
            "Fylker",
            "Tema",
        }
        self.blockSignals(True)
        self.clear()
        self._item(self, "Alle kontakter", "all")
        counties = self._item(self, "Fylker", "")
        counts = self._search.county_counts()
        for c in self._geography.counties:
            self._item(counties, f"{c.name} ({counts.get(c.number, 0)})", "county", c.number)
        topics = self._item(self, "Tema", "")
        for t in self._catalog.topics():
            self._item(topics, f"{t.name} ({t.count})", "topic", t.name)
        labels = self._item(self, "Etiketter", "")
        for named in self._catalog.labels():
            self._item(labels, f"{named.name} ({named.count})", "label", named.name)
        lists = self._item(self, "Lister", "")
        for named in self._catalog.lists():
            self._item(lists, f"{named.name} ({named.count})", "list", named.name)
        surveys = self._surveys.surveys() if self._surveys is not None else []
        if surveys:  # newest first; only once an import kept one
            heading = self._item(self, "Undersøkelser", "")
            for info in surveys:
                self._item(heading, f"{info.name} ({info.respondents})", "survey", info.name)
        saved = self._item(self, "Lagrede søk", "")
        for name in self._catalog.saved_searches():
            self._item(saved, name, "saved", name)
        self._item(self, "Papirkurv", "trash")
        for item in self._all_items():
            if item.childCount():
                item.setExpanded(item.text(0) in expanded)
        self._select(current)
        self.blockSignals(False)

    def current_choice(self) -> tuple[str, str]:
        """(kind, value) of the selected entry; ("all", "") when none."""
        items = self.selectedItems()
        if not items or not items[0].data(0, KIND_ROLE):
            return ("all", "")
        return (str(items[0].data(0, KIND_ROLE)), str(items[0].data(0, VALUE_ROLE) or ""))

    def choice_at(self, pos: QPoint) -> tuple[str, str]:
        """(kind, value) of the entry at ``pos`` in the viewport; ("", "") for none or a
        heading."""
        item = self.itemAt(pos)
        if item is None or not item.data(0, KIND_ROLE):
            return ("", "")
        return (str(item.data(0, KIND_ROLE)), str(item.data(0, VALUE_ROLE) or ""))

    def entry(self, kind: str, value: str = "") -> QTreeWidgetItem | None:
        """The entry of this kind and value, if shown."""
        for item in self._all_items():
            if item.data(0, KIND_ROLE) == kind and (item.data(0, VALUE_ROLE) or "") == value:
                return item
        return None

    def _all_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        for i in range(self.topLevelItemCount()):
            top = self.topLevelItem(i)
            if top is None:
                continue
            items.append(top)
            for j in range(top.childCount()):
                child = top.child(j)
                if child is not None:
                    items.append(child)
        return items

    def _select(self, choice: tuple[str, str]) -> None:
        item = self.entry(*choice)
        if item is not None:
            self.setCurrentItem(item)

    def _emit(self) -> None:
        items = self.selectedItems()
        if items and not items[0].data(0, KIND_ROLE):
            items[0].setExpanded(not items[0].isExpanded())  # a heading: fold, not filter
            return
        self.selected.emit(*self.current_choice())
