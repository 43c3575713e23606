"""The plain-text part of a Markdown newsletter, from the same markdown-it tokens as the HTML.

Headings are kept and underlined (= for the first level, - below), lists get
«- » or «1. », quotes «> », a link is «tekst (url)» and an image «[Bilde: alt]».
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token


class PlainText:
    """The plain-text part from markdown-it tokens."""

    def __init__(self) -> None:
        self._strip: Callable[[str], str] = str
        self._lists: list[list[int]] = []  # per open list: [next number] or [] for bullets

    def render(self, tokens: list[Token], strip_tags: Callable[[str], str]) -> str:
        """Blocks separated by an empty line; headings underlined; lists marked."""
        self._strip = strip_tags
        blocks: list[str] = []
        quote = 0
        heading = ""
        listed = False  # the last block is a list item of a list still open
        for token in tokens:
            kind = token.type
            if kind == "heading_open":
                heading = token.tag
            elif kind == "bullet_list_open":
                self._lists.append([])
            elif kind == "ordered_list_open":
                self._lists.append([int(token.attrGet("start") or 1)])
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self._lists.pop()
            elif kind == "blockquote_open":
                quote += 1
            elif kind == "blockquote_close":
                quote -= 1
            elif kind == "hr":
                blocks.append("—" * 20)
            elif kind in ("fence", "code_block"):
                blocks.append(token.content.rstrip("\n"))
            elif kind == "html_block":
                text = strip_tags(token.content).strip()
                if text:
                    blocks.append(text)
            elif kind == "inline":
                text = self._block(self._inline(token.children or []), heading, quote)
                if self._lists and blocks and listed:  # a list's items on lines of their own
                    blocks[-1] += "\n" + text
                else:
                    blocks.append(text)
                listed = bool(self._lists)
                heading = ""
                continue
            listed = listed and kind not in ("bullet_list_close", "ordered_list_close")
        return "\n\n".join(b for b in blocks if b.strip()) + "\n"

    def _block(self, text: str, heading: str, quote: int) -> str:
        if heading:
            line = "=" if heading == "h1" else "-"
            text = f"{text}\n{line * min(len(text), 60)}"
        elif self._lists:
            current = self._lists[-1]
            indent = "   " * (len(self._lists) - 1)
            if current:
                marker = f"{current[0]}. "
                current[0] += 1
            else:
                marker = "- "
            text = indent + marker + text.replace("\n", "\n" + indent + " " * len(marker))
        if quote:
            text = "\n".join("> " * quote + line for line in text.split("\n"))
        return text

    def _inline(self, children: list[Token]) -> str:
        out: list[str] = []
        href: list[str] = []
        starts: list[int] = []
        for child in children:
            kind = child.type
            if kind in ("text", "code_inline"):
                out.append(child.content)
            elif kind in ("softbreak", "hardbreak"):
                out.append("\n")
            elif kind == "link_open":
                href.append(str(child.attrGet("href") or ""))
                starts.append(len(out))
            elif kind == "link_close" and href:
                url, start = href.pop(), starts.pop()
                label = "".join(out[start:]).strip()
                if url and url != label and url != f"mailto:{label}":
                    out.append(f" ({url.removeprefix('mailto:')})")
            elif kind == "image":
                alt = "".join(c.content for c in child.children or [])
                out.append(f"[Bilde: {alt}]" if alt else "[Bilde]")
            elif kind == "html_inline":
                out.append(self._strip(child.content))
        return "".join(out)
