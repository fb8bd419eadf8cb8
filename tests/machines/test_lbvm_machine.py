"""The LBVM machine against LBVM.md: every opcode and its cycles, how programs end and fault,
the teletype, the dumped state."""

from __future__ import annotations

from pathlib import Path

import pytest

from console.machines.base import Machine as MachineProtocol
from console.machines.base import Stop
from console.machines.lbvm.teletype import Teletype
from tests.lbvm_helpers import machine_with, program, run

CARTS = Path(__file__).resolve().parents[2] / "carts" / "lbvm"


def regs(machine, *names):
    return tuple(machine.get_register(n) for n in names)


def test_it_is_a_machine_of_the_protocol():
    assert isinstance(machine_with(b""), MachineProtocol)


def test_reset_state():
    machine = machine_with(b"")
    assert regs(machine, "R0", "R8", "IP", "SP", "FLAGS") == (0, 0, 0, 500000, 0)


@pytest.mark.parametrize("source,expect,cycles", [
    ("lbSET r1, 0xFFFF\nlbSET r2, 2\nlbADD r1, r2", {"R1": 0x10001}, 11),
    ("lbSET r2, 5\nlbMOV r3, r2", {"R3": 5}, 7),
    ("lbSET r1, data\nlbLB r2, r1\ndata: db 0x42", {"R2": 0x42}, 8),
    ("lbSET r1, 100\nlbSET r2, 0x1234\nlbSB r1, r2\nlbLB r3, r1", {"R3": 0x34}, 16),
    ("lbSET r1, 7\nlbPUSH r1\nlbPOP r2", {"R2": 7, "SP": 500000}, 16),
    ("lbSET r1, 7\nlbPUSH r1", {"SP": 499996}, 10),
    ("lbMOV r1, IP\nlbMOV r2, IP", {"R1": 0, "R2": 3}, 6),  # IP reads as the instruction
])
def test_instructions(source, expect, cycles):
    machine = run(source)
    assert machine.ended and machine.total_cycles == cycles
    for name, value in expect.items():
        assert machine.get_register(name) == value, name


def test_add_wraps_at_32_bits():
    machine = machine_with("lbADD r1, r2")
    machine.set_register("R1", 0xFFFFFFFF)
    machine.set_register("R2", 2)
    machine.run_frame()
    assert machine.get_register("R1") == 1


@pytest.mark.parametrize("a,b,zf,cf,of", [
    (5, 5, 1, 0, 0),
    (3, 5, 0, 1, 0),
    (5, 3, 0, 0, 0),
    (0x80000000, 1, 0, 0, 1),  # most negative - 1 overflows
    (0x7FFFFFFF, 0xFFFFFFFF, 0, 1, 1),  # max - (-1) overflows
])
def test_cmp_flags(a, b, zf, cf, of):
    machine = machine_with("lbCMP r1, r2")
    machine.set_register("R1", a)
    machine.set_register("R2", b)
    machine.run_frame()
    assert regs(machine, "ZF", "CF", "OF") == (zf, cf, of)


def test_jz_jnz_and_a_loop():
    machine = run("lbSET r1, 3\nlbSET r2, 1\nlbSET r0, 0\n"
                  "loop: lbCMP r1, r0\nlbJZ done\nlbOUT r1\nlbSET r3, 0xFFFF\n"
                  "lbSET r4, 0xFFFF\nlbADD r3, r4\n"  # r3 = $1FFFE; -1 needs two steps
                  "lbSET r5, 1\nlbCMP r1, r5\nlbJNZ dec\nlbSET r1, 0\nlbSET IP, loop\n"
                  "dec: lbSET r6, 0xFFFF\nlbSET r7, 0\nlbMOV r1, r5\nlbSET IP, loop\ndone:")
    assert machine.output() == bytes([3, 1])
    assert machine.ended == f"ran off the program at ${len(machine.cart.data):06X}"


def test_call_and_return_through_pop_ip():
    machine = run("lbCALL sub\nlbSET r2, 9\nlbSET IP, end\nsub: lbSET r1, 1\nlbPOP IP\nend:")
    assert regs(machine, "R1", "R2", "SP") == (1, 9, 500000)
    assert machine.total_cycles == 7 + 4 + 4 + 4 + 6


