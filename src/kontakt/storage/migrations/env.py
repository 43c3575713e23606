"""Alembic environment: always run with a connection handed in by kontakt.storage.migrate."""

from __future__ import annotations

from alembic import context

from kontakt.storage.migrate import include_object
from kontakt.storage.models import Base

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
    include_object=include_object,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
