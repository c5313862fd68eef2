"""Map field paths in a scenario file to line numbers, so that errors can name the line.

A path is a tuple of keys and list indices, e.g. ``("positions", "RUS",
"territory_donbas", "ideal")`` or ``("actors", 2, "capability")``.

YAML and JSON are mapped exactly from PyYAML's node marks. Python's TOML
parser keeps no positions, so TOML is mapped by a small line scanner that
follows table headers, arrays of tables, dotted keys and multi-line arrays;
a path it cannot place falls back to its longest placed prefix.
"""

from __future__ import annotations

import re

Path = tuple[str | int, ...]


def line_of(locations: dict[Path, int], path: Path) -> int | None:
    """The line of ``path``, or of its longest prefix that has one."""
    for end in range(len(path), 0, -1):
        line = locations.get(tuple(path[:end]))
        if line is not None:
            return line
    return None


# --- YAML and JSON -----------------------------------------------------------

def yaml_locations(text: str) -> dict[Path, int]:
    """Lines of every mapping key and sequence item, from PyYAML's composed node tree."""
    import yaml  # only YAML and JSON files are mapped with it: a TOML scenario's commands need not import it

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except (yaml.YAMLError, RecursionError):  # JSON nests deeper than PyYAML can compose
        return {}
    found: dict[Path, int] = {}

    def walk(node, path: Path) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                sub = path + (str(key.value),)
                found.setdefault(sub, key.start_mark.line + 1)
                walk(value, sub)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                found.setdefault(path + (index,), item.start_mark.line + 1)
                walk(item, path + (index,))

    if root is not None:
        walk(root, ())
    return found


# --- TOML --------------------------------------------------------------------

_BARE = r"[A-Za-z0-9_\-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})"
_DOTTED = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_DOTTED})\s*\]\]?\s*(#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_DOTTED})\s*=\s*(.*)$")
_INLINE_KEY = re.compile(rf"(?:^|[{{,])\s*({_DOTTED})\s*=")


def _split_key(dotted: str) -> list[str]:
    parts = re.findall(_KEY, dotted)
    return [p[1:-1] if p[0] in "\"'" else p for p in parts]


# Strings and comments, each matched even when unclosed, so that one left-to-right pass takes linear time
# (a pattern that can fail after scanning to the end is quadratic on thousands of unclosed quotes).
_STRING_OR_COMMENT = re.compile(r'"""[\s\S]*?(?:"""|\Z)|\'\'\'[\s\S]*?(?:\'\'\'|\Z)'
                                r'|"(?:[^"\\\n]|\\.)*"?|\'[^\'\n]*\'?|#[^\n]*')


def _strip_strings(text: str) -> str:
    """Blank out string contents and comments so brackets inside them are not counted."""
    def blank(match: re.Match) -> str:
        found = match.group()
        return "" if found[0] == "#" else found[0] * 2 + "\n" * found.count("\n")

    return _STRING_OR_COMMENT.sub(blank, text)


class _TomlScanner:
    def __init__(self) -> None:
        self.found: dict[Path, int] = {}
        self.table: Path = ()
        self.aot_counts: dict[Path, int] = {}
        self.open_array: list = []  # stack of [path, next index] for multi-line arrays

    def resolve(self, keys: list[str]) -> Path:
        """Turn header keys into a path, inserting the current index of each array of tables."""
        path: Path = ()
        for key in keys:
            path = path + (key,)
            if path in self.aot_counts:
                path = path + (self.aot_counts[path] - 1,)
        return path

    def header(self, brackets: str, dotted: str, line: int) -> None:
        keys = _split_key(dotted)
        if brackets == "[[":
            parent = self.resolve(keys[:-1])
            array = parent + (keys[-1],)
            self.found.setdefault(array, line)
            self.aot_counts[array] = self.aot_counts.get(array, 0) + 1
            self.table = array + (self.aot_counts[array] - 1,)
        else:
            self.table = self.resolve(keys)
        for end in range(1, len(self.table) + 1):
            self.found.setdefault(self.table[:end], line)

    def assign(self, dotted: str, value: str, line: int) -> None:
        path = self.table + tuple(_split_key(dotted))
        self.found.setdefault(path, line)
        self.inline_keys(path, value, line)
        depth = value.count("[") - value.count("]")
        if value.lstrip().startswith("[") and depth > 0:
            items = value.lstrip()[1:].strip().rstrip(",")
            self.open_array = [[path, 1 if items else 0, depth]]

    def inline_keys(self, path: Path, value: str, line: int) -> None:
        if value.lstrip().startswith("{"):
            for match in _INLINE_KEY.finditer(value):
                self.found.setdefault(path + tuple(_split_key(match.group(1))), line)

    def array_line(self, text: str, line: int) -> None:
        entry = self.open_array[-1]
        path, index, depth = entry
        stripped = text.strip()
        if stripped and not stripped.startswith("]") and depth == 1:
            self.found.setdefault(path + (index,), line)
            self.inline_keys(path + (index,), stripped, line)
            entry[1] = index + stripped.rstrip(",").count("},") + (1 if stripped.endswith(",") else 0)
        entry[2] = depth + text.count("[") - text.count("]")
        if entry[2] <= 0:
            self.open_array = []


def long_dotted_key(text: str, parts: int) -> int | None:
    """The line of the first dotted key of more than ``parts`` parts, or None.

    A key of n parts costs tomllib n^2 memory (one 200 kB line takes gigabytes), so callers refuse such
    keys before parsing.
    """
    bare = _strip_strings(text)  # a quoted key is left as "" or ''
    part = r"""(?:[A-Za-z0-9_\-]+|""|'')"""
    match = re.search(rf"(?<![A-Za-z0-9_\-.\"']){part}(?:[ \t]*\.[ \t]*{part}){{{parts},}}", bare)
    return bare.count("\n", 0, match.start()) + 1 if match else None


def toml_locations(text: str) -> dict[Path, int]:
    """Lines of the tables, keys and array items of a TOML document."""
    scanner = _TomlScanner()
    raw_lines = text.splitlines()
    for number, bare in enumerate(_strip_strings(text).splitlines(), start=1):
        if not bare.strip():
            continue  # blank, comment, or inside a multi-line string
        if scanner.open_array:
            scanner.array_line(bare, number)
            continue
        raw = raw_lines[number - 1] if number <= len(raw_lines) else bare
        header = _HEADER.match(raw)
        if header:
            scanner.header(header.group(1), header.group(2), number)
            continue
        assign = _ASSIGN.match(raw)
        if assign:
            value = _ASSIGN.match(bare)
            scanner.assign(assign.group(1), value.group(2) if value else "", number)
    return scanner.found
