"""docs/HARDWARE.md and docs/LBVM.md are copies of the contracts in ../shared (when that folder
sits beside the checkout, or where B32_SHARED names; skipped otherwise)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("B32_SHARED", ROOT.parent / "shared"))


@pytest.mark.parametrize("name", ["HARDWARE.md", "LBVM.md"])
def test_contract_copy_matches_the_shared_one(name):
    shared = SHARED / name
    if not shared.is_file():
        pytest.skip(f"no {shared} beside the checkout")
    assert (ROOT / "docs" / name).read_bytes() == shared.read_bytes(), (
        f"docs/{name} differs from {shared}: copy it again")


def test_architecture_names_every_layer():
    text = (ROOT / "docs" / "ARCHITECTURE.md").read_text(encoding="utf-8")
    for layer in sorted(p.name for p in (ROOT / "console").iterdir()
                        if p.is_dir() and not p.name.startswith("__")):
        assert f"console/{layer}/" in text, layer
