"""Extraction records and the analyst's corrections.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"


def upgrade() -> None:
    op.create_table(
        "records",
        sa.Column("id", sa.String(40), primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("side", sa.String(20)),
        sa.Column("issue", sa.String(80)),
        sa.Column("date", sa.Date),
        sa.Column("confidence", sa.Float, nullable=False),
        sa.Column("source_type", sa.String(20), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("extracted_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_records_article_id", "records", ["article_id"])
    op.create_index("ix_records_kind", "records", ["kind"])
    op.create_table(
        "corrections",
        sa.Column("record_id", sa.String(40), primary_key=True),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("fields", sa.Text, nullable=False, server_default="{}"),
        sa.Column("note", sa.Text),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("corrections")
    op.drop_index("ix_records_kind", "records")
    op.drop_index("ix_records_article_id", "records")
    op.drop_table("records")
