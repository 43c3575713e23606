"""A raw e-mail message, parsed defensively into what Kontakt needs to know about it.

Any bytes are accepted: malformed MIME, unknown or lying charsets, headers
that do not parse, a message of 20 MB. Only the first :data:`MAX_BYTES` are
read (the IMAP fetch asks for no more either); a text is decoded with its
declared charset, then UTF-8, then Latin-1, with replacement characters
rather than errors; the parts read are bounded in number and size.

The message is parsed with the ``compat32`` policy, not ``default``: the
modern policy parses headers lazily and can raise on reading a malformed one
long after parsing, and flufl.bounce's detectors are written for
``compat32`` messages. Headers are decoded here (RFC 2047) once.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.header
import email.policy
import email.utils
import re
from dataclasses import dataclass, field
from email.message import Message

__all__ = ["MAX_BYTES", "Inbound", "addresses_in", "message_ids", "parse_message"]

# Enough for any reply, DSN or calendar answer with the start of the original;
# the rest of a 20 MB message (attachments) is never read.
MAX_BYTES = 512 * 1024
MAX_TEXT = 64 * 1024  # characters of plain text kept
MAX_PARTS = 200  # MIME parts walked

_MSGID = re.compile(r"<([^<>\s]{1,300})>")
_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9.-]{1,253}\.[A-Za-z]{2,}")
_TAG = re.compile(r"<[^>]*>")


@dataclass
class Inbound:
    """What one incoming message says about itself.

    Attributes:
        message_id: Its Message-ID without angle brackets ("" if none).
        in_reply_to: The Message-IDs it answers (In-Reply-To, then References, newest first).
        from_address: The sender's address in lower case ("" if none readable).
        from_name: The sender's display name.
        subject: The subject, decoded, on one line.
        date: When it was written (UTC), or None when the Date header is unreadable.
        text: The first plain-text part (or the HTML part's text), at most MAX_TEXT characters.
        headers: Lower-cased header names -> first value, for the auto-reply rules.
        calendars: The text/calendar parts, as text.
        message: The parsed message (compat32), for the bounce detectors.
        truncated: Only the first MAX_BYTES were read.
    """

    message_id: str = ""
    in_reply_to: list[str] = field(default_factory=list)
    from_address: str = ""
    from_name: str = ""
    subject: str = ""
    date: dt.datetime | None = None
    text: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    calendars: list[str] = field(default_factory=list)
    message: Message = field(default_factory=Message)
    truncated: bool = False

    def first_lines(self, count: int = 3) -> str:
        """The first non-empty lines of the text, for showing to the secretary."""
        lines = [line.strip() for line in self.text.splitlines() if line.strip()]
        return "\n".join(lines[:count])[:500]


def message_ids(value: str) -> list[str]:
    """The Message-IDs in a header value (without angle brackets), in order."""
    return _MSGID.findall(value or "")


def addresses_in(text: str) -> list[str]:
    """E-mail addresses written anywhere in a text, lower case, in order, once each."""
    return list(dict.fromkeys(a.lower().rstrip(".") for a in _ADDRESS.findall(text)))


def _header(msg: Message, name: str) -> str:
    """A header's value as text; "" when missing or unreadable."""
    try:
        value = msg.get(name)
    except Exception:  # a header the parser chokes on is as good as missing
        return ""
    if value is None:
        return ""
    try:
        text = str(email.header.make_header(email.header.decode_header(str(value))))
    except Exception:
        text = str(value)
    return " ".join(text.split())


def _decode(part: Message) -> str:
    try:
        payload = part.get_payload(decode=True)
    except Exception:
        return ""
    if not isinstance(payload, bytes):
        return ""
    payload = payload[: MAX_TEXT * 4]
    charset = part.get_content_charset() or "utf-8"
    for candidate in (charset, "utf-8"):
        try:
            return payload.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("latin-1")


def _walk(msg: Message) -> list[Message]:
    parts: list[Message] = []
    # A recursion in broken MIME (or any other failure of the walk): keep what was walked.
    with contextlib.suppress(Exception):
        for part in msg.walk():
            parts.append(part)
            if len(parts) >= MAX_PARTS:
                break
    return parts


def _date(msg: Message) -> dt.datetime | None:
    raw = _header(msg, "Date")
    if not raw:
        return None
    try:
        when = email.utils.parsedate_to_datetime(raw)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(dt.UTC)


def parse_message(raw: bytes) -> Inbound:
    """Parse raw message bytes; never raises.

    Args:
        raw: The message as the server gave it (only the first MAX_BYTES are read).
    """
    truncated = len(raw) > MAX_BYTES
    msg = email.message_from_bytes(raw[:MAX_BYTES], policy=email.policy.compat32)
    inbound = Inbound(message=msg, truncated=truncated)
    inbound.message_id = next(iter(message_ids(_header(msg, "Message-ID"))), "")
    replied = message_ids(_header(msg, "In-Reply-To"))
    replied += reversed(message_ids(_header(msg, "References")))
    inbound.in_reply_to = list(dict.fromkeys(replied))[:50]
    name, address = email.utils.parseaddr(_header(msg, "From"))
    inbound.from_name = name[:200]
    inbound.from_address = address.strip().lower()[:320] if "@" in address else ""
    inbound.subject = _header(msg, "Subject")[:300]
    inbound.date = _date(msg)
    for name in (
        "auto-submitted", "x-autoreply", "x-autorespond", "x-auto-response-suppress",
        "precedence", "return-path", "content-type", "x-failed-recipients",
    ):  # fmt: skip
        value = _header(msg, name)
        if value:
            inbound.headers[name] = value.lower()
    html = ""
    for part in _walk(msg):
        ctype = part.get_content_type()
        if part.get_content_maintype() == "multipart":
            continue
        if ctype == "text/calendar" and len(inbound.calendars) < 5:
            inbound.calendars.append(_decode(part))
        elif ctype == "text/plain" and not inbound.text and not _is_attachment(part):
            inbound.text = _decode(part)[:MAX_TEXT]
        elif ctype == "text/html" and not html and not _is_attachment(part):
            html = _decode(part)
    if not inbound.text and html:
        inbound.text = _html_text(html)[:MAX_TEXT]
    return inbound


def _is_attachment(part: Message) -> bool:
    try:
        return (part.get_content_disposition() or "") == "attachment"
    except Exception:
        return False


def _html_text(html: str) -> str:
    """The text of an HTML part, roughly: enough to read an answer's first lines."""
    text = re.sub(r"(?is)<(script|style).*?</\1>", "", html)
    text = re.sub(r"(?i)<br\s*/?>|</p>|</div>|<blockquote", "\n\\g<0>", text)
    text = re.sub(r"(?is)<blockquote.*", "", text)  # quoted: never read
    text = _TAG.sub("", text)
    return (
        text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    )
