"""Keep each contact's county on its topic links, for the overview grid.

The grid counts live contacts per county and topic. Joining 175,000 topic
links to 100,000 contacts and sorting them into groups took 280-400 ms on
SQLite (target 200 ms, bench/bench_overview.py). With the county on the link
and an index (county_number, topic_id, contact_id), the counts are one pass
over that index in group order: about 20 ms, and 120 ms with the
folkevalgt/tillitsvalgt split.

``contact_topic.county_number`` is the contact's county while the contact is
live and NULL while it is in the bin (or has no county). Triggers keep it so,
whatever writes the tables: the ORM, the bulk import, undo, restore. A
writer that knows the county may insert it with the link, and is trusted
with it: the import gives the county it validated for each new (live)
contact, which spares SQLite a lookup and a second write per link. Inserting
100,000 links took 0.26 s before this migration, 0.42-0.49 s with the county
given and 0.7-1.0 s with the trigger finding it.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 05:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The county a topic link counts under: the contact's, while it is live.
_LINK_COUNTY = (
    "(SELECT CASE WHEN c.deleted_at IS NULL THEN c.county_number END"
    " FROM contact c WHERE c.id = {link}.contact_id)"
)

_SQLITE_TRIGGERS = (
    f"""
    CREATE TRIGGER contact_topic_county_on_insert AFTER INSERT ON contact_topic
    WHEN NEW.county_number IS NULL
    BEGIN
        UPDATE contact_topic SET county_number = {_LINK_COUNTY.format(link="NEW")}
        WHERE contact_id = NEW.contact_id AND topic_id = NEW.topic_id;
    END
    """,
    """
    CREATE TRIGGER contact_topic_county_on_contact AFTER UPDATE OF county_number, deleted_at
    ON contact
    WHEN OLD.county_number IS NOT NEW.county_number OR OLD.deleted_at IS NOT NEW.deleted_at
    BEGIN
        UPDATE contact_topic
        SET county_number = CASE WHEN NEW.deleted_at IS NULL THEN NEW.county_number END
        WHERE contact_id = NEW.id;
    END
    """,
)

_POSTGRESQL_TRIGGERS = (
    f"""
    CREATE FUNCTION contact_topic_county_on_insert() RETURNS trigger AS $$
    BEGIN
        NEW.county_number := {_LINK_COUNTY.format(link="NEW")};
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER contact_topic_county_on_insert BEFORE INSERT ON contact_topic
    FOR EACH ROW WHEN (NEW.county_number IS NULL)
    EXECUTE FUNCTION contact_topic_county_on_insert()
    """,
    """
    CREATE FUNCTION contact_topic_county_on_contact() RETURNS trigger AS $$
    BEGIN
        UPDATE contact_topic
        SET county_number = CASE WHEN NEW.deleted_at IS NULL THEN NEW.county_number END
        WHERE contact_id = NEW.id;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER contact_topic_county_on_contact AFTER UPDATE OF county_number, deleted_at
    ON contact FOR EACH ROW
    WHEN (OLD.county_number IS DISTINCT FROM NEW.county_number
          OR OLD.deleted_at IS DISTINCT FROM NEW.deleted_at)
    EXECUTE FUNCTION contact_topic_county_on_contact()
    """,
)


def upgrade() -> None:
    """Upgrade schema."""
    dialect = op.get_bind().dialect.name
    op.add_column("contact_topic", sa.Column("county_number", sa.String(length=2), nullable=True))
    op.execute(
        "UPDATE contact_topic SET county_number = " + _LINK_COUNTY.format(link="contact_topic")
    )
    op.create_index(
        "ix_contact_topic_grid", "contact_topic", ["county_number", "topic_id", "contact_id"]
    )
    for statement in _SQLITE_TRIGGERS if dialect == "sqlite" else _POSTGRESQL_TRIGGERS:
        op.execute(statement)


def downgrade() -> None:
    """Downgrade schema."""
    dialect = op.get_bind().dialect.name
    op.execute(
        "DROP TRIGGER IF EXISTS contact_topic_county_on_insert"
        + ("" if dialect == "sqlite" else " ON contact_topic")
    )
    op.execute(
        "DROP TRIGGER IF EXISTS contact_topic_county_on_contact"
        + ("" if dialect == "sqlite" else " ON contact")
    )
    if dialect != "sqlite":
        op.execute("DROP FUNCTION IF EXISTS contact_topic_county_on_insert()")
        op.execute("DROP FUNCTION IF EXISTS contact_topic_county_on_contact()")
    op.drop_index("ix_contact_topic_grid", table_name="contact_topic")
    with op.batch_alter_table("contact_topic") as batch_op:
        batch_op.drop_column("county_number")
