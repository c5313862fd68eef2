"""The first schema: articles, sentences, ingest runs and skips.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None


def upgrade() -> None:
    op.create_table(
        "ingest_runs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.Column("arguments", sa.Text, nullable=False, server_default=""),
        sa.Column("read", sa.Integer, nullable=False, server_default="0"),
        sa.Column("stored", sa.Integer, nullable=False, server_default="0"),
        sa.Column("duplicates", sa.Integer, nullable=False, server_default="0"),
        sa.Column("skipped", sa.Integer, nullable=False, server_default="0"),
        sa.Column("status", sa.String(20), nullable=False, server_default="running"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("doc_id", sa.String(200), nullable=False, unique=True),
        sa.Column("page_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE")),
        sa.Column("section", sa.String(20), nullable=False, server_default="main"),
        sa.Column("part", sa.Integer, nullable=False, server_default="1"),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_format", sa.String(20), nullable=False),
        sa.Column("raw_hash", sa.String(64), nullable=False),
        sa.Column("raw_text", sa.Text, nullable=False),
        sa.Column("clean_text", sa.Text, nullable=False),
        sa.Column("clean_hash", sa.String(64), nullable=False),
        sa.Column("offsets", sa.Text, nullable=False, server_default="[]"),
        sa.Column("title", sa.Text),
        sa.Column("outlet", sa.Text),
        sa.Column("author", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("published", sa.Date),
        sa.Column("date_source", sa.String(40)),
        sa.Column("language", sa.String(12)),
        sa.Column("is_english", sa.Boolean, nullable=False, server_default=sa.true()),
        sa.Column("duplicate_of", sa.Integer, sa.ForeignKey("articles.id", ondelete="SET NULL")),
        sa.Column("duplicate_kind", sa.String(20)),
        sa.Column("similarity", sa.Float),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id", ondelete="SET NULL")),
        sa.Column("ingested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signature", sa.LargeBinary),
    )
    op.create_index("ix_articles_clean_hash", "articles", ["clean_hash"])
    op.create_index("ix_articles_raw_source", "articles", ["raw_hash", "source", "part"], unique=True)
    op.create_index("ix_articles_published", "articles", ["published"])
    op.create_table(
        "sentences",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("article_id", sa.Integer, sa.ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("start", sa.Integer, nullable=False),
        sa.Column("end", sa.Integer, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_index("ix_sentences_article_id", "sentences", ["article_id"])
    op.create_table(
        "skips",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("run_id", sa.Integer, sa.ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("line", sa.Integer),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_skips_run_id", "skips", ["run_id"])


def downgrade() -> None:
    for table in ("skips", "sentences", "articles", "ingest_runs"):
        op.drop_table(table)
