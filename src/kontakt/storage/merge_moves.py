"""Moving everything that points at one contact over to another, and back (merges).

Every table with a foreign key to ``contact.id`` is either part of the contact
itself (:data:`PARTS`: e-mails, phones, roles, topics, labels, which a merge
sets from the chosen values) or a record that follows the kept contact
(:data:`FOLLOWERS`). A follower table may allow one row per contact and
something (one membership per list, one participant per event): where the
kept contact has that row already, the other's row is dropped and kept whole
in the merge record, so an undo can put it back. A test compares this list
with the metadata, so a new table pointing at contacts cannot be forgotten.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import Table, and_, delete, func, insert, select, update
from sqlalchemy.orm import Session

from kontakt.storage import (  # noqa: F401  (every model registered in the metadata)
    cleanup_models,
    ideabank_models,
    mailbox_models,
    models,
    outreach_models,
    politics_models,
    survey_models,
)
from kontakt.storage.base import Base

#: Tables whose rows are part of the contact (set from the merged values).
PARTS: frozenset[str] = frozenset(
    {"contact_email", "contact_phone", "role", "contact_topic", "contact_label"}
)
#: table -> the columns that, with the contact, may hold one row only (None: any number).
FOLLOWERS: dict[str, tuple[str, ...] | None] = {
    "interaction": None,
    "mailing_recipient": ("mailing_id",),
    "event_participant": ("event_id",),
    "list_member": ("list_id",),
    "document_author": ("document_id",),
    "document_recipient": ("document_id", "mailing_id"),
    "address_hold": None,
    "inbound_message": None,
    "contact_alias": None,
    "survey_response": None,
    "follow_up": None,
    "document_use": None,
}
_COLUMN = "contact_id"


def contact_foreign_keys() -> set[str]:
    """Names of the tables with a foreign key to ``contact.id``."""
    return {
        table.name
        for table in Base.metadata.tables.values()
        for fk in table.foreign_keys
        if fk.target_fullname == "contact.id"
    }


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _keys(table: Table) -> list[str]:
    """The primary key's columns other than the contact (how a moved row is found again)."""
    return [c.name for c in table.primary_key.columns if c.name != _COLUMN]


def _encode(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and len(value) == 1:
        if "$datetime" in value:
            return dt.datetime.fromisoformat(value["$datetime"])
        if "$date" in value:
            return dt.date.fromisoformat(value["$date"])
    return value


def move_all(session: Session, other_id: int, kept_id: int) -> dict[str, Any]:
    """Point every follower row of ``other_id`` at ``kept_id``.

    Returns:
        table -> {"moved": [keys of moved rows], "dropped": [whole rows dropped
        because the kept contact had one already]}, only tables with rows.
    """
    record: dict[str, Any] = {}
    for name, unique in FOLLOWERS.items():
        table = _table(name)
        column = table.c[_COLUMN]
        rows = [dict(r._mapping) for r in session.execute(select(table).where(column == other_id))]
        if not rows:
            continue
        taken: set[tuple[Any, ...]] = set()
        if unique is not None:
            cols = [table.c[c] for c in unique]
            taken = {tuple(r) for r in session.execute(select(*cols).where(column == kept_id))}
        keys = _keys(table)
        moved, dropped = [], []
        for row in rows:
            match = and_(column == other_id, *(table.c[k] == row[k] for k in keys))
            if unique is not None and tuple(row[c] for c in unique) in taken:
                dropped.append({k: _encode(v) for k, v in row.items()})
                session.execute(delete(table).where(match))
            else:
                moved.append([row[k] for k in keys])
                session.execute(update(table).where(match).values({_COLUMN: kept_id}))
        record[name] = {"moved": moved, "dropped": dropped}
    return record


def count_all(session: Session, contact_id: int) -> dict[str, int]:
    """How many follower rows of each table point at a contact (tables with none left out)."""
    counts: dict[str, int] = {}
    for name in FOLLOWERS:
        table = _table(name)
        query = select(func.count()).select_from(table).where(table.c[_COLUMN] == contact_id)
        n = session.scalar(query) or 0
        if n:
            counts[name] = n
    return counts


def move_back(session: Session, record: dict[str, Any], kept_id: int, other_id: int) -> None:
    """Undo :func:`move_all`: the moved rows back to ``other_id``, dropped rows re-inserted."""
    for name, parts in record.items():
        table = _table(name)
        column = table.c[_COLUMN]
        keys = _keys(table)
        for key in parts.get("moved", []):
            match = and_(
                column == kept_id, *(table.c[k] == v for k, v in zip(keys, key, strict=True))
            )
            session.execute(update(table).where(match).values({_COLUMN: other_id}))
        for row in parts.get("dropped", []):
            values = {k: _decode(v) for k, v in row.items()}
            values[_COLUMN] = other_id
            if keys == ["id"] and session.scalar(
                select(table.c.id).where(table.c.id == values["id"])
            ):
                del values["id"]  # the number was taken meanwhile: the row gets a new one
            session.execute(insert(table).values(values))
