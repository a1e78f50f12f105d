"""Remember what the patron was told, and voids for acts they were told did not happen.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("journal") as batch:
        # Rows from before this revision were all shown to patrons as done.
        batch.add_column(
            sa.Column("told_patron", sa.String(12), nullable=False, server_default="done")
        )
        batch.add_column(
            sa.Column("void_requested", sa.Boolean, nullable=False, server_default=sa.false())
        )
    op.create_index("ix_journal_item", "journal", ["item_barcode", "seq"])


def downgrade() -> None:
    op.drop_index("ix_journal_item", "journal")
    with op.batch_alter_table("journal") as batch:
        batch.drop_column("void_requested")
        batch.drop_column("told_patron")
