"""«Idébank»: the network's interpellations, consultation answers and letters, searchable.

The list is searched as one types (title, text and the attached files'
text) and narrowed by kind, topic, county and year, all in SQL through the
idea-bank service. A document opens on its page (:class:`DocumentDialog`),
where it is edited and sent. «Importer mappe …» adds a folder of PDF, DOCX
and TXT files in the background and reports the files it skipped.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.documents import (
    KIND_LABELS,
    USE_FILTER_LABELS,
    DocumentDraft,
    DocumentFilter,
    DocumentKind,
    DocumentOrder,
    FolderReport,
    UseFilter,
)
from kontakt.domain.records import ContactFilter
from kontakt.domain.wording import plural
from kontakt.errors import KontaktError
from kontakt.ui.dialogs.document_dialog import DocumentDialog, DocumentServices, Scope
from kontakt.ui.qt_models.document_table import DocColumn, DocumentTableModel
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.task_panel import TaskPanel, error_text

SEARCH_DELAY_MS = 150
WIDTHS = {
    DocColumn.TITLE: 360,
    DocColumn.KIND: 130,
    DocColumn.DATE: 85,
    DocColumn.PLACE: 120,
    DocColumn.TOPICS: 150,
    DocColumn.AUTHORS: 140,
    DocColumn.STATUS: 80,
}


class IdeaBankDialog(QDialog):
    """Find, open, add, import and delete documents.

    Args:
        services: The documents, topics, places, contacts and sending.
        scope: The main window's selected uids, filter and its description
            (what «Send til …» offers first).
        parent: Parent widget.

    Attributes:
        document_dialog: The last document page opened.
    """

    def __init__(
        self,
        services: DocumentServices,
        scope: Scope | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.scope: Scope = scope or ([], ContactFilter(), "")
        self.document_dialog: DocumentDialog | None = None
        self.setWindowTitle("Idébank")
        fit_to_screen(self, 1200, 720)
        self.model = DocumentTableModel(services.ideabank, self)

        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(
            "Søk i tittel, tekst og vedlagte filer, f.eks. fødetilbud …"
        )
        self.search_field.setClearButtonEnabled(True)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.apply_filter)
        self.search_field.textChanged.connect(self._timer.start)
        self.kind_combo = QComboBox()
        self.topic_combo = QComboBox()
        self.county_combo = QComboBox()
        self.year_combo = QComboBox()
        self.use_combo = QComboBox()
        self.use_combo.addItem("Alle", None)
        for use, label in USE_FILTER_LABELS.items():
            self.use_combo.addItem(label, use.value)
        self.use_combo.setToolTip("Hvor dokumentene er brukt (registrert under «Brukt»)")
        self.order_combo = QComboBox()
        self.order_combo.addItem("Nyeste først", DocumentOrder.NEWEST.value)
        self.order_combo.addItem("Mest brukt først", DocumentOrder.MOST_USED.value)
        for combo in (self.use_combo, self.order_combo):  # the row must fit 1280 px
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(9)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.fill_filters()
        for combo in (self.kind_combo, self.topic_combo, self.county_combo, self.year_combo):
            # Wide enough for «Helseforetaksmodellen», not for «Troms - Romsa - Tromssa».
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(14 if combo is not self.year_combo else 6)
            combo.currentIndexChanged.connect(self.apply_filter)
        self.clear_button = QPushButton("Nullstill")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filter)

        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for column, width in WIDTHS.items():
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(self._open_row)
        self.table.activated.connect(self._open_row)
        self.count_label = QLabel()
        self.empty_label = QLabel()
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setTextFormat(Qt.TextFormat.RichText)
        self.hit_label = QLabel()
        self.hit_label.setWordWrap(True)
        self.hit_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hit_label.setToolTip("Hvor søkeordet står i dokumentet som er valgt")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.new_button = QPushButton("Nytt dokument …")
        self.new_button.clicked.connect(self.new_document)
        self.import_button = QPushButton("Importer mappe …")
        self.import_button.setToolTip("Legg inn alle PDF-, Word- (.docx) og tekstfiler i en mappe")
        self.import_button.clicked.connect(self.choose_folder)
        self.open_button = QPushButton("Åpne")
        self.open_button.clicked.connect(self.open_selected)
        self.delete_button = QPushButton("Slett …")
        self.delete_button.clicked.connect(self.delete_selected)
        close = QPushButton("Lukk")
        close.setAutoDefault(False)
        close.clicked.connect(self.reject)
        self.tasks = TaskPanel()
        self.tasks.busy_changed.connect(lambda busy: self.import_button.setEnabled(not busy))

        filters = QHBoxLayout()
        for label, combo in (
            ("Type:", self.kind_combo),
            ("Tema:", self.topic_combo),
            ("Fylke:", self.county_combo),
            ("År:", self.year_combo),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(combo)
        filters.addWidget(self.clear_button)
        filters.addStretch()
        filters.addWidget(self.count_label)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.import_button):
            buttons.addWidget(b)
        buttons.addStretch()
        for b in (self.open_button, self.delete_button, close):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        search_row = QHBoxLayout()  # use and order beside the search: the filter row is full
        search_row.addWidget(self.search_field, 1)
        for label, combo in (("Bruk:", self.use_combo), ("Sorter:", self.order_combo)):
            search_row.addWidget(QLabel(label))
            search_row.addWidget(combo)
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.hit_label)
        layout.addWidget(self.tasks)
        layout.addLayout(buttons)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.apply_filter()

    # -- filter ----------------------------------------------------------------------

    def fill_filters(self) -> None:
        """(Re)fill the filter choices, keeping what is chosen where it still exists."""
        choices: dict[QComboBox, list[tuple[str, object]]] = {
            self.kind_combo: [("Alle typer", None)]
            + [(KIND_LABELS[k], k.value) for k in DocumentKind],
            self.topic_combo: [("Alle tema", None)]
            + [(t.name, t.name) for t in self.services.catalog.topics()],
            self.county_combo: [("Alle fylker", None)]
            + [(c.name, c.number) for c in self.services.geography.counties],
            self.year_combo: [("Alle år", None)]
            + [(str(y), y) for y in self.services.ideabank.years()],
        }
        for combo, items in choices.items():
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(chosen), 0) if chosen is not None else 0)
            combo.blockSignals(False)

    def current_filter(self) -> DocumentFilter:
        """The search text and the chosen filters."""
        kind = self.kind_combo.currentData()
        topic = self.topic_combo.currentData()
        return DocumentFilter(
            text=self.search_field.text(),
            kind=DocumentKind(kind) if kind else None,
            topics=(topic,) if topic else (),
            county=self.county_combo.currentData() or "",
            year=self.year_combo.currentData(),
            use=UseFilter(use) if (use := self.use_combo.currentData()) else None,
            order=DocumentOrder(self.order_combo.currentData()),
        )

    def apply_filter(self) -> None:
        """Search again for the current filter."""
        self._timer.stop()
        f = self.current_filter()
        try:
            self.model.set_filter(f)
        except KontaktError as exc:
            self.count_label.setText(str(exc))
            return
        n = self.model.total
        self.count_label.setText(plural(n, "dokument", "dokumenter"))
        # The order is how the list is shown, not a filter: «Nullstill» leaves it.
        unfiltered = f == DocumentFilter(order=f.order)
        self.clear_button.setEnabled(not unfiltered)
        if unfiltered:
            self.empty_label.setText(
                "<h3>Idébanken er tom</h3>Legg inn et dokument med «Nytt dokument …», eller "
                "hent inn en hel mappe med interpellasjoner, høringssvar og innlegg med "
                "«Importer mappe …»."
            )
        elif f.text.strip():
            self.empty_label.setText(
                f"Ingen dokumenter inneholder «{html.escape(f.text.strip())}» med filtrene som "
                "er valgt. Prøv en del av ordet, eller «Nullstill»."
            )
        else:
            self.empty_label.setText("Ingen dokumenter passer filtrene. Prøv «Nullstill».")
        self.stack.setCurrentIndex(0 if n else 1)
        if n and f.text.strip():  # the best hit chosen: Enter opens it, and it shows where
            self.table.selectRow(0)
        self._selection_changed()

    def clear_filter(self) -> None:
        """Show every document again."""
        combos = (self.kind_combo, self.topic_combo, self.county_combo, self.year_combo)
        for combo in (*combos, self.use_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search_field.clear()  # starts the search timer; apply_filter stops it
        self.apply_filter()

    def refresh(self) -> None:
        """Read filters and rows again (a document was saved, deleted or imported)."""
        self.fill_filters()
        self.apply_filter()

    # -- documents -------------------------------------------------------------------

    def selected_id(self) -> int | None:
        """The selected document, if any."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()).id if rows else None

    def _selection_changed(self) -> None:
        document_id = self.selected_id()
        self.open_button.setEnabled(document_id is not None)
        self.delete_button.setEnabled(document_id is not None)
        text = self.model.current_filter.text
        hit = ""
        if document_id is not None and text.strip():
            try:
                hit = self.services.ideabank.snippet(document_id, text)
            except KontaktError:
                hit = ""
        self.hit_label.setText(hit)
        self.hit_label.setVisible(bool(hit))

    def _open_row(self, index: QModelIndex) -> None:
        self.open_document(self.model.row_at(index.row()).id)

    def open_selected(self) -> None:
        """«Åpne»: the selected document's page."""
        document_id = self.selected_id()
        if document_id is not None:
            self.open_document(document_id)

    def new_document(self) -> None:
        """«Nytt dokument …»: an empty page."""
        self.open_document(None)

    def open_document(self, document_id: int | None) -> None:
        """Show a document's page; the list follows what was saved there."""
        self.document_dialog = DocumentDialog(self.services, document_id, self.scope, self)
        self.document_dialog.saved.connect(lambda _id: self.refresh())
        self.document_dialog.exec()

    def delete_selected(self) -> None:
        """«Slett …»: after asking, the document with its files and recipient list."""
        document_id = self.selected_id()
        if document_id is None:
            return
        row = self.model.row_at(self.model.row_of(document_id))
        answer = QMessageBox.question(
            self,
            "Slett dokument",
            f"Slette «{row.title}» fra idébanken? Filene og listen over hvem som har fått "
            "det, slettes også. Mottakernes historikk beholdes.",
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.services.ideabank.delete(document_id)
        except KontaktError as exc:
            self.tasks.show_error(str(exc))
        self.refresh()

    # -- importing a folder ------------------------------------------------------------

    def choose_folder(self) -> None:
        """«Importer mappe …»: pick a folder and import it."""
        folder = QFileDialog.getExistingDirectory(self, "Velg mappen med dokumentene")
        if folder:
            self.import_folder(Path(folder))

    def import_folder(self, folder: Path) -> None:
        """Import the folder's files in the background; the topic and county chosen above go
        onto every document, the kind comes from each file's name (or the chosen type)."""
        f = self.current_filter()
        template = DocumentDraft("", topics=f.topics, county=f.county)
        self.tasks.run(
            f"Leser dokumentene i {folder.name} …",
            self.services.ideabank.import_folder,
            folder,
            template,
            f.kind,
            on_result=self._imported,
            on_error=lambda exc: self.tasks.show_error(error_text(exc)),
            units=("fil", "filer"),
        )

    def _imported(self, report: object) -> None:
        assert isinstance(report, FolderReport)
        self.refresh()
        lines = [report.summary()]
        lines += [reason for _name, reason in report.skipped[:30]]
        lines += [note for _name, note in report.notes[:30]]
        QMessageBox.information(self, "Importer mappe", "\n\n".join(lines))
