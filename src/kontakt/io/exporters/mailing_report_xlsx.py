"""One mailing's report as an Excel workbook for the board.

Three sheets: «Utsending» (what was sent, by whom, to whom in words, the
counts, the text as written), «Mottakere» (each recipient and how it went)
and «Svar» (what came back and was applied from the mailbox). No tracking:
nobody's opening or clicking is known, so none is reported. Written
atomically, owner-only (the file holds names and addresses).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from kontakt.io.exporters.report_sheets import Value, sheet
from kontakt.io.files import atomic_path
from kontakt.services.outreach.mailing_report import STATUS_LABELS, MailingReport


def _when(moment: dt.datetime | None) -> str:
    return f"{moment.astimezone():%d.%m.%Y %H:%M}" if moment is not None else ""


def _about(report: MailingReport) -> list[tuple[Value, Value]]:
    m = report.overview
    rows: list[tuple[Value, Value]] = [
        ("Nr.", m.id),
        ("Emne", m.subject),
        ("Lagret", _when(m.created_at)),
        ("Ferdig sendt", _when(m.finished_at) or "ikke ferdig"),
        ("Avsender", f"{report.sender_name} <{report.sender_address}>".strip()),
        ("Til", report.audience),
    ]
    if report.event_title:
        rows.append(("Arrangement", report.event_title))
    rows += [(label, m.counts.get(status, 0)) for status, label in STATUS_LABELS.items()]
    for kind, label in (("reply", "Svar"), ("opt_out", "Avmeldinger"), ("bounce", "Returnert")):
        rows.append((label, sum(1 for r in report.responses if r.kind == kind)))
    if report.attachments:
        rows.append(("Vedlegg", ", ".join(report.attachments)))
    rows.append(("Tekst (med flettefelt)", report.body))
    return rows


def write_mailing_report_xlsx(report: MailingReport, target: Path) -> None:
    """Write the workbook to ``target`` all at once or not at all.

    Raises:
        KontaktError: The file cannot be written (Norwegian message naming it).
    """
    m = report.overview
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Utsending"
    sheet(ws, f"Utsending nr. {m.id}: {m.subject}", ("Hva", "Verdi"), _about(report))
    recipients = [
        (r.name, r.address, STATUS_LABELS[r.status], _when(r.sent_at), r.error)
        for r in report.recipients
    ]
    sheet(
        wb.create_sheet("Mottakere"),
        f"Mottakere av utsending nr. {m.id}",
        ("Navn", "E-post", "Status", "Sendt", "Feil"),
        recipients,
    )
    answers = [
        (_when(r.at), r.label, r.name, r.address, r.subject, r.note) for r in report.responses
    ]
    sheet(
        wb.create_sheet("Svar"),
        f"Svar på utsending nr. {m.id} (hentet med «Hent svar»)",
        ("Dato", "Hva", "Hvem", "E-post", "Emne", "Merknad"),
        answers,
    )
    with atomic_path(target) as tmp:
        wb.save(tmp)
