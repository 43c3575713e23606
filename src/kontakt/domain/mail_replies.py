"""What a person wrote back, in words: opt-out, plain RSVP answer, out-of-office.

Pure text rules over a reply's subject and its own new text. Quoted text is
never read: lines starting with ``>`` and everything from a «… skrev:» /
«On … wrote:» / «-----Original Message-----» line on are what the person
answered, not what they said, so a reply quoting our own footer («svar
Avmeld») never counts as an opt-out.
"""

from __future__ import annotations

import re
from enum import StrEnum

__all__ = [
    "PlainAnswer",
    "is_auto_reply_subject",
    "own_text",
    "plain_answer",
    "wants_opt_out",
]

# How much of the person's own text is read: the first lines carry the answer;
# a long message that mentions «stopp» in paragraph five is a letter, not an opt-out.
FIRST_LINES = 5

# A line that starts a quoted block: Norwegian/Danish/Swedish/English mail
# programs' attributions and the separators of Outlook and Apple Mail.
_QUOTE_START = re.compile(
    r"""^\s*(?:
        .*\b(?:skrev|skreiv|wrote|schrieb|a\s+écrit|escribió|kirjoitti)\b.*:\s*$
      | -{2,}\s*(?:original\s+message|opprinnelig\s+melding|videresendt\s+melding
                 |forwarded\s+message|originalmelding)\s*-{2,}
      | _{10,}\s*$
      | (?:fra|from|von)\s*:\s*.+@.+
      | begin\s+forwarded\s+message\s*:
      | --\s*$
    )""",
    re.IGNORECASE | re.VERBOSE,
)

# Opt-out words in bokmål, nynorsk and English; whole words, any case.
_OPT_OUT = re.compile(
    r"""\b(?:
        avmeld(?:e|ing)?|avmelde\s+meg|meld\s+meg\s+av|meld\s+meg\s+ut
      | ikke\s+send\s+(?:meg\s+)?(?:mer|flere)|ikkje\s+send\s+(?:meg\s+)?(?:meir|fleire|mer)
      | send\s+ikke\s+(?:meg\s+)?(?:mer|flere)|send\s+ikkje\s+(?:meg\s+)?(?:meir|fleire)
      | vil\s+ikke\s+ha\s+(?:flere|mer)\s+e-?post(?:er)?|vil\s+ikkje\s+ha\s+(?:fleire|meir)
      | fjern\s+meg(?:\s+fr[aå]\s+(?:lista|listen))?|ta\s+meg\s+av\s+(?:lista|listen)
      | reserver(?:er)?\s+meg|unsubscribe
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# Words that are an opt-out only standing alone («STOPP»), not inside a sentence
# («Stopp privatiseringen av sykehusene!»).
_OPT_OUT_ALONE = re.compile(
    r"(?:stop+|stans|opt[\s-]?out|remove\s+me|avslutt|slutt|unsubscribe|avmeld)[\s.!]*",
    re.IGNORECASE,
)

# A subject is only an opt-out when it is little more than the word: «Re: Avmeld»,
# not «Re: Stopp privatiseringen av sykehusene».
_SUBJECT_PREFIX = re.compile(r"^\s*(?:(?:re|sv|aw|vs|fw|fwd|ang)\s*:\s*)+", re.IGNORECASE)

_AUTO_SUBJECT = re.compile(
    r"""\b(?:
        fravær(?:smelding)?|fråvær|automatisk\s+svar|autosvar|auto[\s-]?reply
      | out\s+of\s+(?:the\s+)?office|ikke\s+på\s+kontoret|på\s+ferie
      | abwesenheit|autoreply|automatic\s+reply|frånvaro
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


class PlainAnswer(StrEnum):
    """A plain-text answer to an invitation."""

    YES = "accepted"
    NO = "declined"
    MAYBE = "tentative"


# Order matters: «kan dessverre ikke komme» holds «komme»; the no's are tried first.
_NO = re.compile(
    r"""\b(?:
        kan\s+(?:dessverre\s+)?ikke(?:\s+komme)?|kan\s+(?:dessverre\s+)?ikkje(?:\s+kome)?
      | kommer\s+(?:dessverre\s+)?ikke|kjem\s+(?:dessverre\s+)?ikkje|har\s+ikke\s+anledning
      | nei(?:\s+takk)?|takker\s+nei|melder\s+avbud|avbud|can(?:no|')t\s+(?:make\s+it|come)
      | (?:will\s+)?not\s+(?:be\s+)?(?:attend|coming)|no
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
_MAYBE = re.compile(
    r"\b(?:kanskje|kan\s+hende|usikker|vet\s+ikke\s+ennå|veit\s+ikkje|maybe|tentative)\b",
    re.IGNORECASE,
)
_YES = re.compile(
    r"""\b(?:
        ja(?:\s+takk)?|jepp|jeg\s+kommer|eg\s+kjem|kommer|kjem|takker\s+ja|gjerne
      | meld(?:er)?\s+meg\s+på|påmeldt|yes|i\s*(?:'|’)?ll\s+(?:be\s+there|come)|attending
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)


def own_text(body: str, max_lines: int = FIRST_LINES) -> list[str]:
    """The first non-empty lines the person wrote, before any quoted text.

    Args:
        body: The reply's plain text.
        max_lines: How many lines to keep.
    """
    lines: list[str] = []
    for raw in body.splitlines():
        line = raw.strip()
        if line.startswith(">") or _QUOTE_START.match(raw):
            break
        if line:
            lines.append(line)
            if len(lines) >= max_lines:
                break
    return lines


def _bare_subject(subject: str) -> str:
    return _SUBJECT_PREFIX.sub("", subject).strip(" \t-–:!.")


def wants_opt_out(subject: str, body: str) -> bool:
    """True when the subject is an opt-out word or the person's first lines ask for it.

    A subject counts when it is short (at most four words after «Re:») and
    holds an opt-out phrase, or is only «Stopp»/«Stop»; the body's own first
    lines (quoted text dropped) count when one is short (at most twelve words)
    and holds an opt-out phrase, or is only such a word.
    """
    bare = _bare_subject(subject)
    if bare and (
        _OPT_OUT_ALONE.fullmatch(bare) or (len(bare.split()) <= 4 and _OPT_OUT.search(bare))
    ):
        return True
    return any(
        _OPT_OUT_ALONE.fullmatch(line) or (len(line.split()) <= 12 and _OPT_OUT.search(line))
        for line in own_text(body)
    )


def is_auto_reply_subject(subject: str) -> bool:
    """«Fravær», «Out of office», «Automatisk svar» ... in the subject."""
    return bool(_AUTO_SUBJECT.search(subject))


def plain_answer(subject: str, body: str) -> PlainAnswer | None:
    """«ja, jeg kommer», «kan dessverre ikke», «kanskje» as the first words of a reply.

    Only the first own line (or a short subject) is read, so a long letter that
    happens to contain «nei» is not taken for an answer.
    """
    lines = own_text(body, max_lines=1)
    candidates = [lines[0]] if lines and len(lines[0].split()) <= 12 else []
    bare = _bare_subject(subject)
    if bare and len(bare.split()) <= 5:
        candidates.append(bare)
    for text in candidates:
        for pattern, answer in (
            (_NO, PlainAnswer.NO),
            (_MAYBE, PlainAnswer.MAYBE),
            (_YES, PlainAnswer.YES),
        ):
            if pattern.search(text):
                return answer
    return None
