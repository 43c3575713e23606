"""Mailings know whether they are newsletters, and keep a newsletter's Markdown source.

``mailing.kind`` is "message" (a personal message, an invitation, a reminder:
everything sent before) or "newsletter"; the open archive and «Kopier et
tidligere nyhetsbrev» look for the newsletters. ``mailing.markdown`` keeps
the text the newsletter was written in ("" for other mailings); ``body`` and
``html`` stay the parts that were sent.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 13:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0010"
down_revision: str | Sequence[str] | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("mailing") as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=20), nullable=False, server_default="message")
        )
        batch_op.add_column(sa.Column("markdown", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("mailing") as batch_op:
        batch_op.drop_column("markdown")
        batch_op.drop_column("kind")
