"""One newsletter of the open archive as an A4 PDF (Qt lays its HTML out).

The HTML is the archive page's own sanitised text, so the PDF holds exactly
what the web page does. Images are not fetched: a PDF made offline shows
the text (Qt's text document loads no remote resources).
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtGui import QTextDocument

from kontakt.io.archive.pages import Issue, norwegian_date
from kontakt.ui.printing.pdf_page import a4_pdf, pdf_font


def write_issue_pdf(issue: Issue, site: str, target: Path) -> None:
    """Write the newsletter to ``target`` as an A4 PDF, all at once or not at all.

    Raises:
        KontaktError: The file cannot be written (Norwegian message naming it).
    """
    with a4_pdf(target, issue.title) as writer:
        doc = QTextDocument()
        doc.setDefaultFont(pdf_font("Sans Serif", 10))
        doc.setDocumentMargin(0)
        doc.setHtml(
            f"<p>{escape(site)}</p><h1>{escape(issue.title)}</h1>"
            f"<p><i>{norwegian_date(issue.sent.date())}</i></p>{issue.body_html}"
        )
        doc.print_(writer)
