"""The year summary as a report: HTML for the dialog, and an A4 PDF for the annual meeting.

The PDF lays the same HTML out with a QTextDocument, page by page, on a
QPdfWriter, and draws a footer with the date and «Side 1 av 2» on every page.
Needs a QGuiApplication (fonts): :mod:`pdf_page` makes an offscreen one.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from pathlib import Path

from PySide6.QtCore import QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QFontMetricsF,
    QPainter,
    QPdfWriter,
    QTextDocument,
)

from kontakt.domain.year_summary import (
    YearSummary,
    coverage_change_text,
    goal_text,
    summary_lines,
)
from kontakt.ui.printing.pdf_page import a4_painter, pdf_font

HEAD_COLOUR = "#e4e4e4"


def _table(
    headers: list[str],
    rows: list[list[str]],
    numeric: set[int],
    bold_last: bool,
    widths: list[int] | None = None,
) -> str:
    """An HTML table; ``numeric`` columns align right, ``widths`` in percent."""
    cells = "".join(
        f'<th align="{"right" if i in numeric else "left"}" bgcolor="{HEAD_COLOUR}"'
        + (f' width="{widths[i]}%"' if widths else "")
        + f">{escape(h)}</th>"
        for i, h in enumerate(headers)
    )
    body = []
    for n, row in enumerate(rows):
        last = bold_last and n == len(rows) - 1
        tds = "".join(
            f'<td align="{"right" if i in numeric else "left"}">'
            f"{'<b>' if last else ''}{escape(v)}{'</b>' if last else ''}</td>"
            for i, v in enumerate(row)
        )
        body.append(f"<tr>{tds}</tr>")
    return (
        '<table width="100%" cellspacing="0" cellpadding="4" border="1" '
        'style="border-collapse: collapse; border-color: #b0b0b0">'
        f"<thead><tr>{cells}</tr></thead>{''.join(body)}</table>"
    )


def report_html(summary: YearSummary, when: dt.date, heading: bool = True) -> str:
    """The report as HTML (Qt's rich-text subset): summary, events, coverage per county."""
    year = summary.year
    parts = []
    if heading:
        parts.append(f"<h1>Årsoversikt {year}</h1><p>Laget {when:%d.%m.%Y}.</p>")
    parts.append("<h2>Sammendrag</h2>")
    lines = summary_lines(summary)
    parts.append(
        _table(
            ["Hva", "Antall", "Merknad"],
            [[x.label, str(x.count), x.note] for x in lines],
            {1},
            False,
            [38, 10, 52],
        )
    )
    parts.append(f"<h2>Arrangementer holdt i {year}</h2>")
    if summary.events:
        rows = [
            [f"{e.starts_at.astimezone():%d.%m.%Y}", e.title, str(e.attended)]
            for e in summary.events
        ]
        rows.append(["I alt", f"{summary.events_held} holdt", str(summary.attended)])
        parts.append(_table(["Dato", "Arrangement", "Deltok"], rows, {2}, True, [15, 70, 15]))
    else:
        parts.append(f"<p>Ingen arrangementer holdt i {year}.</p>")
    parts.append(f"<p><i>{escape(goal_text(summary))}</i></p>")
    # The coverage starts a page of its own, so that no county is split over two.
    parts.append('<h2 style="page-break-before: always">Dekning per fylke</h2>')
    topics = summary.coverage[0].topics_total if summary.coverage else 0
    parts.append(
        f"<p>Hvor mange av de {topics} temaene fylket har minst én kontakt på, "
        "og hvilke tema som mangler (hull).</p>"
    )
    parts.append(f"<p><b>{escape(coverage_change_text(summary.coverage_change))}</b></p>")
    rows = [
        [
            c.county_name,
            str(c.contacts),
            str(c.added),
            f"{c.topics_covered} av {c.topics_total}",
            ", ".join(c.gaps) or "Ingen",
        ]
        for c in summary.coverage
    ]
    rows.append(
        [
            "Hele landet",
            str(sum(c.contacts for c in summary.coverage)),
            str(sum(c.added for c in summary.coverage)),
            "",
            f"{summary.gaps} hull",
        ]
    )
    headers = ["Fylke", "Kontakter", f"Nye i {year}", "Tema dekket", "Tema uten kontakter (hull)"]
    parts.append(_table(headers, rows, {1, 2}, True, [23, 12, 10, 11, 44]))
    return "\n".join(parts)


def write_year_report_pdf(summary: YearSummary, target: Path, today: dt.date | None = None) -> None:
    """Write the report as an A4 PDF to ``target``, all at once or not at all.

    Raises:
        KontaktError: The file cannot be written (Norwegian message naming it).
    """
    when = today or dt.date.today()
    with a4_painter(target, f"Årsoversikt {summary.year}") as (painter, writer):
        _draw(painter, writer, summary, when)


def _draw(painter: QPainter, writer: QPdfWriter, summary: YearSummary, when: dt.date) -> None:
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(area.width()), float(area.height())
    body_font = pdf_font("Sans Serif", 9)
    footer_h = QFontMetricsF(body_font, writer).height() * 2
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(writer)
    doc.setDefaultFont(body_font)
    doc.setDocumentMargin(0)
    doc.setHtml(report_html(summary, when))
    page = QSizeF(width, height - footer_h)
    doc.setPageSize(page)
    pages = doc.pageCount()
    footer = QRectF(0, height - footer_h, width, footer_h)
    bottom = Qt.AlignmentFlag.AlignBottom
    for number in range(pages):
        if number:
            writer.newPage()
        painter.save()
        painter.setClipRect(QRectF(0, 0, page.width(), page.height()))
        painter.translate(0, -number * page.height())
        context = QAbstractTextDocumentLayout.PaintContext()
        context.clip = QRectF(0, number * page.height(), page.width(), page.height())
        doc.documentLayout().draw(painter, context)
        painter.restore()
        painter.setFont(body_font)
        left = f"Årsoversikt {summary.year} – laget {when:%d.%m.%Y}"
        painter.drawText(footer, bottom | Qt.AlignmentFlag.AlignLeft, left)
        page_text = f"Side {number + 1} av {pages}"
        painter.drawText(footer, bottom | Qt.AlignmentFlag.AlignRight, page_text)
