"""Every cart in carts/: its committed .b32 is exactly what its .asm assembles to, it runs
1,200 headless frames without a fault, and it carries a title and a description.

Generic over the folder, so carts added later are checked too. Rebuild stale carts with
``tools/build_carts.py``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from console.machines.b32 import cart as cartmod
from console.machines.b32.asm import assemble_file
from console.machines.b32.machine import Machine
from console.machines.symbols import format_symbols
from tests.depth import depths, scaled

CARTS = Path(__file__).resolve().parents[2] / "carts"
SOURCES = sorted(CARTS.glob("*.asm"))
BINARIES = sorted(CARTS.glob("*.b32"))
SEED = 1234
FRAMES = 1200


def test_the_folder_has_carts():
    assert SOURCES, "carts/ holds no sources"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_source_assembles_to_committed_cart(source):
    target = source.with_suffix(".b32")
    assert target.exists(), f"{target.name} is missing: run tools/build_carts.py"
    built = assemble_file(source).cart.to_bytes()
    assert target.read_bytes() == built, f"{target.name} is stale: run tools/build_carts.py"


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.stem)
def test_every_cart_ships_its_symbols(source):
    target = source.with_suffix(".sym")
    assert target.exists(), f"{target.name} is missing: run tools/build_carts.py"
    names = format_symbols(assemble_file(source).symbols)
    assert target.read_text(encoding="utf-8") == names, f"{target.name} is stale"


@pytest.mark.parametrize("path", BINARIES, ids=lambda p: p.stem)
def test_every_cart_has_a_source(path):
    assert path.with_suffix(".asm").exists()


@pytest.mark.parametrize("path", BINARIES, ids=lambda p: p.stem)
def test_cart_carries_title_and_description(path):
    title, description = cartmod.cart_info(cartmod.read(path))
    assert title, f"{path.name} has no TITLE"
    assert description, f"{path.name} has no DESCRIPTION"


@depths
@pytest.mark.parametrize("path", BINARIES, ids=lambda p: p.stem)
def test_cart_runs_20_seconds_without_a_fault(path, depth):
    """1200 frames (-m slow); the default run plays the first 240."""
    machine = Machine(seed=SEED)
    machine.load(cartmod.read(path))
    for frame in range(scaled(FRAMES, depth, least=240)):
        machine.run_frame()
        assert machine.fault is None, f"{path.name} frame {frame}: {machine.fault}"
        if machine.halted:
            break  # END: a finished program, not a fault


def _opcodes(source: Path) -> set[int]:
    """The opcode bytes of a source's instructions (data directives left out)."""
    data_words = {"DB", "DW", "DS", "TITLE", "DESCRIPTION", "ORG", "EQU"}
    found = set()
    for line in assemble_file(source).lines:
        if line.address is None or not line.data:
            continue
        words = line.source.split(";")[0].split()
        if words and not line.source[:1].isspace():
            words = words[1:]  # a label in column 0
        if words and words[0].endswith(":"):
            words = words[1:]  # an indented label
        if words and words[0].upper() in data_words:
            continue
        found.add(line.data[0])
    return found


def test_selftest_uses_every_opcode():
    assert _opcodes(CARTS / "selftest.asm") == set(range(0x01, 0x52))


def test_tutorial_uses_only_the_original_35_opcodes():
    assert _opcodes(CARTS / "tutorial.asm") <= set(range(0x01, 0x24))
