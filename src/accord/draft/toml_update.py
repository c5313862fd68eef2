"""Write a changed scenario back into its own TOML file, changing only what changed.

:func:`accord.scenario.write.dump_scenario` writes a scenario from scratch: comments go, and keys come
out in the model's order, so a diff against the analyst's file shows every line. Here the file's text is
parsed twice: with :mod:`tomllib` into a scenario, whose canonical data (the form ``dump_scenario``
writes) is compared with the new scenario's, and with :mod:`tomlkit` into a document that keeps every
comment and space. Only where the two canonical forms differ is the document edited: a changed value is
replaced where it stands, a new ``[[actors]]`` entry goes after the last one, a new position after its
actor's others, and a removed key or entry is deleted. The comparison is on canonical data, so a file
that spells a value its own way (``capability = 60`` for ``{ value = 60 }``, or a default written out)
is left alone unless that value changed. An inline table that changes is written again as one inline
table, keeping the text of its unchanged parts; a value whose file form cannot be edited part by part
(a bare number that gains a rationale) is replaced whole.

>>> import datetime
>>> from accord.scenario.load import parse_scenario
>>> text = '''# Two sides, one issue.
... [scenario]
... id = "tiny"
... title = "Tiny"  # kept
... as_of = 2025-01-01
...
... [[actors]]
... id = "N"
... name = "North"
... kind = "state"
... capability = { value = 60, basis = "estimate", rationale = "test" }
...
... [[issues]]
... id = "border"
... title = "Border"
... options = [{ id = "north", label = "north", point = 0 }, { id = "south", label = "south", point = 100 }]
...
... [positions.N.border]
... ideal = "south"
... salience = { value = 90, rationale = "test" }
... '''
>>> scenario = parse_scenario(text).scenario
>>> update_scenario_text(text, scenario) == text
True
>>> scenario.scenario.as_of = datetime.date(2025, 2, 1)
>>> scenario.positions["N"]["border"].salience.value = 80
>>> print(update_scenario_text(text, scenario), end="")
# Two sides, one issue.
[scenario]
id = "tiny"
title = "Tiny"  # kept
as_of = 2025-02-01
<BLANKLINE>
[[actors]]
id = "N"
name = "North"
kind = "state"
capability = { value = 60, basis = "estimate", rationale = "test" }
<BLANKLINE>
[[issues]]
id = "border"
title = "Border"
options = [{ id = "north", label = "north", point = 0 }, { id = "south", label = "south", point = 100 }]
<BLANKLINE>
[positions.N.border]
ideal = "south"
salience = { value = 80, rationale = "test" }
"""

from __future__ import annotations

import difflib
import json
import re
import tomllib
from pathlib import Path

import tomlkit
from pydantic import ValidationError
from tomlkit.container import OutOfOrderTableProxy
from tomlkit.items import AoT, Array, Comment, Float, InlineTable, Item, SingleKey, Table, Whitespace

from accord.errors import AccordError, Problem
from accord.scenario.model import Scenario
from accord.scenario.write import scenario_data, write_atomically

_MISSING = object()


def update_scenario_text(text: str, scenario: Scenario) -> str:
    """The scenario file ``text`` changed to hold ``scenario``: comments, key order, inline tables and
    formatting of everything that did not change are kept, so a diff shows only what changed."""
    old = scenario_data(Scenario.model_validate(tomllib.loads(text)))
    new = scenario_data(scenario)
    if old == new:
        return text
    document = _parse(text)
    _update_table(document, old, new, root=True)
    updated = document.as_string()
    _check_reads_back(updated, scenario)
    return updated


def _check_reads_back(text: str, scenario: Scenario) -> None:
    """A wrong file is worse than none: the edited text must read back as the scenario it was given."""
    try:
        same = Scenario.model_validate(tomllib.loads(text)) == scenario
    except ValidationError as error:  # a scenario changed by assignment is not validated until now
        raise AccordError(Problem("<scenario>", None, None, f"is not valid: {error.errors()[0]['msg']}")) from None
    if not same:
        raise AccordError(Problem("<scenario>", None, None, "the updated text does not read back as the scenario"))


