"""One personal e-mail: merged subject and body, opt-out footer, List-Unsubscribe, attachments.

An event's invitation is an iMIP meeting request (RFC 6047): the
``text/calendar; method=REQUEST`` part beside the text in
multipart/alternative and the same .ics as a file, each naming this one
recipient as the attendee (:func:`meeting_attachment`).

A value that cannot go into a header (a line break or another control
character in the merged subject or the recipient's name, an address with
letters outside ASCII) makes :func:`build_message` raise
:class:`UnsendableMessage` with a Norwegian reason naming the field, so that
the sender marks that one recipient failed and goes on; :func:`message_problem`
gives the same reason beforehand, for the composer's preview. Texts stored
since Kontakt cleans them on the way in never hold such characters; older
databases and other programs' writes may.
"""

from __future__ import annotations

import email.errors
import functools
import mimetypes
import secrets
import unicodedata
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from kontakt.domain.control_chars import LINE_BREAK
from kontakt.domain.templating import render, template_fields
from kontakt.domain.text import clean, clean_multiline
from kontakt.errors import KontaktError, ValidationError
from kontakt.io.ical import Person, for_attendee

ICS_MIME = "text/calendar"

FOOTER = (
    "Du får denne e-posten fordi du står på kontaktlisten til SVs helsepolitiske "
    "nettverk. Vil du ikke ha flere e-poster fra oss, svar «Avmeld» på denne "
    "e-posten, så tar vi deg av listen."
)
UNSUBSCRIBE_SUBJECT = "Avmeld"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file sent with every message of a mailing."""

    filename: str
    content: bytes
    mime_type: str = "application/octet-stream"

    @classmethod
    def from_path(cls, path: Path) -> Attachment:
        """Read a file to attach.

        Raises:
            KontaktError: The file cannot be read (Norwegian message naming it).
        """
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise KontaktError(f"Kan ikke lese vedlegget {path}: {exc.strerror}") from exc
        mime, _ = mimetypes.guess_type(path.name)
        return cls(path.name, content, mime or "application/octet-stream")

    @property
    def content_id(self) -> str:
        """The Content-ID of an image shown inside a newsletter's HTML (``cid:``), else ""."""
        _mime, _, params = self.mime_type.partition(";")
        key, _, value = params.strip().partition("=")
        return value.strip() if key.strip().lower() == "cid" else ""

    @property
    def meeting_method(self) -> str:
        """«REQUEST» or «CANCEL» for an iMIP meeting message (see :func:`meeting_attachment`),
        else ""."""
        mime, _, params = self.mime_type.partition(";")
        if mime.strip().lower() != ICS_MIME:
            return ""
        key, _, value = params.strip().partition("=")
        return value.strip().upper() if key.strip().lower() == "method" else ""


def meeting_attachment(ics: bytes, method: str, filename: str = "invitasjon.ics") -> Attachment:
    """An iMIP meeting request or cancellation to send with a mailing.

    Each recipient's message carries it twice, as Outlook and Gmail send
    theirs: as the ``text/calendar; method=…`` alternative beside the text
    (what makes a mail program show «Ja / Kanskje / Nei») and as the .ics
    file; both name that recipient as the attendee.
    """
    return Attachment(filename, ics, f"{ICS_MIME}; method={method}")


def inline_image(filename: str, content: bytes, mime: str, content_id: str) -> Attachment:
    """An image a newsletter's HTML shows by ``cid:`` (sent as a related part, not a file)."""
    return Attachment(filename, content, f"{mime}; cid={content_id}")


@dataclass(frozen=True, slots=True)
class MailDraft:
    """What the secretary wrote: templates with merge fields, and attachments."""

    subject: str
    body: str
    html: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    # A newsletter's Markdown source (body and html were made from it); "" for a message.
    markdown: str = ""

    def cleaned(self) -> MailDraft:
        """The draft as it is stored: the subject on one line, no control characters anywhere."""
        return MailDraft(
            clean(self.subject),
            clean_multiline(self.body),
            clean_multiline(self.html),
            self.attachments,
            clean_multiline(self.markdown),
        )

    def check(self) -> None:
        """Refuse an empty subject or body and unknown merge fields before anything is sent.

        Raises:
            ValidationError: Naming the field and where it is.
        """
        if not self.subject.strip():
            raise ValidationError("Emnefeltet er tomt.", "subject")
        if not self.body.strip():
            raise ValidationError("Meldingen er tom.", "body")
        template_fields(self.subject, "emnet")
        template_fields(self.body, "meldingsteksten")
        if self.html:
            template_fields(self.html, "HTML-teksten")


