"""Self-check step for the open newsletter archive: its page, feed and PDF writers work.

The Atom feed is made by feedgen (with lxml) and the PDF by Qt: a library
left out of the bundle fails this step instead of the secretary's first
«Oppdater nyhetsarkivet».
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from kontakt.selfcheck.context import CheckContext, CheckFailed

_ATOM = "{http://www.w3.org/2005/Atom}"


def step_archive(ctx: CheckContext) -> str:
    """Write one newsletter's page, the feed and the PDF into the work folder."""
    from kontakt.io.archive.feed import atom_feed
    from kontakt.io.archive.pages import Issue, issue_page
    from kontakt.ui.printing.newsletter_pdf import write_issue_pdf

    issue = Issue(
        "2026-12-01-nyhetsbrev-desember",
        "Nyhetsbrev desember",
        dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC),
        "<p>Hei! Nytt om <strong>tannhelse</strong> og æøå.</p>",
    )
    feed = ET.fromstring(atom_feed([issue], "Nyhetsbrev"))
    titles = [t.text for t in feed.iter(f"{_ATOM}title")]
    if "Nyhetsbrev desember" not in titles:
        raise CheckFailed("nyhetsarkivets Atom-feed mangler nyhetsbrevet (feedgen)")
    if "tannhelse" not in issue_page(issue, "Nyhetsbrev"):
        raise CheckFailed("nyhetsarkivets side mangler teksten")
    pdf = ctx.workdir / "nyhetsbrev.pdf"
    write_issue_pdf(issue, "Nyhetsbrev", pdf)
    if not pdf.read_bytes().startswith(b"%PDF"):
        raise CheckFailed("nyhetsbrevets PDF ble ikke skrevet")
    return f"side, Atom-feed og PDF ({pdf.stat().st_size // 1024} KB) skrevet"
