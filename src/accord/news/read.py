"""Reading the pile: files, folders, globs and standard input, in text, HTML, feed and JSON formats.

Every input either becomes documents or a :class:`~accord.news.document.Skip`
with a one-line reason (binary, empty, too large, a compressed file that
expands past the limit, undecodable, malformed JSON line, broken feed, ...).
Only a path argument that does not exist at all is an error.
"""

from __future__ import annotations

import csv
import datetime as dt
import errno
import glob
import gzip
import io
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from accord.errors import AccordError, Problem
from accord.news.document import Document, Skip

FORMATS = {".txt": "txt", ".text": "txt", ".html": "html", ".htm": "html", ".xhtml": "html",
           ".xml": "feed", ".rss": "feed", ".atom": "feed", ".feed": "feed",
           ".json": "json", ".jsonl": "json", ".ndjson": "json"}
SIDE_FILES = ("index.tsv", "index.csv", "metadata.tsv", "metadata.csv")
DEFAULT_FIELDS = {"text": "text", "title": "title", "url": "url", "outlet": "outlet", "published": "published",
                  "author": "author", "id": "id"}


@dataclass
class ReadOptions:
    max_bytes: int = 10 * 1024 * 1024
    fields: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_FIELDS))
    metadata_file: Path | None = None


def discover(arguments: list[str], follow_links: bool = False) -> list[str | Skip]:
    """The files named by the arguments (files, folders recursively, globs, or '-' for standard input),
    each by its resolved path, so that one file named two ways is read once; or a Skip saying why not.

    Inside a folder, symbolic links are read only when they stay inside it, unless ``follow_links``;
    links to folders are followed only with ``follow_links``. Named pipes, devices, sockets, broken
    links, link loops and unreadable folders are skipped with their reason.
    """
    found: list[str | Skip] = []
    for argument in arguments:
        if argument == "-":
            found.append("-")
            continue
        if any(ch in argument for ch in "*?["):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                raise AccordError(Problem(argument, None, None, "no file matches this pattern"))
            found += [_named_file(Path(os.path.abspath(m))) for m in matches if not Path(m).is_dir()]
            continue
        path = Path(argument)
        if not path.exists() and not path.is_symlink():
            raise AccordError(Problem(argument, None, None, "no such file or folder"))
        path = Path(os.path.abspath(path))  # skips name what they skip the way stored files are named
        found += _walk(path, follow_links) if path.is_dir() else [_named_file(path)]
    return _first_of_each(found)


def _first_of_each(found: list[str | Skip]) -> list[str | Skip]:
    seen: set[str] = set()
    unique = []
    for item in found:
        if isinstance(item, Skip) or item == "-" or item not in seen:
            unique.append(item)
        if isinstance(item, str):
            seen.add(item)
    return unique


def _named_file(path: Path) -> str | Skip:
    """A file named on the command line (its links are followed: the user named it)."""
    return _walked_file(path, path.parent, follow_links=True)


def _walk(root: Path, follow_links: bool) -> list[str | Skip]:
    """Every visible file under ``root``, resolved, with a Skip for whatever cannot or should not be read."""
    found: list[str | Skip] = []
    top = root.resolve()
    visited = {top}

    def unreadable(error: OSError) -> None:
        found.append(Skip(error.filename or str(root), f"folder cannot be read: {error.strerror or error}"))

    for folder, folders, files in os.walk(root, onerror=unreadable, followlinks=follow_links):
        folders[:] = sorted(f for f in folders if not f.startswith(".") and
                            _enter(Path(folder) / f, top, follow_links, visited, found))
        for name in sorted(files):
            if not name.startswith("."):
                found.append(_walked_file(Path(folder) / name, top, follow_links))
    return found


def _enter(path: Path, top: Path, follow_links: bool, visited: set[Path], found: list) -> bool:
    """Whether to walk into a sub-folder: links to folders only with ``follow_links``, and never twice."""
    if not path.is_symlink():
        return True
    if not follow_links:
        found.append(Skip(str(path), "link to a folder, not followed (--follow-links follows it)"))
        return False
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        found.append(Skip(str(path), _unresolvable(error)))
        return False
    if target in visited or top in target.parents or target == top:
        found.append(Skip(str(path), "link to a folder already read (a loop or a second name)"))
        return False
    visited.add(target)
    return True


