"""The translated fast path against single stepping: random programs must leave the machine
in the same state either way (registers, flags, memory, output, how it stopped, cycles)."""

from __future__ import annotations

from hypothesis import strategies as st

from console.machines.lbvm import isa
from console.machines.lbvm.machine import Machine
from console.machines.lbvm.program import Program
from tests.depth import property_test
from tests.lbvm_helpers import machine_with, stepped

REGISTER = st.one_of(st.integers(0, 8), st.sampled_from([9, 10]), st.integers(0, 255))


@st.composite
def instruction(draw) -> bytes:
    if draw(st.integers(0, 30)) == 0:
        return bytes([draw(st.integers(0, 255))])  # sometimes junk
    op = draw(st.sampled_from(isa.OPCODES))
    form = op.form
    if form is isa.Form.REG_REG:
        a = draw(st.integers(0, 8)) if op.writes_a and draw(st.booleans()) else draw(REGISTER)
        return bytes([op.byte, a, draw(REGISTER)])
    if form is isa.Form.REG_WORD:
        return bytes([op.byte, draw(REGISTER)]) + draw(st.integers(0, 0xFFFF)).to_bytes(2, "little")
    if form is isa.Form.REL:
        offset = draw(st.integers(-40, 40))
        return bytes([op.byte]) + (offset & 0xFFFF).to_bytes(2, "little")
    return bytes([op.byte, draw(REGISTER)])


PROGRAMS = st.lists(instruction(), min_size=1, max_size=40).map(b"".join)
VALUES = st.lists(st.one_of(st.integers(0, 120), st.integers(0, 0xFFFFFFFF),
                            st.sampled_from([0xFFFFF, 0x100000, 0xFFFFC, 3, 500000])),
                  min_size=11, max_size=11)


def loaded(data: bytes, values: list[int], budget: int) -> Machine:
    machine = Machine(budget)
    machine.load(Program(data))
    for name, value in zip(isa.REGISTER_NAMES, values, strict=True):
        if name != "IP":
            machine.set_register(name, value)
    return machine


def snapshot(machine: Machine) -> dict:
    state = machine.state()
    state.pop("frames")
    state.pop("cycles")
    state["memory"] = bytes(machine.mem[:4096]) + bytes(machine.mem[499_000:501_000]) + \
        bytes(machine.mem[-8:])
    return state


@property_test(300, PROGRAMS, VALUES, st.integers(1, 3000))
def test_fast_path_equals_single_stepping(data, values, budget):
    fast = loaded(data, values, budget)
    slow = loaded(data, values, budget)
    for _ in range(3):
        fast.run_frame()
        spent = stepped(slow, budget)
        assert snapshot(fast) == snapshot(slow)
        assert fast.total_cycles == slow.total_cycles or spent == 0
        if fast.halted:
            break


def test_a_loop_is_translated_into_one_while_block():
    machine = machine_with("lbSET r2, 1\nloop: lbADD r1, r2\nlbCMP r1, r0\nlbJNZ loop")
    machine.run_frame()
    blocks = machine.cpu.code.blocks
    loop = blocks[4]
    assert "while True:" in loop.source
    assert machine.get_register("R1") > 10_000


def test_a_store_onto_translated_code_runs_the_new_code():
    # the loop stores 'B' into its own lbSET's operand on the first round
    source = ("lbSET r5, patch + 2\nlbSET r3, 'B'\nlbSET r1, 1\n"
              "again:\npatch: lbSET r2, 'A'\nlbOUT r2\nlbSB r5, r3\nlbADD r4, r1\n"
              "lbCMP r4, r1\nlbJZ again\n")
    machine = machine_with(source)
    machine.run_frame()
    assert machine.output() == b"AB"


def test_every_opcode_with_ip_and_sp_operands_matches_stepping():
    for op in isa.OPCODES:
        for a in (0, isa.IP, isa.SP):
            for b in (1, isa.IP, isa.SP):
                raw = bytes([op.byte, a, b, 0])[: op.length] + b"\xff"
                fast, slow = loaded(raw, [5] * 11, 500), loaded(raw, [5] * 11, 500)
                fast.run_frame()
                stepped(slow, 500)
                assert snapshot(fast) == snapshot(slow), (op.name, a, b)


def test_block_cache_throws_away_what_a_store_lands_on_and_refuses_a_start_rewritten_often():
    from console.machines.translation import SMC_LIMIT, BlockCache

    watch = bytearray(16)
    cache = BlockCache(watch)
    for _ in range(SMC_LIMIT):
        assert 4 not in cache.refused
        cache.add(4, print, {4, 5, 6})
        cache.add(5, len, {5, 6, 7})
        assert list(watch[4:8]) == [1, 1, 1, 1]
        cache.written(6)  # both blocks hold byte 6
        assert cache.blocks == {} and list(watch) == [0] * 16
    assert cache.refused == {4, 5}
    cache.add(0, print, {0})
    cache.clear()
    assert (cache.blocks, cache.refused, watch[0]) == ({}, set(), 0)
    assert cache.stepper("k", lambda: abs) is abs and cache.stepper("k", lambda: len) is abs