def write_scenario_update(path: str | Path, scenario: Scenario) -> Path:
    """Write ``scenario`` into the file at ``path`` with :func:`update_scenario_text`, replacing it atomically."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AccordError(Problem(str(path), None, None, f"cannot be read: {error.strerror or error}")) from None
    return write_atomically(path, update_scenario_text(text, scenario))


# --- tables: edited in place ----------------------------------------------------------------------


def _update(container, key, old, new) -> None:
    """Make ``container[key]``, whose canonical data is ``old``, hold ``new``."""
    item = container[key]
    if old is _MISSING:  # the file writes the key with its default value: edit it as if empty
        old = {} if isinstance(new, dict) else [] if isinstance(new, list) else old
    if isinstance(old, dict) and isinstance(new, dict) and _is_table(item):
        _update_table(item, old, new)
    elif isinstance(old, dict) and isinstance(new, dict) and isinstance(item, InlineTable):
        container[key] = tomlkit.value(_edited_inline(item, old, new))
    elif isinstance(old, list) and isinstance(new, list) and isinstance(item, (Array, AoT, _JoinedAoT)):
        _update_list(item, old, new)
    else:
        container[key] = _new_value(new, like=item)


def _is_table(item) -> bool:
    """A table written with a header (or a dotted-key table, or the document), edited key by key."""
    return isinstance(item, (Table, tomlkit.TOMLDocument, _Joined, OutOfOrderTableProxy))


def _update_table(table, old: dict, new: dict, root: bool = False) -> None:
    # A key the file writes but the canonical data omits holds a default: it stays unless the value changed.
    for key in [k for k in old if k not in new and k in table]:
        _remove(table, key)
    for key, value in new.items():
        if old.get(key, _MISSING) == value:
            continue  # unchanged, though perhaps left out of the file as a default (description = "")
        if key not in table:
            _add(table, key, value, root)
        else:
            _update(table, key, old.get(key, _MISSING), value)


def _remove(table, key) -> None:
    item = table[key]
    if isinstance(item, (Table, AoT)):
        _hand_back_comments(table, item)
    del table[key]


def _add(table, key, value, root: bool) -> None:
    template = _sibling_like(table, value)
    item = _new_item(value, template, root)
    if isinstance(item, (Table, AoT)):
        _place_after(_previous_leaf(table), _last_leaf(item))
    table[key] = item


def _sibling_like(container, value):
    """An existing value of the same kind to copy the layout from (a position's table for a new position)."""
    kinds = (dict,) if isinstance(value, dict) else (list,) if isinstance(value, list) else ()
    if not kinds or not hasattr(container, "values"):
        return None
    return next((item for item in container.values() if isinstance(item, kinds)), None)


# --- lists: arrays and arrays of tables ------------------------------------------------------------


def _update_list(items, old: list, new: list) -> None:
    """Edit the array (or ``[[...]]`` array of tables) ``items`` from ``old`` to ``new`` by a sequence diff,
    so that an entry appended or removed leaves the others' lines alone."""
    matcher = difflib.SequenceMatcher(None, _fingerprints(old), _fingerprints(new), autojunk=False)
    # From the end backwards, so that the indices of the earlier operations still hold.
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag != "equal":
            _replace_run(items, old[i1:i2], new[j1:j2], i1)


def _fingerprints(values: list) -> list[str]:
    return [json.dumps(value, sort_keys=True, default=str) for value in values]


def _replace_run(items, old: list, new: list, start: int) -> None:
    """Entries ``start...`` of ``items`` hold ``old`` and are to hold ``new``: pairs are edited in place (a
    changed evidence entry stays on its line), the rest deleted or inserted."""
    paired = min(len(old), len(new))
    for k in reversed(range(paired, len(old))):
        _delete_entry(items, start + k)
    for k in range(paired, len(new)):
        _insert_entry(items, start + k, new[k])
    for k in range(paired):
        _update(items, start + k, old[k], new[k])


def _delete_entry(items, index: int) -> None:
    if _is_aot(items):
        _hand_back_comments(items, items[index])
    del items[index]


def _insert_entry(items, index: int, value) -> None:
    """Insert ``value`` laid out like the entry before it (or the first, at the front)."""
    template = items[index - 1] if index else (items[0] if len(items) else None)
    if not _is_aot(items):
        items.insert(index, _new_value(value, like=template))
        return
    table = _new_table(value, template)
    if index:
        _place_after(_last_leaf(items[index - 1]), _last_leaf(table))
    items.insert(index, table)


# --- new items: laid out like their siblings --------------------------------------------------------


def _new_item(value, template, root: bool = False):
    """``value`` as a tomlkit item laid out like ``template``: a header table where the sibling is one."""
    if isinstance(value, dict) and (isinstance(template, Table) or (root and template is None)):
        return _new_table(value, template)
    if _is_list_of_tables(value) and (isinstance(template, AoT) or (root and template is None)):
        array = tomlkit.aot()
        for entry in value:
            array.append(_new_table(entry, template[-1] if template else None))
        return array
    return _new_value(value, like=template)


def _is_list_of_tables(value) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _new_table(value: dict, template) -> Table:
    """A header table holding ``value``; its sub-tables follow ``template``'s (a super table of positions
    gives a super table, so no empty ``[positions.X]`` header is written)."""
    is_super = isinstance(template, Table) and template.is_super_table() and all(
        isinstance(v, dict) for v in value.values())
    table = tomlkit.table(is_super_table=is_super)
    previous = None
    for key, item in value.items():
        child = _child_template(template, key, item)
        made = _new_item(item, child)
        if isinstance(made, (Table, AoT)) and previous is not None:
            _last_leaf(previous).add(tomlkit.ws("\n"))  # a blank line between new sibling tables
        table.append(key, made)
        previous = made if isinstance(made, (Table, AoT)) else previous
    return table


def _child_template(template, key, value):
    if template is None or not hasattr(template, "get"):
        return None
    found = template.get(key)
    return found if found is not None else _sibling_like(template, value)


def _new_value(value, like=None) -> Item:
    """An inline value; a list of tables spans lines (one entry a line), as the scenario files write them."""
    if _is_list_of_tables(value) and _multiline(like):
        body = "".join(f"  {_render(entry)},\n" for entry in value)
        return tomlkit.value(f"[\n{body}]")
    if isinstance(like, Float) and isinstance(value, float):
        return tomlkit.item(value)  # a float stays written as one (1.0, not 1)
    return tomlkit.value(_render(value))


def _multiline(like) -> bool:
    """One entry a line, unless the array this copies writes its tables on one line."""
    one_line = isinstance(like, Array) and len(like) and all(isinstance(v, InlineTable) for v in like)
    return not one_line or "\n" in like.as_string()


def _render(value) -> str:
    """``value`` as one line of TOML, with the spacing the scenario files use: ``{ a = 1, b = "x" }``."""
    if isinstance(value, dict):
        inside = ", ".join(f"{_key(k)} = {_render(v)}" for k, v in value.items())
        return f"{{ {inside} }}" if inside else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))  # the files write whole numbers as integers; the model reads them as floats
    return tomlkit.item(value).as_string()


