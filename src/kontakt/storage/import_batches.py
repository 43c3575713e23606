"""The imports as stored: one batch per import, and the contacts it created or changed.

A batch keeps the file's name and checksum, the column mapping (remembered for
the next file with the same headers) and the counts; each change keeps the
contact's state before, so that «Angre import» can put it back. Read back as
plain records (:class:`~kontakt.domain.records.ImportBatchInfo`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple, cast

from sqlalchemy import Table, select, update
from sqlalchemy.orm import Session

from kontakt.domain.records import ImportBatchInfo
from kontakt.storage.base import utcnow
from kontakt.storage.bulk import insert_tuples
from kontakt.storage.models import ImportBatch, ImportChange


class Change(NamedTuple):
    """One contact an import created (before None, version 1) or updated."""

    uid: str
    action: str  # "created" or "updated"
    before: dict[str, Any] | None
    version_after: int


_CHANGE = ("batch_id", "contact_uid", "action", "before", "version_after")


def begin(
    session: Session, actor: str, file_name: str, file_sha256: str, mapping: dict[str, Any]
) -> int:
    """Record a new import (its counts come with :func:`finish`); returns its number."""
    batch = ImportBatch(
        actor=actor, file_name=file_name, file_sha256=file_sha256, mapping=mapping, counts={}
    )
    session.add(batch)
    session.flush()
    return batch.id


def add_changes(session: Session, batch_id: int, changes: Sequence[Change]) -> None:
    """Record contacts an import created or updated (in bulk)."""
    insert_tuples(
        session,
        cast(Table, ImportChange.__table__),
        _CHANGE,
        [(batch_id, c.uid, c.action, c.before, c.version_after) for c in changes],
    )


def finish(session: Session, batch_id: int, counts: dict[str, int]) -> None:
    """Store what the import did."""
    batch = session.get(ImportBatch, batch_id)
    assert batch is not None
    batch.counts = counts


def find(session: Session, batch_id: int | None) -> ImportBatchInfo | None:
    """The import with this number; without one, the latest not undone."""
    if batch_id is None:
        query = select(ImportBatch).where(ImportBatch.undone_at.is_(None))
    else:
        query = select(ImportBatch).where(ImportBatch.id == batch_id)
    batch = session.scalar(query.order_by(ImportBatch.id.desc()).limit(1))
    return None if batch is None else _info(batch)


def changes(session: Session, batch_id: int) -> list[Change]:
    """What the import did to each contact."""
    query = select(ImportChange).where(ImportChange.batch_id == batch_id)
    return [
        Change(c.contact_uid, c.action, c.before, c.version_after) for c in session.scalars(query)
    ]


def mark_undone(session: Session, batch_id: int) -> ImportBatchInfo:
    """Record that the import was taken back; returns it as it is now."""
    batch = session.get(ImportBatch, batch_id)
    assert batch is not None
    batch.undone_at = utcnow()
    session.flush()
    return _info(batch)


def mappings(session: Session) -> Iterator[dict[str, Any]]:
    """The column mappings of the imports, newest first."""
    yield from session.scalars(select(ImportBatch.mapping).order_by(ImportBatch.id.desc()))


def all_batches(session: Session) -> list[ImportBatchInfo]:
    """Every import, newest first."""
    query = select(ImportBatch).order_by(ImportBatch.id.desc())
    return [_info(b) for b in session.scalars(query)]


def _info(batch: ImportBatch) -> ImportBatchInfo:
    return ImportBatchInfo(
        id=batch.id,
        imported_at=batch.imported_at,
        actor=batch.actor,
        file_name=batch.file_name,
        counts=dict(batch.counts or {}),
        undone_at=batch.undone_at,
    )


def forget(session: Session, uid: str) -> None:
    """Blank the state before that imports kept of a contact (an erasure)."""
    session.execute(update(ImportChange).where(ImportChange.contact_uid == uid).values(before=None))


def of_contact(session: Session, uid: str) -> list[tuple[Change, ImportBatchInfo]]:
    """What each import did to one contact, oldest first, with the import."""
    query = (
        select(ImportChange, ImportBatch)
        .join(ImportBatch, ImportBatch.id == ImportChange.batch_id)
        .where(ImportChange.contact_uid == uid)
        .order_by(ImportChange.id)
    )
    return [
        (Change(c.contact_uid, c.action, c.before, c.version_after), _info(b))
        for c, b in session.execute(query)
    ]
