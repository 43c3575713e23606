"""Read contacts as ``ContactRow`` snapshots, fast.

A page of 200 contacts is read with one query per child table through the
DB-API cursor directly: the six queries take about 1.3 ms in SQLite, while
building them through SQLAlchemy expressions and result processing cost about
8 ms more (measured, bench/README.md), which is the whole budget of a
keystroke. Values are converted here (SQLite returns dates as text). The
columns are those of :mod:`.contact_columns`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from sqlalchemy import Connection

from kontakt.domain.geography import Geography
from kontakt.domain.records import (
    ConsentBasis,
    ContactRow,
    EmailData,
    EmailKind,
    PhoneData,
    PhoneKind,
    Place,
    RoleData,
    RoleKind,
    RoleLevel,
)
from kontakt.domain.text import sort_key
from kontakt.storage.contact_columns import EMAIL, PHONE, READ, ROLE

# SQLite allows 32766 bound parameters; stay well below for IN lists.
_CHUNK = 5000

_EMAIL_KINDS = {k.value: k for k in EmailKind}
_PHONE_KINDS = {k.value: k for k in PhoneKind}
_ROLE_KINDS = {k.value: k for k in RoleKind}
_ROLE_LEVELS = {k.value: k for k in RoleLevel}
_CONSENT = {k.value: k for k in ConsentBasis}

_CONTACT_SQL = f"SELECT {', '.join(c.name for c in READ)} FROM contact WHERE id IN ({{ids}})"
_EMAIL_SQL = (
    f"SELECT contact_id, {', '.join(EMAIL[:-1])} FROM contact_email"
    " WHERE contact_id IN ({ids}) ORDER BY contact_id, position"
)
_PHONE_SQL = (
    f"SELECT contact_id, {', '.join(PHONE[:-1])} FROM contact_phone"
    " WHERE contact_id IN ({ids}) ORDER BY contact_id, position"
)
_ROLE_SQL = (
    f"SELECT contact_id, {', '.join(ROLE[:-1])} FROM role"
    " WHERE contact_id IN ({ids}) ORDER BY contact_id, position"
)
_TOPIC_SQL = (
    "SELECT ct.contact_id, t.name FROM contact_topic ct JOIN topic t ON t.id = ct.topic_id"
    " WHERE ct.contact_id IN ({ids})"
)
_LABEL_SQL = (
    "SELECT cl.contact_id, l.name FROM contact_label cl JOIN label l ON l.id = cl.label_id"
    " WHERE cl.contact_id IN ({ids})"
)
_ATTRIBUTES: tuple[str, ...] = tuple(c.read or "" for c in READ)
_ID = _ATTRIBUTES.index("id")


def _datetime(value: Any) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)  # type: ignore[no-any-return]


def _date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _consent(value: Any) -> ConsentBasis | None:
    return _CONSENT[value] if value else None


_CONVERSIONS: dict[str, Callable[[Any], Any]] = {
    "date": _date,
    "datetime": _datetime,
    "bool": bool,
    "consent": _consent,
}


def _converters(geography: Geography) -> list[tuple[int, Callable[[Any], Any]]]:
    """(position in the selected row, conversion) for every read column that needs one."""
    places = _places(geography)
    table = {**_CONVERSIONS, "place": places.__getitem__}
    return [(i, table[c.convert]) for i, c in enumerate(READ) if c.convert is not None]


@functools.cache
def _places(geography: Geography) -> dict[str | None, Place | None]:
    places: dict[str | None, Place | None] = {None: None, "": None}
    for m in geography.municipalities:
        places[m.number] = Place(m.number, m.name)
    for c in geography.counties:
        places[c.number] = Place(c.number, c.name)
    return places


@functools.lru_cache(maxsize=4096)
def _name_key(name: str) -> str:
    return sort_key(name)


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


def _fetch(conn: Connection, sql: str, ids: Sequence[int]) -> list[Any]:
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    statement = sql.format(ids=",".join([mark] * len(ids)))
    cursor = conn.connection.cursor()
    try:
        cursor.execute(statement, tuple(ids))
        return list(cursor.fetchall())
    finally:
        cursor.close()


def load_rows(conn: Connection, ids: Sequence[int], geography: Geography) -> list[ContactRow]:
    """Snapshots of the contacts with these ids, in the order of ``ids``."""
    if not ids:
        return []
    base: dict[int, Any] = {}
    emails: dict[int, list[EmailData]] = defaultdict(list)
    phones: dict[int, list[PhoneData]] = defaultdict(list)
    roles: dict[int, list[RoleData]] = defaultdict(list)
    topics: dict[int, list[str]] = defaultdict(list)
    labels: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids):
        for r in _fetch(conn, _CONTACT_SQL, chunk):
            base[r[_ID]] = r
        for cid, address, kind, primary in _fetch(conn, _EMAIL_SQL, chunk):
            emails[cid].append(EmailData(address, _EMAIL_KINDS[kind], bool(primary)))
        for cid, number, kind, primary in _fetch(conn, _PHONE_SQL, chunk):
            phones[cid].append(PhoneData(number, _PHONE_KINDS[kind], bool(primary)))
        for cid, kind, level, body, title, org, start, end, *candidate in _fetch(
            conn, _ROLE_SQL, chunk
        ):
            election, list_name, list_place, municipality, county, result = candidate
            roles[cid].append(
                RoleData(
                    _ROLE_KINDS[kind],
                    _ROLE_LEVELS[level] if level else None,
                    body,
                    title,
                    org,
                    _date(start),
                    _date(end),
                    election,
                    list_name,
                    list_place,
                    municipality or "",
                    county or "",
                    result,
                )
            )
        for cid, name in _fetch(conn, _TOPIC_SQL, chunk):
            topics[cid].append(name)
        for cid, name in _fetch(conn, _LABEL_SQL, chunk):
            labels[cid].append(name)

    converters = _converters(geography)
    rows = []
    for cid in ids:
        r = base.get(cid)
        if r is None:
            continue
        values = list(r)
        for i, convert in converters:
            values[i] = convert(values[i])
        fields = dict(zip(_ATTRIBUTES, values, strict=True))
        fields["emails"] = tuple(emails.get(cid, ()))
        fields["phones"] = tuple(phones.get(cid, ()))
        fields["roles"] = tuple(roles.get(cid, ()))
        fields["topics"] = tuple(sorted(topics.get(cid, ()), key=_name_key))
        fields["labels"] = tuple(sorted(labels.get(cid, ()), key=_name_key))
        rows.append(ContactRow(**fields))
    return rows
