"""SQLite: drop two contact indexes that the covering search indexes make redundant.

``ix_contact_sort_key (sort_key)`` is the start of ``ix_contact_walk (sort_key,
id, deleted_at, search_text)`` and ``ix_contact_county_sort (county_number,
sort_key)`` the start of ``ix_contact_walk_county``; SQLite's planner never
chose them over the covering ones (EXPLAIN QUERY PLAN of the search, sort and
count queries), and every index costs time on each insert: a 50,000-row
import writes about 0.5 s less. PostgreSQL has no covering indexes and keeps
both.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 02:00:00.000000
"""

from collections.abc import Sequence

from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP INDEX IF EXISTS ix_contact_sort_key")
        op.execute("DROP INDEX IF EXISTS ix_contact_county_sort")


def downgrade() -> None:
    """Downgrade schema."""
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE INDEX IF NOT EXISTS ix_contact_sort_key ON contact (sort_key)")
        op.execute(
            "CREATE INDEX IF NOT EXISTS ix_contact_county_sort ON contact (county_number, sort_key)"
        )
