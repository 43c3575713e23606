"""The schema comes from the shipped migrations, matches the models, and opens safely."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import Connection, inspect, text

from kontakt.app import open_core
from kontakt.errors import DatabaseError
from kontakt.paths import DatabaseLocation
from kontakt.storage import backup, migrate
from kontakt.storage.engine import create_kontakt_engine
from kontakt.storage.migrate import include_object_for, upgrade
from kontakt.storage.models import Base

SEED_TOPICS = {
    "psykisk helse",
    "rus",
    "eldreomsorg",
    "tannhelsereform",
    "sykehus",
    "bemanning",
    "helseforetaksmodellen",
}


def model_drift(conn: Connection) -> list[Any]:
    """How the database's schema differs from the models (Alembic autogenerate's diff)."""
    ctx = MigrationContext.configure(
        conn,
        opts={"compare_type": True, "include_object": include_object_for(conn.dialect.name)},
    )
    return list(compare_metadata(ctx, Base.metadata))


def test_empty_database_migrates_to_head_without_drift(location: DatabaseLocation) -> None:
    engine = create_kontakt_engine(location)
    try:
        assert upgrade(engine) is True
        with engine.connect() as conn:
            assert migrate.current_revision(conn) == migrate.HEAD_REVISION
            diff = model_drift(conn)
        assert diff == [], f"models and migrations differ: {diff}"
        assert upgrade(engine) is False  # nothing due the second time
    finally:
        engine.dispose()


def test_contact_indexes_per_database(location: DatabaseLocation) -> None:
    # SQLite does without the two indexes its covering search indexes start with;
    # PostgreSQL, which has no covering ones, keeps them.
    engine = create_kontakt_engine(location)
    try:
        upgrade(engine)
        names = {ix["name"] for ix in inspect(engine).get_indexes("contact")}
    finally:
        engine.dispose()
    if engine.dialect.name == "sqlite":
        assert names.isdisjoint(migrate.SQLITE_OMITTED_INDEXES)
        assert {"ix_contact_walk", "ix_contact_walk_county"} <= names
    else:
        assert names >= migrate.SQLITE_OMITTED_INDEXES


def test_sqlite_database_at_0001_loses_the_redundant_indexes(
    sqlite_location: DatabaseLocation,
) -> None:
    from alembic import command

    engine = create_kontakt_engine(sqlite_location)
    try:
        with engine.connect() as conn:
            command.upgrade(migrate.alembic_config(conn), "0001")
            conn.commit()
        before = {ix["name"] for ix in inspect(engine).get_indexes("contact")}
        assert before >= migrate.SQLITE_OMITTED_INDEXES
        assert upgrade(engine) is True
        after = {ix["name"] for ix in inspect(engine).get_indexes("contact")}
        assert after == before - migrate.SQLITE_OMITTED_INDEXES
    finally:
        engine.dispose()


def test_a_database_from_before_0006_gets_its_links_counties(location: DatabaseLocation) -> None:
    # Down to 0005 and up again: the links are filled from their contacts, and
    # from then on the triggers keep them.
    from alembic import command

    core = open_core(location)
    try:
        core.demo.add_contacts()
        with core.engine.connect() as conn:
            command.downgrade(migrate.alembic_config(conn), "0005")
            conn.commit()
        assert "county_number" not in {
            c["name"] for c in inspect(core.engine).get_columns("contact_topic")
        }
        assert upgrade(core.engine) is True
        with core.engine.connect() as conn:
            live_links = conn.execute(
                text(
                    "SELECT count(*) FROM contact_topic ct JOIN contact c ON c.id = ct.contact_id"
                    " WHERE c.county_number IS NOT NULL AND c.deleted_at IS NULL"
                )
            ).scalar_one()
            filled = conn.execute(
                text("SELECT count(*) FROM contact_topic WHERE county_number IS NOT NULL")
            ).scalar_one()
        assert filled == live_links > 0
        assert sum(c.count for c in core.overview.grid()) == live_links
    finally:
        core.close()


def test_head_revision_constant_matches_the_migration_scripts() -> None:
    assert migrate.script_head() == migrate.HEAD_REVISION


def test_new_database_has_the_network_seed_topics(core) -> None:  # type: ignore[no-untyped-def]
    names = {t.name.casefold() for t in core.catalog.topics()}
    assert names >= SEED_TOPICS


def test_sqlite_connection_is_durable_and_checks_foreign_keys(sqlite_core) -> None:  # type: ignore[no-untyped-def]
    with sqlite_core.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 5000
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL


def test_sqlite_search_index_exists(sqlite_core) -> None:  # type: ignore[no-untyped-def]
    tables = inspect(sqlite_core.engine).get_table_names()
    assert "contact_fts" in tables


def test_database_from_a_newer_kontakt_is_refused(sqlite_location: DatabaseLocation) -> None:
    open_core(sqlite_location).close()
    conn = sqlite3.connect(sqlite_location.path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_from_the_future'")
    conn.commit()
    conn.close()
    with pytest.raises(DatabaseError, match="nyere versjon av Kontakt"):
        open_core(sqlite_location)
    # Refusing must not have touched the file.
    conn = sqlite3.connect(sqlite_location.path)
    assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
        "9999_from_the_future",
    )
    conn.close()


NEW_REVISION = '''
"""test revision: adds a column"""
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("contact") as batch:
        batch.add_column(sa.Column("nickname", sa.String(50), nullable=True))


def downgrade():
    with op.batch_alter_table("contact") as batch:
        batch.drop_column("nickname")
'''


def test_pending_migration_backs_up_the_file_first(
    sqlite_location: DatabaseLocation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    core = open_core(sqlite_location)
    core.contacts.create(_draft("Kari", "Nordmann"))
    core.close()

    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS_DIR, scripts)
    (scripts / "versions" / "0099_test.py").write_text(
        NEW_REVISION.format(head=migrate.HEAD_REVISION), encoding="utf-8"
    )
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", scripts)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "0099")

    open_core(sqlite_location).close()

    assert sqlite_location.backup_dir is not None
    backups = backup.list_backups(sqlite_location.backup_dir)
    assert len(backups) == 1 and "for-oppgradering" in backups[0].name
    old = sqlite3.connect(backups[0])
    assert old.execute("SELECT version_num FROM alembic_version").fetchone()[0] != "0099"
    assert old.execute("SELECT given_name FROM contact").fetchall() == [("Kari",)]
    old.close()
    new = sqlite3.connect(sqlite_location.path)
    assert new.execute("SELECT version_num FROM alembic_version").fetchone() == ("0099",)
    new.close()


def test_opening_a_new_database_takes_no_backup(sqlite_location: DatabaseLocation) -> None:
    open_core(sqlite_location).close()
    assert sqlite_location.backup_dir is not None
    assert backup.list_backups(sqlite_location.backup_dir) == []


def _draft(given: str, family: str):  # type: ignore[no-untyped-def]
    from kontakt.domain.records import ContactDraft

    return ContactDraft(given_name=given, family_name=family)


def test_postgresql_gets_a_trigram_index_for_search(location: DatabaseLocation) -> None:
    if location.is_sqlite:
        pytest.skip("PostgreSQL only")
    core = open_core(location)
    try:
        names = {ix["name"] for ix in inspect(core.engine).get_indexes("contact")}
    finally:
        core.close()
    assert "ix_contact_search_trgm" in names


STARTER = """
import sys
from kontakt.app import open_core
from kontakt.paths import resolve_database
core = open_core(resolve_database(sys.argv[1]))
print(len(core.catalog.topics()))
core.close()
"""


def test_two_clients_starting_at_once_both_open_the_database(location: DatabaseLocation) -> None:
    """Two Kontakt processes on one new database: one migrates, the other waits and uses it."""
    import subprocess
    import sys

    target = str(location.path) if location.path else location.url
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, target],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [err for _, err in outputs]
    counts = [int(out.strip()) for out, _ in outputs]
    assert counts[0] == counts[1] == 15