def _walked_file(path: Path, top: Path, follow_links: bool) -> str | Skip:
    try:
        target = path.resolve(strict=True)
        mode = target.stat().st_mode
    except (OSError, RuntimeError) as error:
        return Skip(str(path), _unresolvable(error))
    if not stat.S_ISREG(mode):
        return Skip(str(path), _not_a_file(mode))
    if not follow_links and path.is_symlink() and top not in target.parents:
        return Skip(str(path), "link to a file outside the input folder, not read (--follow-links reads it)")
    return str(target)


def _unresolvable(error: Exception) -> str:
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
        return "symbolic link loop"
    if isinstance(error, FileNotFoundError):
        return "broken link: its target does not exist"
    return f"cannot be read: {getattr(error, 'strerror', None) or error}"


def _not_a_file(mode: int) -> str:
    kinds = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))
    kind = next((name for test, name in kinds if test(mode)), "a special file")
    return f"{kind}, not a regular file"


def _format(name: str) -> str | None:
    path = Path(name[:-3] if name.lower().endswith(".gz") else name)
    return FORMATS.get(path.suffix.lower())


def _read_bytes(name: str, limit: int) -> bytes | Skip:
    try:
        if name == "-":
            data = sys.stdin.buffer.read(limit + 1)
        else:
            path = Path(name)
            if not name.lower().endswith(".gz") and path.stat().st_size > limit:  # a .gz is judged unpacked
                return Skip(name, f"larger than the {_size(limit)} limit")
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
    except OSError as error:
        return Skip(name, f"cannot be read: {error.strerror or error}")
    if name.lower().endswith(".gz"):
        try:
            data = _whole_member(data, limit) or _gunzip(data, limit)
        except (OSError, EOFError) as error:
            return Skip(name, f"not a valid gzip file: {error}")
        if len(data) > limit:
            return Skip(name, f"expands past the {_size(limit)} limit when decompressed")
    elif len(data) > limit:
        return Skip(name, f"larger than the {_size(limit)} limit")
    return data


def _whole_member(data: bytes, limit: int) -> bytes | None:
    """The usual .gz file, one whole member within the limit, unpacked in one zlib call (its checksum checked);
    None for anything else (several members, damage, past the limit), which :func:`_gunzip` reads.

    gzip's reader takes a third of a millisecond more a page, in Python, for the same bytes.
    """
    unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # the gzip header and trailer expected
    try:
        unpacked = unpacker.decompress(data, limit + 1)
    except zlib.error:
        return None
    return unpacked if unpacker.eof and not unpacker.unused_data and len(unpacked) <= limit else None


def _gunzip(data: bytes, limit: int) -> bytes:
    """At most ``limit + 1`` bytes of a gzip file of one or more members; OSError or EOFError if it is damaged."""
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as unpacked:
        return unpacked.read(limit + 1)


