"""The last two pages: «Importer» (what will happen, then do it) and «Rapport».

Writing is one transaction: «Avbryt» during the import closes the job, which
rolls everything back. The report can be saved as JSON and the whole import
undone from the last page.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Generator
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from kontakt.domain.wording import number, plural
from kontakt.errors import KontaktError
from kontakt.io.files import write_json_atomically
from kontakt.services.importing.model import (
    ON_DUPLICATE_LABELS,
    ImportChoices,
    ImportPreview,
    ImportReport,
)
from kontakt.services.importing.service import ImportService
from kontakt.ui.import_wizard.base import ImportPage
from kontakt.ui.ui_state import Folder, last_folder
from kontakt.ui.widgets.form import ERROR_COLOUR
from kontakt.ui.widgets.task_panel import error_text

if TYPE_CHECKING:
    from kontakt.ui.import_wizard.wizard import ImportWizard


# When others' changes since the preview happened, as the report says it.
WHILE_PREVIEWING = "mens du så på forhåndsvisningen"


def _say(label: QLabel, text: str, error: bool = False) -> None:
    label.setStyleSheet(f"color: {ERROR_COLOUR};" if error else "")
    label.setText(text)


def undo_question(report: ImportReport) -> str:
    """«Angre hele importen av «fil.xlsx»? De 3 kontaktene som ble opprettet, slettes …»."""

    def these(n: int) -> str:
        return "kontakten" if n == 1 else f"de {number(n)} kontaktene"

    parts = []
    if report.created:
        parts.append(f"{these(report.created)} som ble opprettet, slettes")
    if report.updated:
        parts.append(f"{these(report.updated)} som ble oppdatert, får tilbake det de hadde før")
    what = " og ".join(parts) or "ingen kontakter ble endret"
    return f"Angre hele importen av «{report.file}»?\n\n{what[0].upper()}{what[1:]}."


class ApplyPage(ImportPage):
    """«Importer»: the dry run's summary, then the import with progress and «Avbryt»."""

    def __init__(self, owner: ImportWizard) -> None:
        super().__init__(owner, "Importer", "Se over hva som vil skje, og start importen.")
        self.plan = QLabel()
        self.plan.setWordWrap(True)
        note = QLabel(
            "Alt lagres på én gang: enten kommer alle radene inn, eller ingen. "
            "Hele importen kan angres etterpå."
        )
        note.setWordWrap(True)
        self.start_button = QPushButton("Start importen")
        self.start_button.clicked.connect(self.start)
        self.result = QLabel()
        self.result.setWordWrap(True)
        # A survey export keeps its answers under a name (issue 22).
        self.survey_label = QLabel("Navn på undersøkelsen:")
        self.survey_name = QLineEdit()
        self.survey_name.setObjectName("survey_name")
        self.survey_name.setMaxLength(200)
        survey_row = QHBoxLayout()
        survey_row.addWidget(self.survey_label)
        survey_row.addWidget(self.survey_name, 1)
        row = QHBoxLayout()
        row.addWidget(self.start_button)
        row.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.plan)
        layout.addWidget(note)
        layout.addLayout(survey_row)
        layout.addSpacing(8)
        layout.addLayout(row)
        layout.addWidget(self.task)
        layout.addWidget(self.result)
        layout.addStretch()

    def initializePage(self) -> None:
        p = self.preview
        dry = self.imports.report_for(p, dry_run=True, choices=self.owner.choices)
        sheet = f", ark «{html.escape(p.sheet)}»" if p.sheet else ""
        lines = [
            f"Fil: <b>{html.escape(p.path.name)}</b>{sheet}",
            f"Prøvekjøring: {html.escape(dry.summary())}",
        ]
        details = []
        if dry.duplicates:
            choice = ON_DUPLICATE_LABELS[p.options.on_duplicate]
            details.append(
                f"{plural(dry.duplicates, 'rad', 'rader')} gjelder noen som finnes fra før "
                f"(valgt for alle: «{choice}»)."
            )
        if dry.errors:
            details.append("Rader med feil hoppes over og blir listet opp i rapporten.")
        if dry.created_topics:
            topics = ", ".join(f"«{html.escape(t)}»" for t in dry.created_topics)
            details.append(f"Nye temaer som opprettes: {topics}.")
        if p.options.consent_basis:
            details.append(
                f"Rettsgrunnlag: {p.options.consent_basis.value}, "
                f"kilde: «{html.escape(p.options.consent_source)}»."
            )
        items = "".join(f"<li>{d}</li>" for d in details)
        bullets = f"<ul>{items}</ul>" if items else ""
        self.plan.setText("<p>" + "<br>".join(lines) + "</p>" + bullets)
        survey = self.imports.survey_plan(p)
        for widget in (self.survey_label, self.survey_name):
            widget.setVisible(survey is not None)
        if survey is not None:
            self.survey_name.setText(survey.name)
        self.start_button.setVisible(True)
        nothing = dry.created + dry.updated == 0 and not dry.duplicates
        self.start_button.setEnabled(not nothing)
        _say(
            self.result,
            "Ingen rader vil bli importert. Gå tilbake og velg rader, eller lukk veiviseren."
            if nothing
            else "",
        )

    def isComplete(self) -> bool:
        return super().isComplete() and self.owner.report is not None

    def may_go_back(self) -> bool:
        return self.owner.report is None

    def start(self) -> None:
        """«Start importen»: write the chosen rows in the background."""
        _say(self.result, "")
        if not self.survey_name.isHidden() and self.survey_name.text().strip():
            options = replace(self.preview.options, survey_name=self.survey_name.text().strip())
            self.owner.preview = replace(self.preview, options=options)
        self.task.run(
            "Importerer …",
            backup_then_apply,
            self.imports,
            self.owner.backup,
            self.preview,
            self.owner.choices,
            on_result=self._imported,
            on_error=self._failed,
            on_cancel=self._cancelled,
            detach_on_cancel=False,
        )

    def _imported(self, report: ImportReport) -> None:
        self.owner.report = report
        self.owner.changed.emit()
        self.start_button.setVisible(False)
        late = report.since_preview_text(WHILE_PREVIEWING)
        _say(self.result, f"<b>Ferdig.</b> {html.escape(' '.join((report.summary(), late)))}")
        self.completeChanged.emit()
        self.sync_back()

    def _cancelled(self) -> None:
        _say(self.result, "Importen ble avbrutt. Ingenting er importert.", error=True)

    def _failed(self, exc: object) -> None:
        _say(self.result, f"Importen stoppet, og ingenting er importert. {error_text(exc)}", True)

    def set_busy(self, busy: bool) -> None:
        self.start_button.setEnabled(not busy)