@dataclass(frozen=True, slots=True)
class Sender:
    """Who the mailing comes from."""

    name: str
    address: str

    @property
    def domain(self) -> str:
        """The part after @, for Message-IDs."""
        return self.address.rpartition("@")[2] or "kontakt.invalid"

    def cleaned(self) -> Sender:
        """The sender as it is stored: name and address on one line, no control characters."""
        return Sender(clean(self.name), clean(self.address))


class UnsendableMessage(KontaktError):
    """This recipient's message cannot be built; the message says why, in Norwegian."""


_FIX = "Rett kontakten og send en ny e-post til vedkommende."


def _bad_character(text: str) -> str | None:
    """The first character of ``text`` that no header may hold, or None.

    Control characters (the tab aside: it is folding white space), the line
    and paragraph separators and lone surrogates. CR and LF would end the
    header (the e-mail policy refuses them); the others would reach the
    server raw or fail to encode.
    """
    if text.isprintable():
        return None  # the common case
    for ch in text:
        if ch != "\t" and unicodedata.category(ch) in ("Cc", "Cs", "Zl", "Zp"):
            return ch
    return None


def _described(ch: str) -> str:
    """«et linjeskift (U+000D)»: a character no one can see, named in words."""
    if LINE_BREAK.fullmatch(ch):
        kind = "et linjeskift"
    elif unicodedata.category(ch) == "Cs":
        kind = "et ugyldig tegn"
    else:
        kind = "et kontrolltegn"
    return f"{kind} (U+{ord(ch):04X})"


@functools.lru_cache(maxsize=64)
def _fields(template: str) -> tuple[str, ...]:
    """The merge fields a template uses (none if it has an error: check() reports it)."""
    try:
        return tuple(template_fields(template))
    except ValidationError:
        return ()


def message_problem(
    draft: MailDraft, to_name: str, to_address: str, values: dict[str, str]
) -> str | None:
    """Why this recipient's message cannot be built, in Norwegian; None if it can.

    Checks what goes into the headers (the address, the name, the subject and
    the merge fields it uses) and the merge fields of the texts for characters
    that cannot be encoded.
    """
    bad = _bad_character(to_address)
    shown = clean(to_address)
    if bad is not None:
        return f"E-postadressen «{shown}» har {_described(bad)}. {_FIX}"
    if not to_address.isascii():
        return (
            f"E-postadressen «{shown}» har tegn utenfor a–z (som æ, ø eller å), "
            "og Kontakt kan ikke sende til slike adresser."
        )
    bad = _bad_character(to_name)
    if bad is not None:
        return f"Navnet har {_described(bad)}, som ikke kan stå i en e-posts adressefelt. {_FIX}"
    bad = _bad_character(draft.subject)
    if bad is not None:
        return f"Emnet har {_described(bad)}, som ikke kan stå i en e-posts emne."
    for name in _fields(draft.subject):
        bad = _bad_character(values.get(name, ""))
        if bad is not None:
            return (
                f"Flettefeltet {{{name}}} i emnet har {_described(bad)}, "
                f"som ikke kan stå i en e-posts emne. {_FIX}"
            )
    for name in dict.fromkeys(_fields(draft.body) + _fields(draft.html)):
        if any(unicodedata.category(ch) == "Cs" for ch in values.get(name, "")):
            return f"Flettefeltet {{{name}}} har et ugyldig tegn. {_FIX}"
    return None


