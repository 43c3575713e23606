"""One mailing's report as an A4 PDF for the board (Qt lays its HTML out).

The same report as the Excel workbook (:mod:`kontakt.io.exporters.mailing_report_xlsx`):
what was sent, by whom and to whom in words, the counts, the text as written,
every recipient and how it went, and what came back. Written atomically,
owner-only (it holds names and addresses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape
from pathlib import Path

from PySide6.QtGui import QTextDocument

from kontakt.services.outreach.inbox_responses import responses_text
from kontakt.services.outreach.mailing_report import STATUS_LABELS, MailingReport
from kontakt.ui.printing.pdf_page import a4_pdf, pdf_font, without_ligatures


def _when(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone():%d.%m.%Y %H:%M}" if moment is not None else ""


def _table(headers: tuple[str, ...], rows: Sequence[Sequence[str]]) -> str:
    head = "".join(f"<th align='left'>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>" for row in rows
    )
    return f"<table cellspacing='0' cellpadding='3' border='1'><tr>{head}</tr>{body}</table>"


def report_html(report: MailingReport) -> str:
    """The report as an HTML page."""
    m = report.overview
    counts = ", ".join(f"{m.counts.get(s, 0)} {t.lower()}" for s, t in STATUS_LABELS.items())
    about = [
        ("Lagret", _when(m.created_at)),
        ("Ferdig sendt", _when(m.finished_at) or "ikke ferdig"),
        ("Avsender", f"{report.sender_name} <{report.sender_address}>".strip()),
        ("Til", report.audience),
        ("Status", counts),
        ("Svar", responses_text(report.responses)),
    ]
    if report.event_title:
        about.append(("Arrangement", report.event_title))
    if report.attachments:
        about.append(("Vedlegg", ", ".join(report.attachments)))
    text = escape(report.body).replace("\n", "<br>")
    return "\n".join(
        [
            f"<h1>Utsending nr. {m.id}: {escape(m.subject)}</h1>",
            _table(("Hva", "Verdi"), about),
            "<h2>Teksten (med flettefelt)</h2>",
            f"<p>{text}</p>",
            f"<h2>Mottakere ({len(report.recipients)})</h2>",
            _table(
                ("Navn", "E-post", "Status", "Sendt", "Feil"),
                [
                    (r.name, r.address, STATUS_LABELS[r.status], _when(r.sent_at), r.error)
                    for r in report.recipients
                ],
            ),
            f"<h2>Svar ({len(report.responses)})</h2>",
            _table(
                ("Dato", "Hva", "Hvem", "Emne"),
                [(_when(r.at), r.label, r.name, r.subject) for r in report.responses],
            )
            if report.responses
            else "<p>Ingen svar er hentet.</p>",
        ]
    )


def write_mailing_report_pdf(report: MailingReport, target: Path) -> None:
    """Write the report to ``target`` as an A4 PDF, all at once or not at all.

    Raises:
        KontaktError: The file cannot be written (Norwegian message naming it).
    """
    with a4_pdf(target, f"Utsending nr. {report.overview.id}") as writer:
        document = QTextDocument()
        document.setDefaultFont(without_ligatures(pdf_font("Sans Serif", 9)))
        document.setHtml(report_html(report))
        document.print_(writer)
