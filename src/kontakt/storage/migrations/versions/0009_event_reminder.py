"""Events remember the start time their day-before reminder was sent for.

The reminder goes out once (the window's timer and ``kontakt events remind``
may both look, from several machines on one shared database): storing it
with the reminder's mailing, in one transaction that claims the event, keeps
it from going twice. An event moved to another time gets a new reminder.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 12:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("reminded_for", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_column("reminded_for")
