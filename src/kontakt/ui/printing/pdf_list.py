"""A printable contact list as PDF: A4, grouped by county, with page numbers and date.

Laid out by hand with QPainter on a QPdfWriter: every line has a fixed height,
so the pages are counted before the first is drawn ("Side 2 av 7"). Needs a
QGuiApplication (fonts); :mod:`pdf_page` makes an offscreen one for the
command line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import (
    QFontMetricsF,
    QPainter,
    QPdfWriter,
)

from kontakt.domain.exporting import ExportOptions, roles_text, shared_emails, shared_phones
from kontakt.domain.normalize import format_phone
from kontakt.domain.records import ContactRow
from kontakt.domain.text import sort_key
from kontakt.domain.wording import field_label
from kontakt.ui.printing.pdf_page import a4_painter, pdf_font

NO_COUNTY = "Uten fylke"
COLUMNS = tuple(
    (field_label(field), width)
    for field, width in (("name", 0.23), ("roles", 0.33), ("phones", 0.13), ("emails", 0.31))
)


@dataclass(frozen=True, slots=True)
class _Line:
    """A county heading, the column header, or one contact (cells of up to two lines)."""

    kind: str  # "county", "header" or "row"
    cells: tuple[tuple[str, ...], ...]

    @property
    def height(self) -> int:
        """Lines of text it takes."""
        return max(len(c) for c in self.cells)


def _cells(row: ContactRow, options: ExportOptions) -> tuple[str, ...]:
    phones = shared_phones(row, options)
    emails = shared_emails(row, options)
    return (
        row.full_name or "(uten navn)",
        roles_text(row) or row.title,
        format_phone(phones[0].number) if phones else "",
        emails[0].address if emails else "",
    )


def group_by_county(rows: list[ContactRow]) -> list[tuple[str, list[ContactRow]]]:
    """Counties in Norwegian alphabetical order, contacts without a county last."""
    groups: dict[str, list[ContactRow]] = {}
    for row in rows:
        groups.setdefault(row.county.name if row.county else NO_COUNTY, []).append(row)
    return sorted(groups.items(), key=lambda g: (g[0] == NO_COUNTY, sort_key(g[0])))


def _wrap(metrics: QFontMetricsF, text: str, width: float) -> tuple[str, ...]:
    """The text on one line, or broken between words onto two, the rest elided."""
    if metrics.horizontalAdvance(text) <= width:
        return (text,)
    words = text.split(" ")
    if len(words) == 1 and "@" in text:  # an e-mail address breaks before its domain
        local, _, domain = text.partition("@")
        words = [local, "@" + domain]
        text = local + " @" + domain
    first = words[0]
    for n in range(1, len(words)):
        longer = " ".join(words[: n + 1])
        if metrics.horizontalAdvance(longer) > width:
            break
        first = longer
    rest = text[len(first) :].strip()
    elide = Qt.TextElideMode.ElideRight
    if not rest:
        return (metrics.elidedText(first, elide, width),)
    return (metrics.elidedText(first, elide, width), metrics.elidedText(rest, elide, width))


def _lines(
    rows: list[ContactRow], options: ExportOptions, metrics: QFontMetricsF, widths: list[float]
) -> list[_Line]:
    header = _Line("header", tuple((name,) for name, _ in COLUMNS))
    lines: list[_Line] = []
    for county, members in group_by_county(rows):
        lines.append(_Line("county", ((f"{county} ({len(members)})",),)))
        lines.append(header)
        for row in members:
            cells = _cells(row, options)
            wrapped = tuple(_wrap(metrics, t, w) for t, w in zip(cells, widths, strict=True))
            lines.append(_Line("row", wrapped))
    return lines


def _paginate(lines: list[_Line], per_page: int) -> list[list[_Line]]:
    """Split into pages of ``per_page`` text lines: a county heading is kept with its
    column header and first row, and a page that starts inside a county repeats
    the column header."""
    pages: list[list[_Line]] = []
    page: list[_Line] = []
    used = 0
    header: _Line | None = None
    for line in lines:
        if line.kind == "header":
            header = line
        needs = line.height + (3 if line.kind == "county" else 0)
        if page and used + needs > per_page:
            pages.append(page)
            page, used = [], 0
            if line.kind == "row" and header is not None:
                page, used = [header], header.height
        page.append(line)
        used += line.height
    pages.append(page)
    return pages


def pdf_steps(
    rows: list[ContactRow], target: Path, options: ExportOptions, today: dt.date | None = None
) -> Iterator[int]:
    """Write the contacts as a printable A4 list to ``target`` (atomically), yielding
    how many are drawn so far (a page at a time)."""
    when = today or dt.date.today()
    with a4_painter(target, options.title or "Kontaktliste") as (painter, writer):
        yield from _draw(painter, writer, rows, options, when)


def _draw(
    painter: QPainter,
    writer: QPdfWriter,
    rows: list[ContactRow],
    options: ExportOptions,
    when: dt.date,
) -> Iterator[int]:
    area = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(area.width()), float(area.height())
    body = pdf_font("Sans Serif", 9)
    bold = pdf_font("Sans Serif", 9, bold=True)
    heading = pdf_font("Sans Serif", 12, bold=True)
    title_font = pdf_font("Sans Serif", 15, bold=True)
    line_h = QFontMetricsF(body, writer).height() * 1.35
    title_h = QFontMetricsF(title_font, writer).height() * 1.6
    footer_h = line_h * 1.5
    per_page = max(6, int((height - title_h - footer_h) // line_h))
    gap = line_h * 0.4
    widths = [width * share - gap for _, share in COLUMNS]
    pages = _paginate(_lines(rows, options, QFontMetricsF(body, writer), widths), per_page)
    title = " – ".join(p for p in ("Kontakter", options.title) if p)
    done = 0
    for number, page in enumerate(pages, 1):
        if number > 1:
            writer.newPage()
        painter.setFont(title_font)
        painter.drawText(QRectF(0, 0, width, title_h), Qt.AlignmentFlag.AlignLeft, title)
        y = title_h
        for line in page:
            if line.kind == "county":
                painter.setFont(heading)
                painter.drawText(
                    QRectF(0, y, width, line_h * 1.2),
                    Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignLeft,
                    line.cells[0][0],
                )
            else:
                painter.setFont(bold if line.kind == "header" else body)
                _draw_cells(painter, line.cells, y, widths, line_h)
                if line.kind == "row":
                    done += 1
            y += line_h * line.height
        painter.setFont(body)
        foot = QRectF(0, height - footer_h, width, footer_h)
        bottom = Qt.AlignmentFlag.AlignBottom
        painter.drawText(foot, bottom | Qt.AlignmentFlag.AlignLeft, f"Skrevet ut {when:%d.%m.%Y}")
        page_text = f"Side {number} av {len(pages)}"
        painter.drawText(foot, bottom | Qt.AlignmentFlag.AlignRight, page_text)
        yield done


def _draw_cells(
    painter: QPainter,
    cells: tuple[tuple[str, ...], ...],
    y: float,
    widths: list[float],
    line_h: float,
) -> None:
    x = 0.0
    gap = line_h * 0.4
    align = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
    for texts, w in zip(cells, widths, strict=True):
        for n, text in enumerate(texts):
            painter.drawText(QRectF(x, y + n * line_h, w, line_h), align, text)
        x += w + gap
