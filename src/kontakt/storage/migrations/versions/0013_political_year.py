"""The political year: the member survey as data, candidates, follow-ups, document uses.

``survey``, ``survey_question``, ``survey_response`` (-> contact) and
``survey_answer`` keep every answer of an imported survey; ``role`` gains the
candidate's election, list, place on the list, municipality/county and the
result; ``follow_up`` is a light task list; ``coverage_snapshot`` keeps the
overview's counts per day (the year before, for comparison); ``document_use``
records where an idébank document was used and with what outcome.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07 17:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0013"
down_revision: str | Sequence[str] | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _fk(table: str, column: str, target: str, ondelete: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column],
        [f"{target}.id"],
        name=op.f(f"fk_{table}_{column}_{target}"),
        ondelete=ondelete,
    )


def _index(table: str, *columns: str, unique: bool = False) -> None:
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.create_index(batch_op.f(f"ix_{table}_{column}"), [column], unique=unique)


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "survey",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_key", sa.String(length=200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("source_file", sa.String(length=500), nullable=False),
        sa.Column("import_batch_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("survey", "import_batch_id", "import_batch", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey")),
        sa.UniqueConstraint("name_key", name=op.f("uq_survey_name_key")),
    )
    _index("survey", "import_batch_id")
    op.create_table(
        "survey_question",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        _fk("survey_question", "survey_id", "survey", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_question")),
        sa.UniqueConstraint("survey_id", "position", name=op.f("uq_survey_question_survey_id")),
    )
    _index("survey_question", "survey_id")
    op.create_table(
        "survey_response",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("answered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_number", sa.Integer(), nullable=True),
        _fk("survey_response", "survey_id", "survey", "CASCADE"),
        _fk("survey_response", "contact_id", "contact", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_response")),
    )
    _index("survey_response", "survey_id", "contact_id")
    op.create_table(
        "survey_answer",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("response_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        _fk("survey_answer", "response_id", "survey_response", "CASCADE"),
        _fk("survey_answer", "question_id", "survey_question", "CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_survey_answer")),
    )
    _index("survey_answer", "response_id", "question_id")
    with op.batch_alter_table("role", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("election", sa.String(length=60), nullable=False, server_default="")
        )
        batch_op.add_column(
            sa.Column("list_name", sa.String(length=200), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("list_place", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("municipality_number", sa.String(length=4), nullable=True))
        batch_op.add_column(sa.Column("county_number", sa.String(length=2), nullable=True))
        batch_op.add_column(
            sa.Column("result", sa.String(length=20), nullable=False, server_default="")
        )
    op.create_table(
        "follow_up",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("what", sa.String(length=300), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("county_number", sa.String(length=2), nullable=True),
        sa.Column("topic_id", sa.Integer(), nullable=True),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("follow_up", "contact_id", "contact", "CASCADE"),
        _fk("follow_up", "topic_id", "topic", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_up")),
    )
    _index("follow_up", "contact_id", "due")
    op.create_table(
        "coverage_snapshot",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_coverage_snapshot")),
        sa.UniqueConstraint("taken_on", name=op.f("uq_coverage_snapshot_taken_on")),
    )
    op.create_table(
        "document_use",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("county_number", sa.String(length=2), nullable=True),
        sa.Column("municipality_number", sa.String(length=4), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("link", sa.String(length=1000), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        _fk("document_use", "document_id", "document", "CASCADE"),
        _fk("document_use", "contact_id", "contact", "SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_use")),
    )
    _index("document_use", "document_id", "county_number", "contact_id")


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("document_use")
    op.drop_table("coverage_snapshot")
    op.drop_table("follow_up")
    with op.batch_alter_table("role", schema=None) as batch_op:
        for column in (
            "result", "county_number", "municipality_number", "list_place", "list_name", "election",
        ):  # fmt: skip
            batch_op.drop_column(column)
    op.drop_table("survey_answer")
    op.drop_table("survey_response")
    op.drop_table("survey_question")
    op.drop_table("survey")
