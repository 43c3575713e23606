"""What identifies a person, for telling duplicates: shared by the import and the finder.

A shared mailbox (postmottak@, post@, kontakt@ …) or a placeholder
("anonymous", "-") identifies nobody, so it never makes two people one. Two
folded names at least :data:`NAME_SIMILARITY` alike in one municipality are
taken as one person, unless both have personal e-mail addresses that differ.
"""

from __future__ import annotations

import functools

from kontakt.domain.text import fold

SHARED_MAILBOXES = frozenset(
    {
        "post", "postmottak", "postkasse", "kontakt", "info", "firmapost", "servicetorget",
        "sentralbord", "sentralbordet", "admin", "administrasjon", "office", "mail", "epost",
        "sekretariat", "sekretariatet", "noreply", "no-reply", "donotreply", "resepsjon",
        "ekspedisjon", "kundeservice", "support", "hello", "hei", "styret", "leder",
    }
)  # fmt: skip
PLACEHOLDERS = frozenset(
    {"", "-", "--", "---", ".", "x", "xx", "n/a", "na", "nn", "ukjent", "ingen", "anonym",
     "anonymous", "test", "none", "null", "mangler"}
)  # fmt: skip
# Two folded names this similar (0-100) in one municipality are taken as one person.
NAME_SIMILARITY = 92


def identifying_email(address: str) -> bool:
    """False for shared mailboxes and placeholders that do not identify a person."""
    local = address.split("@", 1)[0].casefold()
    return local not in SHARED_MAILBOXES and local not in PLACEHOLDERS


@functools.lru_cache(maxsize=65536)
def identifying_name(name: str) -> bool:
    """False for placeholder names ("-", "anonymous", "ukjent").

    Remembered: each row and each stored person asks, and names repeat.
    """
    return identifying_folded(fold(name))


def identifying_folded(folded: str) -> bool:
    """:func:`identifying_name` of a name folded already (``domain.text.fold``)."""
    folded = folded.strip()
    return folded not in PLACEHOLDERS and len(folded) > 2
