"""Copy detection hashes shingles with CRC-32 instead of SHA-1, so stored MinHash signatures are
recomputed; articles gain an optional sentence embedding.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"


def upgrade() -> None:
    # A missing signature is computed again from the clean text when the store is next loaded for ingest.
    op.execute(sa.text("UPDATE articles SET signature = NULL"))
    with op.batch_alter_table("articles") as table:
        table.add_column(sa.Column("embedding", sa.LargeBinary))


def downgrade() -> None:
    with op.batch_alter_table("articles") as table:
        table.drop_column("embedding")
    op.execute(sa.text("UPDATE articles SET signature = NULL"))
