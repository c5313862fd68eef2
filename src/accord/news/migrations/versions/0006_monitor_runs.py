"""What `accord monitor` saw at its last run of each agreement, so that a run from cron can say whether any
claim is new (exit code 1) without being told since when.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"


def upgrade() -> None:
    op.create_table(
        "monitor_runs",
        sa.Column("agreement_id", sa.String(80), primary_key=True),
        sa.Column("run_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seen", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("monitor_runs")
