"""A newsletter's whole HTML document and plain text: template header, content, footer.

The document is one column, at most 600 px wide and the full width of a
phone below that, images never wider than the column; its CSS is moved into
``style=""`` attributes by css-inline (Gmail and Outlook drop ``<style>``
blocks) and no stylesheet is fetched from anywhere. Both parts come back as
templates with the merge fields in place (see :mod:`kontakt.io.markdown_mail`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import css_inline

from kontakt.io.markdown_mail import ImageRef, MergeFields, render_markdown

CSS = """
body { margin: 0; padding: 0; background: #f4f4f4; color: #222;
       font-family: Arial, Helvetica, sans-serif; font-size: 16px; line-height: 1.5; }
.brev { max-width: 600px; width: 100%; margin: 0 auto; background: #ffffff;
        box-sizing: border-box; }
.topp { background: #a3007d; color: #ffffff; padding: 16px 20px; }
.topp h1, .topp h2, .topp p { color: #ffffff; margin: 0; }
.innhold { padding: 8px 20px 16px 20px; }
.bunn { padding: 12px 20px; color: #555; font-size: 13px; border-top: 1px solid #ddd; }
h1 { font-size: 24px; line-height: 1.25; margin: 16px 0 8px 0; }
h2 { font-size: 20px; line-height: 1.3; margin: 16px 0 8px 0; }
h3 { font-size: 17px; margin: 12px 0 6px 0; }
p { margin: 0 0 12px 0; }
a { color: #a3007d; }
img { max-width: 100%; height: auto; border: 0; }
.logo { display: block; max-width: 200px; height: auto; margin: 0 0 8px 0; }
blockquote { margin: 0 0 12px 0; padding: 0 0 0 12px; border-left: 3px solid #ddd; color: #444; }
table { border-collapse: collapse; max-width: 100%; }
td, th { border: 1px solid #ddd; padding: 4px 6px; }
pre { white-space: pre-wrap; word-wrap: break-word; }
"""


_HEADING = re.compile(r"^(.+)\n([=-])\2*$", re.MULTILINE)


def _underlined(text: str) -> str:
    """Each heading's underline as long as the heading as written (fields and all)."""
    return _HEADING.sub(lambda m: f"{m[1]}\n{m[2] * min(len(m[1]), 60)}", text)


@dataclass(slots=True)
class NewsletterParts:
    """The HTML document and the plain text (templates), and what the preview should say."""

    html: str
    text: str
    removed: list[str] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)


def newsletter_parts(
    subject: str, body: str, header: str, footer: str, logo_cid: str = ""
) -> NewsletterParts:
    """The newsletter written in ``body`` under ``header`` and above ``footer`` (all Markdown).

    Raises:
        ValidationError: An unknown merge field or a stray brace (naming where).
    """
    fields = MergeFields()
    top = render_markdown(header, fields, "malens topptekst")
    main = render_markdown(body, fields, "nyhetsbrevet")
    bottom = render_markdown(footer, fields, "malens bunntekst")
    title = html.escape(fields.hide(subject, "emnet"))
    logo = f'<img class="logo" src="cid:{logo_cid}" alt="Logo">' if logo_cid else ""
    document = (
        '<!DOCTYPE html>\n<html lang="nb"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{CSS}</style></head>"
        f'<body><div class="brev"><div class="topp">{logo}{top.html}</div>'
        f'<div class="innhold">{main.html}</div>'
        f'<div class="bunn">{bottom.html}</div></div></body></html>\n'
    )
    inlined = css_inline.inline(document, load_remote_stylesheets=False, keep_style_tags=False)
    text = "\n\n".join(part.text.strip() for part in (top, main, bottom) if part.text.strip())
    removed = list(dict.fromkeys(top.removed + main.removed + bottom.removed))
    return NewsletterParts(
        fields.show(inlined),
        _underlined(fields.show(text)) + "\n",
        removed,
        top.images + main.images + bottom.images,
    )