def new_message_id(
    sender: Sender, mailing_id: int | None = None, recipient_id: int | None = None
) -> str:
    """A fresh Message-ID in the sender's domain.

    A mailing's message gets a form the mailbox recognises,
    ``<kontakt.m{mailing}.r{recipient}.{random}@domain>`` (see
    :func:`kontakt.services.outreach.inbox_match.kontakt_ids`): replies and
    bounces quote it, and the random part makes it unguessable, so only the
    exact stored value ties a message to a recipient.
    """
    if mailing_id is None or recipient_id is None:
        return make_msgid(domain=sender.domain)
    return f"<kontakt.m{mailing_id}.r{recipient_id}.{secrets.token_hex(8)}@{sender.domain}>"


def _is_document(html: str) -> bool:
    """A whole HTML page (a newsletter's), not a fragment for the simple HTML box."""
    return html.lstrip()[:15].lower().startswith(("<!doctype", "<html"))


def build_message(
    draft: MailDraft,
    sender: Sender,
    to_name: str,
    to_address: str,
    values: dict[str, str],
    message_id: str,
) -> EmailMessage:
    """The message for one recipient, merged, with the opt-out footer and header.

    Raises:
        UnsendableMessage: A value cannot go into the message (see
            :func:`message_problem`); nothing can be sent to this recipient.
    """
    problem = message_problem(draft, to_name, to_address, values)
    if problem is not None:
        raise UnsendableMessage(problem)
    try:
        return _message(draft, sender, to_name, to_address, values, message_id)
    except (ValueError, email.errors.MessageError) as exc:  # e.g. a sender stored long ago
        raise UnsendableMessage(
            f"E-posten kunne ikke lages: en verdi har tegn som ikke kan stå i en e-post ({exc})."
        ) from exc


def _message(
    draft: MailDraft,
    sender: Sender,
    to_name: str,
    to_address: str,
    values: dict[str, str],
    message_id: str,
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = formataddr((sender.name, sender.address))
    msg["To"] = formataddr((to_name, to_address))
    msg["Subject"] = render(draft.subject, values).replace("\n", " ").strip()
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = message_id
    msg["List-Unsubscribe"] = f"<mailto:{sender.address}?subject={UNSUBSCRIBE_SUBJECT}>"
    msg.set_content(render(draft.body, values).rstrip() + "\n\n-- \n" + FOOTER + "\n")
    if draft.html:
        body = render(draft.html, values, as_html=True)
        footer = f'<p style="color:#555;font-size:small">{FOOTER}</p>'
        if _is_document(body):  # a newsletter: the opt-out line inside its own page
            at = body.lower().rfind("</body>")
            document = body[:at] + footer + body[at:] if at >= 0 else body + footer
        else:
            document = f"<html><body>{body}<hr>{footer}</body></html>"
        msg.add_alternative(document, subtype="html")
        html_part = msg.get_body(("html",))
        assert isinstance(html_part, EmailMessage)
        for item in draft.attachments:
            if item.content_id:
                maintype, _, subtype = item.mime_type.partition(";")[0].strip().partition("/")
                html_part.add_related(
                    item.content,
                    maintype=maintype,
                    subtype=subtype,
                    cid=f"<{item.content_id}>",
                    filename=item.filename,
                    disposition="inline",
                )
    # Each recipient's own request: they are its attendee.
    meetings = [
        (item, for_attendee(item.content, Person(to_name, to_address)))
        for item in draft.attachments
        if item.meeting_method
    ]
    for item, ics in meetings:
        msg.add_alternative(
            ics.decode("utf-8"),
            subtype="calendar",
            charset="utf-8",
            params={"method": item.meeting_method},
        )
    for item, ics in meetings:  # the same request as a file, for programs that want one
        msg.add_attachment(ics, maintype="application", subtype="ics", filename=item.filename)
    for item in draft.attachments:
        if item.meeting_method or (item.content_id and draft.html):
            continue
        maintype, _, subtype = item.mime_type.partition("/")
        if maintype == "text":  # e.g. the .ics: text in UTF-8, marked as such
            msg.add_attachment(
                item.content.decode("utf-8", "replace"),
                subtype=subtype or "plain",
                charset="utf-8",
                filename=item.filename,
            )
            continue
        msg.add_attachment(
            item.content,
            maintype=maintype or "application",
            subtype=subtype or "octet-stream",
            filename=item.filename,
        )
    return msg
