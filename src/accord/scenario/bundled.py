"""The scenarios that ship inside the package, and how to copy one out before editing it."""

from __future__ import annotations

import errno
import shutil
from importlib import resources
from pathlib import Path

BUNDLED = {"ukraine-2025": "ukraine_2025.toml", "summit-2025": "summit_2025.toml", "blank": "blank.toml"}
DEFAULT = "ukraine-2025"


def bundled_path(name: str = DEFAULT) -> Path:
    """Path of a bundled scenario file. Read it; never write to it (see :func:`copy_bundled`)."""
    return Path(str(resources.files("accord.scenario") / "data" / BUNDLED[name]))


def copy_bundled(destination: str | Path, name: str = DEFAULT, *, overwrite: bool = False) -> Path:
    """Copy a bundled scenario (and the stability model it names) out of the package for editing.

    >>> import tempfile, accord
    >>> out = copy_bundled(tempfile.mkdtemp() + "/ukraine.toml")
    >>> accord.load_scenario(out).scenario.id
    'ukraine-2025'
    """
    from accord.scenario.load import load_scenario

    destination = Path(destination)
    if destination.is_dir():
        destination = destination / BUNDLED[name]
    companion = load_scenario(bundled_path(name)).scenario.stability_model
    targets = [destination] + ([destination.parent / companion] if companion else [])
    for target in targets:
        if target.exists() and not overwrite:
            raise FileExistsError(errno.EEXIST, "exists; pass overwrite=True to replace it", str(target))
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(bundled_path(name), destination)
    if companion:
        shutil.copyfile(bundled_path(name).parent / companion, destination.parent / companion)
    return destination
