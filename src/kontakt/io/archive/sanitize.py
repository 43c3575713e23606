"""A newsletter's stored HTML made fit for a public web page.

The stored HTML was sanitised when it was written, but the archive is public
and outlives the program that wrote it, so it is cleaned again with nh3
(Ammonia) against a short allow-list: no scripts or styles, no event handlers,
no ``style`` attributes (fixed widths from e-mail layouts would make a phone
scroll sideways; the archive's stylesheet lays the page out), no
``javascript:`` links. Remote images lose their query string (where a
per-recipient tracking token would sit); ``cid:`` images, which only exist
inside an e-mail, are dropped. Opt-out lines («svar Avmeld …») and opt-out
links are removed: they belong to a recipient's copy, not the archive.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit, urlunsplit

import nh3

_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "em", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol",
    "p", "pre", "s", "small", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start"},
    "abbr": {"title"},
}
_SCHEMES = {"http", "https", "mailto", "data"}
_IMAGE_DATA = re.compile(r"data:image/(?:png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z")
_OPT_OUT_WORD = re.compile(r"avmeld|unsubscribe|meld\s+deg\s+av", re.IGNORECASE)
# A block that carries an opt-out line; after nh3 the markup is regular enough
# for this (no attributes but the allowed ones, every element closed).
_OPT_OUT_BLOCK = re.compile(
    r"<(p|li|td|small|blockquote)\b[^>]*>(?:(?!</\1>).)*?(?:avmeld|unsubscribe|meld\s+deg\s+av)"
    r"(?:(?!</\1>).)*</\1>",
    re.IGNORECASE | re.DOTALL,
)
_EMPTY_LIST = re.compile(r"<(ul|ol)>\s*</\1>")
# An image whose source was refused has nothing to show (and is invalid HTML).
_NO_SOURCE = re.compile(r"<img\b(?![^>]*\bsrc=)[^>]*>")
# A link whose address was refused (javascript:, an opt-out) keeps its words only:
# an <a> with rel but no href is invalid HTML.
_NO_TARGET = re.compile(r"<a\b(?![^>]*\bhref=)[^>]*>(.*?)</a>", re.DOTALL)


def _attribute(element: str, attribute: str, value: str) -> str | None:
    """nh3's per-attribute filter: what may stay of a URL."""
    if attribute == "src" and element == "img":
        if value.startswith("data:"):
            return value if _IMAGE_DATA.match(value) else None
        parts = urlsplit(value)
        if parts.scheme not in ("http", "https"):
            return None  # cid: (inside an e-mail only), relative paths to nowhere
        return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))
    if attribute == "href":
        if value.startswith("data:"):
            return None
        if value.lower().startswith("mailto:") and _OPT_OUT_WORD.search(value):
            return None
    return value


def clean_html(fragment: str) -> str:
    """The fragment sanitised for the archive (see the module text)."""
    cleaned = nh3.clean(
        fragment,
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        attribute_filter=_attribute,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    cleaned = _NO_SOURCE.sub("", _OPT_OUT_BLOCK.sub("", cleaned))
    cleaned = _NO_TARGET.sub(r"\1", cleaned)
    return _EMPTY_LIST.sub("", cleaned).strip()


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs (blank lines part them, single breaks stay),
    without an e-mail signature («-- ») and without opt-out paragraphs."""
    text = re.split(r"^-- ?$", text.replace("\r\n", "\n"), maxsplit=1, flags=re.MULTILINE)[0]
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", text)]
    return "\n".join(
        "<p>" + "<br>\n".join(html.escape(line) for line in p.splitlines()) + "</p>"
        for p in paragraphs
        if p and not _OPT_OUT_WORD.search(p)
    )
