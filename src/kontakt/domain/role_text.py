"""A role (verv) as one line of text that reads well and reads back exactly.

Kontakt's Excel list, its Google and Outlook CSV files and its vCards carry
each role as ``Tittel, Organ (art, nivå, Organisasjon, fra 2023-10-01, til
2027-09-30)``, e.g. ``Medlem, Bergen bystyre (folkevalgt, kommune, SV)``:
what a person reads first, and in brackets what Kontakt needs to rebuild the
role (its kind and level, the organisation, the dates). Several roles in one
cell are joined by ``"; "``.

A candidate (kind «kandidat») reads ``Kandidat nr. 3, SV, kommunestyrevalget
2027 (Bergen)``: three parts before the brackets (the place on the list, the
list, the election; an empty one written ``«»``), in brackets the
municipality, or the county as «Vestland fylke», then the result («valgt»,
«ikke valgt») and the dates if any; ``(kandidat)`` when there is none of
these. A candidate's title, body, level and organisation are not written.

A part that holds one of ``, ; ( ) « »`` (or would be read as a level or a
date) is put in «»; a » inside is doubled. So ``Medlem, «Herøy (Nordland)
kommunestyre» (folkevalgt, kommune, Ap)`` is one role with that body.

:func:`parse_role_line` reads only this shape and answers ``None`` for
anything else (a role typed by hand, «Leder i Fagforbundet»), which the
importer then reads as free text (:func:`kontakt.domain.survey.role_from_text`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable

from kontakt.domain.candidates import RESULTS
from kontakt.domain.geography import load_geography
from kontakt.domain.records import RoleData, RoleKind, RoleLevel
from kontakt.errors import NotFoundError

__all__ = ["ROLE_SEPARATOR", "parse_role_line", "parse_roles_cell", "role_line", "roles_cell"]

ROLE_SEPARATOR = "; "
_SPECIAL = re.compile(r"[,;()«»]")
_DATE_WORD = re.compile(r"^(fra|til) (\d{4}-\d{2}-\d{2})$")
_KINDS = {k.value: k for k in RoleKind}
_LEVELS = {level.value: level for level in RoleLevel}
_CANDIDATE = re.compile(r"^Kandidat(?: nr\. (\d{1,4}))?$")
_COUNTY_SUFFIX = " fylke"


def _quoted(text: str, *, meta: bool = False) -> str:
    """The text as one part: in «» when it could be misread."""
    needs = (
        bool(_SPECIAL.search(text))
        or text != text.strip()
        or (meta and (text in _LEVELS or text in _KINDS or bool(_DATE_WORD.match(text))))
    )
    return "«" + text.replace("»", "»»") + "»" if needs else text


def _place_name(number: str, county: bool) -> str:
    """The official name of a place number; the text itself when it is not a number."""
    geography = load_geography()
    try:
        place = geography.county(number) if county else geography.municipality(number)
    except NotFoundError:
        return number
    return place.name


def _quoted_place(text: str) -> str:
    """A place as one part: in «» also when it would be read as a result or the kind."""
    if text in RESULTS:
        return "«" + text.replace("»", "»»") + "»"
    return _quoted(text, meta=True)


def _dates(role: RoleData) -> list[str]:
    dates = []
    if role.start is not None:
        dates.append(f"fra {role.start.isoformat()}")
    if role.end is not None:
        dates.append(f"til {role.end.isoformat()}")
    return dates


def _candidate_line(role: RoleData) -> str:
    """A candidate as text, e.g. ``Kandidat nr. 3, SV, kommunestyrevalget 2027 (Bergen)``."""
    first = "Kandidat" + (f" nr. {role.list_place}" if role.list_place is not None else "")
    parts = [
        first,
        *("«»" if not p else _quoted(p) for p in (role.list_name, role.election)),
    ]
    meta: list[str] = []
    if role.municipality:
        meta.append(_quoted_place(_place_name(role.municipality, county=False)))
    elif role.county:
        meta.append(_quoted_place(_place_name(role.county, county=True) + _COUNTY_SUFFIX))
    if role.result:
        meta.append(role.result)
    meta += _dates(role)
    return f"{', '.join(parts)} ({', '.join(meta or [RoleKind.KANDIDAT.value])})"


def _parse_candidate(names: list[str], metas: list[str]) -> RoleData | None:
    """The candidate :func:`_candidate_line` wrote, or None."""
    place = _CANDIDATE.match(names[0])
    list_name, election = _unquoted(names[1]), _unquoted(names[2])
    if place is None or list_name is None or election is None:
        return None
    municipality = county = result = ""
    dates: dict[str, dt.date] = {}
    for part in metas:
        date = _DATE_WORD.match(part)
        text = _unquoted(part)
        if part == RoleKind.KANDIDAT.value and len(metas) == 1:
            continue
        if part in RESULTS and part and not result:
            result = part
        elif date and date[1] not in dates:
            try:
                dates[date[1]] = dt.date.fromisoformat(date[2])
            except ValueError:
                return None
        elif text and not (municipality or county or result or dates):
            if text.endswith(_COUNTY_SUFFIX):
                county = text[: -len(_COUNTY_SUFFIX)]
            else:
                municipality = text
        else:
            return None
    return RoleData(
        RoleKind.KANDIDAT,
        start=dates.get("fra"),
        end=dates.get("til"),
        election=election,
        list_name=list_name,
        list_place=int(place[1]) if place[1] else None,
        municipality=municipality,
        county=county,
        result=result,
    )


def role_line(role: RoleData) -> str:
    """One role as text, e.g. ``Medlem, Bergen bystyre (folkevalgt, kommune, SV)``."""
    if role.kind is RoleKind.KANDIDAT:
        return _candidate_line(role)
    human = _quoted(role.title)
    if role.body:
        human += ", " + _quoted(role.body)
    meta = [role.kind.value]
    if role.level is not None:
        meta.append(role.level.value)
    if role.organisation:
        meta.append(_quoted(role.organisation, meta=True))
    meta += _dates(role)
    return f"{human} ({', '.join(meta)})".lstrip()


def roles_cell(roles: Iterable[RoleData]) -> str:
    """Every role of a contact in one cell, separated by ``"; "``."""
    return ROLE_SEPARATOR.join(role_line(r) for r in roles)


def _outside_quotes(text: str) -> tuple[list[int], bool]:
    """Indices of the characters outside «», and whether every « was closed."""
    outside: list[int] = []
    i, quoted = 0, False
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == "»":
                if text.startswith("»»", i):
                    i += 2
                    continue
                quoted = False
        elif ch == "«":
            quoted = True
        else:
            outside.append(i)
        i += 1
    return outside, not quoted


def _split(text: str, separator: str) -> list[str] | None:
    """Split at ``separator`` outside «»; None when a « is not closed."""
    outside, closed = _outside_quotes(text)
    if not closed:
        return None
    free = set(outside)
    parts: list[str] = []
    start = i = 0
    while i < len(text):
        if i in free and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
        else:
            i += 1
    parts.append(text[start:])
    return parts


def _unquoted(part: str) -> str | None:
    """A part's text; None when it is not one part (a bare special character)."""
    if len(part) >= 2 and part[0] == "«" and part[-1] == "»":
        inner = part[1:-1]
        if "»" in inner.replace("»»", ""):
            return None
        return inner.replace("»»", "»")
    return None if _SPECIAL.search(part) else part


