"""`kontakt mail fetch`: read replies, bounces, opt-outs and RSVPs from the mailbox.

    kontakt [--db ...] mail fetch [--imap-host H --imap-port P --imap-user U]
            [--imap-security ssl|starttls|none] [--folder F] [--since YYYY-MM-DD]
            [--dry-run] [--yes] [--json]

Without ``--yes`` it only reports what it found and would do; ``--dry-run``
never changes anything, even with ``--yes``. The password comes from
``KONTAKT_IMAP_PASSWORD``, the keyring, or (the default) the sending one.
Without ``--imap-host`` the incoming server saved in the window is used.
"""

from __future__ import annotations

import argparse
import datetime as dt
import getpass
import sys
from dataclasses import replace
from typing import TextIO

from kontakt.app import Core
from kontakt.cli.common import dump_json, for_terminal
from kontakt.errors import KontaktError
from kontakt.services.outreach.imap import ImapSecurity, ImapSettings
from kontakt.services.outreach.inbox import FetchResult, ImapServer
from kontakt.services.steps import drive

DEFAULT_PORTS = {ImapSecurity.SSL: 993, ImapSecurity.STARTTLS: 143, ImapSecurity.NONE: 143}


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"ikke en dato (ÅÅÅÅ-MM-DD): «{text}»") from exc


def add_fetch_parser(mail: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The ``mail fetch`` subcommand."""
    f = mail.add_parser("fetch", help="hent svar, returer, avmeldinger og påmeldinger")
    f.add_argument("--imap-host", metavar="H", help="innkommende e-posttjener (IMAP)")
    f.add_argument("--imap-port", metavar="P", type=int, help="port (standard 993, 143)")
    f.add_argument("--imap-user", metavar="U", default="", help="brukernavn")
    f.add_argument("--imap-security", choices=[s.value for s in ImapSecurity], help="standard ssl")
    f.add_argument(
        "--folder", metavar="F", action="append", default=[], help="mappe (standard INBOX)"
    )
    f.add_argument(
        "--since", metavar="ÅÅÅÅ-MM-DD", type=_date, help="bare meldinger fra denne dagen"
    )
    f.add_argument("--dry-run", action="store_true", help="vis bare, endre ingenting")
    f.add_argument("--yes", action="store_true", help="utfør endringene som foreslås")
    f.add_argument("--json", action="store_true", help="skriv resultatet som JSON")


def _server(core: Core, args: argparse.Namespace) -> ImapServer:
    saved = core.inbox.settings().imap
    if args.imap_host:
        security = ImapSecurity(args.imap_security or ImapSecurity.SSL.value)
        imap = ImapSettings(
            host=args.imap_host,
            port=args.imap_port or DEFAULT_PORTS[security],
            security=security,
            user=args.imap_user,
            folders=saved.folders if saved.host == args.imap_host else ("INBOX",),
            same_password=False,
        )
    else:
        imap = saved
        if args.imap_security:
            imap = replace(imap, security=ImapSecurity(args.imap_security))
        if args.imap_port:
            imap = replace(imap, port=args.imap_port)
        if args.imap_user:
            imap = replace(imap, user=args.imap_user)
    server = core.inbox.saved_mailbox(imap)
    if imap.user and not server.password:
        if not sys.stdin.isatty():
            raise KontaktError(
                f"Passordet for {imap.user} på {imap.host} er ikke lagret: sett "
                "KONTAKT_IMAP_PASSWORD, lagre det under «Innstillinger for e-post», "
                "eller kjør kommandoen i en terminal."
            )
        typed = getpass.getpass(f"Passord for {imap.user} på {imap.host} (lagres ikke): ")
        server = ImapServer(imap, typed)
    return server


def _report(result: FetchResult, out: TextIO) -> None:
    for p in result.proposals:
        m = result.messages[p.message]
        line = f"{p.what}: {p.contact_name} <{p.address}> — {p.why}"
        if p.reason:
            line += f" ({p.reason})"
        out.write(for_terminal(line) + "\n")
        out.write(
            for_terminal(f"    {m.date:%d.%m.%Y} «{m.subject}»" if m.date else f"    «{m.subject}»")
            + "\n"
        )
    out.write(
        f"{len(result.messages)} nye meldinger: {len(result.proposals)} forslag, "
        f"{result.auto_replies} autosvar, {result.unmatched} uten treff.\n"
    )


def cmd_fetch(core: Core, args: argparse.Namespace, out: TextIO) -> int:
    """``kontakt mail fetch``."""
    server = _server(core, args)
    result = drive(core.inbox.fetch_steps(server, args.since, args.folder or None))
    applied = None
    if args.yes and not args.dry_run:
        applied = core.inbox.apply(result)
        if server.settings.move_processed and result.messages:
            core.inbox.move_processed(server, result)
    if args.json:
        dump_json(result.to_json(applied=applied is not None), out)
        return 0
    _report(result, out)
    if applied is not None:
        out.write(applied.text() + "\n")
    elif result.proposals:
        out.write("Ingenting er endret. Kjør med --yes for å utføre forslagene.\n")
    return 0
