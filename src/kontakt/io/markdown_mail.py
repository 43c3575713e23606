"""Markdown to the two parts of an e-mail: sanitised HTML and plain text, one source.

The Markdown is parsed once (markdown-it-py, CommonMark); the HTML part is
made from the tokens and cleaned by nh3 (an allow-list: scripts, event
handlers and ``javascript:`` links go, and :func:`unsafe_parts` says what
went), the plain-text part from the same tokens (links as «tekst (url)»,
headings kept and underlined).

Merge fields (``{fornavn}``) survive both parts: before parsing, each field
is replaced by a token of letters and digits that neither Markdown, nh3 nor
the CSS inliner touches, and after rendering every other brace is doubled
and the tokens become the fields again, so the result is a template that
:func:`kontakt.domain.templating.render` merges per recipient.

Images: a remote (http/https) image becomes a link to it, never loaded by
the reader's mail program (no tracking, either way); a local file is
handed to the caller (:class:`ImageRef`) to be attached inline.
"""

from __future__ import annotations

import html
import re
import secrets
import string
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from kontakt.domain.templating import template_fields
from kontakt.errors import KontaktError
from kontakt.io.markdown_text import PlainText

_FORMATTER = string.Formatter()
_ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "div", "em", "h1", "h2", "h3", "h4",
    "h5", "h6", "hr", "i", "img", "li", "ol", "p", "pre", "s", "strong", "sub", "sup",
    "table", "tbody", "td", "th", "thead", "tr", "u", "ul", "span",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"align"},
    "th": {"align"},
}
_URL_SCHEMES = {"http", "https", "mailto", "cid"}
_DANGEROUS_TAGS = {"script", "style", "iframe", "object", "embed", "form", "input", "link", "meta"}
_REMOTE = re.compile(r"^https?://", re.IGNORECASE)
# css-inline walks the tree recursively: 20,000 nested <div> crashed the process
# (stack overflow) on Linux's 8 MB stack, and Windows gives the window's thread
# 1 MB. No newsletter nests this deep; Markdown alone stops at 20 levels.
MAX_DEPTH = 100
_VOID = {"br", "hr", "img", "wbr", "col", "area", "source", "input", "meta", "link"}


@dataclass(frozen=True, slots=True)
class ImageRef:
    """A local image the Markdown refers to, and the Content-ID it is shown by."""

    source: str
    content_id: str


@dataclass(slots=True)
class Rendered:
    """The two parts (templates with merge fields), what was removed, the local images."""

    html: str
    text: str
    removed: list[str] = field(default_factory=list)
    images: list[ImageRef] = field(default_factory=list)


class MergeFields:
    """Merge fields swapped for tokens and back (see the module docstring)."""

    def __init__(self) -> None:
        self._mark = "kfelt" + secrets.token_hex(4)
        self.names: list[str] = []

    def hide(self, text: str, where: str) -> str:
        """``text`` with each ``{field}`` a token and ``{{``/``}}`` single braces.

        Raises:
            ValidationError: An unknown field or a stray brace (naming ``where``).
        """
        template_fields(text, where)
        out: list[str] = []
        for literal, name, _spec, _conv in _FORMATTER.parse(text):
            out.append(literal)
            if name is not None:
                self.names.append(name)
                out.append(f"{self._mark}x{len(self.names) - 1}x")
        return "".join(out)

    def show(self, text: str) -> str:
        """Rendered ``text`` as a template again: braces doubled, tokens fields."""
        text = text.replace("{", "{{").replace("}", "}}")
        return re.sub(
            self._mark + r"x(\d+)x",
            lambda m: "{" + self.names[int(m.group(1))] + "}",
            text,
        )


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


class _Depth(HTMLParser):
    """How deep the elements of well-formed HTML (the sanitiser's output) nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = self.deepest = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.depth += 1
            self.deepest = max(self.deepest, self.depth)

    def handle_endtag(self, tag: str) -> None:
        if tag not in _VOID:
            self.depth = max(self.depth - 1, 0)


def nesting_depth(clean_html: str) -> int:
    """The deepest nesting of elements in ``clean_html``."""
    parser = _Depth()
    parser.feed(clean_html)
    parser.close()
    return parser.deepest


class _Unsafe(HTMLParser):
    """Collects, in Norwegian, what the sanitiser is about to remove."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def _note(self, what: str) -> None:
        if what not in self.found:
            self.found.append(what)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DANGEROUS_TAGS:
            self._note(f"<{tag}>-element")
        for name, value in attrs:
            if name.startswith("on"):
                self._note(f"hendelsesattributtet {name}")
            elif name in ("href", "src") and value:
                scheme = value.strip().split(":", 1)[0].lower() if ":" in value else ""
                if scheme and scheme not in _URL_SCHEMES:
                    self._note(f"{scheme}:-lenke")


def unsafe_parts(raw_html: str) -> list[str]:
    """What in ``raw_html`` the sanitiser removes (scripts, handlers, links), in Norwegian."""
    parser = _Unsafe()
    parser.feed(raw_html)
    parser.close()
    return parser.found


def sanitise(raw_html: str) -> str:
    """``raw_html`` with only the allowed tags, attributes and link schemes left."""
    return nh3.clean(
        raw_html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer",
    )


def render_markdown(source: str, fields: MergeFields, where: str = "nyhetsbrevet") -> Rendered:
    """The Markdown ``source`` as an HTML fragment and plain text, fields still tokens.

    ``fields.show`` turns either part into a template once it is complete.

    Raises:
        ValidationError: An unknown merge field or a stray brace in ``source``.
        KontaktError: HTML nested deeper than :data:`MAX_DEPTH`.
    """
    tokens = _parser().parse(fields.hide(source, where))
    images: list[ImageRef] = []
    _images(tokens, images)
    md = _parser()
    raw = md.renderer.render(tokens, md.options, {})
    removed = unsafe_parts(raw)
    clean_html = sanitise(raw)
    depth = nesting_depth(clean_html)
    if depth > MAX_DEPTH:
        raise KontaktError(
            f"HTML-en i {where} er nestet {depth} nivåer dypt; Kontakt godtar høyst "
            f"{MAX_DEPTH}. Fjern de innerste elementene (f.eks. <div> i <div>)."
        )
    text = PlainText().render(tokens, strip_tags)
    return Rendered(clean_html, text, removed, images)


def _images(tokens: list[Token], images: list[ImageRef]) -> None:
    """Local images get a cid: source; remote ones become links (nothing loaded)."""
    for token in tokens:
        if token.children:
            _images(token.children, images)
        if token.type != "image":
            continue
        src = str(token.attrGet("src") or "")
        if _REMOTE.match(src):
            alt = "".join(c.content for c in token.children or []) or "bilde"
            token.type, token.tag, token.nesting = "html_inline", "", 0
            token.content = f'<a href="{html.escape(src)}">[Bilde: {html.escape(alt)}]</a>'
            token.children = None
            continue
        if src.lower().startswith("cid:") or not src:
            continue
        cid = f"bilde{len(images) + 1}.{secrets.token_hex(6)}@kontakt"
        images.append(ImageRef(src, cid))
        token.attrSet("src", f"cid:{cid}")


def strip_tags(fragment: str) -> str:
    """The text of an HTML fragment (the remote image's link keeps its address)."""
    match = re.fullmatch(r'<a href="([^"]*)">(.*)</a>', fragment.strip(), re.DOTALL)
    if match:
        return f"{html.unescape(match.group(2))} ({html.unescape(match.group(1))})"
    return html.unescape(nh3.clean(fragment, tags=set()))
