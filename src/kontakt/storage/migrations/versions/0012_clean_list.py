"""A clean list: merges of duplicates, remembered uids, «not the same person», topic synonyms.

``contact_merge`` (what a merge did, to undo it), ``contact_alias`` (the uid
of a contact merged away -> the kept contact), ``not_duplicate`` (pairs said
to be two people), ``topic_synonym`` (words that mean a topic, seeded here for
the network's seed topics where they exist) and ``vocabulary_change`` (renames,
merges and deletes of topics, labels, lists and saved searches, for undo).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-07 16:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0012"
down_revision: str | Sequence[str] | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The words people use for the seed topics (migration 0001), as shipped; the
# board edits them afterwards. Frozen here: a migration does the same on every database.
SEED_SYNONYMS: dict[str, tuple[str, ...]] = {
    "Tannhelsereform": (
        "tannhelse", "tannhelsereformen", "tannlege", "tannleger", "tannbehandling",
        "tannpleie", "tenner",
    ),
    "Psykisk helse": (
        "psykiatri", "mental helse", "psykisk helsevern", "psykiske lidelser",
        "psykisk uhelse",
    ),
    "Rus": ("rusomsorg", "rusbehandling", "rusreform", "avhengighet", "narkotika", "alkohol"),
    "Eldreomsorg": (
        "eldre", "sykehjem", "hjemmetjenester", "hjemmetjenesten", "hjemmesykepleie",
        "eldrepolitikk", "omsorg for eldre", "demens",
    ),
    "Sykehus": ("lokalsykehus", "sykehusstruktur", "spesialisthelsetjenesten", "akuttmottak"),
    "Bemanning": (
        "helsepersonell", "sykepleiermangel", "grunnbemanning", "heltid", "arbeidsvilkår",
    ),
    "Helseforetaksmodellen": (
        "helseforetak", "foretaksmodellen", "helseforetakene", "styringsmodell",
    ),
    "Kommersialisering": ("privatisering", "anbud", "velferdsprofitt", "profitt i velferden"),
    "Rehabilitering": ("rehab", "opptrening"),
    "Kvinnehelse": ("kvinners helse", "kvinnesykdommer", "endometriose"),
    "Folkehelse": ("forebygging", "forebyggende helse", "levekår"),
    "Fødetilbud": (
        "fødeavdeling", "fødeavdelinger", "fødsel", "fødsler", "jordmor", "jordmødre",
        "barselomsorg", "fødselsomsorg",
    ),
    "Ambulanse": ("ambulansetjeneste", "luftambulanse", "akuttberedskap", "beredskap"),
    "Fastlege": ("fastlegeordningen", "fastleger", "allmennlege", "legevakt"),
    "Kommunehelsetjenesten": (
        "kommunehelse", "primærhelsetjenesten", "helsetjenester i kommunen",
    ),
}  # fmt: skip


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "contact_merge",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("kept_uid", sa.String(length=36), nullable=False),
        sa.Column("other_uid", sa.String(length=36), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("undo_change_id", sa.String(length=36), nullable=True),
        sa.Column("kept_before", sa.JSON(), nullable=False),
        sa.Column("other_before", sa.JSON(), nullable=False),
        sa.Column("kept_version_after", sa.Integer(), nullable=False),
        sa.Column("moved", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_merge")),
        sa.UniqueConstraint("change_id", name=op.f("uq_contact_merge_change_id")),
    )
    with op.batch_alter_table("contact_merge", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_contact_merge_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_merge_kept_uid"), ["kept_uid"], unique=False)
        batch_op.create_index(batch_op.f("ix_contact_merge_other_uid"), ["other_uid"], unique=False)
    op.create_table(
        "contact_alias",
        sa.Column("uid", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("merge_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_contact_alias_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["merge_id"],
            ["contact_merge.id"],
            name=op.f("fk_contact_alias_merge_id_contact_merge"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("uid", name=op.f("pk_contact_alias")),
    )
    with op.batch_alter_table("contact_alias", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_contact_alias_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_contact_alias_merge_id"), ["merge_id"], unique=False)
    op.create_table(
        "not_duplicate",
        sa.Column("uid_a", sa.String(length=36), nullable=False),
        sa.Column("uid_b", sa.String(length=36), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.PrimaryKeyConstraint("uid_a", "uid_b", name=op.f("pk_not_duplicate")),
    )
    with op.batch_alter_table("not_duplicate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_not_duplicate_uid_b"), ["uid_b"], unique=False)
    op.create_table(
        "topic_synonym",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(length=100), nullable=False),
        sa.Column("word_key", sa.String(length=100), nullable=False),
        sa.ForeignKeyConstraint(
            ["topic_id"],
            ["topic.id"],
            name=op.f("fk_topic_synonym_topic_id_topic"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_topic_synonym")),
        sa.UniqueConstraint("word_key", name=op.f("uq_topic_synonym_word_key")),
    )
    with op.batch_alter_table("topic_synonym", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_topic_synonym_topic_id"), ["topic_id"], unique=False)
    op.create_table(
        "vocabulary_change",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vocabulary_change")),
    )
    with op.batch_alter_table("vocabulary_change", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vocabulary_change_at"), ["at"], unique=False)
    _seed_synonyms()


def _seed_synonyms() -> None:
    bind = op.get_bind()
    topics: dict[str, int] = {
        str(key): int(tid) for key, tid in bind.execute(sa.text("SELECT name_key, id FROM topic"))
    }
    synonym = sa.table(
        "topic_synonym",
        sa.column("topic_id", sa.Integer),
        sa.column("word", sa.String),
        sa.column("word_key", sa.String),
    )
    rows = [
        {"topic_id": topics[name.casefold()], "word": word, "word_key": word.casefold()}
        for name, words in SEED_SYNONYMS.items()
        if name.casefold() in topics
        for word in words
        # A word that is itself a topic here (a board made «Tannhelse» a topic) stays that topic.
        if word.casefold() not in topics
    ]
    if rows:
        op.bulk_insert(synonym, rows)


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("vocabulary_change")
    op.drop_table("topic_synonym")
    op.drop_table("not_duplicate")
    op.drop_table("contact_alias")
    op.drop_table("contact_merge")