def _last_bracket(text: str) -> int:
    """Index of the last «(» outside «», or -1."""
    outside, _closed = _outside_quotes(text)
    return next((i for i in reversed(outside) if text[i] == "("), -1)


def parse_role_line(text: str) -> RoleData | None:
    """The role :func:`role_line` wrote, or None if the text is not in that shape."""
    text = text.strip()
    open_at = _last_bracket(text)
    if not text.endswith(")") or open_at < 0:
        return None
    human, meta = text[:open_at].strip(), text[open_at + 1 : -1]
    metas = _split(meta, ", ")
    names = _split(human, ", ") if human else [""]
    if metas and names is not None and len(names) == 3:
        return _parse_candidate(names, metas)
    if not metas or names is None or len(names) > 2 or metas[0] not in _KINDS:
        return None
    title = _unquoted(names[0])
    body = _unquoted(names[1]) if len(names) == 2 else ""
    if title is None or body is None:
        return None
    level: RoleLevel | None = None
    organisation: str | None = None
    dates: dict[str, dt.date] = {}
    for part in metas[1:]:
        date = _DATE_WORD.match(part)
        if part in _LEVELS and level is None and organisation is None and not dates:
            level = _LEVELS[part]
        elif date and date[1] not in dates:
            try:
                dates[date[1]] = dt.date.fromisoformat(date[2])
            except ValueError:
                return None
        elif organisation is None and not dates:
            organisation = _unquoted(part)
            if organisation is None:
                return None
        else:
            return None
    return RoleData(
        _KINDS[metas[0]], level, body, title, organisation or "", dates.get("fra"), dates.get("til")
    )


def parse_roles_cell(text: str) -> list[RoleData] | None:
    """Every role of a cell :func:`roles_cell` wrote; None unless all are in that shape."""
    parts = _split(text.strip(), ROLE_SEPARATOR)
    if not parts:
        return None
    roles = [parse_role_line(p) for p in parts]
    if any(r is None for r in roles):
        return None
    return [r for r in roles if r is not None]
