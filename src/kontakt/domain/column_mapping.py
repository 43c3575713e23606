"""Guessing which contact field each spreadsheet column holds, from its header.

Headers come from county chapters' own lists ("Navn", "Mobil", "Verv"), from survey
tools (Microsoft and Google Forms put the question in the header) and from address
book exports (Google Contacts, new and legacy, and Outlook). A header is compared in
a *loose* form: case, punctuation, spaces, accents and the æ/ae, ø/oe, å/aa spellings
are ignored, so "E-postadresse", "epost adresse" and "EPOSTADRESSE" are one header.

Each header is tried in this order, and the first answer counts:

1. a table of known headers (exact loose match; score 100, a few weaker ones less);
2. words that mark a column as a label or a variant of a value ("E-mail 1 - Label",
   "Business Fax", "Given Name Yomi") -> :attr:`Field.IGNORE`;
3. the numbered columns of address book exports ("E-mail 2 - Value", "Phone 1 - Value",
   "Organization 1 - Name");
4. key words, e.g. "Hvilken kommune bor du i?" -> municipality (score 60). Questions
   ("...?" or starting with "Hva", "Har", "Kan" ...) read a few more words: "Har du
   verv?" is :attr:`Field.HAS_ROLE` while a "Verv" column is :attr:`Field.ROLE`.

Anything else is ignored. Decisions:

- Middle names ("Mellomnavn", "Middle Name", "Additional Name") are ignored: the given
  name is one column, and a middle name alone is not worth a wrong guess.
- Outlook's "Categories" and Google's "Labels"/"Group Membership" are labels
  (:attr:`Field.LABELS`), not topics: they hold the owner's own tags ("VIP", "Work").
- Outlook's "Title" is a courtesy title ("Mr."), so it maps to :attr:`Field.TITLE` only
  weakly and "Job Title" wins when both are present.
- A full-name column is kept next to given/family-name columns (Google's legacy
  export has all three); the importer prefers the split names.
- In a Microsoft Forms export the respondent's account columns "Navn"/"Name" lose to a
  name *question* such as "Hva heter du?": for anonymous forms they are empty.
- Cities ("Home City", "Poststed") are not municipalities and are ignored.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Sequence
from enum import StrEnum

from kontakt.domain.text import clean, fold
from kontakt.domain.wording import field_label

__all__ = [
    "FIELD_LABELS",
    "REPEATABLE_FIELDS",
    "Field",
    "guess_field",
    "guess_mapping",
    "loose_text",
    "mapping_key",
]


OWN_UID_HEADER = "Kontakt-id"
"""The id column of every file Kontakt writes (Excel list, Google/Outlook CSV fields,
a vCard file of Kontakt's cards as read): a file with it came from a Kontakt."""


class Field(StrEnum):
    """A contact field a spreadsheet column can be imported into."""

    IGNORE = "ignore"
    FULL_NAME = "full_name"
    GIVEN_NAME = "given_name"
    FAMILY_NAME = "family_name"
    EMAIL = "email"
    PHONE = "phone"
    ORGANISATION = "organisation"
    TITLE = "title"
    MUNICIPALITY = "municipality"
    MUNICIPALITY_NUMBER = "municipality_number"
    COUNTY = "county"
    PARTY = "party"
    ROLE = "role"
    TOPICS = "topics"
    NOTES = "notes"
    EMAIL_CONSENT = "email_consent"
    """Answer to "Kan vi kontakte deg på e-post?": "Nei" means the person opted out."""
    OPTED_OUT = "opted_out"
    """Kontakt's «Reservert mot e-post» column: "Ja" means the person opted out."""
    HAS_ROLE = "has_role"
    """Answer to "Har du verv?": yes/no or free text that may name a role."""
    LABELS = "labels"
    UID = "uid"
    """A vCard's UID: the same person as a stored contact with that id."""


FIELD_LABELS: dict[Field, str] = {
    Field.IGNORE: "(Ikke importer)",
    Field.FULL_NAME: "Fullt navn",
    Field.GIVEN_NAME: field_label("given_name"),
    Field.FAMILY_NAME: field_label("family_name"),
    Field.EMAIL: field_label("emails"),
    Field.PHONE: field_label("phones"),
    Field.ORGANISATION: f"{field_label('organisation')}/arbeidsgiver",
    Field.TITLE: f"{field_label('title')}/stilling",
    Field.MUNICIPALITY: field_label("municipality"),
    Field.MUNICIPALITY_NUMBER: "Kommunenummer",
    Field.COUNTY: field_label("county"),
    Field.PARTY: field_label("party"),
    Field.ROLE: field_label("roles"),
    Field.TOPICS: field_label("topics"),
    Field.NOTES: field_label("notes"),
    Field.EMAIL_CONSENT: "Samtykke til e-post (Ja/Nei)",
    Field.OPTED_OUT: "Reservert mot e-post (Ja/Nei)",
    Field.HAS_ROLE: "Har verv (svar)",
    Field.LABELS: field_label("labels"),
    Field.UID: "Kontakt-id (vCard UID)",
}
"""Norwegian names of the fields, for the import wizard's choices."""

REPEATABLE_FIELDS: frozenset[Field] = frozenset(
    {Field.IGNORE, Field.EMAIL, Field.PHONE, Field.TOPICS, Field.NOTES, Field.LABELS, Field.ROLE}
)
"""Fields several columns may map to; every other field takes at most one column."""

_ASCII_NORWEGIAN = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa"})
# Invisible characters that come along from web pages and BOM-marked files.
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff"))

_EXACT_SCORE = 100
_WEAK_SCORE = 50
_KEYWORD_SCORE = 60
_FORMS_ACCOUNT_SCORE = 40

# Known headers as people write them; keys are made loose when the module loads.
_KNOWN: dict[str, Field | tuple[Field, int]] = {
    # Names.
    "Navn": Field.FULL_NAME,
    "Fullt navn": Field.FULL_NAME,
    "Fullstendig navn": Field.FULL_NAME,
    "Fornavn og etternavn": Field.FULL_NAME,
    "Name": Field.FULL_NAME,
    "Full name": Field.FULL_NAME,
    "Fornavn": Field.GIVEN_NAME,
    "First Name": Field.GIVEN_NAME,
    "Given Name": Field.GIVEN_NAME,
    "Etternavn": Field.FAMILY_NAME,
    "Last Name": Field.FAMILY_NAME,
    "Family Name": Field.FAMILY_NAME,
    "Surname": Field.FAMILY_NAME,
    "Mellomnavn": Field.IGNORE,
    "Middle Name": Field.IGNORE,
    "Additional Name": Field.IGNORE,
    # E-mail and phone.
    "E-post": Field.EMAIL,
    "E-postadresse": Field.EMAIL,
    "Email": Field.EMAIL,
    "E-mail Address": Field.EMAIL,
    "Email Address": Field.EMAIL,
    "Mail": Field.EMAIL,
    "Mobil": Field.PHONE,
    "Mobilnummer": Field.PHONE,
    "Mobilnr": Field.PHONE,
    "Telefon": Field.PHONE,
    "Telefonnummer": Field.PHONE,
    "Tlf": Field.PHONE,
    "Tlf.nr": Field.PHONE,
    "Phone": Field.PHONE,
    "Mobile": Field.PHONE,
    "Mobile Phone": Field.PHONE,
    "Business Phone": Field.PHONE,
    "Home Phone": Field.PHONE,
    "Primary Phone": Field.PHONE,
    "Other Phone": Field.PHONE,
    # Switchboards and devices that are not the person's own number.
    "Company Main Phone": Field.IGNORE,
    "Radio Phone": Field.IGNORE,
    "TTY/TDD Phone": Field.IGNORE,
    # Work.
    "Organisasjon": Field.ORGANISATION,
    "Organization": Field.ORGANISATION,
    "Organization Name": Field.ORGANISATION,
    "Company": Field.ORGANISATION,
    "Firma": Field.ORGANISATION,
    "Bedrift": Field.ORGANISATION,
    "Arbeidsgiver": (Field.ORGANISATION, 90),
    "Arbeidssted": (Field.ORGANISATION, 90),
    "Fagforening": (Field.ORGANISATION, 80),
    "Department": Field.IGNORE,
    "Organization Department": Field.IGNORE,
    "Organizational ID Number": Field.IGNORE,
    "Forbund": (Field.ORGANISATION, 80),
    "Stilling": Field.TITLE,
    "Tittel": Field.TITLE,
    "Job Title": Field.TITLE,
    "Organization Title": Field.TITLE,
    "Title": (Field.TITLE, _WEAK_SCORE),
    # Place and politics.
    "Kommune": Field.MUNICIPALITY,
    "Bostedskommune": Field.MUNICIPALITY,
    "Hjemkommune": Field.MUNICIPALITY,
    "Municipality": Field.MUNICIPALITY,
    "Kommunenr": Field.MUNICIPALITY_NUMBER,
    "Kommunenummer": Field.MUNICIPALITY_NUMBER,
    "Knr": Field.MUNICIPALITY_NUMBER,
    "Fylke": Field.COUNTY,
    "County": Field.COUNTY,
    "Parti": Field.PARTY,
    "Party": Field.PARTY,
    "Verv": Field.ROLE,
    "Rolle": Field.ROLE,
    "Posisjon": Field.ROLE,
    "Role": Field.ROLE,
    # A vCard's UID (Kontakt's own id when the card came from a Kontakt export).
    "vCard UID": Field.UID,
    "UID": Field.UID,
    OWN_UID_HEADER: Field.UID,
    # Kontakt's own lists and CSV files: "Ja" is a reservation against e-mail.
    "Reservert mot e-post": Field.OPTED_OUT,
    "Reservert mot epost": Field.OPTED_OUT,
    "Reservert": Field.OPTED_OUT,
    "Reservasjon mot e-post": Field.OPTED_OUT,
    # Lists of words.
    "Tema": Field.TOPICS,
    "Temaer": Field.TOPICS,
    "Interesser": Field.TOPICS,
    "Interesseområder": Field.TOPICS,
    "Saker": Field.TOPICS,
    "Topics": Field.TOPICS,
    "Labels": Field.LABELS,
    "Group Membership": Field.LABELS,
    "Categories": Field.LABELS,
    "Etiketter": Field.LABELS,
    "Kategorier": Field.LABELS,
    "Merknad": Field.NOTES,
    "Kommentar": Field.NOTES,
    "Notat": Field.NOTES,
    "Notater": Field.NOTES,
    "Notes": Field.NOTES,
    "Samtykke": Field.EMAIL_CONSENT,
    "Nyhetsbrev": Field.EMAIL_CONSENT,
    # Columns survey tools add.
    "ID": Field.IGNORE,
    "Tidsmerke": Field.IGNORE,
    "Timestamp": Field.IGNORE,
    "Starttidspunkt": Field.IGNORE,
    "Fullføringstidspunkt": Field.IGNORE,
    "Start time": Field.IGNORE,
    "Completion time": Field.IGNORE,
}

# Words that make a column a label, type or variant of a value rather than the value.
_NOT_A_VALUE = frozenset(
    "label type display yomi phonetic fax faks pager assistant assistants "
    "manager managers spouse children".split()
)
_FORMS_COLUMNS = frozenset(
    {"starttidspunkt", "fullforingstidspunkt", "starttime", "completiontime"}
)
_FORMS_ACCOUNT_COLUMNS = frozenset({"navn", "name"})
_QUESTION_WORDS = frozenset(
    "hva hvilken hvilket hvilke hvor hvordan har kan onsker vil er bor jobber "
    "what which where can may do are have would".split()
)
# Numbered columns of Google and Outlook exports, on the compact key.
_EXPORT_PATTERNS: tuple[tuple[re.Pattern[str], Field], ...] = (
    (re.compile(r"^email\d*(value|address)$"), Field.EMAIL),
    (re.compile(r"^phone\d*value$"), Field.PHONE),
    (re.compile(r"^organization\d*name$"), Field.ORGANISATION),
    (re.compile(r"^organization\d*title$"), Field.TITLE),
    (re.compile(r"^(email|phone|organization|address|website|event|customfield)\d"), Field.IGNORE),
)


def loose_text(text: str) -> str:
    """Return text folded for forgiving comparison of headers and answers.

    Case and accents are dropped, æ/ae become ``e``, ø/oe ``o`` and å/aa ``a``, hyphens
    are removed (``"e-post"`` -> ``"epost"``) and other punctuation becomes spaces.

    Args:
        text: Any text.

    Returns:
        Lower-case words separated by single spaces, e.g. ``"onsker du a motta epost"``.
    """
    folded = fold(clean(text)).translate(_ASCII_NORWEGIAN)
    plain = "".join(
        ch for ch in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(ch)
    )
    for pair, single in (("ae", "e"), ("oe", "o"), ("aa", "a")):
        plain = plain.replace(pair, single)
    plain = plain.replace("-", "").replace("\u2010", "").replace("\u2011", "")
    return " ".join(re.findall(r"[^\W_]+", plain))


def _compact(text: str) -> str:
    return loose_text(text).replace(" ", "")


_KNOWN_BY_KEY: dict[str, tuple[Field, int]] = {
    _compact(header): value if isinstance(value, tuple) else (value, _EXACT_SCORE)
    for header, value in _KNOWN.items()
}


def _starts(words: Sequence[str], *prefixes: str) -> bool:
    return any(word.startswith(prefixes) for word in words)


def _has(words: Sequence[str], *names: str) -> bool:
    return any(word in names for word in words)


def _consent(words: Sequence[str], question: bool) -> bool:
    if _starts(words, "samtykk", "nyhetsbrev", "newsletter", "consent"):
        return True
    asks = _starts(words, "kontakte", "motta", "contact") or _has(words, "send", "sende")
    return question and asks


def _email(words: Sequence[str]) -> bool:
    return _starts(words, "epost", "email") or _has(words, "mail", "mailadresse")


def _phone(words: Sequence[str]) -> bool:
    return _starts(words, "mobil", "telefon", "tlf", "phone", "telephone") or _has(
        words, "tel", "cell", "sms"
    )


def _organisation(words: Sequence[str], question: bool) -> bool:
    if _starts(words, "arbeidsgiver", "arbeidssted", "arbeidsplass", "fagforening", "forbund"):
        return True
    if _starts(words, "organisasjon", "organization", "company", "employer", "firma", "bedrift"):
        return True
    return question and _has(words, "jobber", "arbeider") and _has(words, "hvor", "hos")


def _title(words: Sequence[str], question: bool) -> bool:
    if _starts(words, "stilling", "tittel", "yrke", "profession", "occupation"):
        return True
    if _has(words, "title"):
        return True
    return question and _has(words, "jobber", "arbeider") and _has(words, "som", "med")


def _question_name(words: Sequence[str], question: bool) -> bool:
    return question and _has(words, "heter", "navn", "navnet", "name")


# Key-word rules, tried in order; each gets the header's words and whether it is a question.
_RULES: tuple[tuple[Callable[[Sequence[str], bool], bool], Field], ...] = (
    (lambda w, q: _consent(w, q) and not (_phone(w) and not _email(w)), Field.EMAIL_CONSENT),
    (lambda w, q: _consent(w, q), Field.IGNORE),
    (lambda w, q: not q and _starts(w, "reserver"), Field.OPTED_OUT),
    (lambda w, q: q and any("verv" in word for word in w), Field.HAS_ROLE),
    (lambda w, q: any("verv" in word for word in w), Field.ROLE),
    (lambda w, q: q and _starts(w, "tillitsvalg", "rolle", "posisjon"), Field.HAS_ROLE),
    (lambda w, q: _starts(w, "rolle", "posisjon", "tillitsvalg"), Field.ROLE),
    (lambda w, q: _starts(w, "tema", "interess", "saksfelt", "topic", "interest"), Field.TOPICS),
    (lambda w, q: _has(w, "saker", "sakene") or (q and _has(w, "opptatt")), Field.TOPICS),
    (lambda w, q: _starts(w, "merknad", "kommentar", "notat", "note", "comment"), Field.NOTES),
    (lambda w, q: _starts(w, "kommunenr", "kommunenummer"), Field.MUNICIPALITY_NUMBER),
    (lambda w, q: _email(w), Field.EMAIL),
    (lambda w, q: _phone(w), Field.PHONE),
    (lambda w, q: _starts(w, "fylke", "county"), Field.COUNTY),
    (lambda w, q: _starts(w, "kommune", "bosted", "municipality"), Field.MUNICIPALITY),
    (lambda w, q: q and _has(w, "bor"), Field.MUNICIPALITY),
    (lambda w, q: _organisation(w, q), Field.ORGANISATION),
    (lambda w, q: _title(w, q), Field.TITLE),
    (lambda w, q: _has(w, "parti", "partiet", "party") or _starts(w, "partitil"), Field.PARTY),
    (lambda w, q: _starts(w, "fornavn") and _starts(w, "etternavn"), Field.FULL_NAME),
    (lambda w, q: _starts(w, "fornavn"), Field.GIVEN_NAME),
    (lambda w, q: _starts(w, "etternavn"), Field.FAMILY_NAME),
    (lambda w, q: _has(w, "navn", "fulltnavn") or _question_name(w, q), Field.FULL_NAME),
)


def _is_question(header: str, words: Sequence[str]) -> bool:
    return header.rstrip().endswith("?") or bool(words and words[0] in _QUESTION_WORDS)


def _guess(header: str) -> tuple[Field, int]:
    """Return the field a header stands for and how sure the guess is (0-100)."""
    text = clean(header).translate(_INVISIBLE)
    words = loose_text(text).split()
    compact = "".join(words)
    if not compact:
        return Field.IGNORE, 0
    known = _KNOWN_BY_KEY.get(compact)
    if known is not None:
        return known
    if _has(words, *_NOT_A_VALUE):
        return Field.IGNORE, _EXACT_SCORE
    for pattern, field in _EXPORT_PATTERNS:
        if pattern.search(compact):
            return field, _EXACT_SCORE
    question = _is_question(text, words)
    for matches, field in _RULES:
        if matches(words, question):
            return field, _KEYWORD_SCORE
    return Field.IGNORE, 0


def guess_field(header: str) -> Field:
    """Guess the contact field a column holds from its header.

    Args:
        header: The header cell as read, e.g. ``"E-postadresse"``, ``"Phone 1 - Value"``
            or ``"Hvilken kommune bor du i?"``.

    Returns:
        The field, or :attr:`Field.IGNORE` when the header is unknown or names a label
        rather than a value.
    """
    return _guess(header)[0]


def guess_mapping(headers: Sequence[str]) -> dict[int, Field]:
    """Guess a field for every column of a header row.

    A field outside :data:`REPEATABLE_FIELDS` goes to one column only: the one with the
    surest guess, the leftmost on a tie; the other candidates are ignored.

    Args:
        headers: The header row, left to right.

    Returns:
        Column index (0-based) -> field, for every column.
    """
    guesses = [_guess(header) for header in headers]
    compacts = [_compact(clean(header).translate(_INVISIBLE)) for header in headers]
    if _FORMS_COLUMNS.intersection(compacts):
        guesses = [
            (field, _FORMS_ACCOUNT_SCORE) if compact in _FORMS_ACCOUNT_COLUMNS else (field, score)
            for (field, score), compact in zip(guesses, compacts, strict=True)
        ]
    best: dict[Field, int] = {}
    for index, (field, score) in enumerate(guesses):
        if field in REPEATABLE_FIELDS:
            continue
        if field not in best or score > guesses[best[field]][1]:
            best[field] = index
    return {
        index: field if field in REPEATABLE_FIELDS or best[field] == index else Field.IGNORE
        for index, (field, _score) in enumerate(guesses)
    }


def mapping_key(headers: Sequence[str]) -> str:
    """Return a stable key for a header row, to remember the mapping a user chose.

    Headers are compared cleaned and casefolded, in order; empty headers at the end
    (a spreadsheet's unused columns) do not count.

    Args:
        headers: The header row, left to right.

    Returns:
        40 hexadecimal digits (SHA-1).
    """
    folded = [fold(clean(header).translate(_INVISIBLE)) for header in headers]
    while folded and not folded[-1]:
        folded.pop()
    payload = json.dumps(folded, ensure_ascii=False).encode("utf-8")
    return hashlib.sha1(payload, usedforsecurity=False).hexdigest()