def test_call_pushes_the_next_address():
    machine = machine_with("lbCALL sub\nsub: db 0xFF")
    machine.run_frame()
    assert machine.stack(4) == [(499996, 3)]
    assert machine.ended == "unknown opcode $FF at $000003"


def test_out_prints_a_register_not_memory():
    assert run("lbSET r1, 'A'\nlbOUT r1").output() == b"A"


def test_lbjmp_runs_as_out_of_register_lo():
    machine = run("lbSET r1, 'J'\nlbJMP 0x100\n")  # 10 lo hi: OUT r[lo], 2 bytes
    target_lo = (0x100 - 7) & 0xFF  # the word is relative to the next instruction
    assert target_lo == 0xF9
    assert machine.fault == "bad register $F9 at $000004"


def test_article_programs():
    short = run((CARTS / "article_short.lbvm").read_bytes())
    assert short.output() == b"H" and short.ended == "unknown opcode $48 at $000010"
    long = run((CARTS / "article_long.lbvm").read_bytes())
    assert long.output() == b"Hello World\n\x00"
    assert long.ended == "unknown opcode $48 at $000070"
    assert long.screen_lines()[0] == "Hello World"
    assert long.total_cycles == 8 + 13 * 9


@pytest.mark.parametrize("name,text", [
    ("count", "0123456789"),
    ("call", "Hello from a subroutine,"),
    ("selfmod", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
])
def test_own_carts(name, text):
    machine = run((CARTS / f"{name}.lbvm").read_bytes())
    assert machine.screen_lines()[0] == text
    assert machine.ended.startswith("ran off the program")


# ---- the end of a program and faults -----------------------------------------------------------


def test_empty_program_ends_at_once():
    machine = run(b"")
    assert machine.ended == "ran off the program at $000000" and machine.total_cycles == 0


def test_jump_far_outside_memory_ends_the_program():
    machine = run("lbSET r1, 0xFFFF\nlbSET r2, 0xFFFF\nlbADD r1, r2\nlbADD r1, r1\n"
                  "lbMOV IP, r1")
    assert machine.ended == "ran off the program at $03FFFC"
    assert machine.pc == 0x3FFFC and not machine.fault


@pytest.mark.parametrize("source,fault", [
    (bytes([0x00, 0x01, 0x0B]), "bad register $0B at $000000"),
    (bytes([0x08, 0xFF]), "bad register $FF at $000000"),
])
def test_bad_register_faults_and_changes_nothing(source, fault):
    machine = run(source)
    assert machine.fault == fault and machine.halted and machine.ended is None
    assert machine.pc == 0 and machine.total_cycles == 0


@pytest.mark.parametrize("source,address", [
    ("lbLB r0, r1", 0x100000),
    ("lbSB r1, r0", 0x100000),
])
def test_load_and_store_outside_memory_fault(source, address):
    machine = machine_with(source)
    machine.set_register("R1", address)
    machine.run_frame()
    assert machine.fault == f"address ${address:06X} outside memory at $000000"
    assert machine.pc == 0 and machine.total_cycles == 0


def test_store_at_the_last_byte_is_fine():
    machine = machine_with("lbSB r1, r2\nlbLB r3, r1")
    machine.set_register("R1", 0xFFFFF)
    machine.set_register("R2", 0x1AB)
    machine.run_frame()
    assert machine.get_register("R3") == 0xAB and machine.ended


def test_faulting_push_changes_nothing():
    machine = machine_with("lbSET SP, 2\nlbPUSH r1")
    machine.run_frame()
    assert machine.fault == "address $FFFFFFFE outside memory at $000004"
    assert machine.get_register("SP") == 2 and machine.pc == 4
    assert machine.total_cycles == 4


def test_pop_at_the_top_of_memory_faults():
    machine = machine_with("lbSET r1, 0xFFFF\nlbSET r2, 0xFFFF\nlbADD r1, r2\n"
                           "lbMOV r3, r1\nlbSET r4, 0xF\nlbSET r5, 0xFFFF\n"
                           "lbPOP r0")
    machine.set_register("SP", 0xFFFFE)
    machine.run_frame()
    assert machine.fault.startswith("address $100000 outside memory at $")


def test_budget_rule_an_instruction_starts_while_below_the_budget():
    machine = machine_with("loop: lbADD r1, r2\nlbSET IP, loop", cycles=10)
    result = machine.run_frame()
    # ADD (3) and SET (4) start below 10; the next ADD starts at 7 and runs to 10; then stop
    assert result.reason is Stop.BUDGET and result.cycles == 10
    machine.set_register("R2", 1)
    result = machine.run_frame()
    # frame 2 starts on the SET: SET at 0, ADD at 4, SET at 7 (below 10) runs to 11
    assert machine.get_register("R1") == 1 and result.cycles == 11


# ---- the teletype ------------------------------------------------------------------------------


def test_teletype_control_characters_wrap_and_scroll():
    tty = Teletype()
    for byte in b"ab\x08c\rX\nline2":
        tty.put(byte)
    assert tty.lines()[:2] == ["Xc", "line2"]
    for byte in b"\n" * 30 + b"z" * 81:
        tty.put(byte)
    lines = tty.lines()
    assert lines[23] == "z" * 80 and lines[24] == "z"
    assert tty.video.cursor_pos == 24 * 80 + 1


def test_teletype_backspace_stops_at_column_zero_and_nul_is_a_glyph():
    tty = Teletype()
    for byte in b"\x08\x08\x00A":
        tty.put(byte)
    assert tty.cells[:2] == b"\x00A" and tty.lines()[0] == " A"
    assert tty.screen_bytes()[:4] == bytes([0, 7, 0x41, 7])


def test_state_json_shape():
    state = run((CARTS / "article_short.lbvm").read_bytes()).state()
    assert list(state) == ["machine", "registers", "flags", "halted", "fault", "ended",
                           "frames", "cycles", "output", "screen"]
    assert state["machine"] == "lbvm" and state["output"] == "48"
    assert list(state["registers"]) == [f"R{i}" for i in range(9)] + ["IP", "SP"]
    assert state["flags"] == {"ZF": 0, "CF": 0, "OF": 0}
    assert (state["halted"], state["fault"], state["frames"]) == (True, None, 1)
    assert len(state["screen"]) == 25 and state["screen"][0] == "H"


def test_set_ip_after_the_end_lets_it_run_again():
    machine = run("lbSET r1, 1\ndb 0xEE")
    assert machine.ended
    machine.set_register("IP", 0)
    assert not machine.halted and machine.ended is None
    machine.step()
    assert machine.get_register("R1") == 1


def test_assemble_and_disassemble_one_statement():
    machine = machine_with(b"")
    data = machine.assemble(0x100, "lbJNZ 0x100", {})
    assert data == bytes([7, 0xFD, 0xFF])
    assert machine.disassemble(data, 0x100)[0].text == "lbJNZ 0x100"
    assert program("lbSET SP, 3") == bytes([3, 10, 3, 0])


def test_every_byte_has_exactly_one_meaning():
    from console.machines.lbvm import isa

    bytes_run = [op.byte for op in isa.OPCODES]
    assert len(bytes_run) == len(set(bytes_run)) == 12
    assert [isa.DECODE[b].name for b in bytes_run] == [op.name for op in isa.OPCODES]
    assert sum(op is not None for op in isa.DECODE) == 12
    # the one encoding the assembler knows beyond the CPU's: lbJMP, run as lbOUT (LBVM.md 3)
    assert [(a.name, isa.DECODE[a.byte].name) for a in isa.ALIASES] == [("lbJMP", "lbOUT")]
    assert all(op.cycles == op.length + op.data_bytes for op in isa.OPCODES)


def test_the_lbvm_machine_offers_the_whole_protocol():
    from console.machines import base

    machine = machine_with(b"")
    members = [name for name in dir(base.Machine) if not name.startswith("_")]
    members += list(base.Machine.__annotations__)
    assert [name for name in members if not hasattr(machine, name)] == []
    assert base.has_output(machine) and machine.address_digits == 6
    assert [r.name for r in machine.REGISTERS if r.counter] == ["IP"]
    assert [r.name for r in machine.REGISTERS if r.flags] == ["FLAGS"]
