"""`kontakt mail send|resume`: mailings from the command line (see DESIGN.md).

    kontakt mail send --subject TEXT --body-file FILE [--attach FILE] [filters]
    kontakt mail send --subject TEXT --markdown-file FILE [--template NAME] ...
                      [--smtp-host H --smtp-port P] [--per-minute N] [--yes]
    kontakt mail resume MAILING_ID
    kontakt mail fetch [--imap-host H ...] [--since D] [--dry-run] [--yes] [--json]
      (see :mod:`kontakt.cli.mail_fetch`)
    kontakt mail archive -o FOLDER (see :mod:`kontakt.cli.mail_archive`)

Without ``--smtp-host`` the settings saved in the window are used (the
password from the keyring); with it, a server that needs no login (a local
relay), and the sender from ``--from`` or the saved settings.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import add_filter_arguments, filter_from_args, for_terminal
from kontakt.cli.mail_archive import add_archive_parser, cmd_archive
from kontakt.cli.mail_fetch import add_fetch_parser, cmd_fetch
from kontakt.cli.mail_reports import add_report_parsers, run_reports
from kontakt.errors import KontaktError
from kontakt.services.outreach.mailing import RecipientStatus, SendOutcome
from kontakt.services.outreach.message import Attachment, MailDraft, Sender
from kontakt.services.outreach.newsletter import compose
from kontakt.services.outreach.outbox import NotConfigured, Outbox, Server
from kontakt.services.outreach.pacing import Limits
from kontakt.services.outreach.smtp import SmtpSettings
from kontakt.services.scope import ContactScope


def add_mail_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``mail`` command: ``send``, ``resume``, ``fetch``, ``list``, ``show``, ``archive``."""
    p = sub.add_parser("mail", help="send e-post til kontakter")
    mail = p.add_subparsers(
        dest="mail_command", metavar="send|resume|fetch|list|show|archive", required=True
    )

    s = mail.add_parser("send", help="send en personlig e-post til hver kontakt i utvalget")
    s.add_argument("--subject", metavar="TEKST", required=True, help="emne (flettefelt tillatt)")
    text = s.add_mutually_exclusive_group(required=True)
    text.add_argument("--body-file", metavar="FIL", type=Path, help="tekst, UTF-8")
    text.add_argument(
        "--markdown-file",
        metavar="FIL",
        type=Path,
        help="nyhetsbrev i Markdown, UTF-8 (HTML og ren tekst lages av det)",
    )
    s.add_argument("--html-file", metavar="FIL", type=Path, help="valgfri HTML-versjon")
    s.add_argument("--template", metavar="NAVN", help="nyhetsbrevmal (standard: den innebygde)")
    s.add_argument(
        "--attach", metavar="FIL", type=Path, action="append", default=[], help="vedlegg"
    )
    add_server_arguments(s)
    s.add_argument("--from", dest="sender", metavar="ADRESSE", help="avsenderadresse")
    s.add_argument("--from-name", metavar="NAVN", help="avsendernavn")
    s.add_argument("--yes", action="store_true", help="ikke spør før sending")
    add_filter_arguments(s)

    r = mail.add_parser("resume", help="fortsett en avbrutt utsending")
    r.add_argument("mailing", metavar="MAILING_ID", type=int)
    add_server_arguments(r)
    r.add_argument(
        "--uncertain",
        choices=["sent", "resend"],
        help="mottakere et krasj etterlot som «sender»: regn dem som sendt, eller send på nytt",
    )
    add_fetch_parser(mail)
    add_report_parsers(mail)
    add_archive_parser(mail)


def add_server_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--smtp-host", metavar="H", help="e-posttjener uten innlogging")
    p.add_argument("--smtp-port", metavar="P", type=int, default=25, help="port (standard 25)")
    p.add_argument("--per-minute", metavar="N", type=int, help="høyst N e-poster i minuttet")
    p.add_argument("--per-day", metavar="N", type=int, help="høyst N e-poster i døgnet")


