"""Events get a revision number for their calendar entries (iCalendar SEQUENCE).

A changed event sent again must replace the entry already in people's
calendars, not sit beside it: calendar programs match the UID and take the
entry with the higher SEQUENCE (RFC 5545, 3.8.7.4). Every saved change of
time, place, link, title or description raises it.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25 05:20:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("event") as batch_op:
        batch_op.add_column(sa.Column("sequence", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("event") as batch_op:
        batch_op.drop_column("sequence")
