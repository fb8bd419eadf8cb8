"""The one opcode table: every byte has exactly one meaning, and the docs come from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from console.machines.b32.isa import BY_BYTE, BY_MNEMONIC, DECODE, OPCODES, REGISTER_SIZED, Form

ROOT = Path(__file__).resolve().parents[2]


def test_every_byte_has_at_most_one_meaning():
    bytes_seen = [op.byte for op in OPCODES]
    assert len(bytes_seen) == len(set(bytes_seen))
    assert sorted(bytes_seen) == list(range(0x01, 0x52))  # $01-$51, nothing else
    assert all(DECODE[b] is None for b in range(256) if b not in BY_BYTE)


def test_mnemonic_and_form_pick_one_opcode():
    pairs = [(op.mnemonic, op.form) for op in OPCODES]
    assert len(pairs) == len(set(pairs))
    assert BY_MNEMONIC["LDA"][Form.IMM8].byte == 0x01
    assert BY_MNEMONIC["LDA"][Form.ABS].byte == 0x24
    assert BY_MNEMONIC["LDA"][Form.IDX_X].byte == 0x2E


def test_the_original_35_are_marked():
    assert [op.byte for op in OPCODES if op.original] == list(range(0x01, 0x24))


def test_cycle_costs_follow_section_4():
    # the examples HARDWARE.md gives
    costs = {("INCA", Form.INHERENT): 1, ("LDA", Form.IMM8): 2, ("STA", Form.IDX_X): 2,
             ("LDX", Form.IMM16): 3, ("LDA", Form.ABS): 4, ("JSR", Form.JUMP): 5}
    for (mnemonic, form), cycles in costs.items():
        assert BY_MNEMONIC[mnemonic][form].cycles() == cycles
    push = BY_MNEMONIC["PUSH"][Form.REG]
    assert push.data_bytes == REGISTER_SIZED
    assert (push.cycles(0), push.cycles(2)) == (3, 4)


def test_isa_doc_is_generated_from_the_table():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "tools" / "gen_isa_doc.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert (ROOT / "docs" / "ISA.md").read_text(encoding="utf-8") == gen.document()
