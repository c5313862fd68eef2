"""Full-text search over articles: an FTS5 index on SQLite, a GIN expression index on PostgreSQL.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"

POSTGRES_VECTOR = "to_tsvector('english', coalesce(title, '') || ' ' || clean_text)"


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("CREATE VIRTUAL TABLE articles_fts USING fts5(title, clean_text, content='articles', "
                   "content_rowid='id', tokenize='porter unicode61')")
        op.execute("INSERT INTO articles_fts(rowid, title, clean_text) SELECT id, coalesce(title, ''), clean_text "
                   "FROM articles")
        op.execute("CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN INSERT INTO "
                   "articles_fts(rowid, title, clean_text) VALUES (new.id, coalesce(new.title, ''), new.clean_text); END")
        op.execute("CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN INSERT INTO "
                   "articles_fts(articles_fts, rowid, title, clean_text) VALUES ('delete', old.id, "
                   "coalesce(old.title, ''), old.clean_text); END")
        op.execute("CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, clean_text ON articles BEGIN INSERT INTO "
                   "articles_fts(articles_fts, rowid, title, clean_text) VALUES ('delete', old.id, "
                   "coalesce(old.title, ''), old.clean_text); INSERT INTO articles_fts(rowid, title, clean_text) "
                   "VALUES (new.id, coalesce(new.title, ''), new.clean_text); END")
    else:
        op.execute(f"CREATE INDEX ix_articles_search ON articles USING gin ({POSTGRES_VECTOR})")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS articles_fts_{name}")
        op.execute("DROP TABLE IF EXISTS articles_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_articles_search")
