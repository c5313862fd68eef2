"""Read a scenario file (TOML, YAML or JSON), reporting every problem with its line."""

from __future__ import annotations

import functools
import hashlib
import reprlib
import json
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path as FsPath

from pydantic import BaseModel, ValidationError

from accord.errors import Problem, ScenarioError
from accord.scenario import checks, locate
from accord.scenario.model import Scenario

FORMATS = {".toml": "toml", ".yaml": "yaml", ".yml": "yaml", ".json": "json"}
# A scenario nests six levels deep. Deeper input is hostile: str(), pydantic and the checks recurse over it.
MAX_DEPTH = 32


@dataclass
class LoadReport:
    """A loaded scenario with the provenance warnings found on the way."""

    scenario: Scenario
    warnings: list[Problem] = field(default_factory=list)
    sha256: str = ""


def field_name(path: tuple) -> str:
    """``("actors", 2, "capability")`` -> ``"actors[2].capability"``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


STDIN = "<stdin>"  # the name standard input (``-``) goes by in messages


def _read_text(path: FsPath) -> tuple[str, bytes]:
    name = str(path)
    if name == "-":
        name, data = STDIN, sys.stdin.buffer.read()
    elif not path.exists():
        raise ScenarioError(Problem(name, None, None, "no such file"))
    elif path.is_dir():
        raise ScenarioError(Problem(name, None, None, "is a folder, not a scenario file"))
    else:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ScenarioError(Problem(name, None, None, f"cannot be read: {exc.strerror or exc}")) from None
    if not data.strip():
        raise ScenarioError(Problem(name, None, None, "the file is empty"))
    if b"\x00" in data[:8192]:
        raise ScenarioError(Problem(name, None, None, "the file is not text (it holds binary data)"))
    try:
        return data.decode("utf-8-sig"), data
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ScenarioError(Problem(name, line, None, f"the file is not UTF-8 text (bad byte at offset {exc.start})")) from None


@functools.cache
def _no_alias_loader() -> type:
    """A PyYAML loader class (made on first use: only YAML scenarios need PyYAML, and importing it costs every
    command's start-up)."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        """YAML without anchors and aliases: a scenario never needs them, and nested aliases can expand a few
        hundred bytes into gigabytes (a "billion laughs" document)."""

        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed in a scenario",
                                                  event.start_mark)
            return super().compose_node(parent, index)

    return NoAliasLoader


def _parse_yaml(text: str, name: str) -> object:
    import yaml

    try:
        return yaml.load(text, Loader=_no_alias_loader())
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ScenarioError(Problem(name, mark.line + 1 if mark else None, None, f"not valid YAML: {problem}")) from None


def _parse(text: str, fmt: str, name: str) -> object:
    try:
        if fmt == "toml":
            if (line := locate.long_dotted_key(text, MAX_DEPTH)):  # before tomllib, which chokes on them
                raise ScenarioError(Problem(name, line, None, f"not valid TOML: a key of over {MAX_DEPTH} dotted parts"))
            return tomllib.loads(text)
        if fmt == "yaml":
            return _parse_yaml(text, name)
        return json.loads(text)
    except RecursionError:
        raise ScenarioError(Problem(name, None, None, "nested too deeply to be a scenario")) from None
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line = None
        if "(at line " in message:
            line = int(message.rsplit("(at line ", 1)[1].split(",")[0])
            message = message.rsplit(" (at line ", 1)[0]
        raise ScenarioError(Problem(name, line, None, f"not valid TOML: {message}")) from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(Problem(name, exc.lineno, None, f"not valid JSON: {exc.msg}")) from None
    except ValueError as exc:  # an integer of over 4,300 digits, or a YAML date that does not exist
        raise ScenarioError(Problem(name, None, None, f"not valid {fmt.upper()}: {str(exc).split(';')[0]}")) from None


def _hostile(doc: object) -> tuple[tuple, str] | None:
    """The first value nested deeper than MAX_DEPTH, or an integer too large for a float (YAML's base-60
    and TOML's hex integers escape Python's digit limit), found without recursion."""
    stack = [((), doc)]
    while stack:
        path, value = stack.pop()
        if len(path) > MAX_DEPTH:
            return path, f"nested more than {MAX_DEPTH} levels deep"
        if isinstance(value, int) and value.bit_length() > 1000:  # about 300 digits; a float holds up to 1024 bits
            return path, "the number is too large"
        if isinstance(value, dict):
            stack += [(path + (k,), v) for k, v in value.items()] + [(path, k) for k in value if isinstance(k, int)]
        elif isinstance(value, list):
            stack += [(path + (k,), v) for k, v in enumerate(value)]
    return None


_TYPE_WORDS = {
    "dict_type": "expected a table", "model_type": "expected a table",
    "list_type": "expected a list", "string_type": "expected text",
    "float_type": "expected a number", "float_parsing": "expected a number",
    "int_type": "expected a whole number", "bool_type": "expected true or false",
    "date_type": "expected a date (YYYY-MM-DD)", "date_from_datetime_parsing": "expected a date (YYYY-MM-DD)",
    "date_parsing": "expected a date (YYYY-MM-DD)",
}


def _pydantic_message(error: dict) -> str:
    kind = error["type"]
    if kind == "missing":
        return "required field is missing"
    if kind == "extra_forbidden":
        return "unknown field"
    message = _TYPE_WORDS.get(kind, error["msg"].removeprefix("Value error, "))
    if kind in _TYPE_WORDS or kind.endswith(("_type", "_parsing")) or kind.startswith(("greater", "less", "string_pattern", "enum", "literal")):
        shown = reprlib.repr(error["input"])  # bounded, however large the value
        message += f" (got {shown if len(shown) <= 40 else shown[:37] + '...'})"
    return message


def _shape_problems(doc: object, name: str, where: dict, model: type[BaseModel]) -> tuple[BaseModel | None, list[Problem]]:
    if not isinstance(doc, dict):
        return None, [Problem(name, 1, None, "the file must be a table of sections, not a single value or list")]
    try:
        return model.model_validate(doc), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            path = tuple(part for part in error["loc"] if not re.search(r"[\[\]]", str(part)))  # drop union labels
            problems.append(Problem(name, locate.line_of(where, path), field_name(path) or None,
                                    _pydantic_message(error)))
        return None, problems


def parse_document(text: str, fmt: str, name: str, model: type[BaseModel], cross_checks, warnings=None):
    """Parse and check a document against ``model`` and its cross-reference checks.

    Returns ``(instance, warnings)``; raises :class:`ScenarioError` listing every problem with its line.
    """
    doc = _parse(text, fmt, name)
    where = locate.toml_locations(text) if fmt == "toml" else locate.yaml_locations(text)
    if (hostile := _hostile(doc)):
        path, message = hostile
        raise ScenarioError(Problem(name, locate.line_of(where, path), field_name(path[:4]) or None, message))
    instance, problems = _shape_problems(doc, name, where, model)
    if isinstance(doc, dict):
        problems += [Problem(name, locate.line_of(where, path), field_name(path), message)
                     for path, message in cross_checks(doc)]
    if problems:
        unique = list(dict.fromkeys(problems))
        raise ScenarioError(sorted(unique, key=lambda p: (p.line or 0, p.field or "")))
    found = [Problem(name, locate.line_of(where, path), field_name(path), message)
             for path, message in (warnings(doc) if warnings else [])]
    return instance, found


def validate_document(doc: dict, name: str) -> Scenario:
    """A scenario from an already-parsed document (as importers build), with every problem named by field."""
    scenario, problems = _shape_problems(doc, name, {}, Scenario)
    problems += [Problem(name, None, field_name(path), message) for path, message in checks.all_checks(doc)]
    if problems:
        raise ScenarioError(list(dict.fromkeys(problems)))
    return scenario


def parse_scenario(text: str, fmt: str = "toml", name: str = "<scenario>") -> LoadReport:
    """Parse and check scenario text; raise :class:`ScenarioError` listing every problem."""
    scenario, warnings = parse_document(text, fmt, name, Scenario, checks.all_checks, checks.provenance_warnings)
    return LoadReport(scenario, warnings, hashlib.sha256(text.encode()).hexdigest())


def sniff_format(text: str) -> str:
    """Whether text with no file name (standard input) is JSON, TOML or YAML, by its first line that says.

    >>> sniff_format('[scenario]\\nid = "x"'), sniff_format("scenario:\\n  id: x"), sniff_format('{"scenario": {}}')
    ('toml', 'yaml', 'json')
    """
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("{"):
            return "json"
        if re.match(r'^\[\[?\s*[\w".\- ]+\]\]?$', line) or re.match(r'^[\w".\-]+\s*=', line):
            return "toml"
        return "yaml"
    return "toml"


def read_text_document(path: str | FsPath) -> tuple[str, str, str]:
    """(text, format, name) of a TOML, YAML or JSON file (``-``: standard input, its format told by its
    text), with one-line errors for unreadable files."""
    if str(path) == "-":
        text, _ = _read_text(FsPath("-"))
        return text, sniff_format(text), STDIN
    path = FsPath(path)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise ScenarioError(Problem(str(path), None, None,
                                    f"unknown format '{path.suffix}' (use .toml, .yaml, .yml or .json)"))
    text, _ = _read_text(path)
    return text, fmt, str(path)


def read_scenario(path: str | FsPath) -> LoadReport:
    """Read a scenario file and its provenance warnings."""
    return parse_scenario(*read_text_document(path))


def load_scenario(path: str | FsPath | None = None) -> Scenario:
    """Load a scenario file; with no path, the bundled Ukraine 2025 scenario.

    Raises :class:`accord.errors.ScenarioError`, whose ``problems`` list every
    error with its file, line and field.

    >>> import accord
    >>> scenario = accord.load_scenario()
    >>> [actor.id for actor in scenario.actors]
    ['USA', 'RUS', 'UKR', 'EUR', 'NATO']
    """
    from accord.scenario.bundled import bundled_path

    return read_scenario(path if path is not None else bundled_path()).scenario
