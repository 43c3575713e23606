"""Bring a database to the schema this program expects, safely.

Start-up order: refuse a database made by a newer Kontakt, back the file up if
a migration is due, then upgrade. On PostgreSQL an advisory lock makes two
clients starting at once migrate one after the other.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

from kontakt.errors import DatabaseError

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Arbitrary constant identifying Kontakt's migration lock among advisory locks.
_PG_MIGRATION_LOCK = 0x4B6F6E74

# Objects that live in the database but not in the models: SQLite's FTS5 index
# (a virtual table and its shadow tables) and covering search indexes, and
# PostgreSQL's trigram index.
_UNMODELLED_PREFIXES = ("contact_fts", "ix_contact_search_trgm", "ix_contact_walk")


def include_object(
    obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
) -> bool:
    """Alembic filter: leave the search indexes out of autogenerate comparisons."""
    return not (name or "").startswith(_UNMODELLED_PREFIXES)


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic config pointing at the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    """The newest migration this program knows."""
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(connection: Connection) -> str | None:
    """The database's migration revision, or None for an empty database."""
    return MigrationContext.configure(connection).get_current_revision()


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
    script = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    with engine.connect() as connection:
        is_pg = connection.dialect.name == "postgresql"
        if is_pg:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_MIGRATION_LOCK})
            connection.commit()
        try:
            current = current_revision(connection)
            connection.rollback()
            if current == head:
                return False
            if current is not None:
                try:
                    script.get_revision(current)
                except Exception as exc:
                    raise DatabaseError(
                        "Databasen er laget av en nyere versjon av Kontakt "
                        f"(skjemaversjon {current}). Oppdater Kontakt før du åpner den."
                    ) from exc
                if before_migration is not None:
                    before_migration()
            try:
                command.upgrade(alembic_config(connection), "head")
                connection.commit()
            except DatabaseError:
                raise
            except Exception as exc:
                connection.rollback()
                raise DatabaseError(f"Kunne ikke oppgradere databasen: {exc}") from exc
            return True
        finally:
            if is_pg:
                connection.rollback()
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_MIGRATION_LOCK})
                connection.commit()
