"""Errors that carry the file, line and field they are about."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Control characters, and the bidirectional overrides that can make a line read as something else.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def one_line(text: str) -> str:
    """``text`` with its control characters escaped, so that a hostile file name stays one inert line.

    >>> one_line("a\\nb\\x1b[31m.txt")
    'a\\\\nb\\\\x1b[31m.txt'
    """
    return _UNPRINTABLE.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return one_line(text)


class AccordError(Exception):
    """Base of the errors accord reports to users as one line each, without a traceback."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(file="accord", line=None, field=None, message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):
        # rebuilt from its problems, not its message, when a worker process sends it back
        return type(self), (self.problems,)


class ScenarioError(AccordError):
    """A scenario file that cannot be read or does not describe a valid negotiation."""
