"""Insert many rows fast: straight through SQLite's executemany where the database is SQLite.

SQLAlchemy processes every parameter of every row in Python (about 20 µs a
row for the contact table); for an import of 50,000 contacts that is seconds.
On SQLite the values are converted here exactly as SQLAlchemy's SQLite types
store them (dates as ISO text, timestamps as ``YYYY-MM-DD HH:MM:SS.ffffff`` in
UTC, JSON as text; booleans become 0/1 in the driver itself) and handed to
the driver in one call. Other databases go through SQLAlchemy unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import JSON, Date, DateTime, Table, insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from kontakt.storage.base import UtcDateTime

BULK_CACHE_KIB = 256 * 1024
"""SQLite page cache (KiB) while a bulk write runs; the connection's default is 2 MiB.

An upper bound: SQLite takes pages as it needs them. 50,000 contacts into
100,000 touch ~200 MiB of pages; with 64 MiB the import wrote 0.3 s longer
(bench/RESULTS.md), and its peak memory stays under 400 MB."""


@functools.lru_cache(maxsize=256)
def _timestamp(value: dt.datetime) -> str:
    # Remembered: a bulk insert stamps every row with the same moment.
    utc = value.astimezone(dt.UTC) if value.tzinfo else value
    return utc.strftime("%Y-%m-%d %H:%M:%S.%f")


def _converter(column_type: Any) -> Callable[[Any], Any] | None:
    # Booleans need none: the driver stores True and False as 1 and 0 itself.
    if isinstance(column_type, UtcDateTime | DateTime):
        return _timestamp
    if isinstance(column_type, Date):
        return dt.date.isoformat
    if isinstance(column_type, JSON):
        return json.dumps
    return None


def insert_tuples(
    session: Session, table: Table, names: Sequence[str], rows: Sequence[tuple[Any, ...]]
) -> None:
    """Insert ``rows`` (tuples of values for the columns ``names``) into ``table``."""
    if not rows:
        return
    if session.get_bind().dialect.name != "sqlite":
        session.execute(insert(table), [dict(zip(names, row, strict=True)) for row in rows])
        return
    converted = [
        (i, convert)
        for i, name in enumerate(names)
        if (convert := _converter(table.c[name].type)) is not None
    ]
    values: Sequence[tuple[Any, ...]] = rows
    if converted:
        # Column by column: a few comprehensions instead of a loop per row.
        by_column: list[Sequence[Any]] = list(zip(*rows, strict=True))
        for i, convert in converted:
            by_column[i] = [None if v is None else convert(v) for v in by_column[i]]
        values = list(zip(*by_column, strict=True))
    columns = ", ".join(f'"{n}"' for n in names)
    marks = ", ".join("?" for _ in names)
    session.connection().exec_driver_sql(
        f'INSERT INTO "{table.name}" ({columns}) VALUES ({marks})', values
    )


@contextmanager
def roomy_page_cache(session: Session) -> Iterator[None]:
    """Within the block, SQLite keeps up to :data:`BULK_CACHE_KIB` of pages in memory.

    Inserting tens of thousands of contacts changes rows all over the contact
    table's indexes; with the default 2 MiB cache SQLite keeps evicting and
    re-reading the same pages (about a second more for 50,000 contacts).
    """
    if session.get_bind().dialect.name != "sqlite":
        yield
        return
    connection = session.connection()
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar_one())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        # Never hide the error that ended the block behind one from here.
        with suppress(SQLAlchemyError):
            connection.exec_driver_sql(f"PRAGMA cache_size = {before}")
