"""`kontakt mail list` and `kontakt mail show`: the mailings sent, read back.

    kontakt [--db ...] mail list [--json]
    kontakt [--db ...] mail show MAILING_ID [--json]

``list`` gives each mailing's number, date, subject and counts per status;
``show`` one mailing: subject, dates, sender, who it went to (in words), the
counts, what came back («Hent svar») and the text as written, with its merge
fields. Neither prints the recipients' addresses.
"""

from __future__ import annotations

import argparse
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, print_table
from kontakt.domain.control_chars import for_terminal_lines
from kontakt.services.outreach.delivery import RecipientStatus
from kontakt.services.outreach.inbox_responses import responses_text
from kontakt.services.outreach.mailing_report import STATUS_LABELS, MailingOverview

_SHOWN = (RecipientStatus.SENT, RecipientStatus.FAILED, RecipientStatus.PENDING,
          RecipientStatus.SENDING)  # fmt: skip


def add_report_parsers(mail: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``mail list`` and ``mail show`` subcommands."""
    ls = mail.add_parser("list", help="vis utsendingene, nyeste først")
    ls.add_argument("--json", action="store_true", help="skriv JSON")
    show = mail.add_parser("show", help="vis én utsending: teksten, tallene og svarene")
    show.add_argument("mailing", metavar="MAILING_ID", type=int)
    show.add_argument("--json", action="store_true", help="skriv JSON")


def run_reports(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``mail list`` or ``mail show``; returns the exit code."""
    if args.mail_command == "list":
        return _list(core, args, out)
    return _show(core, args, out)


def _when(m: MailingOverview) -> str:
    return f"{m.created_at.astimezone():%d.%m.%Y %H:%M}"


def _list(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    found = core.mailing_reports.mailings()
    if args.json:
        dump_json([m.to_json() for m in found], out)
        return 0
    if not found:
        out.write("Ingen utsendinger ennå.\n")
        return 0
    rows = [["Nr", "Dato", "Emne", *(STATUS_LABELS[s] for s in _SHOWN)]]
    rows += [
        [str(m.id), _when(m), m.subject, *(str(m.counts.get(s, 0)) for s in _SHOWN)] for m in found
    ]
    print_table(rows, out)
    return 0


def _show(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    report = core.mailing_reports.report(args.mailing)
    if args.json:
        dump_json(report.to_json(), out)
        return 0
    m = report.overview
    counts = ", ".join(f"{m.counts.get(s, 0)} {STATUS_LABELS[s].lower()}" for s in _SHOWN)
    lines = [
        f"Utsending nr. {m.id}: {m.subject}",
        f"Lagret {_when(m)}"
        + (f", ferdig {m.finished_at.astimezone():%d.%m.%Y %H:%M}" if m.finished_at else ""),
        f"Fra: {report.sender_name} <{report.sender_address}>",
        f"Til: {report.audience} — {counts}",
    ]
    if report.event_title:
        lines.append(f"Arrangement: {report.event_title}")
    if report.attachments:
        lines.append("Vedlegg: " + ", ".join(report.attachments))
    if report.responses:
        lines.append(
            "Svar hentet: "
            + responses_text(report.responses).removeprefix("Svar på utsendingen: ").rstrip(".")
        )
    out.write(for_terminal_lines("\n".join(lines)) + "\n\n")
    out.write(for_terminal_lines(report.body) + "\n")
    return 0
