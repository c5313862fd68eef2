"""Record provenance: which extractor (and version) made each record and which scenario its stances were
coded on; the scenarios a corpus was extracted with, so that the last one can be used again.

Records stored before this revision were all made by the rule-based extractor, so they read as ``rules``
with an unknown version and no scenario.

Revision ID: 0005
Revises: 0004
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"


def upgrade() -> None:
    op.add_column("records", sa.Column("extractor", sa.String(40), nullable=False, server_default="rules"))
    op.add_column("records", sa.Column("extractor_version", sa.String(40), nullable=False, server_default=""))
    op.add_column("records", sa.Column("scenario_id", sa.String(80)))
    op.add_column("records", sa.Column("scenario_hash", sa.String(64)))
    op.create_index("ix_records_article_extractor", "records", ["article_id", "extractor"])
    op.create_table(
        "scenarios",
        sa.Column("hash", sa.String(64), primary_key=True),
        sa.Column("scenario_id", sa.String(80), nullable=False),
        sa.Column("source", sa.Text),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("scenarios")
    op.drop_index("ix_records_article_extractor", "records")
    for column in ("scenario_hash", "scenario_id", "extractor_version", "extractor"):
        op.drop_column("records", column)
