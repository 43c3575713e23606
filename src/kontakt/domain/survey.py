"""Reading what people write in survey answers: yes/no, topics and roles (verv).

Survey tools and hand-made lists hold free text: "Ja, gjerne", "Psykisk helse, rus og
eldreomsorg", "Hovedtillitsvalgt i Fagforbundet". Role names come from
``kontakt/data/roller.csv`` and unions from ``kontakt/data/organisasjoner.csv``; they are
copied here as patterns so that the words people actually use (inflected, abbreviated,
without æøå) are recognised too. Nothing here raises, whatever the cell holds.

Decisions:

- :func:`parse_yes_no` decides by the first word: "Ja, men ikke på SMS" is yes.
- :func:`match_topics` compares on fuzz.ratio of the loose forms (not WRatio, whose
  partial matching would make "Rusomsorg" the topic "Rus").
- One role per answer. When an answer names several, the highest level wins
  (Storting, then county, then municipality, then union or party posts), and the whole
  answer is kept as the title so nothing is lost.
- Union and party posts (tillitsvalgt, verneombud, lokallagsleder, fylkesleder, leader
  or board member of a named union) are :attr:`RoleKind.TILLITSVALGT` at
  :attr:`RoleLevel.ORGANISASJON`.
- Government posts (statsråd, statssekretær) are :attr:`RoleKind.ANNET` at the
  national level (:attr:`RoleLevel.STORTING`): they are appointed, not elected.
- "Ansatt i"/"jobber i" is :attr:`RoleKind.ANSATT`; any other text is
  :attr:`RoleKind.ANNET`, unless it is a negative answer ("Har ikke verv").
- A union named anywhere in the answer becomes the role's organisation, whatever the
  kind; when several are named the first in a fixed order wins, most specific first
  ("Jordmorforbundet NSF" before "Norsk Sykepleierforbund" before "Unio").
- Words that are also ordinary words ("Delta", "Parat") and acronyms ("FO", "LO",
  "YS") count only when written with a capital letter.
- ``body`` is left empty; the title is the answer with a capital first letter, at most
  200 characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from rapidfuzz import fuzz, process

from kontakt.domain.column_mapping import loose_text
from kontakt.domain.records import RoleData, RoleKind, RoleLevel
from kontakt.domain.text import clean, fold

__all__ = [
    "MAX_TITLE_LENGTH",
    "TOPIC_SCORE_CUTOFF",
    "TopicMatch",
    "find_union",
    "match_topics",
    "parse_yes_no",
    "recognise_role",
    "role_from_text",
]

MAX_TITLE_LENGTH = 200
"""Longest role title kept, in characters (the database column's size)."""

TOPIC_SCORE_CUTOFF = 85.0
"""Lowest rapidfuzz ratio (0-100) at which a written topic counts as a vocabulary topic."""


def _answer(value: object) -> str:
    """Return a text answer on one line without control characters; other values give ``""``.

    Numbers, dates and booleans never name a topic or a role.
    """
    return clean(value) if isinstance(value, str) else ""


# -- topics ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TopicMatch:
    """Topics found in what someone wrote.

    Attributes:
        matched: Vocabulary topics, spelled as in the vocabulary, without repeats.
        unknown: Written topics that match none, as written (cleaned), without repeats.
    """

    matched: tuple[str, ...]
    unknown: tuple[str, ...]


def _topic_key(text: str) -> str:
    return loose_text(text).replace(" ", "")


@functools.lru_cache(maxsize=16)
def _vocabulary_index(vocabulary: tuple[str, ...]) -> tuple[dict[str, str], dict[str, str]]:
    # Built once per vocabulary, not once per row: an import calls match_topics per row.
    by_fold = {fold(clean(topic)): topic for topic in reversed(vocabulary)}
    by_key = {_topic_key(topic): topic for topic in reversed(vocabulary)}
    by_key.pop("", None)
    return by_fold, by_key


def match_topics(names: Sequence[str], vocabulary: Sequence[str]) -> TopicMatch:
    """Match written topic names against the network's topic vocabulary.

    A name matches a topic when they are equal ignoring case, when they are equal
    ignoring spaces, hyphens and æøå spelling ("psykiskhelse", "Psykisk-helse"), or
    else when their rapidfuzz ratio is at least :data:`TOPIC_SCORE_CUTOFF`
    ("eldreomsorgen" -> "Eldreomsorg"); the best-scoring topic wins.

    Args:
        names: Topic names as written, e.g. from :func:`kontakt.domain.cell_values.split_multi`.
        vocabulary: The known topics.

    Returns:
        The matched vocabulary topics and the names that match none.
    """
    if isinstance(names, str):
        names = [names]
    by_fold, by_key = _vocabulary_index(tuple(vocabulary))
    keys = list(by_key)
    matched: dict[str, None] = {}
    unknown: dict[str, str] = {}
    for raw in names:
        name = _answer(raw)
        key = _topic_key(name)
        if not key:
            continue
        topic = by_fold.get(fold(name)) or by_key.get(key)
        if topic is None:
            best = process.extractOne(key, keys, scorer=fuzz.ratio, score_cutoff=TOPIC_SCORE_CUTOFF)
            topic = by_key[best[0]] if best is not None else None
        if topic is not None:
            matched.setdefault(topic, None)
        else:
            unknown.setdefault(fold(name), name)
    return TopicMatch(tuple(matched), tuple(unknown.values()))


# -- yes / no ----------------------------------------------------------------------------

_UNCLEAR = frozenset({"n a", "na", "vet ikke", "ikke sikker", "usikker", "kanskje"})
_YES = frozenset("ja j yes y true sann sant 1 x ok jepp jepps japp gjerne selvfolgelig".split())
_NO = frozenset("nei n no false usann usant 0 ingen ikke aldri none nope".split())
_CHECKMARKS = frozenset("✓✔☑✅")


def parse_yes_no(value: object) -> bool | None:
    """Read a yes/no answer.

    Args:
        value: A bool, a number (1 or 0) or text: "Ja", "Nei", "Yes", "No", "J", "N",
            "true", "false", "SANN"/"USANN" (Norwegian Excel), "x" or a check mark,
            "Ja, gjerne", "Nei takk", "Ingen", "Ikke interessert".

    Returns:
        True or False as the first word says; ``None`` for a blank or unclear answer
        ("Kanskje", "Vet ikke").
    """
    if isinstance(value, bool):
        return value
    if isinstance(value, Decimal) and value.is_nan():
        return None
    if isinstance(value, int | float | Decimal):
        return True if value == 1 else False if value == 0 else None
    text = _answer(value)
    if text[:1] in _CHECKMARKS:
        return True
    words = loose_text(text).split()
    if not words or " ".join(words) in _UNCLEAR:
        return None
    if words[0] in _YES:
        return True
    if words[0] in _NO:
        return False
    return None


# -- roles -------------------------------------------------------------------------------

_FOLKEVALGT = RoleKind.FOLKEVALGT
_TILLITSVALGT = RoleKind.TILLITSVALGT
_STORTING = RoleLevel.STORTING
_FYLKE = RoleLevel.FYLKE
_KOMMUNE = RoleLevel.KOMMUNE
_ORGANISASJON = RoleLevel.ORGANISASJON

# (pattern on loose_text(), kind, level); the first that matches decides. Loose text has
# no æøå ("ordforer"), no hyphens ("helse og omsorgsutvalg") and is lower case.
_ROLE_RULES: tuple[tuple[re.Pattern[str], RoleKind, RoleLevel | None], ...] = tuple(
    (re.compile(pattern), kind, level)
    for pattern, kind, level in (
        # National. Some municipalities also have a "helse- og omsorgskomité".
        (r"storting|saksordforer|parlamentarisk leder", _FOLKEVALGT, _STORTING),
        (r"^(?!.*(kommune|bystyre|fylke)).*omsorgskomite", _FOLKEVALGT, _STORTING),
        (r"\b(statsrad|statssekreter|politisk radgiver)", RoleKind.ANNET, _STORTING),
        # County.
        (r"fylkesting|fylkes(vara)?ordforer|fylkesrad|fylkesutvalg", _FOLKEVALGT, _FYLKE),
        (r"fylkespolitiker|utvalg\w* i \w+ fylkeskommune", _FOLKEVALGT, _FYLKE),
        # Municipality.
        (r"kommunestyre|bystyre|formannskap|(vara)?ordforer|byrad", _FOLKEVALGT, _KOMMUNE),
        (
            r"(helse|omsorgs|levekar|oppvekst|hoved|kontroll|bydels|sosial)\w*utvalg",
            _FOLKEVALGT,
            _KOMMUNE,
        ),
        (r"omsorgskomite|\b(helseutvalg|kommunepolitiker|lokalpolitiker)", _FOLKEVALGT, _KOMMUNE),
        (r"\b(gruppeleder|folkevalgt|politiker)", _FOLKEVALGT, None),
        # Unions and the party organisation.
        (
            r"tillitsvalgt|tillitsverv|verneombud|\b(htv|ftv|ktv|ptv)\b",
            _TILLITSVALGT,
            _ORGANISASJON,
        ),
        (r"forbundsleder|klubbleder|fagforeningsleder", _TILLITSVALGT, _ORGANISASJON),
        (r"lokallag|fylkeslag|\bfylkesleder", _TILLITSVALGT, _ORGANISASJON),
        (r"sentralstyre|landsstyre|talsperson", _TILLITSVALGT, _ORGANISASJON),
    )
)
# Posts that are a union role only when a union is named ("leder i Fagforbundet Bergen").
_BOARD_POST = re.compile(r"\b(leder|nestleder|styreleder|styremedlem|styret|sekreter|kasserer)\b")
_EMPLOYED = re.compile(r"\b(ansatt|jobber|arbeider)\b")

# (pattern, case-sensitive?, canonical name), most specific first. Names as in the
# demo data and the "kortnavn" column, NSF and the smaller Unio unions by full name.
_UNION_PATTERNS: tuple[tuple[str, bool, str], ...] = (
    (r"\bjordmorforbundet\b", False, "Jordmorforbundet NSF"),
    (r"\b(den norske )?jordmorforening", False, "Den norske jordmorforening"),
    (r"\bhelsesekreterforbundet\b", False, "Helsesekretærforbundet"),
    (r"\bfarmasiforbundet\b", False, "Farmasiforbundet"),
    (r"\b(thsf|tannhelsesekreterenes forbund)\b", False, "Tannhelsesekretærenes Forbund"),
    (r"\bfagforbundet\b", False, "Fagforbundet"),
    (r"\b(nsf|(norsk )?sykepleierforbund\w*)\b", False, "Norsk Sykepleierforbund"),
    (r"\b(fellesorganisasjonen)\b", False, "FO"),
    (r"\bFO\b", True, "FO"),
    (r"\b(legeforening\w*)\b", False, "Legeforeningen"),
    (r"\b(psykologforening\w*)\b", False, "Psykologforeningen"),
    (r"\b(tannlegeforening\w*)\b", False, "Tannlegeforeningen"),
    (r"\b(nff|(norsk )?fysioterapeutforbund\w*)\b", False, "Norsk Fysioterapeutforbund"),
    (r"\b(netf|(norsk )?ergoterapeutforbund\w*)\b", False, "Norsk Ergoterapeutforbund"),
    (r"\b(nrf|(norsk )?radiografforbund\w*)\b", False, "Norsk Radiografforbund"),
    (r"\b(ntpf|(norsk )?tannpleierforening\w*)\b", False, "Norsk Tannpleierforening"),
    (r"\bakademikerforbundet\b", False, "Akademikerforbundet"),
    (r"\bnito\b", False, "NITO"),
    (r"\b(Delta|DELTA)\b", True, "Delta"),
    (r"\b(Parat|PARAT)\b", True, "Parat"),
    (r"\bunio\b", False, "Unio"),
    (r"\bakademikerne\b", False, "Akademikerne"),
    (r"\blandsorganisasjonen\b", False, "LO"),
    (r"\bLO\b", True, "LO"),
    (r"\bYS\b", True, "YS"),
)
_UNIONS: tuple[tuple[re.Pattern[str], bool, str], ...] = tuple(
    (re.compile(pattern), case_sensitive, name) for pattern, case_sensitive, name in _UNION_PATTERNS
)
_WORDS = re.compile(r"[^\W_]+")


def find_union(text: str) -> str:
    """Return the union (fagforening) named in a text, or ``""``.

    Args:
        text: Free text, e.g. ``"Plasstillitsvalgt i norsk sykepleierforbund"``.

    Returns:
        The union's usual name, e.g. ``"Norsk Sykepleierforbund"``.
    """
    loose = loose_text(text)
    # Acronyms are matched on the words as written, with æøå and hyphens gone.
    written = " ".join(_WORDS.findall(text))
    for pattern, case_sensitive, name in _UNIONS:
        if pattern.search(written if case_sensitive else loose):
            return name
    return ""


def _capitalised(text: str) -> str:
    title = text[:1].upper() + text[1:]
    if len(title) > MAX_TITLE_LENGTH:
        title = title[: MAX_TITLE_LENGTH - 1] + "…"
    return title


def recognise_role(text: str) -> RoleData:
    """Interpret a text that names a role.

    The caller has already decided that the text is an answer naming something (not
    blank, "Nei" or "Ja" alone); see :func:`role_from_text`.

    Args:
        text: The cleaned answer, e.g. ``"hovedtillitsvalgt i Fagforbundet"``.

    Returns:
        The role; :attr:`RoleKind.ANNET` when no known role is named, at
        :attr:`RoleLevel.ORGANISASJON` if a union is named and without a level otherwise.
    """
    loose = loose_text(text)
    union = find_union(text)
    title = _capitalised(text)
    for pattern, kind, level in _ROLE_RULES:
        if pattern.search(loose):
            return RoleData(kind=kind, level=level, title=title, organisation=union)
    if union and _BOARD_POST.search(loose):
        return RoleData(_TILLITSVALGT, _ORGANISASJON, title=title, organisation=union)
    if _EMPLOYED.search(loose):
        return RoleData(RoleKind.ANSATT, _ORGANISASJON, title=title, organisation=union)
    level = _ORGANISASJON if union else None
    return RoleData(RoleKind.ANNET, level, title=title, organisation=union)


_ROLE_FILLERS = frozenset(
    "ja yes jepp takk gjerne jeg har det verv et ett noen flere to tre jo absolutt".split()
)
_FIRST_WORD = re.compile(r"^[\W_]*([^\W_]+)[\W_]*")
_NEGATIONS = frozenset("ikke ingen nei no none not".split())
_NON_ANSWERS = frozenset({"vet ikke", "usikker", "kanskje", "ukjent", "n a", "na", "ikke aktuelt"})


def role_from_text(text: object) -> RoleData | None:
    """Read a role (verv) from a "Verv" cell or an answer to "Har du verv?".

    Args:
        text: The cell's value, e.g. ``"Hovedtillitsvalgt i Fagforbundet"``,
            ``"Ja, kommunestyrerepresentant"``, ``"Nei"`` or ``"Ja"``. Values that are not
            text (numbers, dates, booleans) name no role.

    Returns:
        The role (see :func:`recognise_role`); ``None`` when the cell is blank, says no
        ("Nei", "Ingen", "-", "Har ikke verv"), is unsure ("Vet ikke") or says yes
        without naming a role ("Ja", "Ja, flere verv").
    """
    answer = _answer(text)
    words = loose_text(answer).split()
    if not words or parse_yes_no(answer) is False or " ".join(words) in _NON_ANSWERS:
        return None
    if parse_yes_no(answer) is True:
        if all(word in _ROLE_FILLERS or word in _YES for word in words):
            return None
        first = _FIRST_WORD.match(answer)
        if first and loose_text(first[1]) in _YES:
            answer = clean(answer[first.end() :])
    if not answer:
        return None
    role = recognise_role(answer)
    if role.kind is RoleKind.ANNET and _NEGATIONS.intersection(loose_text(answer).split()):
        return None
    return role
