"""«Oversikt»: where the network has people and where it has nobody, and the year in numbers.

The first tab is the county x topic grid with its filters and legend; a
click on a cell emits :attr:`OverviewDialog.cell_chosen` with the contact
filter for exactly those people (the main window shows them). The second
tab is the year summary. The dialog is not modal: it can stay open beside
the contact list.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.geography import Geography
from kontakt.domain.records import RoleKind, RoleLevel
from kontakt.services.followups import FollowUpService
from kontakt.services.overview import Cell, GridFilter, OverviewService
from kontakt.services.recruitment import RecruitmentService
from kontakt.services.year_summary import YearSummaryService
from kontakt.ui.overview.grid_model import NAMES_SHOWN, OverviewGridModel
from kontakt.ui.overview.grid_view import GridView
from kontakt.ui.overview.legend import Legend
from kontakt.ui.overview.year_tab import YearTab
from kontakt.ui.screen_fit import fit_to_screen

ROLE_KINDS: tuple[tuple[str, RoleKind | None], ...] = (
    ("alle", None),
    ("folkevalgte", RoleKind.FOLKEVALGT),
    ("tillitsvalgte", RoleKind.TILLITSVALGT),
    ("ansatte", RoleKind.ANSATT),
    ("annet verv", RoleKind.ANNET),
    ("kandidater", RoleKind.KANDIDAT),
)
LEVELS: tuple[tuple[str, RoleLevel | None], ...] = (
    ("alle", None),
    ("kommune", RoleLevel.KOMMUNE),
    ("fylke", RoleLevel.FYLKE),
    ("Storting", RoleLevel.STORTING),
    ("organisasjon", RoleLevel.ORGANISASJON),
)
FEW = 2
"""A cell with at most this many people offers «Hvem kan fylle hullet?» too."""
FILL_TEXT = "Hvem kan fylle hullet?"
DEFAULT_MONTHS = 12
SPIN_DELAY_MS = 300


class OverviewDialog(QDialog):
    """The grid and the year summary.

    Args:
        overview: The county x topic counts and the names in a cell.
        year_summary: The year's numbers (second tab).
        geography: The counties, the grid's rows.
        parent: The main window.

        recruitment: Who could fill a gap (with ``followups``: «Hvem kan fylle hullet?»).
        followups: Where the gap's follow-ups are written.

    Signals:
        cell_chosen(object): A ``ContactFilter`` for the people of the clicked cell.
        followups_added(str, object): Follow-ups added from a gap: description, revert.
    """

    cell_chosen = Signal(object)
    followups_added = Signal(str, object)

    def __init__(
        self,
        overview: OverviewService,
        year_summary: YearSummaryService,
        geography: Geography,
        parent: QWidget | None = None,
        recruitment: RecruitmentService | None = None,
        followups: FollowUpService | None = None,
    ) -> None:
        super().__init__(parent)
        self.overview = overview
        self.recruitment = recruitment
        self.followups = followups
        self.geography = geography
        self.setWindowTitle("Oversikt")
        self.setModal(False)
        self.model = OverviewGridModel(self._names, self)
        self.view = GridView(self.model)
        self.view.clicked.connect(self._clicked)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._context_menu)
        self.fill_button = QPushButton(FILL_TEXT)
        self.fill_button.setToolTip(
            "Velg en tom rute (eller en med få) for å se hvem i listen som kan fylle den"
        )
        self.fill_button.clicked.connect(lambda: self.open_fill(self.view.currentIndex()))
        self.fill_button.setEnabled(False)
        self.view.selectionModel().currentChanged.connect(lambda i, _p: self._update_fill(i))
        self.fill_button.setVisible(recruitment is not None and followups is not None)
        self.role_kind_box = QComboBox()
        for text, kind in ROLE_KINDS:
            self.role_kind_box.addItem(text, kind)
        self.level_box = QComboBox()
        for text, level in LEVELS:
            self.level_box.addItem(text, level)
        self.confirmed_check = QCheckBox("bare bekreftet siste")
        self.months_spin = QSpinBox()
        self.months_spin.setRange(1, 120)
        self.months_spin.setValue(DEFAULT_MONTHS)
        self.months_spin.setSuffix(" måneder")
        self.months_spin.setEnabled(False)
        self._spin_timer = QTimer(self)
        self._spin_timer.setSingleShot(True)
        self._spin_timer.setInterval(SPIN_DELAY_MS)
        self._spin_timer.timeout.connect(self.refresh)
        self.role_kind_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.level_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.confirmed_check.toggled.connect(self._confirmed_toggled)
        self.months_spin.valueChanged.connect(lambda _v: self._spin_timer.start())
        self.legend = Legend()
        self.summary_label = QLabel()
        self.hint_label = QLabel(
            "Klikk i en rute for å se kontaktene; hold musen over for navn; "
            "høyreklikk et hull for hvem som kan fylle det."
        )
        self.year_tab = YearTab(year_summary)

        self.tabs = QTabWidget()
        self.tabs.addTab(self._grid_page(), "Fylker og tema")
        self.tabs.addTab(self.year_tab, "Årsoversikt")
        buttons = QDialogButtonBox()
        refresh = QPushButton("Oppdater")
        refresh.setToolTip("Tell på nytt (F5), f.eks. etter endringer i kontaktlisten")
        refresh.clicked.connect(self.reload)
        buttons.addButton(refresh, QDialogButtonBox.ButtonRole.ActionRole)
        close = QPushButton("Lukk")
        close.clicked.connect(self.close)
        buttons.addButton(close, QDialogButtonBox.ButtonRole.RejectRole)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.reload)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.refresh()
        self._fit()

    def _grid_page(self) -> QWidget:
        page = QWidget()
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Verv:"))
        filters.addWidget(self.role_kind_box)
        filters.addSpacing(12)
        filters.addWidget(QLabel("Nivå:"))
        filters.addWidget(self.level_box)
        filters.addSpacing(12)
        filters.addWidget(self.confirmed_check)
        filters.addWidget(self.months_spin)
        filters.addStretch()
        filters.addWidget(self.summary_label)
        layout = QVBoxLayout(page)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.legend)
        bottom.addStretch()
        bottom.addWidget(self.fill_button)
        layout.addLayout(bottom)
        # On a line of its own: beside the legend and the button it made the
        # window wider than a 1280-pixel screen.
        self.hint_label.setWordWrap(True)
        layout.addWidget(self.hint_label)
        return page

    def _fit(self) -> None:
        """As large as the grid, within the screen."""
        wanted = self.view.full_size()
        fit_to_screen(self, wanted.width() + 64, wanted.height() + 190)

    # -- the grid ------------------------------------------------------------------

    def grid_filter(self) -> GridFilter:
        """The filter the controls describe."""
        months = self.months_spin.value() if self.confirmed_check.isChecked() else None
        kind = self.role_kind_box.currentData()  # Qt hands a StrEnum back as a plain str
        level = self.level_box.currentData()
        return GridFilter(
            role_kind=RoleKind(kind) if kind else None,
            role_level=RoleLevel(level) if level else None,
            confirmed_months=months,
        )

    def _confirmed_toggled(self, on: bool) -> None:
        self.months_spin.setEnabled(on)
        self.refresh()

    def refresh(self) -> None:
        """Count the grid again for the current filter."""
        self._spin_timer.stop()
        f = self.grid_filter()
        cells = self.overview.grid(f)
        totals = self.overview.county_totals(f)
        self.model.set_cells(list(self.geography.counties), cells, totals)
        self.legend.set_maximum(self.model.maximum)
        gaps, all_cells = self.model.gaps(), self.model.cell_count()
        self.summary_label.setText(f"<b>{gaps}</b> av {all_cells} ruter er tomme (hull)")

    def reload(self) -> None:
        """Count everything again (the grid and the year)."""
        self.refresh()
        self.year_tab.reload_years()

    def _names(self, cell: Cell) -> list[str]:
        return self.overview.names(cell, NAMES_SHOWN, self.grid_filter())

    def _clicked(self, index: QModelIndex) -> None:
        cell = self.model.cell_at(index)
        self._update_fill(index)
        if cell is not None:
            self.cell_chosen.emit(cell.contact_filter(self.grid_filter()))

    # -- from gap to recruitment -----------------------------------------------------

    def _fillable(self, index: QModelIndex) -> Cell | None:
        cell = self.model.cell_at(index)
        if self.recruitment is None or self.followups is None or cell is None:
            return None
        return cell if cell.count <= FEW else None

    def _update_fill(self, index: QModelIndex) -> None:
        self.fill_button.setEnabled(self._fillable(index) is not None)

    def _context_menu(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        cell = self._fillable(index)
        if cell is None:
            return
        self.view.setCurrentIndex(index)
        menu = QMenu(self)
        menu.addAction(FILL_TEXT, lambda: self.open_fill(index))
        menu.popup(self.view.viewport().mapToGlobal(pos))
        self.context_menu = menu  # kept for tests

    def open_fill(self, index: QModelIndex) -> QDialog | None:
        """«Hvem kan fylle hullet?» for the cell at ``index`` (not modal)."""
        from kontakt.ui.overview.recruit_dialog import RecruitDialog

        cell = self._fillable(index)
        if cell is None or self.recruitment is None or self.followups is None:
            return None
        prospects = self.recruitment.prospects(cell.county_number, cell.topic)
        previous = getattr(self, "recruit_dialog", None)
        if previous is not None:  # one at a time
            previous.close()
            previous.deleteLater()
        dialog = RecruitDialog(cell, prospects, self.followups, self)
        dialog.show_contacts.connect(self.cell_chosen)
        dialog.followups_added.connect(self.followups_added)
        dialog.show()
        self.recruit_dialog = dialog
        return dialog

    def keyPressEvent(self, event: object) -> None:
        from PySide6.QtGui import QKeyEvent

        if isinstance(event, QKeyEvent) and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            index = self.view.currentIndex()
            if index.isValid():
                self._clicked(index)
                return
        super().keyPressEvent(event)  # type: ignore[arg-type]
