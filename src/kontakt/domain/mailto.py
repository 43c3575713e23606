"""«Åpne i e-postprogram» without SMTP: mailto: links with the addresses in BCC.

Mail programs and browsers cap how long a link may be (Outlook about 2,000
characters), so the addresses are split over as many links as needed; each
opens one new message.
"""

from __future__ import annotations

from urllib.parse import quote

MAX_LINK = 1900  # characters; below Outlook's and Windows' limits with room to spare


def mailto_links(addresses: list[str], subject: str = "", max_length: int = MAX_LINK) -> list[str]:
    """Links of the form ``mailto:?bcc=a,b&subject=...``, none longer than ``max_length``.

    Raises:
        ValueError: One address is too long to fit in a link at all.
    """
    tail = f"&subject={quote(subject)}" if subject else ""
    head = "mailto:?bcc="
    links: list[str] = []
    chunk: list[str] = []
    length = len(head) + len(tail)
    for address in dict.fromkeys(a.strip() for a in addresses if a.strip()):
        part = quote(address, safe="@.-_")  # "+" too is escaped: some read it as a space
        extra = len(part) + (1 if chunk else 0)
        if len(head) + len(tail) + len(part) > max_length:
            raise ValueError(f"Adressen {address} er for lang for en e-postlenke.")
        if chunk and length + extra > max_length:
            links.append(head + ",".join(chunk) + tail)
            chunk, length = [], len(head) + len(tail)
            extra = len(part)
        chunk.append(part)
        length += extra
    if chunk:
        links.append(head + ",".join(chunk) + tail)
    return links
