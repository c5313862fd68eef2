"""Bad inputs are skipped with a one-line reason and the batch goes on; a missing path is an error."""

from __future__ import annotations

import gzip
import json

import pytest

from accord.errors import AccordError
from accord.news.document import Document, Skip
from accord.news.read import ReadOptions, discover, read_inputs

BODY = "Leaders met in Geneva on Monday and agreed to keep talking about the border and the troops."


def results(folder, **options):
    return list(read_inputs(discover([str(folder)]), ReadOptions(**options)))


def reasons(items):
    return {type(i).__name__ if isinstance(i, Document) else i.reason for i in items}


def test_bad_files_are_skipped_with_reasons(tmp_path):
    (tmp_path / "good.txt").write_text(BODY)
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\x00\x00\x01" * 100)
    (tmp_path / "big.txt").write_text(BODY * 20000)
    (tmp_path / "bomb.txt.gz").write_bytes(gzip.compress(b"a" * (3 * 1024 * 1024)))
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04")
    (tmp_path / "latin.txt").write_bytes(("Café talks: " + BODY).encode("latin-1"))
    items = results(tmp_path, max_bytes=1024 * 1024)
    skips = {i.source.rsplit("/", 1)[1]: i.reason for i in items if isinstance(i, Skip)}
    assert skips["empty.txt"] == "empty file"
    assert skips["binary.txt"] == "binary file, not text"
    assert skips["big.txt"] == "larger than the 1 MB limit"
    assert skips["bomb.txt.gz"] == "expands past the 1 MB limit when decompressed"
    assert skips["notes.docx"] == "unsupported file type '.docx'"
    docs = {i.source.rsplit("/", 1)[1]: i for i in items if isinstance(i, Document)}
    assert set(docs) == {"good.txt", "latin.txt"}
    assert docs["latin.txt"].raw.startswith("Café talks")


def test_malformed_json_lines_are_reported_and_the_rest_read(tmp_path):
    lines = [json.dumps({"body": BODY, "title": "One"}), "{not json", json.dumps({"title": "no text"}),
             json.dumps(["not", "an", "object"]), json.dumps({"body": BODY + " Again.", "id": "x7"})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines))
    items = list(read_inputs([str(tmp_path / "feed.jsonl")], ReadOptions(fields={**ReadOptions().fields, "text": "body"})))
    skips = [(i.line, i.reason) for i in items if isinstance(i, Skip)]
    assert skips[0][0] == 2 and skips[0][1].startswith("malformed JSON")
    assert (3, "no text in field 'body'") in skips and (4, "a record must be a JSON object") in skips
    docs = [i for i in items if isinstance(i, Document)]
    assert [d.doc_id for d in docs] == ["feed-1", "x7"] and docs[0].metadata["title"] == "One"


def test_feeds(tmp_path):
    rss = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</title>"
           "<item><title>Talks</title><link>http://example.org/a</link><pubDate>Tue, 19 Aug 2025 10:00:00 GMT</pubDate>"
           f"<description>&lt;p&gt;{BODY}&lt;/p&gt;</description></item></channel></rss>")
    (tmp_path / "wire.xml").write_text(rss)
    (tmp_path / "broken.rss").write_text("<rss><channel><item>")
    items = results(tmp_path)
    doc = next(i for i in items if isinstance(i, Document))
    assert doc.metadata["published"] == "2025-08-19" and doc.metadata["outlet"] == "Wire" and doc.markup == "html"
    assert any(isinstance(i, Skip) and i.reason.startswith("broken or empty feed") for i in items)


def test_missing_path_and_empty_glob_are_errors(tmp_path):
    with pytest.raises(AccordError, match="no such file or folder"):
        discover([str(tmp_path / "nowhere")])
    with pytest.raises(AccordError, match="no file matches"):
        discover([str(tmp_path / "*.none")])


def test_side_file_metadata_is_attached(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "index.tsv").write_text("file\turl\toutlet\tpublished\ttitle\na.txt\t\tWire\t2025-08-19\tTalks\n")
    [doc] = results(tmp_path)
    assert doc.metadata["outlet"] == "Wire" and doc.metadata["published"] == "2025-08-19"