def read_text(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KontaktError(f"{what} {path} er ikke UTF-8-tekst (byte {exc.start}).") from exc
    except OSError as exc:
        raise KontaktError(f"Kan ikke lese {what.lower()} {path}: {exc.strerror}") from exc


def _ask_password(smtp: SmtpSettings) -> str:
    """Typed at the terminal (not stored) when the keyring does not have it."""
    if not sys.stdin.isatty():
        raise KontaktError(
            f"Passordet for {smtp.user} på {smtp.host} er ikke lagret i "
            "operativsystemets nøkkelring. Kjør kommandoen i en terminal for å skrive det inn, "
            "eller lagre det under «Innstillinger for e-post» i vinduet."
        )
    return getpass.getpass(f"Passord for {smtp.user} på {smtp.host} (lagres ikke): ")


def server_from_args(outbox: Outbox, args: argparse.Namespace) -> Server:
    if args.smtp_host:
        server = outbox.relay(args.smtp_host, args.smtp_port)
    else:
        try:
            saved = outbox.saved_server(ask=_ask_password)
        except NotConfigured as exc:
            raise KontaktError(
                "E-post er ikke satt opp. Fyll inn «Innstillinger for e-post» i vinduet, "
                "eller oppgi --smtp-host."
            ) from exc
        assert saved is not None  # the terminal prompt answers or raises
        server = saved
    limits = Limits(
        per_minute=args.per_minute or server.limits.per_minute,
        per_day=args.per_day or server.limits.per_day,
    )
    if limits.per_minute < 1 or limits.per_day < 1:
        raise KontaktError("--per-minute og --per-day må være minst 1.")
    return replace(server, limits=limits)


def run_sending(core: Core, mailing_id: int, server: Server, out: TextIO) -> int:
    steps = core.outbox.send_steps(mailing_id, server)
    while True:
        try:
            done, total = next(steps)
        except StopIteration as stop:
            outcome: SendOutcome = stop.value
            break
        if out.isatty():
            out.write(f"\rSender … {done} av {total}")
            out.flush()
    if out.isatty():
        out.write("\n")
    for r in core.mailings.recipients(mailing_id, RecipientStatus.FAILED):
        sys.stderr.write(for_terminal(f"Feilet: {r.name} <{r.address}>: {r.error}") + "\n")
    out.write(outcome.text() + "\n")
    return 0


def run_mail(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """Run ``kontakt mail send|resume|fetch|list|show|archive``; returns the exit code."""
    if args.mail_command == "send":
        return cmd_send(core, args, out)
    if args.mail_command == "fetch":
        return cmd_fetch(core, args, out)
    if args.mail_command in ("list", "show"):
        return run_reports(core, args, out)
    if args.mail_command == "archive":
        return cmd_archive(core, args, out)
    return cmd_resume(core, args, out)


def cmd_send(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt mail send``."""
    server = server_from_args(core.outbox, args)
    attachments = tuple(Attachment.from_path(p) for p in args.attach)
    if args.markdown_file is not None:
        draft = newsletter_draft(core, args, attachments, out)
    else:
        if args.template:
            raise KontaktError("--template gjelder bare nyhetsbrev (--markdown-file).")
        body = read_text(args.body_file, "Meldingsfila")
        html = read_text(args.html_file, "HTML-fila") if args.html_file else ""
        draft = MailDraft(args.subject, body, html, attachments)
    draft.check()
    scope_filter = filter_from_args(core, args)
    plan = core.mailings.plan(ContactScope(filter=scope_filter))
    for left in plan.left_out:
        out.write(for_terminal(f"Utelatt: {left.name} ({left.reason})") + "\n")
    sender = Sender(args.from_name or server.sender.name, args.sender or server.sender.address)
    if not args.yes and sys.stdin.isatty():
        answer = input(f"Sende til {len(plan.recipients)} mottakere? [j/N] ")
        if answer.strip().casefold() not in ("j", "ja", "y", "yes"):
            out.write("Ingenting sendt.\n")
            return 0
    mailing_id = core.mailings.create(draft, sender, plan, scope_text=args.subject)
    out.write(f"Utsending nr. {mailing_id} er lagret med {len(plan.recipients)} mottakere.\n")
    return run_sending(core, mailing_id, server, out)


def newsletter_draft(
    core: Core, args: argparse.Namespace, attachments: tuple[Attachment, ...], out: TextIO
) -> MailDraft:
    """The newsletter written in ``--markdown-file``, in ``--template`` (or the built-in one)."""
    if args.html_file:
        raise KontaktError(
            "--html-file kan ikke brukes med --markdown-file (HTML lages av Markdown)."
        )
    markdown = read_text(args.markdown_file, "Markdown-fila")
    template, found = core.newsletters.template(args.template)
    if args.template and not found:
        out.write(
            for_terminal(f"Fant ikke malen «{args.template}»; bruker den innebygde malen.") + "\n"
        )
    letter = compose(
        args.subject, markdown, template, args.markdown_file.resolve().parent, attachments
    )
    if letter.removed:
        out.write(letter.removed_text() + "\n")
    return letter.draft


def cmd_resume(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt mail resume MAILING_ID``."""
    core.mailings.summary(args.mailing)  # an unknown number fails here, clearly
    if args.uncertain:
        settled = core.mailings.settle_uncertain(args.mailing, delivered=args.uncertain == "sent")
        out.write(f"{settled} usikre mottakere er avgjort ({args.uncertain}).\n")
    uncertain = core.mailings.recipients(args.mailing, RecipientStatus.SENDING)
    for r in uncertain:
        out.write(
            f"Usikker: {for_terminal(f'{r.name} <{r.address}>')} var under sending da "
            "utsendingen stoppet; sendes ikke på nytt uten --uncertain resend.\n"
        )
    return run_sending(core, args.mailing, server_from_args(core.outbox, args), out)
