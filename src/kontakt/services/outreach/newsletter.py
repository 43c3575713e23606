"""A Markdown newsletter made ready to send: both parts, inline images, the template.

:func:`compose` gives a :class:`Newsletter`: the :class:`MailDraft` the
existing mailing machinery stores and sends (kind «newsletter», the Markdown
kept), and what the sanitiser removed, for the preview to say.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass, field
from pathlib import Path

from kontakt.domain.newsletter import BUILT_IN, NewsletterTemplate
from kontakt.errors import KontaktError
from kontakt.io.newsletter_html import newsletter_parts
from kontakt.services.outreach.message import Attachment, MailDraft, inline_image

MAX_IMAGE_BYTES = 1024 * 1024
_LOGO_CID = "logo@kontakt"


@dataclass(frozen=True, slots=True)
class Newsletter:
    """The draft to send and what the sanitiser took out (Norwegian, for the preview)."""

    draft: MailDraft
    removed: list[str] = field(default_factory=list)

    def removed_text(self) -> str:
        """«Fjernet av sikkerhetshensyn: …», or "" when nothing was."""
        if not self.removed:
            return ""
        return "Fjernet av sikkerhetshensyn: " + ", ".join(self.removed) + "."


def compose(
    subject: str,
    markdown: str,
    template: NewsletterTemplate | None = None,
    base_dir: Path | None = None,
    attachments: tuple[Attachment, ...] = (),
) -> Newsletter:
    """The newsletter ``markdown`` in ``template`` (the built-in one if None).

    Local images are read relative to ``base_dir`` (the Markdown file's folder).

    Raises:
        ValidationError: An unknown merge field or a stray brace.
        KontaktError: An image that cannot be read, is not an image, or is over 1 MB.
    """
    template = template or BUILT_IN
    logo = template.logo and template.logo_mime.startswith("image/")
    parts = newsletter_parts(
        subject, markdown, template.header, template.footer, _LOGO_CID if logo else ""
    )
    images = [
        inline_image(f"logo{mimetypes.guess_extension(template.logo_mime) or ''}",
                     template.logo, template.logo_mime, _LOGO_CID)
    ] if logo else []  # fmt: skip
    for ref in parts.images:
        images.append(_image(ref.source, ref.content_id, base_dir))
    draft = MailDraft(subject, parts.text, parts.html, (*images, *attachments), markdown)
    return Newsletter(draft, parts.removed)


def _image(source: str, content_id: str, base_dir: Path | None) -> Attachment:
    path = Path(source.removeprefix("file://"))
    if not path.is_absolute():
        path = (base_dir or Path.cwd()) / path
    mime, _ = mimetypes.guess_type(path.name)
    if not mime or not mime.startswith("image/"):
        raise KontaktError(f"«{source}» i nyhetsbrevet er ikke et bilde (png, jpg, gif …).")
    try:
        size = path.stat().st_size
        if size > MAX_IMAGE_BYTES:
            raise KontaktError(
                f"Bildet {path} er {size / 1024 / 1024:.1f} MB; et bilde i nyhetsbrevet kan "
                "være høyst 1 MB. Gjør det mindre (f.eks. 1200 piksler bredt) og prøv igjen."
            )
        with path.open("rb") as f:
            content = f.read(MAX_IMAGE_BYTES + 1)
    except OSError as exc:
        raise KontaktError(f"Kan ikke lese bildet {path}: {exc.strerror}") from exc
    if len(content) > MAX_IMAGE_BYTES:
        raise KontaktError(f"Bildet {path} er større enn 1 MB.")
    return inline_image(path.name, content, mime, content_id)
