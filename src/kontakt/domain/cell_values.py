"""Reading the values of spreadsheet and survey cells as contact data.

Spreadsheet readers hand over ``None``, numbers (a phone number typed into Excel comes
back as ``98765432.0``), booleans, dates and text; survey tools give free text such as
"Ja, gjerne" or "Psykisk helse, rus og eldreomsorg". The functions here turn each cell
into what the contact fields need. Only :func:`parse_date` raises (a
:class:`~kontakt.errors.ValidationError`); the others never do, whatever the cell holds.

Free-text answers (yes/no, topics, roles) are read by :mod:`kontakt.domain.survey`;
:func:`parse_yes_no`, :func:`match_topics` and :func:`role_from_text` are available from
here too, so that an importer needs this one module.

Decisions:

- :func:`cell_text` keeps line breaks (trimming each line) so that lists written one per
  line can still be split; every other run of whitespace becomes one space.
- :func:`split_full_name` reads a lone word as a given name ("Kari": people answering
  "Hva heter du?" with one word give their first name); write "Nordmann," for a family
  name alone. "Family, Given" is understood; all words but the last are the given name
  (a middle name stays with the given name), unless a particle ("van der", "de") starts
  the family name earlier.
- :func:`split_multi` always splits on " og " (not after a hyphen, so "helse- og
  omsorg" stays whole): "Helse og omsorg" becomes two items. Topics in the vocabulary
  are single ideas, so a split seldom hurts and a missed split hides a topic.
- :func:`parse_date` reads d/m order ("05/04/2024" is 5 April); only when the month
  would be above 12 and the day is not (Outlook's "4/15/1970") it reads m/d. Outlook's
  empty date "0/0/00" and the number 0 are no date (``None``). Serial numbers written
  as text must have five digits, so a year alone ("2024") is an error, not 1905.
- :func:`clean_email_cell` returns ``""`` for Microsoft Forms' "anonymous" and other
  non-answers, so anonymous responses do not fail as invalid addresses.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from decimal import Decimal

from kontakt.domain.column_mapping import loose_text
from kontakt.domain.control_chars import LINE_BREAK
from kontakt.domain.survey import (
    TOPIC_SCORE_CUTOFF,
    TopicMatch,
    match_topics,
    parse_yes_no,
    role_from_text,
)
from kontakt.domain.text import clean, clean_lines, fold, is_tidy
from kontakt.errors import ValidationError

__all__ = [
    "TOPIC_SCORE_CUTOFF",
    "TopicMatch",
    "cell_text",
    "clean_email_cell",
    "match_topics",
    "parse_date",
    "parse_yes_no",
    "role_from_text",
    "split_email_cell",
    "split_full_name",
    "split_multi",
]

_EXCEL_EPOCH = dt.date(1899, 12, 30)
_MAX_SERIAL = 80000


def _date_text(value: dt.date) -> str:
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def _time_text(value: dt.time) -> str:
    return value.strftime("%H:%M:%S" if value.second else "%H:%M")


def _int_text(value: int) -> str:
    try:
        return str(value)
    except ValueError:  # More digits than Python converts; no real cell has them.
        return ""


def cell_text(value: object) -> str:
    """Return any cell's value as text.

    Args:
        value: What a spreadsheet or CSV reader gave: ``None``, text, a number, a bool,
            a date, a datetime or a time.

    Returns:
        ``""`` for ``None`` and NaN; whole numbers without decimals (``98765432.0`` ->
        ``"98765432"``); dates as ``"dd.mm.yyyy"`` (with ``" HH:MM"`` when a datetime has
        a time of day); ``"Ja"``/``"Nei"`` for booleans; text with each line trimmed,
        spaces collapsed, control and invisible characters removed and empty lines
        dropped.
    """
    if value is None:
        return ""
    if type(value) is str and is_tidy(value):
        return value  # most cells: nothing to trim, collapse or remove
    if isinstance(value, bool):
        return "Ja" if value else "Nei"
    if isinstance(value, int):
        return _int_text(value)
    if isinstance(value, float):
        if math.isnan(value):
            return ""  # How data frames mark an empty cell.
        return _int_text(int(value)) if value.is_integer() else str(value)
    if isinstance(value, Decimal):
        if value.is_nan():
            return ""
        if value.is_finite() and value.adjusted() < 100 and value == value.to_integral_value():
            return _int_text(int(value))
        return str(value)
    if isinstance(value, dt.datetime):
        day = _date_text(value)
        return f"{day} {_time_text(value.time())}" if value.time() != dt.time() else day
    if isinstance(value, dt.date):
        return _date_text(value)
    if isinstance(value, dt.time):
        return _time_text(value)
    text = str(value)
    if not LINE_BREAK.search(text):
        return clean(text)
    return "\n".join(line for line in clean_lines(text) if line)


def _one_line(value: object) -> str:
    return clean(cell_text(value))


# -- names -------------------------------------------------------------------------------

# Words that start a family name: "Jan van der Berg", "Maria da Silva".
_PARTICLES = frozenset(
    (
        "af al av bin da das de del della den der des di do dos du el ibn la le ten ter van von zu"
    ).split()
)


def split_full_name(text: object) -> tuple[str, str]:
    """Split a full name into given and family name.

    Args:
        text: The name, e.g. ``"Kari Nordmann"``, ``"Nordmann, Kari"``,
            ``"Ola Johan  Nordmann"`` or ``"Jan van der Berg"``.

    Returns:
        ``(given, family)``: ``("Kari", "Nordmann")``, ``("Ola Johan", "Nordmann")``,
        ``("Jan", "van der Berg")``; a lone word is a given name (``("Kari", "")``) and
        a lone word before a comma a family name (``("", "Nordmann")``).
    """
    name = _one_line(text)
    if "," in name:
        family, given = (clean(part.strip(",")) for part in name.split(",", 1))
        if family:
            return given, family
        name = given
    if not name:
        return "", ""
    words = name.split(" ")
    if len(words) == 1:
        return name, ""
    start = len(words) - 1
    for index in range(1, len(words) - 1):
        if fold(words[index]) in _PARTICLES:
            start = index
            break
    return " ".join(words[:start]), " ".join(words[start:])


# -- lists -------------------------------------------------------------------------------

_LIST_SEPARATOR = re.compile(r":::|[,;/|\n•·]|(?<!-)\s+og\s+", re.IGNORECASE)
_BULLET = re.compile(r"^[-*•·–]+\s*")
# Kontakt's own files join names with ", " or "; " (or Google's " ::: "): a name
# may hold « og » or «/» («Barn og unge», «Rus/psykiatri»).
_NAME_SEPARATOR = re.compile(r":::|[,;\n]")


def split_multi(text: object, own: bool = False) -> list[str]:
    """Split a cell that lists several topics or labels.

    Args:
        text: E.g. ``"Psykisk helse, rus og eldreomsorg"``, ``"Rus;Fastlege;"`` (Microsoft
            Forms) or ``"* myContacts ::: Styret"`` (Google Contacts).

    Returns:
        The items in order, trimmed, without bullets or a closing full stop, without
        empty items and without repeats (case ignored; the first spelling is kept).
        Separators: ``,`` ``;`` ``/`` ``|`` ``:::``, line breaks, bullets and " og ";
        with ``own`` (a file Kontakt wrote), only those it joins with: ``,`` ``;``
        ``:::`` and line breaks.
    """
    items: list[str] = []
    seen: set[str] = set()
    for part in (_NAME_SEPARATOR if own else _LIST_SEPARATOR).split(cell_text(text)):
        item = clean(_BULLET.sub("", clean(part))).rstrip(".").strip()
        key = fold(item)
        if item and key not in seen:
            seen.add(key)
            items.append(item)
    return items


# -- dates -------------------------------------------------------------------------------

_TIME = r"(?:[T ]+\d{1,2}[:.]\d{2}(?:[:.]\d{2}(?:[.,]\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_ISO_DATE = re.compile(rf"^(\d{{4}})([-./])(\d{{1,2}})\2(\d{{1,2}}){_TIME}$", re.ASCII)
_DMY_DATE = re.compile(rf"^(\d{{1,2}})([-./])(\d{{1,2}})\2(\d{{4}}|\d{{2}}){_TIME}$", re.ASCII)
_WORD_DATE = re.compile(r"^(\d{1,2}) ?([a-z]+) (\d{4}|\d{2})$", re.ASCII)
_DIGITS = re.compile(r"^[0-9]+$")
# Serial numbers written as text: five digits, 10000 (1927) and up.
_SERIAL = re.compile(r"^[1-9][0-9]{4}(?:[.,][0-9]+)?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januar", "january", "jan"),
            ("februar", "february", "feb"),
            ("mars", "march", "mar"),
            ("april", "apr"),
            ("mai", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("desember", "december", "des", "dec"),
        ),
        start=1,
    )
    for name in names
}


def _shown(value: object) -> str:
    text = _one_line(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _date_error(value: object, reason: str) -> ValidationError:
    return ValidationError(f"Ugyldig dato «{_shown(value)}»: {reason}", field="date")


def _serial_date(value: object, number: int | float | Decimal) -> dt.date | None:
    if number == 0:
        return None
    if not 1 <= number <= _MAX_SERIAL:
        raise _date_error(value, "tallet er ikke en dato.")
    return _EXCEL_EPOCH + dt.timedelta(days=math.floor(number))


def _full_year(year: str) -> int:
    if len(year) == 4:
        return int(year)
    return 2000 + int(year) if int(year) < 50 else 1900 + int(year)


def _build_date(value: object, year: int, month: int, day: int) -> dt.date | None:
    if year == month == day == 0 or (month == day == 0 and year in (1900, 2000)):
        return None  # Outlook writes "0/0/00" for no date.
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise _date_error(value, "datoen finnes ikke.") from None


def _text_date(value: object, text: str) -> dt.date | None:
    compact = text.replace(" ", "")
    if _DIGITS.match(compact) and len(compact) in (6, 8):
        if len(compact) == 8 and compact[:2] in ("19", "20") and int(compact[4:6]) <= 12:
            return _build_date(value, int(compact[:4]), int(compact[4:6]), int(compact[6:]))
        year = _full_year(compact[4:])
        return _build_date(value, year, int(compact[2:4]), int(compact[:2]))
    if _SERIAL.match(compact):
        return _serial_date(value, Decimal(compact.replace(",", ".")))
    if match := _ISO_DATE.match(text):
        year, month, day = int(match[1]), int(match[3]), int(match[4])
        return _build_date(value, year, month, day)
    if match := _DMY_DATE.match(text):
        day, month, year = int(match[1]), int(match[3]), _full_year(match[4])
        if match[2] == "/" and month > 12 >= day:
            day, month = month, day
        return _build_date(value, year, month, day)
    if (match := _WORD_DATE.match(loose_text(text))) and match[2] in _MONTHS:
        return _build_date(value, _full_year(match[3]), _MONTHS[match[2]], int(match[1]))
    raise _date_error(value, "forventet dd.mm.åååå.")


def parse_date(value: object) -> dt.date | None:
    """Read a date from a cell.

    Args:
        value: A date or datetime; an Excel serial number (``45292`` -> 1 January 2024,
            as int, float or text); or text: ``"01.01.2024"``, ``"1.1.24"`` (two-digit
            years below 50 are 20xx, others 19xx), ``"2024-01-01"`` (a time after it is
            ignored), ``"01/01/2024"``, ``"01012024"``, ``"20240101"`` or
            ``"1. januar 2024"``.

    Returns:
        The date, or ``None`` for an empty cell.

    Raises:
        ValidationError: If the value is not a date or names a day that does not exist
            ("31.02.2025"), with a Norwegian reason (field ``"date"``).
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, bool):
        raise _date_error(value, "ikke en dato.")
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, Decimal) and value.is_nan():
        return None
    if isinstance(value, int | float | Decimal):
        return _serial_date(value, value)
    if not isinstance(value, str):
        raise _date_error(value, "ikke en dato.")
    text = _one_line(value)
    return _text_date(value, text) if text else None


