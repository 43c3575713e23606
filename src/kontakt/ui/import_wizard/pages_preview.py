"""«Forhåndsvisning»: every planned row, with counts and the choices for the whole import.

Nothing is written yet. The secretary can leave rows out (the «Importer»
check box), correct a row with errors (double-click), choose what happens to
people who are already in Kontakt (for all, or row by row), decide about
topics Kontakt does not know, and record the legal basis for the import.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.records import ConsentBasis
from kontakt.services.importing.model import ON_DUPLICATE_LABELS, ImportPreview, OnDuplicate
from kontakt.services.importing.service import ImportService
from kontakt.ui.import_wizard.base import ImportPage
from kontakt.ui.import_wizard.correction import CorrectionDialog
from kontakt.ui.import_wizard.pages_file import source_text
from kontakt.ui.import_wizard.preview_model import Col, PreviewModel, issues_text, status_text
from kontakt.ui.import_wizard.preview_parts import (
    FILTERS,
    ChoiceDelegate,
    PreviewFilter,
    counts_text,
)
from kontakt.ui.import_wizard.topic_choices import TopicChoices
from kontakt.ui.widgets.form import ERROR_COLOUR, make_combo
from kontakt.ui.widgets.task_panel import error_text

if TYPE_CHECKING:
    from kontakt.ui.import_wizard.wizard import ImportWizard

DETAIL_LINES = 3
NO_ROW = "Klikk på en rad for å se alt om den her."
WIDTHS = {
    Col.IMPORT: 64,
    Col.ROW: 40,
    Col.NAME: 120,
    Col.EMAIL: 150,
    Col.PHONE: 90,
    Col.MUNICIPALITY: 95,
    Col.CHOICE: 110,
}


class PreviewPage(ImportPage):
    """The preview table and the choices that apply to the whole import."""

    def __init__(self, owner: ImportWizard) -> None:
        super().__init__(
            owner,
            "Forhåndsvisning",
            "Sjekk radene før de importeres. Ingenting er lagret ennå.",
        )
        self.counts = QLabel()
        self.duplicate_combo = QComboBox()
        for choice, label in ON_DUPLICATE_LABELS.items():
            self.duplicate_combo.addItem(label, choice.value)
        self.duplicate_combo.currentIndexChanged.connect(self._duplicate_choice)
        self.basis_combo = make_combo(
            [("", "(ikke oppgitt)"), *((b.value, b.value.capitalize()) for b in ConsentBasis)]
        )
        self.basis_combo.currentIndexChanged.connect(self._basis_changed)
        self.source_edit = QLineEdit()
        self.source_edit.setToolTip("Hvor opplysningene kommer fra, lagres hos hver kontakt.")
        self.topics = TopicChoices()
        self.topics.changed.connect(self._topics_changed)
        self.filter_combo = QComboBox()
        for key, label in FILTERS:
            self.filter_combo.addItem(label, key)
        self.filter_combo.currentIndexChanged.connect(self._filter_changed)

        self.model = PreviewModel(owner.geography, self)
        self.model.edited.connect(self._edited)
        self.proxy = PreviewFilter(self)
        self.proxy.setSourceModel(self.model)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setItemDelegateForColumn(Col.CHOICE, ChoiceDelegate(self.view))
        self.view.setEditTriggers(
            QAbstractItemView.EditTrigger.SelectedClicked
            | QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setWordWrap(False)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Col.STATUS, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(36)
        for column, width in WIDTHS.items():
            self.view.setColumnWidth(column, width)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().currentRowChanged.connect(self._show_details)
        self.details = QLabel()
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.details.setFixedHeight(DETAIL_LINES * self.fontMetrics().lineSpacing() + 4)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setVisible(False)

        choices = QHBoxLayout()
        choices.addWidget(QLabel("Finnes fra før:"))
        choices.addWidget(self.duplicate_combo)
        choices.addSpacing(16)
        choices.addWidget(QLabel("Rettsgrunnlag:"))
        choices.addWidget(self.basis_combo)
        choices.addSpacing(16)
        choices.addWidget(QLabel("Kilde:"))
        choices.addWidget(self.source_edit, 1)
        shown = QHBoxLayout()
        shown.addWidget(QLabel("Vis:"))
        shown.addWidget(self.filter_combo)
        shown.addSpacing(16)
        hint = QLabel("Dobbeltklikk på en rad for å rette den. Fjern haken for å hoppe over raden.")
        hint.setWordWrap(True)
        shown.addWidget(hint, 1)

        self.form = QWidget()
        form = QVBoxLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addWidget(self.counts)
        form.addLayout(choices)
        form.addWidget(self.topics)
        form.addLayout(shown)
        form.addWidget(self.view, 1)
        form.addWidget(self.details)
        form.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form, 1)
        layout.addWidget(self.task)
        self._topic_names: list[str] = []
        self._planned_consent: tuple[ConsentBasis | None, str] = (None, "")

    def initializePage(self) -> None:
        p = self.preview
        options = p.options
        self.duplicate_combo.blockSignals(True)
        self.duplicate_combo.setCurrentIndex(
            self.duplicate_combo.findData(options.on_duplicate.value)
        )
        self.duplicate_combo.blockSignals(False)
        self.basis_combo.setCurrentIndex(
            max(self.basis_combo.findData(options.consent_basis or ""), 0)
        )
        self.source_edit.setText(options.consent_source or source_text(p.path))
        self._basis_changed()
        self._planned_consent = (options.consent_basis, options.consent_source)
        in_rows = (topic for plan in p.rows for topic in plan.new_topics)
        self._topic_names = list(dict.fromkeys([*p.unknown_topics, *in_rows, *options.topic_map]))
        self._show_topics()
        self.message.clear()
        self.message.setVisible(False)
        self.details.setText(NO_ROW)
        self.show_preview()

    def show_preview(self) -> None:
        """Show the wizard's preview (just swapped in, on the GUI thread) and the choices."""
        p = self.preview
        self.model.set_rows(p.rows, p.options.on_duplicate, self.owner.choices)
        self._update_counts()

    def _show_details(self, current: QModelIndex) -> None:
        """Below the table: the whole status and every problem of the current row."""
        if not current.isValid():
            self.details.setText(NO_ROW)
            return
        plan = self.model.plan(self.proxy.mapToSource(current).row())
        skipped = self.model.skipped(plan)
        if plan.errors and not skipped:
            lines = [f"Rad {plan.row} har feil (dobbeltklikk for å rette):"]
            lines += [f"• {i.message}" for i in plan.errors]
        else:
            lines = [f"Rad {plan.row}: {status_text(plan, skipped)}"]
        lines += [f"• Advarsel: {i.message}" for i in plan.warnings]
        if len(lines) > DETAIL_LINES:
            lines[DETAIL_LINES - 1 :] = [
                f"… og {len(lines) - DETAIL_LINES + 1} til (se verktøytipset)"
            ]
        self.details.setText("\n".join(lines))
        self.details.setToolTip(issues_text(plan))

    def _filter_changed(self) -> None:
        self.proxy.set_mode(self.filter_combo.currentData())

    def _show_topics(self) -> None:
        existing = [t.name for t in self.owner.catalog.topics()]
        self.topics.blockSignals(True)
        self.topics.set_topics(self._topic_names, existing, self.preview.options.topic_map)
        self.topics.blockSignals(False)

    def _update_counts(self) -> None:
        self.counts.setText(counts_text(self.model.rows, self.model.choices))

    def _edited(self) -> None:
        """A row checked or unchecked, or its own duplicate choice changed."""
        self.owner.choices = self.model.choices
        self._update_counts()

    def _duplicate_choice(self) -> None:
        # Nothing is planned again, and the form is disabled while a job runs:
        # the new preview (same rows) is put in place here, on the GUI thread.
        choice = OnDuplicate(self.duplicate_combo.currentData())
        p = self.preview
        self.owner.preview = replace(p, options=replace(p.options, on_duplicate=choice))
        self.model.set_default(choice)

    def _basis_changed(self) -> None:
        self.source_edit.setEnabled(bool(self.basis_combo.currentData()))

    def _topics_changed(self) -> None:
        p = self.preview
        self.task.run(
            "Leser radene på nytt med temavalgene …",
            self.imports.replan,
            p,
            None,
            replace(p.options, topic_map=self.topics.choices()),
            on_result=self.owner.swap_preview,
            cancellable=False,
        )

    def set_busy(self, busy: bool) -> None:
        self.form.setEnabled(not busy)

    # -- corrections -------------------------------------------------------------

    def _double_clicked(self, index: QModelIndex) -> None:
        if index.column() in (Col.IMPORT, Col.CHOICE):
            return
        self.correct_row(self.proxy.mapToSource(index).row())

    def correct_row(self, row: int) -> CorrectionDialog:
        """Open «Rett rad» for a row of the preview (its index in ``preview.rows``)."""
        p = self.preview
        dialog = CorrectionDialog(p.rows[row], p.headers, p.cells[row], self)
        dialog.accepted.connect(lambda: self._save_correction(row, dialog.changes()))
        dialog.exec()
        return dialog

    def _save_correction(self, row: int, changes: dict[int, str]) -> None:
        """Plan the corrected row (and duplicates everywhere) again in the background."""
        if not changes:
            return
        self.task.run(
            "Retter raden …",
            correct_cells,
            self.imports,
            self.preview,
            row,
            changes,
            on_result=lambda preview: self._corrected(row, preview),
            on_error=self._correction_failed,
            cancellable=False,
        )

    def _correction_failed(self, exc: object) -> None:
        QMessageBox.warning(self, "Kan ikke rette raden", error_text(exc))

    def _corrected(self, row: int, preview: ImportPreview) -> None:
        self.owner.swap_preview(preview)
        plan = preview.rows[row]
        if plan.errors:
            self.message.setStyleSheet(f"color: {ERROR_COLOUR};")
            self.message.setText(f"Rad {plan.row} har fortsatt feil: {plan.errors[0].message}")
        else:
            self.message.setStyleSheet("")
            then = "" if self.model.skipped(plan) else " Den blir importert."
            self.message.setText(f"Rad {plan.row} er rettet.{then}")
        self.message.setVisible(True)

    # -- leaving -----------------------------------------------------------------

    def leave(self) -> bool:
        data = self.basis_combo.currentData()
        basis = ConsentBasis(data) if data else None
        consent = (basis, self.source_edit.text().strip() if data else "")
        if consent == self._planned_consent:
            return True
        p = self.preview
        options = replace(p.options, consent_basis=consent[0], consent_source=consent[1])

        def planned(preview: ImportPreview) -> None:
            self.owner.swap_preview(preview)
            self._planned_consent = consent
            self.proceed()

        self.task.run(
            "Legger rettsgrunnlaget inn på radene …",
            self.imports.replan,
            p,
            None,
            options,
            on_result=planned,
            cancellable=False,
        )
        return False


def correct_cells(
    imports: ImportService, preview: ImportPreview, row: int, changes: dict[int, str]
) -> ImportPreview:
    """A new preview with cells of one row corrected (runs on a worker thread)."""
    for column, value in changes.items():
        preview = imports.correct(preview, row, column, value)
    return preview
