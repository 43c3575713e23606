"""The archive's Atom feed (``feed.xml``), written with feedgen.

The archive does not know the address it will be published at, so links are
relative (Atom resolves them against the feed's own address) and ids are
``urn:uuid:`` names made from each newsletter's file name: the same
newsletter keeps its id across refreshes, and so does the feed. Dates come
from the newsletters, never from the clock, so an unchanged archive gives the
same bytes and is not rewritten.
"""

from __future__ import annotations

import datetime as dt
import uuid

from kontakt.io.archive.pages import INDEX_NAME, Issue

_NAMESPACE = uuid.UUID("5d0b3f9e-1f8a-4a57-9a51-6b2f3c1c2a10")  # Kontakt's archive ids
_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def _id(name: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, name)}"


def atom_feed(issues: list[Issue], site: str) -> bytes:
    """The feed of ``issues`` (newest first), as UTF-8 XML."""
    # Imported here: feedgen (with lxml) costs about 50 ms, which every start of
    # the program would pay for a feed it rarely writes.
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.id(_id(f"feed:{site}"))
    fg.title(f"Nyhetsbrev – {site}")
    fg.author({"name": site})
    fg.link(href=INDEX_NAME, rel="alternate", type="text/html")
    fg.language("nb")
    fg.updated(max((i.sent for i in issues), default=_EPOCH))
    # feedgen adds entries at the top: oldest first gives newest first in the file.
    for issue in reversed(issues):
        entry = fg.add_entry()
        entry.id(_id(f"issue:{issue.slug}"))
        entry.title(issue.title)
        entry.link(href=issue.page, rel="alternate", type="text/html")
        entry.published(issue.sent)
        entry.updated(issue.sent)
        entry.content(issue.body_html, type="html")
    data: bytes = fg.atom_str(pretty=True, encoding="UTF-8")
    return data