# -- e-mail ------------------------------------------------------------------------------

_MAILTO = re.compile(r"^mailto:", re.IGNORECASE)
_ANGLE_ADDRESS = re.compile(r"<([^<>]*@[^<>]*)>")
_WRAPPERS = ("<>", "()", "[]", '""', "''", "«»", "“”")
_NO_ADDRESS = frozenset({"anonymous", "anonym", "ingen", "none", "na", "nei", "no"})
_EMAIL_SEPARATOR = re.compile(r":::|[,;\n]")


def clean_email_cell(value: object) -> str:
    """Tidy an e-mail address cell before it is checked.

    Removes whitespace anywhere, a ``mailto:`` prefix (and any ``?subject=...``),
    surrounding brackets or quotes, a display name (``"Kari <kari@example.org>"``) and
    trailing punctuation. Validation is :func:`kontakt.domain.normalize.normalize_email`'s
    job.

    Args:
        value: The cell's value.

    Returns:
        The address text, or ``""`` for a blank cell and for non-answers such as
        "anonymous" (Microsoft Forms), "ingen" or "-".
    """
    text = "".join(cell_text(value).split())
    if angle := _ANGLE_ADDRESS.search(text):
        text = angle.group(1)
    changed = True
    while changed and text:
        changed = False
        if _MAILTO.match(text):
            text = _MAILTO.sub("", text).split("?", 1)[0]
            changed = True
        if len(text) >= 2 and text[0] + text[-1] in _WRAPPERS:
            text = text[1:-1]
            changed = True
        stripped = text.rstrip(".,;:")
        changed = changed or stripped != text
        text = stripped
    if "@" not in text and (loose_text(text) in _NO_ADDRESS or not any(c.isalnum() for c in text)):
        return ""
    return text


def split_email_cell(value: object) -> list[str]:
    """Split a cell that may hold several addresses and tidy each.

    Args:
        value: E.g. ``"kari@jobb.no; kari@privat.no"`` or Google's
            ``"a@example.org ::: b@example.org"``.

    Returns:
        The tidied addresses (see :func:`clean_email_cell`), without repeats. Parts
        without ``@`` are dropped when another part has one (``"Nordmann, Kari
        <kari@example.org>"``); a cell with no ``@`` at all gives its text, so that it
        can be reported as invalid.
    """
    pieces: list[str] = []
    for piece in _EMAIL_SEPARATOR.split(cell_text(value)):
        # Spaces between whole addresses, but not inside one ("kari .nordmann@ x.no").
        pieces.extend(piece.split() if piece.count("@") > 1 else [piece])
    parts = [clean_email_cell(piece) for piece in pieces]
    addresses = [part for part in parts if "@" in part]
    if not addresses:
        whole = clean_email_cell(value)
        return [whole] if whole else []
    return list(dict.fromkeys(addresses))
