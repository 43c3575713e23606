"""A newsletter's text for everyone: merge fields replaced by neutral words.

The open archive publishes a newsletter as written, not any recipient's copy,
so no person's name, place or role may reach it. A greeting loses the name
(«Hei {fornavn}!» -> «Hei!», «Takk, {fornavn}, for …» -> «Takk for …»);
elsewhere a field becomes a neutral word («Kjære {fornavn}» -> «Kjære medlem»,
«i {kommune}» -> «i din kommune»). ``{{`` and ``}}`` become single braces, as
in a sent message.
"""

from __future__ import annotations

import re
import string

NEUTRAL: dict[str, str] = {
    "fornavn": "medlem",
    "etternavn": "medlem",
    "kommune": "din kommune",
    "fylke": "ditt fylke",
    "verv": "ditt verv",
    "organisasjon": "din organisasjon",
}
"""What each merge field reads as in the archive."""

# A field stands as \x00name\x00 while the greeting rules run: cleaned text holds
# no control characters, so the marker cannot clash with the text.
_FIELD = r"\x00\w+\x00"
# Only a name is dropped from a greeting; «i {kommune}» needs its words.
_NAME = r"\x00(?:fornavn|etternavn)\x00"
_RUN = rf"{_NAME}(?:[ \t]+{_NAME})*"
# «Takk, {fornavn}, for …»: a name set off by commas goes, with one comma.
_BETWEEN_COMMAS = re.compile(rf",[ \t]*{_RUN}[ \t]*,(?=\s)")
# «Hei {fornavn}!», «Hei {fornavn} {etternavn},», «<p>Hei {fornavn}</p>»: the name goes;
# «Kjære {fornavn},» keeps a word («Kjære medlem,»), or it would read «Kjære,».
_BEFORE_STOP = re.compile(rf"(?<![Kk]jære)[ \t]+{_RUN}(?=[!?.,:;]|[ \t]*$|[ \t]*<)", re.MULTILINE)
_FULL_NAME = re.compile(r"\x00fornavn\x00[ \t]+\x00etternavn\x00")
_ANY = re.compile(_FIELD)


def _marked(text: str) -> str:
    """The text with each merge field as a marker and ``{{``/``}}`` as plain braces."""
    parts: list[str] = []
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:  # a stray brace (never stored by Kontakt): the text as it is
        return text
    for literal, name, _spec, _conversion in parsed:
        parts.append(literal)
        if name is not None:
            parts.append(f"\x00{name}\x00")
    return "".join(parts)


def neutral_text(text: str) -> str:
    """``text`` with every merge field replaced or removed as the module text says.

    Works on plain text and on HTML alike (the neutral words need no escaping).
    An unknown field is removed: nothing of a person can be behind it.
    """
    marked = _marked(text)
    marked = _BETWEEN_COMMAS.sub("", marked)
    marked = _BEFORE_STOP.sub("", marked)
    marked = _FULL_NAME.sub("\x00fornavn\x00", marked)
    return _ANY.sub(lambda m: NEUTRAL.get(m.group(0).strip("\x00"), ""), marked)
