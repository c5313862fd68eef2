"""The sentence-embedding path for spun copies (the optional extra, which the test set-up installs).

With CI=true the extra must be present; elsewhere these tests are skipped without it.
"""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import select

from accord.cli import app
from accord.news import embeddings
from accord.news.dedupe import Deduplicator, Features
from accord.news.ingest import catch_up_vectors, ingest, new_vectors
from accord.news.store import articles, open_store

if not embeddings.available():
    if os.environ.get("CI"):
        raise RuntimeError(f"CI needs the embedding extra: {embeddings.INSTALL_HINT}")
    pytest.skip(f"embeddings not installed ({embeddings.INSTALL_HINT})", allow_module_level=True)

# An original with too few names and numbers for fingerprints, and a thesaurus spin of it (our own text).
ORIGINAL = ("the negotiators said on the last day of the talks that they had made real progress on the "
            "hardest questions, but that several big gaps remained over the future of the disputed border "
            "and the guarantees that each side wants before it signs any final agreement. they plan to meet "
            "again soon, and the mediators believe a compromise is possible if both delegations keep working.")
SPUN = ("the negotiators stated on the final day of the talks that they had actually made real progress on the "
        "hardest questions, however that several huge gaps remained over the future of the contested border "
        "and the guarantees that each side desires before it signs any last agreement. they intend to meet "
        "again quickly, and the mediators think a compromise is feasible if both delegations keep working.")
OTHER = ("farmers across the region said the dry summer had cut the harvest by a third, and they asked the "
         "ministry for help with the cost of feed and water before the winter. prices for bread and milk "
         "have already risen in the shops, and economists expect them to climb further next year.")


@pytest.fixture(scope="module")
def encoder():
    return embeddings.Encoder.load()


def test_embeddings_are_unit_vectors_and_a_spin_is_near_its_original(encoder):
    vectors = encoder.encode([ORIGINAL, SPUN, OTHER])
    assert vectors.shape == (3, embeddings.DIMENSIONS)
    assert abs(float(vectors[0] @ vectors[0]) - 1) < 1e-4
    assert float(vectors[0] @ vectors[1]) > float(vectors[0] @ vectors[2]) + 0.3


def test_a_spin_without_fingerprints_is_caught_only_with_embeddings(encoder):
    assert len(Features.of(SPUN).prints) < 5  # the fingerprint rule cannot apply
    plain = Deduplicator.in_memory()
    plain.add(1, ORIGINAL, "h1")
    assert plain.find(SPUN, "h2") is None
    with_vectors = Deduplicator.in_memory(encoder)
    with_vectors.add(1, ORIGINAL, "h1")
    with_vectors.add(2, OTHER, "h3")
    match = with_vectors.find(SPUN, "h2")
    assert match is not None and (match.original, match.kind) == (1, "spun") and match.similarity >= 0.95


def test_ingest_stores_embeddings_and_reuses_them(encoder, tmp_path, db_url):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a_original.txt").write_text(ORIGINAL)
    (folder / "b_other.txt").write_text(OTHER)
    store = open_store(db_url)
    ingest([str(folder)], store, encoder=encoder)
    (folder / "c_spun.txt").write_text(SPUN)
    summary = ingest([str(folder)], store, encoder=encoder)  # a second run: the stored embeddings are read back
    assert (summary.stored, summary.duplicates, dict(summary.kinds)) == (1, 1, {"spun": 1})
    with store.engine.connect() as connection:
        rows = connection.execute(select(articles.c.doc_id, articles.c.embedding, articles.c.duplicate_kind)
                                  .order_by(articles.c.doc_id)).all()
    assert all(r.embedding is not None and len(r.embedding) == 4 * embeddings.DIMENSIONS for r in rows)
    assert [r.duplicate_kind for r in rows] == [None, None, "spun"]
    vectors = new_vectors()
    with store.engine.begin() as connection:
        catch_up_vectors(connection, vectors, encoder)
    assert len(vectors) == 3


def test_cli_ingest_with_embeddings(runner, tmp_path, db_url):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a_original.txt").write_text(ORIGINAL)
    (folder / "c_spun.txt").write_text(SPUN)
    result = runner.invoke(app, ["ingest", str(folder), "--db", db_url, "--embeddings", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["duplicate_kinds"] == {"spun": 1}
    plain = runner.invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "plain.db"), "--no-embeddings", "--json"])
    assert plain.exit_code == 0 and json.loads(plain.stdout)["duplicate_kinds"] == {}
