"""Self-check step for «Hent svar»: the mailbox's readers are in the installation.

A returned message in qmail's words (found by flufl.bounce's detectors, not
by the standard report), a standard delivery report, a calendar's answer
(read by icalendar) and an «avmeld» reply are classified as the mailbox
would; the IMAP client is imported. A library or data file left out of the
bundle fails this step.
"""

from __future__ import annotations

from kontakt.selfcheck.context import CheckContext, CheckFailed

_QMAIL = (
    b"From: MAILER-DAEMON@mx.example.net\r\nTo: nettverk@sv.example\r\n"
    b"Subject: failure notice\r\nDate: 4 Nov 2026 21:42:45 -0000\r\n\r\n"
    b"Hi. This is the qmail-send program at mx.example.net.\r\n"
    b"I'm afraid I wasn't able to deliver your message to the following addresses.\r\n"
    b"This is a permanent error; I've given up. Sorry it didn't work out.\r\n\r\n"
    b"<borte@example.net>:\r\nSorry, no mailbox here by that name.\r\n\r\n"
    b"--- Below this line is a copy of the message.\r\n\r\nMessage removed\r\n"
)
_DSN = (
    b"From: MAILER-DAEMON@mx.example.org\r\nTo: nettverk@sv.example\r\n"
    b"Subject: Undelivered Mail Returned to Sender\r\nMIME-Version: 1.0\r\n"
    b'Content-Type: multipart/report; report-type=delivery-status; boundary="B"\r\n\r\n'
    b"--B\r\nContent-Type: text/plain\r\n\r\nThe mail system.\r\n\r\n"
    b"--B\r\nContent-Type: message/delivery-status\r\n\r\n"
    b"Reporting-MTA: dns; mx.example.org\r\n\r\n"
    b"Final-Recipient: rfc822; ukjent@example.org\r\nAction: failed\r\nStatus: 5.1.1\r\n"
    b"Diagnostic-Code: smtp; 550 5.1.1 User unknown\r\n\r\n--B--\r\n"
)
_IMIP = (
    b"From: kari@example.org\r\nTo: nettverk@sv.example\r\n"
    b"Subject: Godtatt: Nettverksm\xc3\xb8te\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: text/calendar; method=REPLY; charset="utf-8"\r\n\r\n'
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//NO\r\nMETHOD:REPLY\r\n"
    b"BEGIN:VEVENT\r\nUID:abc@kontakt\r\nDTSTAMP:20261201T100000Z\r\n"
    b"DTSTART:20261210T170000Z\r\nORGANIZER:mailto:nettverk@sv.example\r\n"
    b"ATTENDEE;PARTSTAT=ACCEPTED:mailto:kari@example.org\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
_OPT_OUT = (
    b"From: Ola <ola@example.org>\r\nTo: nettverk@sv.example\r\nSubject: SV: Nyhetsbrev\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\nMeld meg av, takk.\r\n"
)


def step_mailbox(_ctx: CheckContext) -> str:
    """Classify a returned message of each kind, a calendar answer and an «avmeld»."""
    import imapclient

    from kontakt.io.mailbox.classify import Kind, classify
    from kontakt.io.mailbox.parse import parse_message

    found = {name: classify(parse_message(raw)) for name, raw in (
        ("qmail", _QMAIL), ("dsn", _DSN), ("imip", _IMIP), ("avmeld", _OPT_OUT)
    )}  # fmt: skip
    qmail, dsn = found["qmail"].bounce, found["dsn"].bounce
    if qmail is None or "borte@example.net" not in qmail.hard:
        raise CheckFailed("returmeldingen fra qmail ble ikke kjent igjen (flufl.bounce)")
    if dsn is None or "ukjent@example.org" not in dsn.hard:
        raise CheckFailed("leveringsrapporten (RFC 3464) ble ikke kjent igjen")
    answers = found["imip"].answers
    if found["imip"].kind is not Kind.RSVP or answers[0].answer != "accepted":
        raise CheckFailed("kalendersvaret ble ikke lest (icalendar)")
    if found["avmeld"].kind is not Kind.OPT_OUT:
        raise CheckFailed("«Meld meg av» ble ikke kjent igjen")
    return f"4 meldinger kjent igjen; imapclient {imapclient.__version__}"
