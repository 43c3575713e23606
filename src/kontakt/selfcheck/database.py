"""Self-check steps for the database: every migration, and the PostgreSQL driver.

The database opened here (in the check's temporary folder) is the one the later
steps use through ``ctx.core``.
"""

from __future__ import annotations

from kontakt.selfcheck.context import CheckContext, CheckFailed


def step_migrations(ctx: CheckContext) -> str:
    """Create the database and run every Alembic migration (scripts read from files)."""
    from sqlalchemy import text

    from kontakt.app import open_core
    from kontakt.paths import resolve_database
    from kontakt.storage.migrate import HEAD_REVISION, script_head

    ctx._core = open_core(resolve_database(str(ctx.db_path)))
    with ctx.core.engine.connect() as connection:
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    if revision != HEAD_REVISION or script_head() != HEAD_REVISION:
        raise CheckFailed(f"skjemaversjon {revision}, forventet {HEAD_REVISION}")
    return f"skjemaversjon {revision}"


def step_postgresql_driver(ctx: CheckContext) -> str:
    """Load the PostgreSQL dialect and psycopg's compiled libpq wrapper (no server needed)."""
    import psycopg
    from sqlalchemy import create_engine

    engine = create_engine("postgresql+psycopg://kontakt@127.0.0.1:1/kontakt")
    try:
        if engine.dialect.driver != "psycopg":
            raise CheckFailed(f"fikk driveren {engine.dialect.driver}")
    finally:
        engine.dispose()
    implementation = psycopg.pq.__impl__
    if implementation not in ("c", "binary"):
        raise CheckFailed(f"psycopg bruker «{implementation}», ikke den medfølgende libpq")
    return f"psycopg {psycopg.__version__} ({implementation})"
