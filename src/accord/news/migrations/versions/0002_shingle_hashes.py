"""Copy detection hashes shingles with CRC-32 instead of SHA-1: stored MinHash signatures are recomputed.

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


def downgrade() -> None:
    op.execute(sa.text("UPDATE articles SET signature = NULL"))