def _key(key: str) -> str:
    return SingleKey(key).as_string()


def _edited_inline(table: InlineTable, old: dict, new: dict) -> str:
    """The inline table's text holding ``new``, keeping its key order and the text of unchanged values.
    (tomlkit's own edits of inline tables leave stray spaces and commas behind.)"""
    parts = []
    for key, item in table.value.body:
        if key is None:
            continue
        name = key.key
        if name in old and name not in new:
            continue
        text = item.as_string().strip()
        if name in new and old.get(name, _MISSING) != new[name]:
            text = _edited_value(item, old.get(name, _MISSING), new[name])
        parts.append(f"{key.as_string().strip()} = {text}")
    parts += [f"{_key(k)} = {_render(v)}" for k, v in new.items() if k not in table]
    if not parts:
        return "{}"
    tight = re.match(r"\{[^\s}]", table.as_string())  # the file writes {a = 1}, not { a = 1 }
    return "{" + ", ".join(parts) + "}" if tight else "{ " + ", ".join(parts) + " }"


def _edited_value(item, old, new) -> str:
    if isinstance(item, InlineTable) and isinstance(old, dict) and isinstance(new, dict):
        return _edited_inline(item, old, new)
    if isinstance(item, Float) and isinstance(new, float):
        return tomlkit.item(new).as_string()
    return _render(new)


