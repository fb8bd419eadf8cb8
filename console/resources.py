"""Where the console's own files are: ``fonts/`` and ``carts/``.

In a source checkout (and an editable install) they sit beside the ``console`` package; a
regular ``pip install`` puts them under ``<prefix>/share/b32/`` (pyproject's data-files).
"""

from __future__ import annotations

import sys
from pathlib import Path

import console

SOURCE_ROOT = Path(console.__file__).resolve().parent.parent
INSTALLED_ROOT = Path(sys.prefix) / "share" / "b32"


def data_dir(name: str, roots: tuple[Path, ...] = (SOURCE_ROOT, INSTALLED_ROOT)) -> Path:
    """The folder ``name`` under the first root that has it (the first root's when none does,
    so an error message names the place a checkout would have it)."""
    for root in roots:
        candidate = root / name
        if candidate.is_dir():
            return candidate
    return roots[0] / name
