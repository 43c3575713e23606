"""The main window: sidebar, search field, contact table, actions on the selection.

The table shows what the search service finds for the sidebar's choice plus
the search text; nothing is filtered in Qt. Choosing a county keeps the
chosen topic and the other way round, so the two combine; a label from the
sidebar combines the same way, and so does a survey (those who answered it).
The filter bar's «Tema» and «Etiketter» menus
(:class:`~kontakt.ui.widgets.tag_filter.TagFilter`) tick several topics, all
of them or at least one, and several labels.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kontakt.app import Core
from kontakt.domain.contact_state import filter_from_dict, filter_to_dict
from kontakt.domain.filter_names import remove_name, rename_name
from kontakt.domain.records import ContactFilter, ContactRow
from kontakt.errors import KontaktError
from kontakt.ui.contact_actions import ContactActions, ContactServices
from kontakt.ui.empty_state import EmptyState
from kontakt.ui.event_reminders import EventReminders
from kontakt.ui.filter_text import describe_filter, filter_parts
from kontakt.ui.followups.actions import FollowUpActions
from kontakt.ui.main_menus import build_menus
from kontakt.ui.privacy_actions import PrivacyActions
from kontakt.ui.qt_models.contact_table import HEADERS, Column, ContactTableModel
from kontakt.ui.review_reminder import ReviewReminder
from kontakt.ui.saved_searches import SavedSearchActions
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.sidebar import Sidebar
from kontakt.ui.ui_state import Layout, save_layout, saved_layout
from kontakt.ui.vocabulary_actions import VocabularyActions
from kontakt.ui.widgets.tag_filter import TagFilter
from kontakt.ui.window_dialogs import WindowDialogs

SEARCH_DELAY_MS = 150
# Chosen so that all eight columns fit a 1280-pixel-wide window beside the sidebar.
DEFAULT_WIDTHS = {
    Column.NAME: 150,
    Column.MUNICIPALITY: 105,
    Column.COUNTY: 95,
    Column.ORGANISATION: 130,
    Column.ROLES: 140,
    Column.TOPICS: 130,
    Column.EMAIL: 185,
}


class MainWindow(QMainWindow):
    """Browse, search, filter and edit contacts.

    Args:
        core: The services of the open database.

    Signals:
        database_opened(object): Another database was opened in «Fil → Database …»
            (its :class:`~kontakt.app.Core`); the window session shows it.
    """

    database_opened = Signal(object)

    def __init__(self, core: Core) -> None:
        super().__init__()
        self.core = core
        self.setWindowTitle(f"Kontakt – {core.location.describe()}")
        self.model = ContactTableModel(core.search, self)
        self._base_filter = ContactFilter()
        self._everyone = 0

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Søk i navn, e-post, telefon, organisasjon, kommune …")
        self.search_field.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_field.textChanged.connect(self._search_timer.start)

        self.filter_label = QLabel()
        self.clear_filter_button = QPushButton("Nullstill filter")
        self.clear_filter_button.clicked.connect(self.clear_filter)
        self.tag_filter = TagFilter()
        self.tag_filter.changed.connect(self._tags_chose)
        self.save_search_button = QPushButton("Lagre søk …")
        self.save_search_button.clicked.connect(self.save_search)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.horizontalHeader().customContextMenuRequested.connect(self._column_menu)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._row_menu)
        self.table.setWordWrap(False)
        self.table.doubleClicked.connect(self._open_row)
        for column, width in DEFAULT_WIDTHS.items():
            self.table.setColumnWidth(column, width)

        self.sidebar = Sidebar(core.catalog, core.search, core.geography, core.surveys)
        self.sidebar.selected.connect(self._sidebar_chose)

        self.dialogs = WindowDialogs(self)
        self.contact_actions = ContactActions(
            ContactServices(core.contacts, core.catalog, core.undo, core.search,
                            core.geography, core.history, core.ideabank, core.inbox,
                            core.merging),
            self, self.selected_rows, self.show_status,
        )  # fmt: skip
        self.privacy_actions = PrivacyActions(
            core.privacy, self.dialogs.erasure, self, self.selected_rows, self.reload
        )
        self.contact_actions.changed.connect(self.reload)
        self.saved_searches = SavedSearchActions(
            core.catalog, self, self.contact_actions.undo_stack, self.show_status
        )
        self.saved_searches.changed.connect(self.sidebar.refresh)
        self.vocabulary_actions = VocabularyActions(
            core.vocabulary, core.synonyms, self, self.contact_actions.undo_stack,
            self.show_status,
        )  # fmt: skip
        self.vocabulary_actions.renamed.connect(self._filter_follows)
        self.vocabulary_actions.changed.connect(self.reload)
        self.sidebar.customContextMenuRequested.connect(self._sidebar_menu)
        self.review_reminder = ReviewReminder(
            core.retention, core.settings, self.dialogs.open_review, self, self.table.viewport()
        )
        self.event_reminders = EventReminders(core.event_mail, core.outbox, self, self.show_status)
        self.event_reminders.start()
        self.followup_actions = FollowUpActions(
            core.followups, self, self.selected_rows, self.contact_actions.undo_stack,
            self.show_status, self.contact_actions.edit_contact, self.table.viewport(),
        )  # fmt: skip

        self.empty_state = EmptyState(
            self.dialogs.open_import, self.contact_actions.new_contact, self.dialogs.load_demo
        )
        self.stack = QStackedWidget()
        table_page = QWidget()
        layout = QVBoxLayout(table_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_field)
        bar = QHBoxLayout()
        bar.addWidget(self.filter_label, 1)
        bar.addWidget(self.tag_filter)
        bar.addWidget(self.save_search_button)
        bar.addWidget(self.clear_filter_button)
        layout.addLayout(bar)
        layout.addWidget(self.table)
        self.stack.addWidget(table_page)
        self.stack.addWidget(self.empty_state)

        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([230, 1050])
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.review_reminder.button)
        self.statusBar().addPermanentWidget(self.followup_actions.reminder.button)
        self.statusBar().addPermanentWidget(self.count_label)
        actions = build_menus(self)
        self.import_action = actions.import_action
        self.export_action = actions.export_action
        self.compose_action = actions.compose_action
        self.overview_action = actions.overview_action
        fit_to_screen(self, 1280, 760)
        self._restore_state()
        self.reload()

    # -- filter ------------------------------------------------------------------

    def _sidebar_chose(self, kind: str, value: str) -> None:
        base = self._base_filter
        if base.trashed or base.list_name:
            base = ContactFilter()  # a list or the trash does not combine with places
        if kind == "county":
            base = replace(base, county=value)
        elif kind == "topic":
            base = replace(base, topics=(value,), any_topic=False)
        elif kind == "label":
            base = replace(base, labels=(value,))
        elif kind == "survey":
            base = replace(base, survey=value, survey_question="", survey_answer="")
        elif kind == "list":
            base = ContactFilter(list_name=value)
        elif kind == "saved":
            try:
                base = self.core.catalog.saved_search(value)
            except KontaktError as exc:
                self.show_status(str(exc))
                return
            self.search_field.blockSignals(True)
            self.search_field.setText(base.text)
            self.search_field.blockSignals(False)
            base = replace(base, text="")
        elif kind == "trash":
            base = ContactFilter(trashed=True)
        else:
            base = ContactFilter()
        self._base_filter = base
        self.contact_actions.set_trash_mode(base.trashed)
        self.apply_filter()

    def _tags_chose(self) -> None:
        base = self._base_filter
        if base.trashed or base.list_name:
            base = ContactFilter()  # as in the sidebar: topics do not combine with a list
            self.sidebar.blockSignals(True)
            self.sidebar.clearSelection()
            self.sidebar.blockSignals(False)
        self._base_filter = self.tag_filter.apply_to(base)
        self.contact_actions.set_trash_mode(False)
        self.apply_filter()

    def show_filter(self, f: ContactFilter) -> None:
        """Show exactly the contacts of ``f`` (e.g. a cell of the overview); the
        sidebar's choice and the search text give way to it."""
        self.sidebar.blockSignals(True)
        self.sidebar.clearSelection()
        self.sidebar.blockSignals(False)
        self.search_field.blockSignals(True)
        self.search_field.setText(f.text)
        self.search_field.blockSignals(False)
        self._base_filter = replace(f, text="")
        self.contact_actions.set_trash_mode(f.trashed)
        self.apply_filter()

    def current_filter(self) -> ContactFilter:
        """The sidebar's filter plus the text in the search field."""
        return replace(self._base_filter, text=self.search_field.text())

    def clear_filter(self) -> None:
        """Show everyone again."""
        self._base_filter = ContactFilter()
        self.search_field.clear()
        self.sidebar.clearSelection()
        self.contact_actions.set_trash_mode(False)
        self.apply_filter()

    def apply_filter(self) -> None:
        """Run the search for the current filter and update the status bar."""
        self._search_timer.stop()
        try:
            self.model.set_filter(self.current_filter())
        except KontaktError as exc:
            self.show_status(str(exc))
            return
        self.tag_filter.set_filter(self._base_filter)
        self.filter_label.setText(describe_filter(self._base_filter, self.core.geography))
        self.clear_filter_button.setEnabled(self.current_filter() != ContactFilter())
        self.count_label.setText(f"{self.model.total} av {self._everyone} kontakter")
        self.stack.setCurrentIndex(
            1 if self._everyone == 0 and not self._base_filter.trashed else 0
        )

    def focus_search(self) -> None:
        """Ctrl+F: put the cursor in the search field."""
        self.search_field.setFocus()
        self.search_field.selectAll()

    def save_search(self) -> None:
        """«Lagre søk …»: store the current filter under a name."""
        self.saved_searches.save(self.current_filter())

    def _filter_follows(self, kind: str, old: str, new: str) -> None:
        """The current filter names a topic, label or list by its new name (or not at all)."""
        data = filter_to_dict(self._base_filter)
        data = rename_name(data, kind, old, new) if new else remove_name(data, kind, old)
        self._base_filter = filter_from_dict(data)

    def _sidebar_menu(self, pos: QPoint) -> None:
        kind, value = self.sidebar.choice_at(pos)
        menu = self.saved_searches.menu(value, self) if kind == "saved" else QMenu(self)
        self.vocabulary_actions.add_to_menu(menu, kind, value)
        if menu.actions():
            menu.exec(self.sidebar.viewport().mapToGlobal(pos))

    # -- state -------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the sidebar counts and the table."""
        self._everyone = self.core.search.count(ContactFilter())
        self.sidebar.refresh()
        self.tag_filter.set_names(
            [t.name for t in self.core.catalog.topics()],
            [t.name for t in self.core.catalog.labels()],
        )
        self.apply_filter()
        self.review_reminder.schedule()

    def selected_rows(self) -> list[ContactRow]:
        """The contacts selected in the table, top to bottom."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.model.row_at(r) for r in rows]

    def _open_row(self, index: QModelIndex) -> None:
        if not self._base_filter.trashed:
            self.contact_actions.edit_contact(self.model.row_at(index.row()).uid)

    def show_status(self, message: str) -> None:
        """A short message in the status bar."""
        self.statusBar().showMessage(message, 6000)

    def scope_args(self) -> tuple[list[str], ContactFilter, str]:
        """Who a job is for, to begin with: the selected uids, the filter, the filter in words."""
        f = self.current_filter()
        scope = " · ".join(filter_parts(f, self.core.geography))
        return [r.uid for r in self.selected_rows()], f, scope

    def _column_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        header = self.table.horizontalHeader()
        for column in Column:
            action = menu.addAction(HEADERS[column])
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.setEnabled(column is not Column.NAME)
            action.toggled.connect(lambda on, c=column: header.setSectionHidden(c, not on))
        menu.exec(header.mapToGlobal(pos))

    def _row_menu(self, pos: QPoint) -> None:
        a = self.contact_actions
        menu = QMenu(self)
        for action in (a.edit, a.trash, a.restore):
            if action.isVisible():
                menu.addAction(action)
        menu.addSeparator()
        menu.addMenu(a.bulk_menu(menu))
        if not self._base_filter.trashed:
            menu.addAction(self.followup_actions.add_action)
        menu.addSeparator()
        menu.addAction(self.privacy_actions.export)
        menu.addAction(self.privacy_actions.erase)
        menu.exec(self.table.viewport().mapToGlobal(pos))

    # -- window state ------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = saved_layout(Layout.MAIN_GEOMETRY)
        if geometry is not None:
            self.restoreGeometry(geometry)
        header = saved_layout(Layout.MAIN_HEADER)
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.review_reminder.stop()
        self.event_reminders.stop()
        self.followup_actions.stop()
        save_layout(Layout.MAIN_GEOMETRY, self.saveGeometry())
        save_layout(Layout.MAIN_HEADER, self.table.horizontalHeader().saveState())
        super().closeEvent(event)
