"""console.machines.b32.jit: every effect of the opcode table is checked and compiles; the
generated source of typical blocks is pinned in golden files."""

from __future__ import annotations

import dataclasses

import pytest

from console.machines.b32 import isa
from console.machines.b32.asm import assemble
from console.machines.b32.decoder import decode
from console.machines.b32.jit import EffectError, Trace, check_table, compile_block, scan
from console.machines.b32.machine import Machine

# an operand of each form that decodes (register forms name real registers)
OPERANDS = {isa.Form.REG: bytes([0x03]), isa.Form.REG_PAIR: bytes([0x03])}


def op_bytes(op: isa.Opcode) -> bytes:
    size = op.length - 1
    return bytes([op.byte]) + OPERANDS.get(op.form, bytes([0x34, 0x12])[:size])


@pytest.mark.parametrize("op", isa.OPCODES, ids=lambda op: f"{op.mnemonic}-{op.byte:02X}")
def test_every_opcodes_single_step_function_compiles_and_runs(op):
    machine = Machine(seed=1)
    code = op_bytes(op)
    machine.mem[0x1000 : 0x1000 + len(code)] = code
    ins = decode(lambda addr: machine.mem[addr & 0xFFFF], 0x1000)
    assert not isinstance(ins, str), ins
    fn = compile_block(machine.cpu, Trace.single(ins), single=True)
    machine.cpu.pc = 0x1000
    assert fn(machine.cpu, 0, 1) in (ins.cycles, -2)  # ran: its cycles, or WAIT/END stopped it
    compile(fn.source, "<check>", "exec")


def test_the_table_as_shipped_passes_the_check():
    effects = check_table(isa.OPCODES)
    assert len(effects) == sum(1 for op in isa.OPCODES if op.effect
                               and op.effect not in ("TFR", "PUSH", "POP"))


@pytest.mark.parametrize("effect, reason", [
    ("t = a + 1; WR8(x, t)", "a write .* must be the whole effect"),
    ("a = q", "unknown name 'q'"),
    ("a = RD8(z)", "RD8 takes an address of n, x or y"),
    ("a = d", "reads d before setting it"),
    ("if f & 2: t = 1\na = t", "reads t before setting it"),
    ("RD8(x)", "does nothing"),
    ("a = print(1)", "is not RD8"),
    ("a = RD8", "RD and WR are called"),
    ("a = 'x'", "is not an integer"),
    ("a = (", "never closed|unexpected EOF|invalid syntax"),
    ("WR8(x)", "is not RD8"),
    ("a, b = 1, 2", "assign to one name|Tuple is not in the effect language"),
    ("for t in x: pass", "For is not in the effect language"),
    ("a = [n][0]", "is not in the effect language"),
])
def test_a_malformed_effect_is_refused_naming_the_opcode(effect, reason):
    lda = isa.DECODE[0x01]
    bad = dataclasses.replace(lda, effect=effect)
    with pytest.raises(EffectError, match=rf"^LDA \$01 effect .*: .*(?:{reason})"):
        check_table([bad])


@pytest.mark.parametrize("cond, reason", [
    ("cf & q", "unknown name 'q'"),
    ("n > 3", "reads registers only"),
    ("RD8(x)", "reads registers only"),
])
def test_a_malformed_condition_is_refused_naming_the_opcode(cond, reason):
    jeq = isa.DECODE[0x0B]
    with pytest.raises(EffectError, match=rf"^JEQ \$0B condition .*: .*{reason}"):
        check_table([dataclasses.replace(jeq, cond=cond)])


# ---- the generated source of typical blocks ------------------------------------------------------

BLOCKS = {
    # a counting loop: the block comes back to its start, so it becomes a while loop
    "tight_loop": """
    L:  INCA
        INCX
        CMPX #$FFFF
        JNE L
        WAIT
    """,
    # stores through X onto the screen and a read of the I/O page (KEY)
    "screen_store": """
        LDX #$A000
        LDA $AFA0
        STA ,X
        LDD $2000
        STD $2002
        WAIT
    """,
    # a loop calling a subroutine that returns in the same block: the return slot is checked
    # once on entry (and that the constant store cannot hit it), S stays pending in the
    # callee, flags and A / B are computed only at the exits, and the jump tests CMPX itself
    "call_in_loop": """
    L:  LDA ,X
        INCA
        STA ,X
        ADDX #2
        JSR SUB
        CMPX #$AFA0
        JNE L
        WAIT
    SUB: LDD $3000
        ADDD #1
        STD $3000
        RTS
    """,
    # a subroutine call followed into the callee, and its return checked
    "call_return": """
        LDS #$C000
        JSR SUB
        WAIT
    SUB: PUSH D
        POP X
        TFR X,Y
        RTS
    """,
}


@pytest.mark.parametrize("name", sorted(BLOCKS))
def test_generated_source_of_typical_blocks(name, golden):
    source = " ORG $1000\nSTART:\n" + BLOCKS[name] + "\n END START\n"
    machine = Machine(seed=1)
    machine.load(assemble(source).cart)
    trace = scan(machine.mem, 0x1000, set())
    fn = compile_block(machine.cpu, trace)
    golden(f"golden/jit/{name}.txt", fn.source)


def test_machines_share_translations_and_the_shared_cache_is_bounded(monkeypatch):
    from console.machines.b32 import jit

    monkeypatch.setattr(jit, "SHARED", jit.SharedCode(limit=3))
    cart = assemble(" ORG $1000\nL: INCA\n STA $2000\n JMP L\n END L\n").cart
    machines = [Machine(seed=1), Machine(seed=1)]
    for machine in machines:
        machine.load(cart)
        machine.run_frame()
    first, second = (m.cpu._blocks[0x1000] for m in machines)
    assert first is not second and first.__code__ is second.__code__  # one translation
    assert machines[0].mem[0x2000] == machines[1].mem[0x2000] != 0
    for n in range(10):  # ten other blocks: the cache keeps the three newest
        compile_block(machines[0].cpu, Trace.single(decode(lambda a, n=n: (0x01, n)[a & 1], 0)))
    assert len(jit.SHARED.blocks) == jit.SHARED.held == 3


def test_a_shared_translation_is_reused_only_where_its_store_targets_are_code_alike():
    # the block stores to $3000 unchecked where no code is there; a machine that has code at
    # $3000 gets its own version, with the check, and a third machine like the first shares
    # the first's
    from console.machines.b32.bus import WATCH_CODE

    cart = assemble(" ORG $1000\nL: INCA\n STA $3000\n JMP L\n END L\n").cart
    machines = [Machine(seed=1) for _ in range(3)]
    for n, machine in enumerate(machines):
        machine.load(cart)
        if n == 1:
            machine.bus.watch[0x3000] |= WATCH_CODE
        machine.run_frame()
    plain, coded, again = (m.cpu._blocks[0x1000] for m in machines)
    assert 0x3000 in plain.unchecked and 0x3000 not in coded.unchecked
    assert plain.__code__ is not coded.__code__ and again.__code__ is plain.__code__