def test_json_lines_stream_with_the_size_limit_per_record(tmp_path):
    """A JSON Lines export larger than the size limit is read record by record; only an oversized record is skipped."""
    records = [json.dumps({"text": f"{BODY} Number {n}.", "id": f"r{n}"}) for n in range(300)]
    records[150] = json.dumps({"text": "x" * 5000, "id": "huge"})
    (tmp_path / "export.jsonl").write_text("\n".join(records) + "\n")
    limit = 4096
    assert (tmp_path / "export.jsonl").stat().st_size > 10 * limit
    items = list(read_inputs([str(tmp_path / "export.jsonl")], ReadOptions(max_bytes=limit)))
    documents = [i for i in items if isinstance(i, Document)]
    skips = [(i.line, i.reason) for i in items if isinstance(i, Skip)]
    assert len(documents) == 299 and documents[0].doc_id == "r0" and documents[-1].line == 300
    assert skips == [(151, "record larger than the 4 KB limit")]


def test_gzipped_json_lines_stream_and_report_a_truncated_archive(tmp_path):
    import gzip

    data = gzip.compress(("\n".join(json.dumps({"text": BODY, "id": f"g{n}"}) for n in range(50)) + "\n").encode())
    (tmp_path / "whole.jsonl.gz").write_bytes(data)
    (tmp_path / "cut.jsonl.gz").write_bytes(data[: len(data) // 2])
    whole = list(read_inputs([str(tmp_path / "whole.jsonl.gz")]))
    assert len(whole) == 50 and all(isinstance(i, Document) for i in whole)
    cut = list(read_inputs([str(tmp_path / "cut.jsonl.gz")]))
    assert isinstance(cut[-1], Skip) and cut[-1].reason == "compressed data ends early"


def test_binary_json_lines_file_is_one_skip(tmp_path):
    (tmp_path / "blob.jsonl").write_bytes(b"\x00\x01\x02" * 5000)
    items = list(read_inputs([str(tmp_path / "blob.jsonl")]))
    assert [(type(i), i.reason) for i in items] == [(Skip, "binary file, not text")]


def test_side_file_columns_under_other_names(tmp_path):
    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "index.tsv").write_text("File\tLink\tPublisher\tdate\tHeadline\tnote\n"
                                        "a.txt\thttp://example.org/a\tWire\t2025-08-19\tTalks\tchecked\n")
    [doc] = results(tmp_path)
    assert doc.metadata == {"file": "a.txt", "url": "http://example.org/a", "outlet": "Wire",
                            "published": "2025-08-19", "title": "Talks"}


@pytest.mark.parametrize("header, field, message", [
    ("file\twhen_dated\ttitle", "when_dated", "unknown column; for dates name it 'published'"),
    ("file\tdate\tpublished", "published", "a second column for 'published'"),
    ("name\tpublished", "file", "the metadata file needs a 'file' column"),
])
def test_side_file_column_problems_are_one_line_errors(runner, tmp_path, header, field, message):
    from accord.cli import app

    (tmp_path / "a.txt").write_text(BODY)
    (tmp_path / "index.tsv").write_text(header + "\na.txt\t2025-08-19\tx\n")
    result = runner.invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "n.db")])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"{tmp_path / 'index.tsv'}:1: {field}: {message}"


def _gzip_reader_outcome(path, limit):
    """What gzip's own reader makes of a .gz file: its first ``limit + 1`` bytes, or its error."""
    import io

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(path.read_bytes())) as unpacked:
            return unpacked.read(limit + 1)
    except (OSError, EOFError) as error:
        return f"not a valid gzip file: {error}"


def test_gzip_files_read_as_gzips_own_reader_reads_them(tmp_path):
    """The one-call path for whole single-member files must give what gzip's reader gives for every file."""
    from accord.news.read import _read_bytes, _size

    whole = gzip.compress(BODY.encode())
    damaged_checksum = whole[:-8] + bytes([whole[-8] ^ 1]) + whole[-7:]
    cases = {"whole": whole, "two members": whole + gzip.compress(b" More."), "cut": whole[: len(whole) // 2],
             "trailing zeros": whole + b"\x00" * 8, "trailing junk": whole + b"junk", "checksum": damaged_checksum,
             "empty member": gzip.compress(b""), "not gzip": b"plain text, not gzip", "header only": whole[:10],
             "at the limit": gzip.compress(b"a" * 1000), "past the limit": gzip.compress(b"a" * 1001)}
    too_big = f"expands past the {_size(1000)} limit when decompressed"
    for label, data in cases.items():
        path = tmp_path / f"{label.replace(' ', '_')}.txt.gz"
        path.write_bytes(data)
        expected = _gzip_reader_outcome(path, 1000)
        if isinstance(expected, bytes) and len(expected) > 1000:
            expected = too_big
        got = _read_bytes(str(path), 1000)
        assert (got.reason if isinstance(got, Skip) else got) == expected, label
