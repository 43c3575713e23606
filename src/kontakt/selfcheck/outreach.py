"""Self-check steps for the features after the installer: exports and e-mail.

Listed in :data:`kontakt.selfcheck.runner.STEPS`. Each step proves that what
it needs made it into the bundle: the vCard writer and reader, openpyxl's
writer, Qt's PDF writer and fonts, smtplib with the message builder, and
vobject's iCalendar.
"""

from __future__ import annotations

import socketserver
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import ClassVar

from kontakt.selfcheck.context import CheckContext, CheckFailed


def step_exports(ctx: CheckContext) -> str:
    """Write every export format for the imported people and read the vCard and xlsx back."""
    from openpyxl import load_workbook

    from kontakt.domain.exporting import ExportFormat
    from kontakt.domain.records import ContactFilter
    from kontakt.io.vcard import read_vcard_file
    from kontakt.services.exporting import ExportScope

    scope = ExportScope(filter=ContactFilter(text="example.org", county="55"))
    sizes = []
    for fmt in ExportFormat:
        target = ctx.workdir / f"eksport-{fmt.value}{fmt.suffix}"
        result = ctx.core.exports.export(fmt, target, scope)
        if result.count < 1 or target.stat().st_size == 0:
            raise CheckFailed(f"{fmt.value}: {result.count} kontakter, {target.stat().st_size} B")
        sizes.append(fmt.value)
    cards = read_vcard_file(ctx.workdir / "eksport-vcard.vcf")
    names = {c.family_name for c in cards.contacts}
    if "Ødegård" not in names or cards.problems:
        raise CheckFailed(f"vCard leses tilbake som {sorted(names)} {cards.problems}")
    sheet = load_workbook(ctx.workdir / "eksport-xlsx.xlsx").active
    if sheet is None or sheet["A2"].value != "Fornavn":
        raise CheckFailed("Excel-lista har ikke overskriftsraden")
    if not (ctx.workdir / "eksport-pdf.pdf").read_bytes().startswith(b"%PDF"):
        raise CheckFailed("PDF-fila er ikke en PDF")
    return ", ".join(sizes)


class _Sink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take messages (EHLO, MAIL, RCPT, DATA, QUIT)."""

    received: ClassVar[list[bytes]]

    def handle(self) -> None:
        self.wfile.write(b"220 kontakt-selvsjekk\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250 kontakt-selvsjekk\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 send\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                type(self).received.append(data)
                self.wfile.write(b"250 ok\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


def step_mail(ctx: CheckContext) -> str:
    """Invite three people to an event by e-mail through a local SMTP server."""
    import datetime as dt

    import vobject

    from kontakt.domain.records import ContactFilter
    from kontakt.services.outreach.events import EventData
    from kontakt.services.outreach.message import MailDraft, Sender
    from kontakt.services.outreach.pacing import Limits
    from kontakt.services.outreach.smtp import Security, SmtpConnection, SmtpSettings
    from kontakt.services.scope import ContactScope
    from kontakt.services.steps import drive

    class Handler(_Sink):
        received: ClassVar[list[bytes]] = []

    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        host, port = server.server_address[:2]
        start = dt.datetime(2027, 1, 20, 19, tzinfo=dt.UTC)
        event_id = ctx.core.events.create(
            EventData("Nettverksmøte", start, start + dt.timedelta(hours=1), "https://x.example")
        )
        plan = ctx.core.mailings.plan(ContactScope(filter=ContactFilter(text="example.org")))
        plan.recipients = plan.recipients[:3]
        mailing_id = ctx.core.events.invite(
            event_id, MailDraft("Invitasjon", "Hei {fornavn}!"), Sender("Kontakt", "k@x.no"), plan
        )
        settings = SmtpSettings(str(host), int(port), Security.NONE)
        drive(
            ctx.core.mailings.send_steps(
                mailing_id, lambda: SmtpConnection(settings), Limits(1000, 1000)
            )
        )
    finally:
        server.shutdown()
        server.server_close()
    if len(Handler.received) != 3:
        raise CheckFailed(f"tjeneren fikk {len(Handler.received)} e-poster, ikke 3")
    msg = message_from_bytes(Handler.received[0], policy=policy.default)
    assert isinstance(msg, EmailMessage)
    # The meeting request: the text/calendar alternative, naming the recipient as attendee.
    ics = [p for p in msg.walk() if p.get_content_type() == "text/calendar"]
    if not ics or ics[0].get_param("method") != "REQUEST":
        raise CheckFailed("invitasjonen mangler møteinvitasjonen (text/calendar; method=REQUEST)")
    event = vobject.readOne(ics[0].get_content()).vevent
    if event.summary.value != "Nettverksmøte" or not event.attendee.value.startswith("mailto:"):
        raise CheckFailed("møteinvitasjonen mangler tittel eller deltaker")
    return f"3 møteinvitasjoner sendt til 127.0.0.1:{port}"


def step_newsletter(ctx: CheckContext) -> str:
    """Make a Markdown newsletter: the bundle must carry markdown-it-py, nh3 and css-inline."""
    from kontakt.domain.templating import render
    from kontakt.services.outreach.newsletter import compose

    letter = compose(
        "Nyhetsbrev",
        "# Hei {fornavn}!\n\n**Æøå** [lenke](https://x.example)\n\n<script>alert(1)</script>",
    )
    html = render(letter.draft.html, {"fornavn": "Åse"}, as_html=True)
    if "<script" in html or letter.removed != ["<script>-element"]:
        raise CheckFailed("nyhetsbrevets HTML ble ikke renset (nh3)")
    if "<strong" not in html or "Hei Åse!" not in html:
        raise CheckFailed("nyhetsbrevets Markdown ble ikke til HTML (markdown-it-py)")
    if "<style" in html or 'style="' not in html:
        raise CheckFailed("nyhetsbrevets stiler ble ikke lagt inn i elementene (css-inline)")
    if "lenke (https://x.example)" not in letter.draft.body:
        raise CheckFailed("nyhetsbrevets tekstdel mangler lenken")
    return f"nyhetsbrev laget ({len(html)} byte HTML)"
