"""Alembic environment: always run with a connection handed in by kontakt.storage.migrate."""

from __future__ import annotations

from alembic import context

from kontakt.storage import models  # noqa: F401  (registers the tables on Base.metadata)
from kontakt.storage.base import Base
from kontakt.storage.migrate import include_object_for

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Kontakt's migrations run through kontakt.storage.migrate, with a connection."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    include_object=include_object_for(connection.dialect.name),
    compare_type=True,
    # SQLite can roll DDL back too (engine.py emits BEGIN itself), so a failed
    # migration leaves the file exactly as it was.
    transactional_ddl=True,
)
with context.begin_transaction():
    context.run_migrations()
