"""Handmade incoming messages: replies, auto-replies, opt-outs, iMIP answers, bounces to us.

Each returns the raw bytes a mail server would store, built with the email
package like a mail program would (or written out by hand where a program
would get it wrong on purpose).
"""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

BOUNCES = Path(__file__).resolve().parents[2] / "fixtures" / "mailbox" / "bounces"


def reply(
    sender: str,
    subject: str,
    body: str,
    in_reply_to: str = "",
    headers: dict[str, str] | None = None,
    name: str = "Kari Nordmann",
) -> bytes:
    """A person's answer, as a mail program writes it."""
    msg = EmailMessage()
    msg["From"] = f"{name} <{sender}>"
    msg["To"] = "Nettverket <nettverk@sv.example>"
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="mail.example")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
        msg["References"] = in_reply_to
    for key, value in (headers or {}).items():
        msg[key] = value
    msg.set_content(body)
    return bytes(msg)


def imip_reply(sender: str, event_uid: str, partstat: str, in_reply_to: str = "") -> bytes:
    """A calendar program's answer to a meeting request (METHOD:REPLY)."""
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "nettverk@sv.example"
    msg["Subject"] = f"Godtatt: Invitasjon ({partstat})"
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain="cal.example")
    if in_reply_to:
        msg["In-Reply-To"] = in_reply_to
    msg.set_content("Svar på invitasjonen.")
    ics = (
        "BEGIN:VCALENDAR\r\nPRODID:-//Test//Kalender//NO\r\nVERSION:2.0\r\nMETHOD:REPLY\r\n"
        "BEGIN:VEVENT\r\n"
        f"UID:{event_uid}\r\nDTSTAMP:20261201T100000Z\r\nDTSTART:20261210T170000Z\r\n"
        "ORGANIZER:mailto:nettverk@sv.example\r\n"
        f"ATTENDEE;PARTSTAT={partstat};CN=Kari:mailto:{sender}\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    msg.add_alternative(ics, subtype="calendar", params={"method": "REPLY"})
    return bytes(msg)


def dsn(
    failed: str,
    original_id: str,
    status: str = "5.1.1",
    action: str = "failed",
    diagnostic: str = "550 5.1.1 User unknown",
) -> bytes:
    """A Postfix-style RFC 3464 report for one of our messages."""
    boundary = "BOUNDARY-42"
    return (
        "Return-Path: <>\r\n"
        "From: MAILER-DAEMON@mx.mail.example (Mail Delivery System)\r\n"
        "To: nettverk@sv.example\r\n"
        "Subject: Undelivered Mail Returned to Sender\r\n"
        f"Date: {formatdate()}\r\n"
        f"Message-ID: {make_msgid(domain='mx.mail.example')}\r\n"
        "Auto-Submitted: auto-replied\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/report; report-type=delivery-status; boundary="{boundary}"\r\n'
        "\r\n"
        f"--{boundary}\r\nContent-Type: text/plain\r\n\r\n"
        "This is the mail system at host mx.mail.example.\r\n\r\n"
        f"<{failed}>: host mx said: {diagnostic}\r\n\r\n"
        f"--{boundary}\r\nContent-Type: message/delivery-status\r\n\r\n"
        "Reporting-MTA: dns; mx.mail.example\r\n\r\n"
        f"Final-Recipient: rfc822; {failed}\r\nOriginal-Recipient: rfc822;{failed}\r\n"
        f"Action: {action}\r\nStatus: {status}\r\n"
        f"Diagnostic-Code: smtp; {diagnostic}\r\n\r\n"
        f"--{boundary}\r\nContent-Type: text/rfc822-headers\r\n\r\n"
        "From: Nettverket <nettverk@sv.example>\r\n"
        f"To: {failed}\r\nSubject: Nyhetsbrev\r\nMessage-ID: {original_id}\r\n\r\n"
        f"--{boundary}--\r\n"
    ).encode()