# --- comments between tables -------------------------------------------------------------------------
#
# tomlkit keeps the comment that heads a section ("# --- issues ---") at the end of the table before it.
# A table added after that one would come below the comment, so the comment moves down to the new table;
# a table removed hands its closing comment back to the table before it.


def _trailing(table: Table) -> list:
    """The table's closing comments and blank lines, as (None, item) pairs of its body."""
    body = table.value.body
    n = len(body)
    while n and body[n - 1][0] is None and isinstance(body[n - 1][1], (Whitespace, Comment)):
        n -= 1
    return body[n:]


def _split_trailing(table: Table) -> tuple[list, list]:
    """(blank lines that end the table, the comments and blank lines after them that head the next part)."""
    trailing = _trailing(table)
    first = next((i for i, (_, item) in enumerate(trailing) if isinstance(item, Comment)), len(trailing))
    return trailing[:first], trailing[first:]


def _set_trailing(table: Table, pairs: list) -> None:
    body = table.value.body
    del body[len(body) - len(_trailing(table)):]
    for _, item in pairs:
        table.value.append(None, item)


def _place_after(previous: Table | None, new: Table) -> None:
    """Give ``new`` (about to follow ``previous``) the comments that head whatever comes next."""
    if previous is None:
        return
    keep, move = _split_trailing(previous)
    if not keep:
        keep = [(None, tomlkit.ws("\n"))]
    _set_trailing(previous, keep)
    _set_trailing(new, _trailing(new) + [(None, tomlkit.ws(item.as_string())) for _, item in keep] + move)


def _hand_back_comments(container, removed) -> None:
    """Before ``removed`` goes, give its closing comments to the table rendered just before it."""
    _, move = _split_trailing(_last_leaf(removed))
    previous = _leaf_before(container, removed)
    if move and previous is not None:
        keep, _ = _split_trailing(previous)
        _set_trailing(previous, keep + move)


def _leaf_before(container, item):
    """The last header table rendered before ``item`` inside ``container``, if any."""
    if _is_aot(container):
        index = next(i for i, entry in enumerate(container) if entry is item)
        return _last_leaf(container[index - 1]) if index else None
    before = None
    for _, entry in _body(container):
        if entry is item:
            return before
        if isinstance(entry, (Table, AoT)):
            before = _last_leaf(entry)
    return None


def _previous_leaf(container):
    """The header table whose text ends where a table appended to ``container`` will start."""
    tables = [item for _, item in _body(container) if isinstance(item, (Table, AoT))]
    if tables:
        return _last_leaf(tables[-1])
    return container if isinstance(container, Table) and not container.is_super_table() else None


def _body(container) -> list:
    """The (key, item) pairs of a table or document; none for a table split across the file, whose parts
    tomlkit places itself."""
    return container.value.body if isinstance(container, Table) else getattr(container, "body", [])


def _last_leaf(item):
    """The innermost last table of ``item``: the one whose body holds the text's end."""
    while True:
        if _is_aot(item):
            if not len(item):
                return None
            item = item[-1]
            continue
        inner = [v for k, v in item.value.body if isinstance(v, (Table, AoT))]
        if not inner or not isinstance(_last_non_trivia(item), (Table, AoT)):
            return item
        item = inner[-1]


