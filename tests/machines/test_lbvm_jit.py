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
    same_as_stepping(data, values, budget)


def same_as_stepping(data: bytes, values: list[int], budget: int) -> None:
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


SMC_LOOP = ("lbSET r5, patch + 2\nlbSET r1, 1\n"
            "again: lbSB r5, r3\npatch: lbSET r2, 0\nlbADD r4, r2\nlbADD r3, r1\n"
            "lbSET IP, again\n")


def test_a_patched_word_operand_is_read_at_run_time_and_the_block_stays_translated():
    # the loop stores r3's low byte into its own lbSET's word each turn (carts/lbvm/selfmod's
    # trick): after the first store the lbSET reads its word from memory, and later stores
    # are plain stores, no longer throwing the block away
    fast, slow = machine_with(SMC_LOOP, 5000), machine_with(SMC_LOOP, 5000)
    patch = 4 + 4 + 3  # lbSET r5 (4 bytes), lbSET r1 (4), lbSB (3)
    for _ in range(4):
        fast.run_frame()
        stepped(slow, 5000)
        assert snapshot(fast) == snapshot(slow)
    code = fast.cpu.code
    assert fast.cpu.live == {patch} and not code.refused
    again = patch - 3
    assert f"mem[{patch + 2}] | mem[{patch + 3}] << 8" in code.blocks[again].source
    assert not fast.cpu.watch[patch + 2] and fast.cpu.watch[patch]  # the word is not watched
    assert fast.get_register("R4") == sum(n & 255 for n in range(fast.get_register("R3")))


def test_a_store_onto_a_live_instructions_opcode_still_throws_its_block_away():
    # once live, the lbSET's word is read at run time; overwriting its opcode byte (here with
    # lbOUT's, keeping the register byte) must still run the new instruction
    source = ("lbSET r5, patch + 2\nlbSET r6, patch\nlbSET r7, 0x10\nlbSET r1, 1\n"
              "again: lbSB r5, r3\npatch: lbSET r2, 65\nlbADD r3, r1\nlbCMP r3, r8\n"
              "lbJNZ again\nlbSB r6, r7\nlbSET r8, 0\nlbSET IP, again\n")
    fast, slow = machine_with(source, 3000), machine_with(source, 3000)
    fast.set_register("R8", 3)
    slow.set_register("R8", 3)
    for _ in range(3):
        fast.run_frame()
        stepped(slow, 3000)
        assert snapshot(fast) == snapshot(slow)
    assert fast.output() == slow.output() != b""


STORES_INTO_CODE = st.lists(st.one_of(
    instruction(),
    # r5 := an address in the first 48 bytes (the code); lbSB r5, r3 stores r3's low byte
    st.integers(0, 47).map(lambda at: bytes([isa.BY_NAME["lbSET"].byte, 5, at, 0])),
    st.just(bytes([isa.BY_NAME["lbSB"].byte, 5, 3])),
    st.just(bytes([isa.BY_NAME["lbADD"].byte, 3, 1])),  # r3 := r3 + r1: a new value each turn
    st.integers(-48, -1).map(  # a jump back: a loop that patches itself again and again
        lambda back: bytes([isa.BY_NAME["lbJNZ"].byte]) + (back & 0xFFFF).to_bytes(2, "little")),
), min_size=1, max_size=30).map(b"".join)


@property_test(300, STORES_INTO_CODE, VALUES, st.integers(1, 3000))
def test_code_that_stores_into_itself_equals_single_stepping(data, values, budget):
    # operands patched (live instructions), opcodes and registers patched, boundaries moved
    same_as_stepping(data, values, budget)
