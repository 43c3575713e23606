"""One personal e-mail: merged subject and body, opt-out footer, List-Unsubscribe, attachments."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formataddr, formatdate, make_msgid
from pathlib import Path

from kontakt.domain.templating import render, template_fields
from kontakt.errors import KontaktError, ValidationError

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


@dataclass(frozen=True, slots=True)
class MailDraft:
    """What the secretary wrote: templates with merge fields, and attachments."""

    subject: str
    body: str
    html: str = ""
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)

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


def new_message_id(sender: Sender) -> str:
    """A fresh Message-ID in the sender's domain."""
    return make_msgid(domain=sender.domain)


def build_message(
    draft: MailDraft,
    sender: Sender,
    to_name: str,
    to_address: str,
    values: dict[str, str],
    message_id: str,
) -> EmailMessage:
    """The message for one recipient, merged, with the opt-out footer and header."""
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
        msg.add_alternative(
            f'<html><body>{body}<hr><p style="color:#555;font-size:small">{FOOTER}</p>'
            "</body></html>",
            subtype="html",
        )
    for item in draft.attachments:
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