def _last_non_trivia(table: Table):
    return next((v for k, v in reversed(table.value.body) if k is not None or not isinstance(v, (Whitespace, Comment))),
                None)


# --- a file whose [[entries]] come back after other sections --------------------------------------------
#
# tomlkit 0.15 moves a later run of [[issues]] (after [no_deal], say) up to the first run when it writes
# the document, so a file that adds issues at its end would be reordered by any edit. Each run is parsed
# as its own document, and the runs of one array are edited as one list.

_HEADER = re.compile(r"""^[ \t]*\[(\[)?[ \t]*("[^"\n]*"|'[^'\n]*'|[A-Za-z0-9_-]+)""", re.MULTILINE)


def _parse(text: str):
    """A tomlkit document of ``text``, joined from parts when tomlkit cannot keep one in place."""
    parts = _parts(text)
    if len(parts) > 1:
        try:
            documents = [tomlkit.parse(part) for part in parts]
        except tomlkit.exceptions.ParseError:
            return tomlkit.parse(text)
        keys = [key for document in documents for key, item in document.items() if not isinstance(item, AoT)]
        round_trips = all(d.as_string() == part for d, part in zip(documents, parts))
        if round_trips and len(keys) == len(set(keys)):  # a split [table] is tomlkit's to handle
            return _Joined(documents)
    return tomlkit.parse(text)


def _parts(text: str) -> list[str]:
    """``text`` cut before each ``[[key]]`` header whose key had a run of entries before other sections."""
    cuts, seen, last = [], set(), None
    for match in _HEADER.finditer(text):
        key = match.group(2).strip("\"'")
        if match.group(1) and key in seen and key != last:
            cuts.append(match.start())
        seen.add(key)
        last = key
    bounds = [0, *cuts, len(text)]
    return [text[start:end] for start, end in zip(bounds, bounds[1:])]


def _is_aot(item) -> bool:
    return isinstance(item, (AoT, _JoinedAoT))


class _Joined:
    """Documents parsed from consecutive parts of one file, edited as one document."""

    def __init__(self, documents: list):
        self.documents = documents

    def _holders(self, key) -> list:
        return [document for document in self.documents if key in document]

    def __contains__(self, key) -> bool:
        return bool(self._holders(key))

    def __getitem__(self, key):
        items = [document[key] for document in self._holders(key)]
        return _JoinedAoT(items) if len(items) > 1 else items[0]

    def __setitem__(self, key, value) -> None:
        (self._holders(key) or self.documents)[-1][key] = value

    def __delitem__(self, key) -> None:
        for document in self._holders(key):
            del document[key]

    def values(self) -> list:
        return [item for document in self.documents for item in document.values()]

    @property
    def body(self) -> list:
        return [pair for document in self.documents for pair in document.body]

    def as_string(self) -> str:
        return "".join(document.as_string() for document in self.documents)


class _JoinedAoT:
    """The runs of one ``[[key]]`` array, indexed as one list; an entry inserted goes after its predecessor."""

    def __init__(self, runs: list[AoT]):
        self.runs = runs

    def _locate(self, index: int) -> tuple[AoT, int]:
        index = index + len(self) if index < 0 else index
        for run in self.runs:
            if index < len(run):
                return run, index
            index -= len(run)
        raise IndexError(index)

    def __len__(self) -> int:
        return sum(len(run) for run in self.runs)

    def __iter__(self):
        return (entry for run in self.runs for entry in run)

    def __getitem__(self, index: int) -> Table:
        run, local = self._locate(index)
        return run[local]

    def __delitem__(self, index: int) -> None:
        run, local = self._locate(index)
        del run[local]

    def insert(self, index: int, table: Table) -> None:
        if index == 0:
            self.runs[0].insert(0, table)
            return
        run, local = self._locate(index - 1)
        run.insert(local + 1, table)
