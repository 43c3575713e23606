"""Self-check step for the idea bank: documents read, stored and found by a word.

Listed in :data:`kontakt.selfcheck.runner.STEPS`. It proves that what the idea
bank loads lazily made it into the bundle: python-docx with its XML parts
(lxml) and its default template, pypdf with its filters, and the SQLite FTS5
index of migration 0004.
"""

from __future__ import annotations

from pathlib import Path

from kontakt.selfcheck.context import CheckContext, CheckFailed

# (file name, its text, a word from the text to search for, in other case)
FILES = (
    ("Innlegg om fødetilbud.txt", "Fødetilbudet i Finnmark må styrkes.", "FØDETILBUDET"),
    ("Høringssvar tannhelse.docx", "Tannhelsereformen bør gjelde alle.", "tannhelsereformen"),
    ("Interpellasjon ambulanse.pdf", "Ambulanseflyet i Hammerfest", "AMBULANSEFLYET"),
)


def step_ideabank(ctx: CheckContext) -> str:
    """Import a TXT, a DOCX (made with python-docx) and a PDF (Qt) and find each by a word."""
    from kontakt.domain.documents import DocumentDraft, DocumentFilter

    folder = ctx.workdir / "idebank"
    folder.mkdir()
    for name, text, _word in FILES:
        _write(folder / name, text)
    steps = ctx.core.ideabank.import_folder(folder, DocumentDraft(""), None)
    while True:
        try:
            next(steps)
        except StopIteration as stop:
            report = stop.value
            break
    if report.skipped or len(report.added) != len(FILES):
        reasons = "; ".join(reason for _name, reason in report.skipped)
        raise CheckFailed(f"{len(report.added)} av {len(FILES)} lagt inn. {reasons}".strip())
    for name, _text, word in FILES:
        found = ctx.core.ideabank.search(DocumentFilter(text=word)).rows
        titles = [r.title for r in found]
        if titles != [name.rsplit(".", 1)[0]]:
            raise CheckFailed(f"søk etter «{word}» fant {titles}, ikke {name}")
    return f"{len(FILES)} dokumenter (TXT, DOCX, PDF) lagt inn og funnet ved søk"


def _write(path: Path, text: str) -> None:
    if path.suffix == ".txt":
        path.write_text(text, encoding="utf-8")
    elif path.suffix == ".docx":
        from docx import Document

        document = Document()
        document.add_paragraph(text)
        document.save(str(path))
    else:
        from PySide6.QtCore import QPointF
        from PySide6.QtGui import QPainter, QPdfWriter

        from kontakt.ui.printing.pdf_page import ensure_gui

        ensure_gui()
        writer = QPdfWriter(str(path))
        painter = QPainter(writer)
        painter.drawText(QPointF(200, 400), text)
        painter.end()
