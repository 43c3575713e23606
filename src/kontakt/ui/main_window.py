"""The main window: sidebar of counties and topics, search field, contact table.

Signals:
    None of its own; it reacts to its widgets.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from kontakt import __version__
from kontakt.app import Core
from kontakt.domain.records import ContactFilter
from kontakt.errors import KontaktError
from kontakt.ui.qt_models.contact_table import Column, ContactTableModel

SEARCH_DELAY_MS = 150
_KIND_ROLE = Qt.ItemDataRole.UserRole + 1
_VALUE_ROLE = Qt.ItemDataRole.UserRole + 2


class MainWindow(QMainWindow):
    """Browse and search contacts.

    Args:
        core: The services of the open database.
    """

    def __init__(self, core: Core) -> None:
        super().__init__()
        self.core = core
        self.setWindowTitle(f"Kontakt – {core.location.describe()}")
        self.model = ContactTableModel(core.search, self)
        self._base_filter = ContactFilter()

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText("Søk i navn, e-post, telefon, organisasjon, kommune …")
        self.search_field.setClearButtonEnabled(True)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)
        self.search_field.textChanged.connect(self._search_timer.start)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(Column.NAME, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setWordWrap(False)

        self.sidebar = QTreeWidget()
        self.sidebar.setHeaderHidden(True)
        self.sidebar.setMinimumWidth(220)
        self.sidebar.itemSelectionChanged.connect(self._sidebar_changed)

        self.empty_state = self._build_empty_state()
        self.stack = QStackedWidget()
        table_page = QWidget()
        layout = QVBoxLayout(table_page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search_field)
        layout.addWidget(self.table)
        self.stack.addWidget(table_page)
        self.stack.addWidget(self.empty_state)

        splitter = QSplitter()
        splitter.addWidget(self.sidebar)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([240, 960])
        self.setCentralWidget(splitter)

        self.count_label = QLabel()
        self.statusBar().addPermanentWidget(self.count_label)
        self._build_actions()
        self.resize(1200, 720)
        self._restore_state()
        self.reload()

    # -- building ----------------------------------------------------------------

    def _build_actions(self) -> None:
        find = QAction("Søk", self)
        find.setShortcut(QKeySequence.StandardKey.Find)
        find.triggered.connect(lambda: self.search_field.setFocus())
        self.addAction(find)
        file_menu = self.menuBar().addMenu("&Fil")
        demo = file_menu.addAction("Last inn eksempeldata")
        demo.triggered.connect(self.load_demo)
        file_menu.addSeparator()
        quit_action = file_menu.addAction("Avslutt")
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        help_menu = self.menuBar().addMenu("&Hjelp")
        about = help_menu.addAction("Om Kontakt")
        about.triggered.connect(self._about)

    def _build_empty_state(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch()
        title = QLabel("<h2>Velkommen til Kontakt</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = QLabel(
            "Databasen er tom. Legg inn oppdiktede eksempelkontakter for å prøve programmet."
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(text)
        buttons = QHBoxLayout()
        buttons.addStretch()
        self.demo_button = QPushButton("Last inn eksempeldata")
        self.demo_button.clicked.connect(self.load_demo)
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        layout.addLayout(buttons)
        layout.addStretch()
        return page

    # -- state -------------------------------------------------------------------

    def reload(self) -> None:
        """Re-read the sidebar counts and the table."""
        self._fill_sidebar()
        self.apply_filter()

    def _fill_sidebar(self) -> None:
        self.sidebar.blockSignals(True)
        self.sidebar.clear()
        everyone = QTreeWidgetItem(self.sidebar, ["Alle kontakter"])
        everyone.setData(0, _KIND_ROLE, "all")
        counties = QTreeWidgetItem(self.sidebar, ["Fylker"])
        counts = self.core.search.county_counts()
        for county in self.core.geography.counties:
            item = QTreeWidgetItem(counties, [f"{county.name} ({counts.get(county.number, 0)})"])
            item.setData(0, _KIND_ROLE, "county")
            item.setData(0, _VALUE_ROLE, county.number)
        topics = QTreeWidgetItem(self.sidebar, ["Tema"])
        for topic in self.core.catalog.topics():
            item = QTreeWidgetItem(topics, [f"{topic.name} ({topic.count})"])
            item.setData(0, _KIND_ROLE, "topic")
            item.setData(0, _VALUE_ROLE, topic.name)
        lists = QTreeWidgetItem(self.sidebar, ["Lister"])
        for named in self.core.catalog.lists():
            item = QTreeWidgetItem(lists, [f"{named.name} ({named.count})"])
            item.setData(0, _KIND_ROLE, "list")
            item.setData(0, _VALUE_ROLE, named.name)
        saved = QTreeWidgetItem(self.sidebar, ["Lagrede søk"])
        for name in self.core.catalog.saved_searches():
            item = QTreeWidgetItem(saved, [name])
            item.setData(0, _KIND_ROLE, "saved")
            item.setData(0, _VALUE_ROLE, name)
        trash = QTreeWidgetItem(self.sidebar, ["Papirkurv"])
        trash.setData(0, _KIND_ROLE, "trash")
        counties.setExpanded(True)
        topics.setExpanded(True)
        self.sidebar.blockSignals(False)

    def _sidebar_changed(self) -> None:
        items = self.sidebar.selectedItems()
        kind = items[0].data(0, _KIND_ROLE) if items else "all"
        value = str(items[0].data(0, _VALUE_ROLE) or "") if items else ""
        base = self._base_filter
        if kind == "county":
            base = replace(base, county=value, trashed=False, list_name="")
        elif kind == "topic":
            base = replace(base, topics=(value,), trashed=False, list_name="")
        elif kind == "list":
            base = ContactFilter(list_name=value)
        elif kind == "saved":
            base = self.core.catalog.saved_search(value)
        elif kind == "trash":
            base = ContactFilter(trashed=True)
        elif kind == "all":
            base = ContactFilter()
        else:
            return
        self._base_filter = base
        self.apply_filter()

    def current_filter(self) -> ContactFilter:
        """The sidebar's filter plus the text in the search field."""
        return replace(self._base_filter, text=self.search_field.text())

    def apply_filter(self) -> None:
        """Run the search for the current filter and update the status bar."""
        try:
            self.model.set_filter(self.current_filter())
        except KontaktError as exc:
            self.statusBar().showMessage(str(exc), 5000)
            return
        everyone = self.core.search.count(ContactFilter())
        self.count_label.setText(f"{self.model.total} av {everyone} kontakter")
        self.stack.setCurrentIndex(1 if everyone == 0 else 0)

    def load_demo(self) -> None:
        """Fill the database with the invented sample contacts."""
        from kontakt.services.demo import add_demo_contacts

        try:
            count = add_demo_contacts(self.core)
        except KontaktError as exc:
            QMessageBox.information(self, "Kontakt", str(exc))
            return
        self.statusBar().showMessage(f"La inn {count} eksempelkontakter.", 5000)
        self.reload()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "Om Kontakt",
            f"<b>Kontakt {__version__}</b><br>Kontaktliste og utsendelser for SVs "
            f"helsepolitiske nettverk.<br><br>Database: {self.core.location.describe()}",
        )

    # -- window state ------------------------------------------------------------

    def _restore_state(self) -> None:
        settings = QSettings()
        geometry = settings.value("main/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        header = settings.value("main/header")
        if header is not None:
            self.table.horizontalHeader().restoreState(header)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("main/geometry", self.saveGeometry())
        settings.setValue("main/header", self.table.horizontalHeader().saveState())
        super().closeEvent(event)
