"""The mailbox: addresses on hold after bounces, and incoming messages already processed.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07 12:40:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "address_hold",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("address", sa.String(length=320), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_bounce_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("mailing_id", sa.Integer(), nullable=True),
        sa.Column("soft_count", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_address_hold_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["mailing_id"],
            ["mailing.id"],
            name=op.f("fk_address_hold_mailing_id_mailing"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_address_hold")),
        sa.UniqueConstraint("address", name=op.f("uq_address_hold_address")),
    )
    with op.batch_alter_table("address_hold", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_address_hold_contact_id"), ["contact_id"])

    op.create_table(
        "inbound_message",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("folder", sa.String(length=300), nullable=False),
        sa.Column("uid_validity", sa.BigInteger(), nullable=False),
        sa.Column("uid", sa.BigInteger(), nullable=False),
        sa.Column("message_id", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("mailing_id", sa.Integer(), nullable=True),
        sa.Column("event_id", sa.Integer(), nullable=True),
        sa.Column("processed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied", sa.Boolean(), nullable=False),
        sa.Column("change_id", sa.String(length=36), nullable=True),
        sa.Column("undo", sa.JSON(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contact.id"],
            name=op.f("fk_inbound_message_contact_id_contact"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["event.id"],
            name=op.f("fk_inbound_message_event_id_event"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["mailing_id"],
            ["mailing.id"],
            name=op.f("fk_inbound_message_mailing_id_mailing"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inbound_message")),
        sa.UniqueConstraint(
            "folder", "uid_validity", "uid", name=op.f("uq_inbound_message_folder")
        ),
    )
    with op.batch_alter_table("inbound_message", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inbound_message_change_id"), ["change_id"])
        batch_op.create_index(batch_op.f("ix_inbound_message_contact_id"), ["contact_id"])
        batch_op.create_index(batch_op.f("ix_inbound_message_message_id"), ["message_id"])


def downgrade() -> None:
    """Downgrade schema."""
    op.drop_table("inbound_message")
    op.drop_table("address_hold")
