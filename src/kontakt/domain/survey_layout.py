"""Recognising a survey export and reading its questions, answers and dates.

Microsoft Forms (Norwegian: «ID», «Starttidspunkt», «Fullføringstidspunkt»,
«E-post», «Navn», «Tidspunkt for siste endring»), Google Forms («Tidsmerke» or
«Timestamp», «E-postadresse», «Poengsum») and Nettskjema («$submission_id»,
«$created», «$answer_time_ms» ...) add columns of their own beside the
questions. A table with one of these tools' time columns is a survey.

Decisions:

- Every column is a question except the tool's bookkeeping columns and the
  columns that say who the respondent is (name, e-mail, phone, Kontakt-id):
  those become the contact, and a copy in the survey would outlive a
  corrected address. «Hvilken kommune bor du i?», topics and «Har du verv?»
  are questions: they are answers as well as contact fields.
- A question's kind, from its answers: ``date`` or ``number`` when every answer
  is one; ``multi`` when answers list several values with «;» (Microsoft
  Forms) or with «, » from a small set (Google Forms' check boxes);
  ``choice`` when every answer is a yes or a no, or when a few short values
  repeat; otherwise ``text``.
- The year is the last year (1990-2099) in the survey's name, else the most
  common year of the answers' completion times.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kontakt.domain.cell_values import cell_text
from kontakt.domain.column_mapping import Field, loose_text
from kontakt.domain.survey import parse_yes_no
from kontakt.domain.text import clean

__all__ = [
    "CHOICE_MAX",
    "SurveyLayout",
    "answer_text",
    "answered_at",
    "question_kind",
    "split_values",
    "survey_layout",
    "survey_year",
]

CHOICE_MAX = 12
"""Most distinct values a ``choice`` (or each part of a ``multi``) question has."""

_LONG_ANSWER = 80  # characters: an answer this long is free text, however often repeated
_CHOICE_LENGTH = 40  # characters: a choice's options are short

# Compact loose headers of each tool's time columns, completion first.
_COMPLETION = ("fullforingstidspunkt", "completiontime", "tidsmerke", "timestamp", "created")
_TIME_COLUMNS = frozenset((*_COMPLETION, "starttidspunkt", "starttime"))
_BOOKKEEPING = frozenset(
    {
        "id",
        "navn",
        "name",
        "epost",
        "email",
        "epostadresse",
        "emailaddress",
        "tidspunktforsisteendring",
        "lastmodifiedtime",
        "poengsum",
        "score",
        *_TIME_COLUMNS,
    }
)
# Who the respondent is: the contact, not an answer.
_IDENTITY = frozenset(
    {Field.FULL_NAME, Field.GIVEN_NAME, Field.FAMILY_NAME, Field.EMAIL, Field.PHONE, Field.UID}
)
_YEAR = re.compile(r"(?<!\d)(19[9]\d|20\d\d)(?!\d)")


@dataclass(frozen=True, slots=True)
class SurveyLayout:
    """Which columns of a survey export are questions and which holds the answer time.

    Attributes:
        questions: Column indexes of the questions, in file order.
        completion: Column index of the time the response was sent, or None.
    """

    questions: tuple[int, ...]
    completion: int | None


def _compact(header: str) -> str:
    # Nettskjema's "$created" loses its "$" here; the "$" is checked on the header.
    return loose_text(header).replace(" ", "")


def _nettskjema(header: str) -> bool:
    return clean(header).startswith("$")


def survey_layout(headers: Sequence[str], mapping: dict[int, Field]) -> SurveyLayout | None:
    """Return the survey layout of a table, or None when it is no survey export.

    Args:
        headers: The table's cleaned headers.
        mapping: Column -> contact field, as the import will use it.
    """
    compacts = [_compact(h) for h in headers]
    is_survey = any(
        _nettskjema(h) or (c in _TIME_COLUMNS and c != "created")
        for h, c in zip(headers, compacts, strict=True)
    )
    if not is_survey:
        return None
    completion = None
    for wanted in _COMPLETION:
        for i, (h, c) in enumerate(zip(headers, compacts, strict=True)):
            if c == wanted and (c != "created" or _nettskjema(h)):
                completion = i
                break
        if completion is not None:
            break
    questions = tuple(
        i
        for i, (h, c) in enumerate(zip(headers, compacts, strict=True))
        if not _nettskjema(h)
        and c not in _BOOKKEEPING
        and mapping.get(i, Field.IGNORE) not in _IDENTITY
    )
    return SurveyLayout(questions, completion)


def answer_text(value: object) -> str:
    """An answer as kept: the cell as text (dates «dd.mm.yyyy»), ``""`` when empty."""
    text = cell_text(value)
    return "" if text.strip() in ("", "-") else text


_DATE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y %H:%M:%S",
    "%d.%m.%Y %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%y %H:%M:%S",
    "%d.%m.%Y",
    "%Y-%m-%d",
)


def answered_at(value: object) -> dt.datetime | None:
    """Read a completion time cell: a datetime or date, or text as the tools write it.

    Text forms: ISO («2025-03-14T10:32:11», Nettskjema), «14.03.2025 10:32:11»
    (Norwegian Google Forms), «3/14/2025 10:32:11» (Microsoft Forms' CSV),
    «2025/03/14 10:32:11 AM CET» (Google Forms, English). Times are local, naive.
    """
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if not isinstance(value, str):
        return None
    text = clean(value)
    words = text.split()
    pm = len(words) >= 3 and words[2].upper() in ("AM", "PM")
    if pm:
        text = " ".join(words[:2])
    text = re.sub(r"(\.\d+)?(Z|[+-]\d\d:?\d\d)$", "", text)
    for form in _DATE_FORMATS:
        try:
            parsed = dt.datetime.strptime(text, form)
        except ValueError:
            continue
        if pm and words[2].upper() == "PM" and parsed.hour < 12:
            parsed += dt.timedelta(hours=12)
        elif pm and words[2].upper() == "AM" and parsed.hour == 12:
            parsed -= dt.timedelta(hours=12)
        return parsed
    return None


def split_values(value: str, kind: str) -> list[str]:
    """The values one answer counts for: a ``multi`` answer's parts, else the answer."""
    if kind != "multi":
        return [value]
    separator = ";" if ";" in value else ","
    parts = [clean(p) for p in value.split(separator)]
    return list(dict.fromkeys(p for p in parts if p))


def _number(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int | float):
        return True
    text = clean(str(value)).replace(" ", "").replace(",", ".")
    return bool(re.fullmatch(r"[+-]?\d+(\.\d+)?", text))


def question_kind(values: Iterable[object]) -> str:
    """The kind of a question from its (non-empty) cells: choice, multi, text, number, date."""
    cells = [v for v in values if answer_text(v)]
    if not cells:
        return "text"
    if all(isinstance(v, dt.date | dt.datetime) for v in cells):
        return "date"
    if all(_number(v) for v in cells):
        return "number"
    texts = [answer_text(v) for v in cells]
    if any(len(t) > _LONG_ANSWER for t in texts):
        return "text"
    for separator in (";", ", "):
        listed = [t for t in texts if separator in t]
        if not listed:
            continue
        parts = Counter(p.strip() for t in texts for p in t.split(separator.strip()) if p.strip())
        few = len(parts) <= CHOICE_MAX * 2
        if separator == ";" and few:
            return "multi"
        if few and len(listed) >= 2 and min(parts.values()) >= 2:
            return "multi"
    distinct = len(set(texts))
    if all(parse_yes_no(t) is not None for t in texts):
        return "choice"
    short = all(len(t) <= _CHOICE_LENGTH for t in texts)
    if short and distinct <= CHOICE_MAX and distinct < len(texts):
        return "choice"
    return "text"


def survey_year(name: str, times: Iterable[dt.datetime | None]) -> int | None:
    """The survey's year: the last year named in ``name``, else the answers' usual year."""
    named = _YEAR.findall(name)
    if named:
        return int(named[-1])
    years = Counter(t.year for t in times if t is not None)
    return years.most_common(1)[0][0] if years else None