def decode(name: str, data: bytes) -> str | Skip:
    """Text from bytes: UTF-8, or the encoding charset-normalizer detects; binary data is refused."""
    if not data.strip():
        return Skip(name, "empty file")
    sample = data[:8192]
    if b"\x00" in sample and not (sample.startswith((b"\xff\xfe", b"\xfe\xff"))):
        return Skip(name, "binary file, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        return Skip(name, "not text in any encoding that could be detected")
    return str(best)


SIDE_COLUMNS = ("file", "url", "outlet", "published", "title", "author")
# Other names that side files give these columns; a column of dates must never be silently ignored.
COLUMN_ALIASES = {"date": "published", "published_date": "published", "publication_date": "published",
                  "pubdate": "published", "published_at": "published", "pub_date": "published",
                  "link": "url", "headline": "title", "source_outlet": "outlet", "publisher": "outlet",
                  "filename": "file", "path": "file"}


def _side_columns(path: Path, header: list[str]) -> dict[str, str]:
    """Each column's accord name: its own, or the one it is an alias of; two columns for one name, or an
    unknown column that holds dates, is a one-line error."""
    names: dict[str, str] = {}
    for column in header:
        key = (column or "").strip().lower().replace(" ", "_").replace("-", "_")
        name = key if key in SIDE_COLUMNS else COLUMN_ALIASES.get(key)
        if name is None:
            if "date" in key or key in ("time", "when", "day"):
                raise AccordError(Problem(str(path), 1, column, f"unknown column; for dates name it 'published'"))
            continue
        if name in names.values():
            raise AccordError(Problem(str(path), 1, column, f"a second column for '{name}'"))
        names[column] = name
    return names


def read_side_file(path: Path) -> dict[str, dict]:
    """Rows of a metadata side file (file, url, outlet, published, title, author), by file name.

    Columns may go by common other names (``date`` for ``published``, ``link`` for ``url``, ...);
    other columns, like ``note``, are ignored.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise AccordError(Problem(str(path), None, None, f"cannot read the metadata file: {error}")) from None
    lines = text.splitlines()
    dialect = "excel-tab" if path.suffix.lower() == ".tsv" or (lines and "\t" in lines[0]) else "excel"
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    columns = _side_columns(path, reader.fieldnames or [])
    if "file" not in columns.values():
        raise AccordError(Problem(str(path), 1, "file", "the metadata file needs a 'file' column"))
    rows = {}
    for number, row in enumerate(reader, start=2):
        values = {columns[k]: (v or "").strip() for k, v in row.items() if k in columns and isinstance(v, str)}
        if not values.get("file"):
            raise AccordError(Problem(str(path), number, "file", "every row needs a file name"))
        rows[values["file"]] = values
    return rows


class SideFiles:
    """Metadata side files, found beside the inputs or named with ``--meta``."""

    def __init__(self, explicit: Path | None) -> None:
        self.explicit = read_side_file(explicit) if explicit else None
        self.by_folder: dict[Path, dict[str, dict]] = {}

    def lookup(self, name: str) -> dict:
        if name == "-":
            return {}
        path = Path(name)
        if self.explicit is not None:
            return self.explicit.get(path.name) or self.explicit.get(name) or {}
        folder = path.parent
        if folder not in self.by_folder:
            side = next((folder / s for s in SIDE_FILES if (folder / s).is_file()), None)
            self.by_folder[folder] = read_side_file(side) if side else {}
        return self.by_folder[folder].get(path.name, {})


def _file_time(name: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(Path(name).stat().st_mtime, tz=dt.timezone.utc) if name != "-" else None
    except OSError:
        return None


def _stem(name: str) -> str:
    if name == "-":
        return "stdin"
    base = Path(name).name
    for suffix in (".gz",) + tuple(FORMATS):
        if base.lower().endswith(suffix):
            base = base[: -len(suffix)]
    return base


def read_inputs(names: list[str | Skip], options: ReadOptions | None = None) -> Iterator[Document | Skip]:
    """Documents (or skips) from every input, one file at a time, so memory stays flat."""
    options = options or ReadOptions()
    side = SideFiles(options.metadata_file)
    for name in names:
        if isinstance(name, Skip):
            yield name
            continue
        if Path(name).name in SIDE_FILES or name.lower().endswith((".tsv", ".csv")):
            continue
        fmt = _format(name) or ("txt" if name == "-" else None)
        if fmt is None:
            yield Skip(name, f"unsupported file type '{Path(name).suffix}'")
            continue
        if fmt == "json" and name != "-" and not _is_json_array(name):
            yield from _json_lines(name, options, _file_time(name))
            continue
        data = _read_bytes(name, options.max_bytes)
        if isinstance(data, Skip):
            yield data
            continue
        text = decode(name, data)
        if isinstance(text, Skip):
            yield text
            continue
        meta, when = side.lookup(name), _file_time(name)
        if fmt in ("txt", "html"):
            yield Document(name, fmt, text, markup="html" if fmt == "html" else "text", doc_id=_stem(name),
                           metadata=meta, file_time=when)
        elif fmt == "feed":
            yield from _feed(name, text, when)
        else:
            yield from _json(name, text, options.fields, when)


def _feed(name: str, text: str, when) -> Iterator[Document | Skip]:
    import feedparser

    parsed = feedparser.parse(text)
    has_text = any(e.get("summary") or e.get("content") for e in parsed.entries)
    if not parsed.entries or (parsed.bozo and not has_text):
        reason = getattr(parsed, "bozo_exception", None)
        yield Skip(name, f"broken or empty feed{': ' + str(reason).splitlines()[0] if reason else ''}")
        return
    for number, entry in enumerate(parsed.entries, start=1):
        content = entry.get("content", [{}])[0].get("value") if entry.get("content") else None
        body = content or entry.get("summary") or ""
        if not body.strip():
            yield Skip(name, f"feed entry {number} has no text")
            continue
        published = entry.get("published_parsed") or entry.get("updated_parsed")
        meta = {"title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author"),
                "outlet": parsed.feed.get("title"),
                "published": dt.date(*published[:3]).isoformat() if published else None}
        yield Document(name, "feed", body, markup=_markup(body), doc_id=f"{_stem(name)}-{number}", metadata=meta,
                       file_time=when)


def _size(limit: int) -> str:
    return f"{limit / 2**20:g} MB" if limit >= 2**20 else f"{limit / 1024:g} KB"


def _open_binary(name: str):
    return gzip.open(name, "rb") if name.lower().endswith(".gz") else open(name, "rb")


def _is_json_array(name: str) -> bool:
    """Whether a .json file holds one array (read whole) rather than one record per line (streamed)."""
    try:
        with _open_binary(name) as handle:
            return handle.read(4096).lstrip().startswith(b"[")
    except (OSError, EOFError):
        return False  # the streaming reader reports the problem


def _lines_within(handle, limit: int) -> Iterator[bytes | None]:
    """The lines of a binary stream; ``None`` for a line longer than ``limit`` (the rest of it is skipped)."""
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = handle.readline(1 << 20)
            yield None
            continue
        yield line


def _json_lines(name: str, options: ReadOptions, when) -> Iterator[Document | Skip]:
    """JSON Lines streamed from disk one record at a time: memory stays flat however long the file,
    and the size limit applies to each record."""
    limit, seen = options.max_bytes, False
    try:
        with _open_binary(name) as handle:
            if b"\x00" in handle.peek(8192)[:8192]:
                yield Skip(name, "binary file, not text")
                return
            for number, line in enumerate(_lines_within(handle, limit), start=1):
                seen = True
                if line is None:
                    yield Skip(name, f"record larger than the {_size(limit)} limit", number)
                    continue
                if not line.strip():
                    continue
                if b"\x00" in line:
                    yield Skip(name, "binary data, not a JSON record", number)
                    continue
                try:
                    record = parse_json(line.decode("utf-8-sig" if number == 1 else "utf-8"))
                except UnicodeDecodeError:
                    yield Skip(name, "not UTF-8 (JSON must be)", number)
                    continue
                except BadJSON as error:
                    yield Skip(name, str(error), number)
                    continue
                yield from _records(name, [(number, record)], options.fields, when)
    except OSError as error:
        yield Skip(name, f"cannot be read: {error.strerror or error}")
        return
    except EOFError:
        yield Skip(name, "compressed data ends early")
        return
    if not seen:
        yield Skip(name, "empty file")


def _json(name: str, text: str, fields: dict[str, str], when) -> Iterator[Document | Skip]:
    try:
        parsed = parse_json(text)
    except BadJSON as error:
        yield Skip(name, str(error), error.line)
        return
    records = list(enumerate(parsed if isinstance(parsed, list) else [parsed], start=1))
    yield from _records(name, records, fields, when)


class BadJSON(ValueError):
    """JSON that cannot be read: the one-line reason, and the line it is on when known."""

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason)
        self.line = line


def parse_json(text: str):
    """A JSON value, or :class:`BadJSON` (malformed, nested too deeply, a number too long to read):
    hostile input must not escape as a RecursionError that stops the whole run."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        raise BadJSON(f"malformed JSON: {error.msg}", error.lineno) from None
    except RecursionError:
        raise BadJSON("malformed JSON: nested too deeply") from None
    except ValueError as error:  # Python refuses integers of more than 4,300 digits
        reason = "a number too long to read" if "digits" in str(error) else str(error).splitlines()[0]
        raise BadJSON(f"malformed JSON: {reason}") from None


def _records(name: str, records: list, fields: dict[str, str], when) -> Iterator[Document | Skip]:
    for number, record in records:
        if not isinstance(record, dict):
            yield Skip(name, "a record must be a JSON object", number)
            continue
        body = record.get(fields["text"])
        if not isinstance(body, str) or not body.strip():
            yield Skip(name, f"no text in field '{fields['text']}'", number)
            continue
        meta = {key: record.get(fields[key]) for key in ("title", "url", "outlet", "published", "author")
                if isinstance(record.get(fields[key]), (str, int, float)) and not isinstance(record.get(fields[key]), bool)}
        ident = record.get(fields["id"])
        yield Document(name, "json", body, markup=_markup(body),
                       doc_id=str(ident) if ident is not None else f"{_stem(name)}-{number}",
                       line=number, metadata={k: str(v) for k, v in meta.items()}, file_time=when)


def _markup(body: str) -> str:
    """'html' when the text carries tags, else 'text'."""
    return "html" if re.search(r"<(p|div|br|span|a|h[1-6]|article|body)\b", body[:5000], re.IGNORECASE) else "text"
