"""Newsletter templates the board edits, and newsletter drafts.

``newsletter_template``: a name, header and footer in Markdown and an
optional logo (a missing template falls back to the built-in one).
``newsletter_draft``: a newsletter being written (subject, Markdown, the
template's name), saved until it is sent or thrown away.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 14:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0011"
down_revision: str | Sequence[str] | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "newsletter_template",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("header", sa.Text(), nullable=False),
        sa.Column("footer", sa.Text(), nullable=False),
        sa.Column("logo", sa.LargeBinary(), nullable=True),
        sa.Column("logo_mime", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_template")),
        sa.UniqueConstraint("name", name=op.f("uq_newsletter_template_name")),
    )
    op.create_table(
        "newsletter_draft",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("markdown", sa.Text(), nullable=False),
        sa.Column("template", sa.String(length=100), nullable=False),
        sa.Column("actor", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_newsletter_draft")),
    )


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("newsletter_draft")
    op.drop_table("newsletter_template")
