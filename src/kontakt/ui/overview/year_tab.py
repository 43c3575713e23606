"""«Årsoversikt»: the year's numbers, with a year to choose and PDF and Excel exports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from kontakt.domain.year_summary import YearSummary
from kontakt.errors import KontaktError
from kontakt.io.exporters.year_summary_xlsx import write_year_summary_xlsx
from kontakt.services.year_summary import YearSummaryService
from kontakt.ui.printing.year_report import report_html, write_year_report_pdf


class YearTab(QWidget):
    """The year summary of one year (this year to begin with).

    Args:
        year_summary: The years with data and each year's numbers.
        parent: Parent widget.
    """

    def __init__(self, year_summary: YearSummaryService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.year_summary = year_summary
        self.summary: YearSummary | None = None
        self.year_box = QComboBox()
        self.year_box.currentIndexChanged.connect(lambda _i: self.refresh())
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.pdf_button = QPushButton("Eksporter som PDF …")
        self.pdf_button.setToolTip("En utskriftsvennlig A4-rapport til årsmøtet")
        self.pdf_button.clicked.connect(self._choose_pdf)
        self.xlsx_button = QPushButton("Eksporter som Excel …")
        self.xlsx_button.setToolTip("Tallene i et regneark med tre ark")
        self.xlsx_button.clicked.connect(self._choose_xlsx)
        self.status = QLabel()

        top = QHBoxLayout()
        top.addWidget(QLabel("År:"))
        top.addWidget(self.year_box)
        top.addStretch()
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.status)
        self.reload_years()

    def reload_years(self) -> None:
        """Offer every year with activity, newest first, keeping the chosen one."""
        chosen = self.year()
        years = self.year_summary.years()
        self.year_box.blockSignals(True)
        self.year_box.clear()
        for year in years:
            self.year_box.addItem(str(year), year)
        if chosen in years:
            self.year_box.setCurrentIndex(years.index(chosen))
        self.year_box.blockSignals(False)
        self.refresh()

    def year(self) -> int | None:
        """The chosen year."""
        data = self.year_box.currentData()
        return int(data) if data is not None else None

    def set_year(self, year: int) -> None:
        """Show ``year`` (added to the choices if it has no activity)."""
        index = self.year_box.findData(year)
        if index < 0:
            self.year_box.addItem(str(year), year)
            index = self.year_box.count() - 1
        self.year_box.setCurrentIndex(index)

    def refresh(self) -> None:
        """Count the chosen year again."""
        year = self.year()
        if year is None:
            return
        self.summary = self.year_summary.summary(year)
        self.browser.setHtml(report_html(self.summary, dt.date.today(), heading=False))

    # -- exports -------------------------------------------------------------------

    def _target(self, title: str, suffix: str, kind: str) -> Path | None:
        suggestion = str(Path.home() / f"Årsoversikt {self.year()}{suffix}")
        name, _ = QFileDialog.getSaveFileName(self, title, suggestion, f"{kind} (*{suffix})")
        if not name:
            return None
        path = Path(name)
        return path if path.suffix.lower() == suffix else path.with_name(path.name + suffix)

    def _choose_pdf(self) -> None:
        target = self._target("Eksporter årsoversikten som PDF", ".pdf", "PDF")
        if target is not None:
            self.export_pdf(target)

    def _choose_xlsx(self) -> None:
        target = self._target("Eksporter årsoversikten som Excel", ".xlsx", "Excel-regneark")
        if target is not None:
            self.export_xlsx(target)

    def export_pdf(self, target: Path) -> bool:
        """Write the shown year as a PDF report; a failure is shown, not raised."""
        return self._export(target, write_year_report_pdf)

    def export_xlsx(self, target: Path) -> bool:
        """Write the shown year as an Excel workbook; a failure is shown, not raised."""
        return self._export(target, write_year_summary_xlsx)

    def _export(self, target: Path, write: Callable[[YearSummary, Path], None]) -> bool:
        if self.summary is None:
            return False
        try:
            write(self.summary, target)
        except KontaktError as exc:
            QMessageBox.warning(self, "Årsoversikt", str(exc))
            self.status.setText(str(exc))
            return False
        self.status.setText(f"Skrev {target}.")
        return True
