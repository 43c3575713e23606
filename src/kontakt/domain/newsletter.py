"""A newsletter's template (header and footer in Markdown, an optional logo); the built-in one."""

from __future__ import annotations

from dataclasses import dataclass

NETWORK = "SVs helsepolitiske nettverk"


@dataclass(frozen=True, slots=True)
class NewsletterTemplate:
    """What frames every newsletter: the board may keep its own in the database.

    The opt-out line («Svar «Avmeld» …») is not part of it: every mailing
    carries it, whatever the template says.
    """

    name: str
    header: str
    footer: str
    logo: bytes = b""
    logo_mime: str = ""


BUILT_IN = NewsletterTemplate(
    name="Standard",
    header=f"## {NETWORK}",
    footer=(
        f"{NETWORK} · Sosialistisk Venstreparti  \n"
        "Spørsmål eller innspill? Svar på denne e-posten, så svarer vi deg."
    ),
)
