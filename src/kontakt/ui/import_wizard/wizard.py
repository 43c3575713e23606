"""The import wizard: from a spreadsheet to contacts in six pages.

«Velg fil» → «Ark og overskrift» → «Kolonner» → «Forhåndsvisning» →
«Importer» → «Rapport». The wizard holds the :class:`ImportPreview` the pages
work on (a value: a new one is swapped in, on the GUI thread, when the rows are
planned again), the user's :class:`ImportChoices` beside it and, once written,
the :class:`ImportReport`. Everything slow runs
in the background; closing the wizard cancels what is running (an import
being written is rolled back first).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget, QWizard

from kontakt.domain.geography import Geography
from kontakt.services.catalog import CatalogService
from kontakt.services.importing.model import NO_CHOICES, ImportPreview, ImportReport
from kontakt.services.importing.service import ImportService
from kontakt.ui.import_wizard.base import ImportPage
from kontakt.ui.import_wizard.pages_columns import ColumnsPage
from kontakt.ui.import_wizard.pages_file import FilePage, SheetPage
from kontakt.ui.import_wizard.pages_finish import ApplyPage, ReportPage
from kontakt.ui.import_wizard.pages_preview import PreviewPage
from kontakt.ui.screen_fit import fit_to_screen

BUTTON_TEXTS = {
    QWizard.WizardButton.BackButton: "< Tilbake",
    QWizard.WizardButton.NextButton: "Neste >",
    QWizard.WizardButton.CommitButton: "Neste >",
    QWizard.WizardButton.FinishButton: "Fullfør",
    QWizard.WizardButton.CancelButton: "Lukk",
    QWizard.WizardButton.HelpButton: "Hjelp",
}


class ImportWizard(QWizard):
    """Import contacts from an Excel, LibreOffice or CSV file.

    Args:
        imports: Reads, plans, writes and undoes the import.
        catalog: The topics already known (new ones are offered to be made).
        geography: Municipalities and counties, shown in the preview.
        backup: Backs the database up before the import is written, with
            the reason (e.g. «for-import»); runs off the GUI thread.
        parent: The main window.

    Attributes:
        preview: The file as read and planned (None before the first page is done).
        choices: What the user chose for single rows (left out, own duplicate choice).
        report: What the import did (None until it is written).

    Signals:
        changed(): Contacts were imported, or the import was undone; views must reload.
    """

    changed = Signal()

    FILE, SHEET, COLUMNS, PREVIEW, APPLY, REPORT = range(6)

    def __init__(
        self,
        imports: ImportService,
        catalog: CatalogService,
        geography: Geography,
        backup: Callable[[str], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.imports = imports
        self.catalog = catalog
        self.geography = geography
        self.backup = backup
        self.preview: ImportPreview | None = None
        self.choices = NO_CHOICES
        self.report: ImportReport | None = None
        self._close_when_idle = False
        self.setWindowTitle("Importer fra Excel")
        self.setModal(True)
        # Deleted on the GUI thread when closed, never by the garbage collector elsewhere.
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.DisabledBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        for which, text in BUTTON_TEXTS.items():
            self.setButtonText(which, text)

        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.columns_page = ColumnsPage(self)
        self.preview_page = PreviewPage(self)
        self.apply_page = ApplyPage(self)
        self.report_page = ReportPage(self)
        for page_id, page in enumerate(self.pages()):
            self.setPage(page_id, page)
        self.setMinimumSize(800, 560)
        fit_to_screen(self, 960, 640)

    def pages(self) -> list[ImportPage]:
        """The pages in order."""
        return [
            self.file_page,
            self.sheet_page,
            self.columns_page,
            self.preview_page,
            self.apply_page,
            self.report_page,
        ]

    def swap_preview(self, preview: ImportPreview, new_file: bool = False) -> None:
        """Put a preview planned on a worker in place of the old one (GUI thread only).

        Args:
            preview: The new preview.
            new_file: A file, sheet or header row read anew: its rows are other
                rows, so the user's choices for rows start afresh.
        """
        self.preview = preview
        if new_file:
            self.choices = NO_CHOICES
        if self.currentPage() is self.preview_page:
            self.preview_page.show_preview()

    def busy(self) -> bool:
        """Whether any page waits for a background job."""
        return any(page.task.busy for page in self.pages())

    def reject(self) -> None:
        """«Lukk», Esc or the window's close box: cancel what runs, then close."""
        for page in self.pages():
            page.task.cancel()
        if self.busy():
            self._close_when_idle = True  # an import rolls back first
            return
        super().reject()

    def job_ended(self) -> None:
        """A page's job ended: close now if the user asked to while it ran."""
        if self._close_when_idle and not self.busy():
            self._close_when_idle = False
            super().reject()
