"""Bounces: which addresses failed, for good (hard) or for now (soft), and why.

The addresses come from flufl.bounce (Mailman's detectors: RFC 3464 delivery
status notifications first, then the non-standard formats of Exchange,
Postfix, Exim, qmail, Yahoo, GroupWise ...). What those detectors do not
give is read here from the DSN itself: the status code and diagnostic text
per recipient (a «failed» action for a full mailbox, status 4.x.x or 5.2.2,
is a soft bounce: the address exists) and the Message-ID of the message
that bounced (from the returned message or its headers), which ties the
bounce to the mailing.

Only a message that looks like a bounce (an empty envelope sender, a
mailer-daemon or postmaster sender, a delivery report, or a subject such as
«Undelivered Mail Returned to Sender») is given to the detectors: a person's
reply that quotes a failure notice is not a bounce.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message

from flufl.bounce import all_failures

from kontakt.io.mailbox.parse import Inbound, message_ids

__all__ = ["Bounce", "find_bounce", "looks_like_bounce"]

_DAEMON = re.compile(
    r"^(?:mailer-daemon|postmaster|mail-daemon|mailer|bounce[s]?|mdaemon|"
    r"mail\s*delivery\s*(?:subsystem|system)?)\b",
    re.IGNORECASE,
)
_BOUNCE_SUBJECT = re.compile(
    r"undeliver|undelivered|delivery\s+(?:status|failure|has\s+failed|notification)|"
    r"returned\s+mail|failure\s+notice|mail\s+delivery\s+failed|could\s+not\s+be\s+delivered|"
    r"non[\s-]?remis|unzustellbar|ikke\s+levert|kunne\s+ikke\s+leveres|levering\s+mislyktes|"
    r"returned\s+to\s+sender|delivery\s+problem|nondeliverable|warning:\s+could\s+not\s+send",
    re.IGNORECASE,
)
_STATUS = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
_SMTP_CODE = re.compile(r"\b([45])\d\d[\s-]")


@dataclass(frozen=True)
class Bounce:
    """A delivery failure report.

    Attributes:
        hard: Addresses that failed for good (lower case).
        soft: Addresses that failed for now: a full mailbox, a delay.
        reasons: Address -> the server's words (status code and diagnostic), when given.
        original_ids: Message-IDs of the message that bounced, when it is returned.
    """

    hard: tuple[str, ...]
    soft: tuple[str, ...]
    reasons: dict[str, str] = field(default_factory=dict)
    original_ids: tuple[str, ...] = ()

    def reason(self, address: str) -> str:
        """Why ``address`` failed, in the server's words, or a plain Norwegian default."""
        return self.reasons.get(address) or (
            "Adressen finnes ikke eller tar ikke imot e-post."
            if address in self.hard
            else "Midlertidig feil (f.eks. full innboks)."
        )


def looks_like_bounce(inbound: Inbound) -> bool:
    """A message from a mail server about a failed delivery, not from a person."""
    h = inbound.headers
    if "report-type=delivery-status" in h.get("content-type", ""):
        return True
    if h.get("return-path", "").strip() in ("<>", "") and "return-path" in h:
        return True
    if h.get("x-failed-recipients"):
        return True
    local = inbound.from_address.partition("@")[0]
    sender = f"{local} {inbound.from_name}".strip()
    if _DAEMON.match(local) or _DAEMON.match(inbound.from_name):
        return True
    return bool(_BOUNCE_SUBJECT.search(inbound.subject)) and (
        not inbound.from_address or bool(_DAEMON.search(sender))
        or "auto-submitted" in h or not inbound.in_reply_to
    )  # fmt: skip


def _dsn_blocks(msg: Message) -> list[Message]:
    blocks: list[Message] = []
    for part in msg.walk():
        if part.get_content_type() != "message/delivery-status" or not part.is_multipart():
            continue
        payload = part.get_payload()
        if isinstance(payload, list):
            blocks.extend(b for b in payload if isinstance(b, Message))
    return blocks


def _dsn_details(msg: Message) -> tuple[dict[str, str], set[str]]:
    """Per recipient: the diagnostic text, and which of them are only temporarily failing."""
    reasons: dict[str, str] = {}
    soft: set[str] = set()
    for block in _dsn_blocks(msg)[:100]:
        recipient = ""
        for name in ("original-recipient", "final-recipient"):
            value = str(block.get(name, ""))
            _, _, addr = value.rpartition(";")
            addr = addr.strip().strip("<>").lower()
            if "@" in addr:
                recipient = addr
                break
        if not recipient:
            continue
        status = " ".join(str(block.get("status", "")).split())
        diagnostic = " ".join(str(block.get("diagnostic-code", "")).split())
        diagnostic = diagnostic.partition(";")[2].strip() or diagnostic
        reasons[recipient] = " ".join(p for p in (status, diagnostic) if p)[:300]
        code = _STATUS.search(status)
        if code and (code.group(1) == "4" or (code.group(2), code.group(3)) == ("2", "2")):
            soft.add(recipient)
    return reasons, soft


def _original_ids(msg: Message, text: str) -> tuple[str, ...]:
    """The Message-ID of the returned message: its attached copy or headers, else the text."""
    found: list[str] = []
    for part in msg.walk():
        ctype = part.get_content_type()
        if ctype == "message/rfc822" and part.is_multipart():
            payload = part.get_payload()
            inner = payload[0] if isinstance(payload, list) and payload else None
            if isinstance(inner, Message):
                found += message_ids(str(inner.get("Message-ID", "")))
        elif ctype == "text/rfc822-headers":
            raw = part.get_payload(decode=True)
            if isinstance(raw, bytes):
                found += _ids_after_header(raw.decode("utf-8", "replace"))
    if not found:  # qmail, Exim and friends paste the original in the text
        found = _ids_after_header(text)
    return tuple(dict.fromkeys(found))


def _ids_after_header(text: str) -> list[str]:
    return [
        mid
        for line in re.findall(r"(?im)^\s*message-id:\s*(.+)$", text)
        for mid in message_ids(line)
    ]


def _reason_in_text(text: str, address: str) -> str:
    """The line of a non-standard bounce that names the address or an SMTP code."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    for i, line in enumerate(lines):
        if address in line.lower():
            rest = [x for x in lines[i : i + 3] if x]
            joined = " ".join(rest)
            if _STATUS.search(joined) or _SMTP_CODE.search(joined) or len(rest) > 1:
                return joined[:300]
    return ""


def find_bounce(inbound: Inbound) -> Bounce | None:
    """The failures this message reports, or None when it is not a bounce."""
    if not looks_like_bounce(inbound):
        return None
    try:
        temporary, permanent = all_failures(inbound.message)
    except Exception:  # a detector tripping over broken MIME: treat as unrecognised
        temporary, permanent = frozenset(), frozenset()
    hard = {a.decode("ascii", "replace").lower() for a in permanent}
    soft = {a.decode("ascii", "replace").lower() for a in temporary} - hard
    try:
        reasons, dsn_soft = _dsn_details(inbound.message)
        originals = _original_ids(inbound.message, inbound.text)
    except Exception:
        reasons, dsn_soft, originals = {}, set(), ()
    soft |= hard & dsn_soft
    hard -= dsn_soft
    hard = {a for a in hard if "@" in a}
    soft = {a for a in soft if "@" in a}
    if not hard and not soft:
        return None
    for address in hard | soft:
        if address not in reasons:
            reasons[address] = _reason_in_text(inbound.text, address)
    return Bounce(tuple(sorted(hard)), tuple(sorted(soft)), reasons, originals)
