"""Write docs/commands.md from the CLI itself, so the reference never drifts (a test compares them).

    .venv/bin/python scripts/commands_md.py > docs/commands.md
"""

from __future__ import annotations

import click
import typer

from accord.cli import app


def _options(command: click.Command) -> list[str]:
    lines = []
    for param in command.params:
        if param.name == "help":
            continue
        if isinstance(param, click.Argument):
            name = param.human_readable_name.upper()
        else:
            name = ", ".join(param.opts + param.secondary_opts)
        help_text = " ".join((getattr(param, "help", None) or "").split())
        lines.append(f"| `{name}` | {help_text} |")
    return lines


def _walk(group: click.Group, prefix: str) -> list[str]:
    out = []
    for name in group.list_commands(click.Context(group)):
        command = group.get_command(click.Context(group), name)
        full = f"{prefix} {name}"
        if isinstance(command, click.Group):
            out += _walk(command, full)
            continue
        summary = " ".join((command.help or "").split())
        out += [f"## `{full}`", "", summary, ""]
        options = _options(command)
        if options:
            out += ["| argument or option | meaning |", "|---|---|", *options, ""]
    return out


def main() -> None:
    group = typer.main.get_command(app)
    print("# Commands\n\nEvery command, generated from the command line itself "
          "(`.venv/bin/python scripts/commands_md.py`).\n")
    print("\n".join(_walk(group, "accord")))


if __name__ == "__main__":
    main()
