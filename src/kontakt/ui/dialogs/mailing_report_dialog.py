"""«Vis utsending»: one mailing as sent, who got it, what came back; saved for the board.

Opened from «Utsendinger». The message is the stored text with its merge
fields; «Mottakere» lists each recipient's state; «Svar» what «Hent svar»
applied. «Lagre rapport …» writes the same as an Excel workbook or a PDF.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from kontakt.errors import KontaktError
from kontakt.io.exporters.mailing_report_xlsx import write_mailing_report_xlsx
from kontakt.services.outreach.inbox_responses import responses_text
from kontakt.services.outreach.mailing_report import STATUS_LABELS, MailingReport
from kontakt.ui.printing.mailing_report_pdf import write_mailing_report_pdf
from kontakt.ui.screen_fit import fit_to_screen
from kontakt.ui.widgets.form import closing_buttons
from kontakt.ui.widgets.response_list import ResponseList

EXCEL = "Excel-regneark"
PDF = "PDF"


def _when(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone():%d.%m.%Y %H:%M}" if moment is not None else ""


def _table(headers: tuple[str, ...], rows: list[tuple[str, ...]]) -> QTableWidget:
    table = QTableWidget(len(rows), len(headers))
    table.setHorizontalHeaderLabels(list(headers))
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
    for r, values in enumerate(rows):
        for c, text in enumerate(values):
            table.setItem(r, c, QTableWidgetItem(text))
    table.resizeColumnsToContents()
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


class MailingReportDialog(QDialog):
    """One mailing in full.

    Args:
        report: The mailing, its recipients and what came back.
        parent: «Utsendinger».

    Attributes:
        saved: Where the report was last saved (None until then).
    """

    def __init__(self, report: MailingReport, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.saved: Path | None = None
        m = report.overview
        self.setWindowTitle(f"Utsending nr. {m.id}")
        fit_to_screen(self, 820, 600)
        counts = ", ".join(f"{m.counts.get(s, 0)} {t.lower()}" for s, t in STATUS_LABELS.items())
        lines = [
            f"<b>{html.escape(m.subject)}</b>",
            f"Lagret {_when(m.created_at)}"
            + (f", ferdig sendt {_when(m.finished_at)}" if m.finished_at else ", ikke ferdig"),
            html.escape(
                f"Fra {report.sender_name} <{report.sender_address}> til {report.audience}"
            ),
            counts + ". " + html.escape(responses_text(report.responses)),
        ]
        if report.event_title:
            lines.append(html.escape(f"Arrangement: {report.event_title}"))
        self.header = QLabel("<br>".join(lines))
        self.header.setWordWrap(True)

        self.message = QPlainTextEdit(report.body)
        self.message.setReadOnly(True)
        message_tab = QWidget()
        message_layout = QVBoxLayout(message_tab)
        message_layout.addWidget(self.message)
        if report.attachments:
            message_layout.addWidget(QLabel("Vedlegg: " + ", ".join(report.attachments)))
        if report.html:
            message_layout.addWidget(QLabel("Sendt med en HTML-versjon i tillegg til teksten."))
        self.recipients = _table(
            ("Navn", "E-post", "Status", "Sendt", "Feil"),
            [
                (r.name, r.address, STATUS_LABELS[r.status], _when(r.sent_at), r.error)
                for r in report.recipients
            ],
        )
        self.responses = ResponseList(lambda _id: list(report.responses))
        self.responses.show_for(m.id)
        self.tabs = QTabWidget()
        self.tabs.addTab(message_tab, "&Meldingen")
        self.tabs.addTab(self.recipients, f"M&ottakere ({len(report.recipients)})")
        self.tabs.addTab(self.responses, f"&Svar ({len(report.responses)})")

        self.save_button = QPushButton("&Lagre rapport …")
        self.save_button.setToolTip(
            "Utsendingen, mottakerne og svarene som Excel-regneark eller PDF"
        )
        self.save_button.clicked.connect(self._choose_target)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.status)
        layout.addLayout(closing_buttons((self.save_button,), self.reject))

    def _choose_target(self) -> None:
        suggestion = str(Path.home() / f"Utsending {self.report.overview.id}.xlsx")
        name, kind = QFileDialog.getSaveFileName(
            self, "Lagre rapporten", suggestion, f"{EXCEL} (*.xlsx);;{PDF} (*.pdf)"
        )
        if name:
            path = Path(name)
            if path.suffix.lower() not in (".xlsx", ".pdf"):
                path = path.with_name(path.name + (".pdf" if kind.startswith(PDF) else ".xlsx"))
            self.save(path)

    def save(self, target: Path) -> bool:
        """Write the report as Excel, or as PDF for a .pdf name; a failure is shown, not raised."""
        pdf = target.suffix.lower() == ".pdf"
        write = write_mailing_report_pdf if pdf else write_mailing_report_xlsx
        try:
            write(self.report, target)
        except KontaktError as exc:
            self.status.setText(str(exc))
            return False
        self.saved = target
        self.status.setText(f"Skrev {target}.")
        return True
