"""The archive's pages: one per newsletter, the index, and their stylesheet.

Plain HTML5 and CSS, no JavaScript, UTF-8, laid out for a phone first
(375 px wide): images and tables never wider than the screen, long words and
addresses wrap. The text given here is already sanitised
(:mod:`kontakt.io.archive.sanitize`); titles are escaped here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from html import escape

STYLESHEET_NAME = "stil.css"
FEED_NAME = "feed.xml"
INDEX_NAME = "index.html"

STYLESHEET = """\
/* Kontakt's newsletter archive: readable from a 375 px phone to a wide screen. */
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body {
  margin: 0; padding: 1rem; background: #fafafa; color: #1d1d1d;
  font: 1.0625rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
header, main, footer { max-width: 42rem; margin: 0 auto; }
main { background: #fff; padding: 1rem 1.25rem; border-radius: 6px; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: 0.2em 0 0.4em; }
h2 { font-size: 1.3rem; } h3 { font-size: 1.1rem; }
main, p, li, td, th, h1, h2, h3, a { overflow-wrap: anywhere; word-break: break-word; }
a { color: #8a0f3d; }
img { max-width: 100%; height: auto; }
table { border-collapse: collapse; display: block; max-width: 100%; overflow-x: auto; }
td, th { border: 1px solid #ccc; padding: 0.3em 0.5em; text-align: left; }
pre { white-space: pre-wrap; }
blockquote { margin: 1em 0; padding-left: 1em; border-left: 3px solid #ccc; }
.dato { color: #555; margin-top: 0; }
.nettsted { font-weight: bold; margin: 0 0 0.5rem; }
footer { font-size: 0.9rem; color: #555; padding: 1rem 0; }
ol.nummer { list-style: none; padding: 0; }
ol.nummer li { margin: 0 0 1rem; }
"""

_MONTHS = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Issue:
    """One newsletter as the archive shows it, with no personal data left in it.

    Attributes:
        slug: The file name without its ending (``2026-12-01-nyhetsbrev-desember``).
        title: The subject, merge fields made neutral.
        sent: When it was made (the date the archive shows).
        body_html: The sanitised HTML of the text.
    """

    slug: str
    title: str
    sent: dt.datetime
    body_html: str

    @property
    def page(self) -> str:
        """The page's file name."""
        return f"{self.slug}.html"

    @property
    def pdf(self) -> str:
        """The PDF's file name."""
        return f"{self.slug}.pdf"


def norwegian_date(when: dt.date) -> str:
    """«1. desember 2026»."""
    return f"{when.day}. {_MONTHS[when.month - 1]} {when.year}"


def _time(when: dt.datetime) -> str:
    day = when.date()
    return f'<time datetime="{day.isoformat()}">{norwegian_date(day)}</time>'


def _document(title: str, site: str, main: str) -> str:
    return f"""\
<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="{STYLESHEET_NAME}">
<link rel="alternate" type="application/atom+xml" title="{escape(site)}" href="{FEED_NAME}">
</head>
<body>
<header><p class="nettsted"><a href="{INDEX_NAME}">{escape(site)}</a></p></header>
<main>
{main}
</main>
<footer><p><a href="{INDEX_NAME}">Alle nyhetsbrev</a> ·
<a href="{FEED_NAME}">Følg med i en nyhetsleser (Atom)</a></p></footer>
</body>
</html>
"""


def issue_page(issue: Issue, site: str) -> str:
    """The newsletter's own page: its title, the date and PDF link, then the text
    (whose own first heading stands as the title when it opens with one)."""
    dated = f'<p class="dato">{_time(issue.sent)} · <a href="{escape(issue.pdf)}">PDF</a></p>'
    body = issue.body_html
    if body.startswith("<h1>") and "</h1>" in body:
        end = body.index("</h1>") + len("</h1>")
        top, body = body[:end], body[end:].lstrip("\n")
    else:
        top = f"<h1>{escape(issue.title)}</h1>"
    main = f"<article>\n{top}\n{dated}\n{body}\n</article>"
    return _document(f"{issue.title} – {site}", site, main)


def index_page(issues: list[Issue], site: str) -> str:
    """All newsletters, newest first (``issues`` comes in that order)."""
    if issues:
        items = "\n".join(
            f'<li><a href="{escape(i.page)}">{escape(i.title)}</a><br>\n'
            f'<span class="dato">{_time(i.sent)} · <a href="{escape(i.pdf)}">PDF</a></span></li>'
            for i in issues
        )
        listing = f'<ol class="nummer" reversed>\n{items}\n</ol>'
    else:
        listing = "<p>Ingen nyhetsbrev ennå.</p>"
    main = f"<h1>Nyhetsbrev</h1>\n{listing}"
    return _document(f"Nyhetsbrev – {site}", site, main)
