"""Bring a database to the schema this program expects, safely.

Start-up order: refuse a database made by a newer Kontakt, back the file up if
a migration is due, then upgrade. On PostgreSQL an advisory lock makes two
clients starting at once migrate one after the other.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from kontakt.errors import DatabaseError
from kontakt.storage.engine import BEGIN_MODE, failure_reason

if TYPE_CHECKING:
    from alembic.config import Config

# The newest migration. Written here so that an ordinary start (nothing to
# migrate) need not import Alembic and read the scripts (about 100 ms); a test
# checks it against the scripts.
HEAD_REVISION = "0013"

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Arbitrary constant identifying Kontakt's migration lock among advisory locks.
_PG_MIGRATION_LOCK = 0x4B6F6E74

# Objects that live in the database but not in the models: SQLite's FTS5 index
# (a virtual table and its shadow tables) and covering search indexes, and
# PostgreSQL's trigram indexes (contacts and idea-bank documents).
_UNMODELLED_PREFIXES = (
    "contact_fts",
    "ix_contact_search_trgm",
    "ix_contact_walk",
    "document_fts",
    "ix_document_search_trgm",
)

# Model indexes that SQLite does without (migration 0005): each is the start of
# a covering search index there, which serves the same queries, and every index
# costs time on each insert.
SQLITE_OMITTED_INDEXES = frozenset({"ix_contact_sort_key", "ix_contact_county_sort"})

ObjectFilter = Callable[[Any, str | None, str, bool, Any], bool]


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: leave the search indexes out of autogenerate comparisons."""
    return not (name or "").startswith(_UNMODELLED_PREFIXES)


def include_object_for(dialect: str) -> ObjectFilter:
    """:func:`include_object` for one kind of database (SQLite also leaves out
    :data:`SQLITE_OMITTED_INDEXES`)."""

    def include(obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any) -> bool:
        if dialect == "sqlite" and type_ == "index" and name in SQLITE_OMITTED_INDEXES:
            return False
        return include_object(obj, name, type_, reflected, compare_to)

    return include


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the migrations shipped in the package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_head() -> str:
    """The newest migration among the scripts (reads them with Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The database's migration revision, or None for an empty database."""
    try:
        with connection.begin_nested():
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None  # no alembic_version table: a new, empty database


def upgrade(engine: Engine, before_migration: Callable[[], object] | None = None) -> bool:
    """Migrate the database to head.

    Args:
        engine: The database.
        before_migration: Called once before an existing database is changed,
            e.g. to take a backup; not called for an empty database or when
            nothing is due.

    Returns:
        True if migrations were applied.

    Raises:
        DatabaseError: The database was made by a newer Kontakt, or a migration failed.
    """
    head = HEAD_REVISION
    with engine.connect() as connection:
        current = current_revision(connection)
        connection.rollback()
        if current == head:
            return False  # the usual start: no lock taken
        with _migration_lock(connection):
            # Another Kontakt may have migrated while we waited for the lock.
            current = current_revision(connection)
            if current == head:
                return False
            if current is not None:
                _refuse_unknown(current)
                if before_migration is not None:
                    before_migration()
            from alembic import command

            try:
                command.upgrade(alembic_config(connection), "head")
                connection.commit()
            except Exception as exc:
                connection.rollback()
                reason = failure_reason(exc)
                raise DatabaseError(f"Kunne ikke oppgradere databasen: {reason}") from exc
            return True


def _refuse_unknown(revision: str) -> None:
    from alembic.script import ScriptDirectory

    try:
        ScriptDirectory.from_config(alembic_config()).get_revision(revision)
    except Exception as exc:
        raise DatabaseError(
            "Databasen er laget av en nyere versjon av Kontakt "
            f"(skjemaversjon {revision}). Oppdater Kontakt før du åpner den."
        ) from exc


@contextlib.contextmanager
def _migration_lock(connection: Connection) -> Iterator[None]:
    """Let one Kontakt at a time migrate a database.

    PostgreSQL: a session-level advisory lock. SQLite: the database's write
    lock, taken with BEGIN IMMEDIATE for the transaction the migration runs in;
    a second process waits (busy timeout) and then finds the work done.
    """
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
        connection.commit()
        try:
            yield
        finally:
            connection.rollback()
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
            connection.commit()
    else:
        connection.execution_options(**{BEGIN_MODE: "IMMEDIATE"})
        connection.begin()
        try:
            yield
        finally:
            connection.rollback()  # no-op after the migration's commit
            connection.execution_options(**{BEGIN_MODE: ""})
