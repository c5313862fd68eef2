"""Copy detection's index in the database: per article its content hash, day, signature and packed
features, its LSH band keys and fingerprints; per content-word bucket its document frequency. Concurrent
ingest processes then find each other's copies, and no run recomputes the stored articles' features.
Articles stored before this revision are indexed by the next ingest (accord.news.copyindex.index_missing).

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"


def upgrade() -> None:
    op.create_table(
        "copy_documents",
        sa.Column("article_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("clean_hash", sa.String(64), nullable=False, index=True),
        sa.Column("day", sa.Integer),
        sa.Column("signature", sa.LargeBinary),
        sa.Column("features", sa.LargeBinary, nullable=False),
    )
    for name in ("copy_bands", "copy_prints"):
        op.create_table(
            name,
            sa.Column("key", sa.BigInteger, primary_key=True, autoincrement=False),
            sa.Column("article_id", sa.Integer, primary_key=True, autoincrement=False),
            sqlite_with_rowid=False,
        )
    op.create_table(
        "term_documents",
        sa.Column("bucket", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("documents", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for name in ("term_documents", "copy_prints", "copy_bands", "copy_documents"):
        op.drop_table(name)
