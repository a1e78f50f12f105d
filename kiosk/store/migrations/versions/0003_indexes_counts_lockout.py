"""Queries independent of the journal's size (partial indexes, counts kept by triggers), and the
technician PIN's lockout kept across restarts.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# As in kiosk.store.models (kept literal here: a migration must not change when the model does).
TO_REPLAY = "((state = 'pending' AND told_patron != 'pending') OR void_requested = 1)"
PARTIAL = {
    "ix_journal_replay": (["occurred_at", "seq"], TO_REPLAY),
    "ix_journal_replay_item": (["item_barcode", "seq"], TO_REPLAY),
    "ix_journal_unanswered": (["state"], "told_patron = 'pending'"),
    "ix_journal_finalized": (["state", "finalized_at"], "finalized_at IS NOT NULL"),
    "ix_journal_errors": (["last_attempt_at"], "last_error IS NOT NULL"),
}
# Counts per state follow every insert, state change and delete, whoever writes the row.
TRIGGERS = {
    "journal_count_insert": """
        CREATE TRIGGER journal_count_insert AFTER INSERT ON journal BEGIN
            INSERT INTO journal_counts (state, n) VALUES (NEW.state, 1)
                ON CONFLICT (state) DO UPDATE SET n = n + 1;
        END""",
    "journal_count_delete": """
        CREATE TRIGGER journal_count_delete AFTER DELETE ON journal BEGIN
            UPDATE journal_counts SET n = n - 1 WHERE state = OLD.state;
        END""",
    "journal_count_update": """
        CREATE TRIGGER journal_count_update AFTER UPDATE OF state ON journal
        WHEN OLD.state != NEW.state BEGIN
            UPDATE journal_counts SET n = n - 1 WHERE state = OLD.state;
            INSERT INTO journal_counts (state, n) VALUES (NEW.state, 1)
                ON CONFLICT (state) DO UPDATE SET n = n + 1;
        END""",
}


def upgrade() -> None:
    for name, (columns, where) in PARTIAL.items():
        op.create_index(name, "journal", columns, sqlite_where=sa.text(where))
    op.create_table(
        "journal_counts",
        sa.Column("state", sa.String(10), primary_key=True),
        sa.Column("n", sa.Integer, nullable=False),
    )
    op.execute(
        "INSERT INTO journal_counts (state, n) SELECT state, count(*) FROM journal GROUP BY state"
    )
    for sql in TRIGGERS.values():
        op.execute(sql)
    op.create_table(
        "technician_lockout",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("wrong_pins", sa.Integer, nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True)),
    )


def downgrade() -> None:
    op.drop_table("technician_lockout")
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name}")
    op.drop_table("journal_counts")
    for name in PARTIAL:
        op.drop_index(name, "journal")