class ReportPage(ImportPage):
    """«Rapport»: what was done, every error and warning, save the report, undo."""

    def __init__(self, owner: ImportWizard) -> None:
        super().__init__(owner, "Rapport", "Dette ble gjort.")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.issues = QListWidget()
        self.issues.setWordWrap(True)
        self.save_button = QPushButton("Lagre rapport …")
        self.save_button.clicked.connect(self.save_report)
        self.undo_button = QPushButton("Angre import")
        self.undo_button.clicked.connect(self.undo_import)
        self.result = QLabel()
        self.result.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.undo_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("Feil og advarsler:"))
        layout.addWidget(self.issues, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.result)

    @property
    def report(self) -> ImportReport:
        """The finished import's report."""
        assert self.owner.report is not None
        return self.owner.report

    def initializePage(self) -> None:
        r = self.report
        text = f"<b>{html.escape(r.summary())}</b>"
        if late := r.since_preview_text(WHILE_PREVIEWING):
            text += "<br>" + html.escape(late)
        if r.created_topics:
            text += "<br>Nye temaer: " + html.escape(", ".join(r.created_topics))
        self.summary.setText(text)
        self.issues.clear()
        for issue in r.errors:
            item = QListWidgetItem(f"Feil – {issue.text()}")
            item.setForeground(QColor(ERROR_COLOUR))
            self.issues.addItem(item)
        self.issues.addItems([f"Advarsel – {issue.text()}" for issue in r.warnings])
        if not r.errors and not r.warnings:
            self.issues.addItem("Ingen feil eller advarsler.")
        self.undo_button.setEnabled(r.batch_id is not None)
        _say(self.result, "")

    def save_report(self) -> None:
        """«Lagre rapport …»: the report as JSON, where the user chooses."""
        folder = last_folder(Folder.IMPORT, Path.home())
        suggested = folder / f"importrapport-{Path(self.report.file).stem}.json"
        name, _ = QFileDialog.getSaveFileName(
            self, "Lagre rapport", str(suggested), "JSON-filer (*.json)"
        )
        if not name:
            return
        path = Path(name)
        if path.suffix.lower() != ".json":
            path = path.with_name(path.name + ".json")
        try:
            write_json_atomically(path, self.report.to_json())
        except OSError as exc:
            _say(self.result, f"Kunne ikke lagre rapporten i {path}: {exc.strerror or exc}", True)
            return
        _say(self.result, f"Rapporten er lagret i {path}.")

    def undo_import(self) -> None:
        """«Angre import»: after asking, take the whole import back."""
        r = self.report
        answer = QMessageBox.question(self, "Angre import", undo_question(r))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.imports.undo(r.batch_id)
        except KontaktError as exc:
            _say(self.result, str(exc), error=True)
            return
        self.undo_button.setEnabled(False)
        self.owner.changed.emit()
        _say(self.result, "Importen er angret. Kontaktene er som før importen.")


def backup_then_apply(
    imports: ImportService,
    backup: Callable[[str], object],
    preview: ImportPreview,
    choices: ImportChoices,
) -> Generator[tuple[int, int], None, ImportReport]:
    """Back the database up, then write the import (both off the GUI thread)."""
    backup("for-import")
    return (yield from imports.apply_steps(preview, choices=choices))
