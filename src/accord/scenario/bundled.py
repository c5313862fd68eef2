"""The scenarios that ship inside the package, and how to copy one out before editing it."""

from __future__ import annotations

import errno
import re
import shutil
from importlib import resources
from pathlib import Path

BUNDLED = {"ukraine-2025": "ukraine_2025.toml", "summit-2025": "summit_2025.toml", "blank": "blank.toml",
           "truces-2025": "truces_2025.toml"}  # the last holds agreed terms (accord.scenario.agreement)
DEFAULT = "ukraine-2025"


def bundled_path(name: str = DEFAULT) -> Path:
    """Path of a bundled scenario file. Read it; never write to it (see :func:`copy_bundled`)."""
    return Path(str(resources.files("accord.scenario") / "data" / BUNDLED[name]))


def copy_bundled(destination: str | Path, name: str = DEFAULT, *, overwrite: bool = False,
                 with_stability: bool = False) -> Path:
    """Copy a bundled scenario out of the package for editing; with ``with_stability``, the stability
    model it names too (else the copy names none, so that it loads on its own).

    >>> import tempfile, accord
    >>> out = copy_bundled(tempfile.mkdtemp() + "/ukraine.toml")
    >>> accord.load_scenario(out).scenario.id, sorted(p.name for p in out.parent.iterdir())
    ('ukraine-2025', ['ukraine.toml'])
    """
    from accord.scenario.load import load_scenario

    destination = Path(destination)
    if destination.is_dir():
        destination = destination / BUNDLED[name]
    companion = load_scenario(bundled_path(name)).scenario.stability_model if with_stability else None
    targets = [destination] + ([destination.parent / companion] if companion else [])
    for target in targets:
        if target.exists() and not overwrite:
            raise FileExistsError(errno.EEXIST, "exists", str(target))
    destination.parent.mkdir(parents=True, exist_ok=True)
    text = bundled_path(name).read_text(encoding="utf-8")
    if not with_stability:  # the line naming a file that is not copied goes; comments and order stay
        text = re.sub(r"(?m)^stability_model\s*=.*\n", "", text)
    destination.write_text(text, encoding="utf-8")
    if companion:
        shutil.copyfile(bundled_path(name).parent / companion, destination.parent / companion)
    return destination
