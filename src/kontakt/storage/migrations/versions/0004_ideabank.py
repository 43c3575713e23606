"""Idea bank: documents with topics, place, authors, files and recipients; their search index.

Also creates the free-text search index over document.search_text (SQLite:
FTS5 trigram, kept in step by triggers; PostgreSQL: a pg_trgm GIN index where
the extension exists or can be created), as 0001 does for contacts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 02:16:03.195095

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("county_number", sa.String(length=2), nullable=True),
        sa.Column("municipality_number", sa.String(length=4), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("link", sa.String(length=1000), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("uid", name=op.f("uq_document_uid")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_county_number"), ["county_number"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_document_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_document_kind"), ["kind"], unique=False)

    op.create_table(
        "document_author",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_document_author_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_author_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "contact_id", name=op.f("pk_document_author")),
    )
    with op.batch_alter_table("document_author", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_author_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "document_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("mime_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_file_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_file")),
    )
    with op.batch_alter_table("document_file", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_file_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "document_topic",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_topic_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topic.id"],
            name=op.f("fk_document_topic_topic_id_topic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "topic_id", name=op.f("pk_document_topic")),
    )
    with op.batch_alter_table("document_topic", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_topic_topic_id"), ["topic_id"], unique=False)

    op.create_table(
        "document_mailing",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("mailing_id", sa.Integer(), nullable=False),
        sa.Column("as_attachment", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_mailing_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mailing_id"],
            ["mailing.id"],
            name=op.f("fk_document_mailing_mailing_id_mailing"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "mailing_id", name=op.f("pk_document_mailing")),
    )
    with op.batch_alter_table("document_mailing", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_mailing_mailing_id"), ["mailing_id"], unique=False
        )

    op.create_table(
        "document_recipient",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("mailing_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_document_recipient_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["document.id"],
            name=op.f("fk_document_recipient_document_id_document"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mailing_id"],
            ["mailing.id"],
            name=op.f("fk_document_recipient_mailing_id_mailing"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_recipient")),
        sa.UniqueConstraint(
            "document_id",
            "contact_id",
            "mailing_id",
            name=op.f("uq_document_recipient_document_id"),
        ),
    )
    with op.batch_alter_table("document_recipient", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_recipient_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_document_recipient_document_id"), ["document_id"], unique=False
        )

    _create_search_index()


def _create_search_index() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        op.execute(
            "CREATE VIRTUAL TABLE document_fts USING fts5(search_text, content='document', "
            "content_rowid='id', tokenize='trigram')"
        )
        op.execute(
            "CREATE TRIGGER document_fts_ai AFTER INSERT ON document BEGIN "
            "INSERT INTO document_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER document_fts_ad AFTER DELETE ON document BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); END"
        )
        op.execute(
            "CREATE TRIGGER document_fts_au AFTER UPDATE OF search_text ON document BEGIN "
            "INSERT INTO document_fts(document_fts, rowid, search_text) "
            "VALUES ('delete', old.id, old.search_text); "
            "INSERT INTO document_fts(rowid, search_text) VALUES (new.id, new.search_text); END"
        )
    elif bind.dialect.name == "postgresql":
        # 0001 created pg_trgm where the server allowed it; where it did not,
        # search still works, only unindexed.
        with bind.begin_nested() as savepoint:
            try:
                op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            except sa.exc.DBAPIError:
                savepoint.rollback()
                return
        op.execute(
            "CREATE INDEX ix_document_search_trgm ON document USING gin (search_text gin_trgm_ops)"
        )


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        for trigger in ("document_fts_ai", "document_fts_ad", "document_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS document_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_document_search_trgm")
    with op.batch_alter_table("document_recipient", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_recipient_document_id"))
        batch_op.drop_index(batch_op.f("ix_document_recipient_contact_id"))

    op.drop_table("document_recipient")
    with op.batch_alter_table("document_mailing", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_mailing_mailing_id"))

    op.drop_table("document_mailing")
    with op.batch_alter_table("document_topic", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_topic_topic_id"))

    op.drop_table("document_topic")
    with op.batch_alter_table("document_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_file_document_id"))

    op.drop_table("document_file")
    with op.batch_alter_table("document_author", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_author_contact_id"))

    op.drop_table("document_author")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_kind"))
        batch_op.drop_index(batch_op.f("ix_document_date"))
        batch_op.drop_index(batch_op.f("ix_document_county_number"))

    op.drop_table("document")
