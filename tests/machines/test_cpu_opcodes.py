"""One test (or a few) per opcode, py65 style: set a state, step once, check everything."""

from __future__ import annotations

import pytest

from console.machines.b32.isa import OPCODES
from tests.cpu_helpers import check, make_machine

# ---- the original 35 ---------------------------------------------------------------------------


def test_lda_imm():
    check(b"\x01\x41", expect={"a": 0x41}, cycles=2)


def test_ldx_imm_little_endian():
    check(b"\x02\x34\x12", expect={"x": 0x1234}, cycles=3)


def test_sta_x_writes_screen():
    m = check(b"\x03", regs={"a": 0x41, "x": 0xA000}, expect_mem={0xA000: 0x41}, cycles=2)
    assert m.screen_lines()[0] == "A"


def test_end_halts_with_pc_after_it():
    m = make_machine(b"\x04")
    frame = m.run_frame()
    assert (frame.reason, frame.cycles, m.cpu.pc, m.halted) == ("end", 1, 0x1001, True)
    assert m.run_frame().reason == "halted"


@pytest.mark.parametrize(
    "op,reg,value,operand,cf",
    [
        (0x05, "a", 5, b"\x05", 0x01),
        (0x05, "a", 4, b"\x05", 0x06),
        (0x05, "a", 6, b"\x05", 0x0A),
        (0x06, "b", 0xFF, b"\x00", 0x0A),
        (0x06, "b", 0x00, b"\xFF", 0x06),
        (0x07, "x", 0x1234, b"\x34\x12", 0x01),
        (0x07, "x", 0x1233, b"\x34\x12", 0x06),
        (0x08, "y", 0xFFFF, b"\x00\x00", 0x0A),
        (0x09, "d", 0x0102, b"\x02\x01", 0x01),
        (0x09, "d", 0x0201, b"\x02\x01", 0x0A),  # D is A:B, not A << (8 + B)
        (0x09, "d", 0x0101, b"\x02\x01", 0x06),
    ],
)
def test_compare_sets_cf_unsigned(op, reg, value, operand, cf):
    check(bytes([op]) + operand, regs={reg: value, "f": 3}, expect={"cf": cf},
          cycles=1 + len(operand))


def test_compare_leaves_f_alone():
    check(b"\x05\x01", regs={"a": 1, "f": 3, "cf": 0x0A}, expect={"cf": 1})


@pytest.mark.parametrize(
    "op,cf,taken",
    [
        (0x0B, 0x01, True), (0x0B, 0x06, False),
        (0x0C, 0x06, True), (0x0C, 0x01, False),
        (0x0D, 0x0A, True), (0x0D, 0x06, False), (0x0D, 0x01, False),  # JGT: register greater
        (0x0E, 0x06, True), (0x0E, 0x0A, False), (0x0E, 0x01, False),  # JLT: register less
        (0x48, 0x0A, True), (0x48, 0x01, True), (0x48, 0x06, False),  # JGE
        (0x49, 0x06, True), (0x49, 0x01, True), (0x49, 0x0A, False),  # JLE
    ],
)
def test_conditional_jumps_on_cf(op, cf, taken):
    pc = 0x2000 if taken else 0x1003
    check(bytes([op]) + b"\x00\x20", regs={"cf": cf}, pc=pc, cycles=3)


@pytest.mark.parametrize(
    "op,f,taken",
    [(0x4A, 2, True), (0x4A, 1, False), (0x4B, 1, True), (0x4B, 2, False),
     (0x4C, 1, True), (0x4C, 2, False), (0x4D, 2, True), (0x4D, 3, False)],
)
def test_flag_jumps(op, f, taken):
    check(bytes([op]) + b"\x00\x20", regs={"f": f}, pc=0x2000 if taken else 0x1003, cycles=3)


def test_jmp():
    check(b"\x0A\x34\x12", pc=0x1234, cycles=3)


def test_jumps_run_inside_blocks():
    # JGT taken to an END placed at the target, through a translated block
    m = make_machine(b"\x05\x02\x0D\x07\x10\x04\x00\x04")
    m.cpu.a = 3
    frame = m.run_frame()
    assert (frame.reason, m.cpu.pc, frame.cycles) == ("end", 0x1008, 2 + 3 + 1)


@pytest.mark.parametrize(
    "op,reg,before,after,of",
    [
        (0x0F, "a", 0x41, 0x42, 0), (0x0F, "a", 0xFF, 0x00, 1),
        (0x10, "b", 0xFF, 0x00, 1), (0x10, "b", 0x00, 0x01, 0),
        (0x11, "x", 0xFFFF, 0x0000, 1), (0x11, "x", 0x00FF, 0x0100, 0),
        (0x12, "y", 0xFFFF, 0x0000, 1), (0x12, "y", 0x1234, 0x1235, 0),
        (0x13, "d", 0x00FF, 0x0100, 0), (0x13, "d", 0xFFFF, 0x0000, 1),
    ],
)
def test_increments_set_of_when_value_was_max(op, reg, before, after, of):
    check(bytes([op]), regs={reg: before, "f": 2}, expect={reg: after, "f": 2 | of}, cycles=1)


@pytest.mark.parametrize(
    "op,reg,before,after",
    [(0x14, "a", 0, 0xFF), (0x15, "b", 5, 4), (0x16, "x", 0, 0xFFFF), (0x17, "y", 0x100, 0xFF),
     (0x18, "d", 0x0100, 0x00FF), (0x18, "d", 0, 0xFFFF)],
)
def test_decrements_clear_of_keep_c(op, reg, before, after):
    check(bytes([op]), regs={reg: before, "f": 3}, expect={reg: after, "f": 2}, cycles=1)


@pytest.mark.parametrize(
    "op,reg,before,c,after,new_c",
    [
        (0x19, "a", 0x80, 0, 0x00, 1), (0x19, "a", 0x41, 1, 0x83, 0),
        (0x1A, "b", 0xFF, 1, 0xFF, 1), (0x1A, "b", 0x01, 0, 0x02, 0),
        (0x1B, "a", 0x01, 0, 0x00, 1), (0x1B, "a", 0x02, 1, 0x81, 0),
        (0x1C, "b", 0xFF, 0, 0x7F, 1), (0x1C, "b", 0x00, 1, 0x80, 0),
    ],
)
def test_rotates_through_carry(op, reg, before, c, after, new_c):
    # OF (bit 0) must survive a rotate
    check(bytes([op]), regs={reg: before, "f": 1 | c << 1},
          expect={reg: after, "f": 1 | new_c << 1}, cycles=1)


def test_nine_rotates_restore_value():
    m = make_machine(b"\x19" * 9 + b"\x04")
    m.cpu.a = 0xA5
    m.run_frame()
    assert (m.cpu.a, m.cpu.f) == (0xA5, 0)


@pytest.mark.parametrize(
    "op,reg,before,f,after,new_f",
    [
        (0x1D, "a", 0x10, 2, 0x11, 2), (0x1D, "a", 0xFF, 2, 0x00, 3), (0x1D, "a", 0x10, 1, 0x10, 1),
        (0x1E, "b", 0xFF, 2, 0x00, 3), (0x1E, "b", 0x05, 0, 0x05, 0),
    ],
)
def test_adc_adds_carry(op, reg, before, f, after, new_f):
    check(bytes([op]), regs={reg: before, "f": f}, expect={reg: after, "f": new_f}, cycles=1)


@pytest.mark.parametrize(
    "op,reg,before,n,after,of",
    [(0x1F, "a", 0xF0, 0x10, 0x00, 1), (0x1F, "a", 0xF0, 0x0F, 0xFF, 0),
     (0x20, "b", 0x01, 0xFF, 0x00, 1), (0x20, "b", 0x01, 0x01, 0x02, 0)],
)
def test_add_immediate_is_two_bytes_and_sets_of(op, reg, before, n, after, of):
    check(bytes([op, n]), regs={reg: before, "f": 2}, expect={reg: after, "f": 2 | of}, cycles=2)


@pytest.mark.parametrize("a,b,d,of", [(0x80, 0x80, 0x0100, 1), (0x10, 0x20, 0x0030, 0),
                                      (0xFF, 0x00, 0x00FF, 0), (0xFF, 0x01, 0x0100, 1)])
def test_addab(a, b, d, of):
    check(b"\x21", regs={"a": a, "b": b}, expect={"d": d, "f": of}, cycles=1)


def test_ldb_ldy():
    check(b"\x22\x7F", expect={"b": 0x7F}, cycles=2)
    check(b"\x23\xCD\xAB", expect={"y": 0xABCD}, cycles=3)


# ---- console extensions ------------------------------------------------------------------------


def test_absolute_loads():
    mem = {0x3000: [0x34, 0x12]}
    check(b"\x24\x00\x30", mem=mem, expect={"a": 0x34}, cycles=4)
    check(b"\x25\x01\x30", mem=mem, expect={"b": 0x12}, cycles=4)
    check(b"\x26\x00\x30", mem=mem, expect={"d": 0x1234}, cycles=5)  # B from addr, A from addr+1
    check(b"\x27\x00\x30", mem=mem, expect={"x": 0x1234}, cycles=5)
    check(b"\x28\x00\x30", mem=mem, expect={"y": 0x1234}, cycles=5)


def test_absolute_stores_little_endian():
    check(b"\x29\x00\x30", regs={"a": 0x41}, expect_mem={0x3000: 0x41}, cycles=4)
    check(b"\x2A\x00\x30", regs={"b": 0x42}, expect_mem={0x3000: 0x42}, cycles=4)
    check(b"\x2B\x00\x30", regs={"d": 0x1234}, expect_mem={0x3000: [0x34, 0x12]}, cycles=5)
    check(b"\x2C\x00\x30", regs={"x": 0xBEEF}, expect_mem={0x3000: [0xEF, 0xBE]}, cycles=5)
    check(b"\x2D\x00\x30", regs={"y": 0x0102}, expect_mem={0x3000: [0x02, 0x01]}, cycles=5)


def test_word_at_ffff_wraps_to_0000():
    check(b"\x27\xFF\xFF", mem={0xFFFF: 0x34, 0x0000: 0x12}, expect={"x": 0x1234}, cycles=5)
    check(b"\x2C\xFF\xFF", regs={"x": 0xABCD}, expect_mem={0xFFFF: 0xCD, 0x0000: 0xAB})


def test_indexed_loads_and_stores():
    mem = {0x3000: 0x99}
    check(b"\x2E", regs={"x": 0x3000}, mem=mem, expect={"a": 0x99}, cycles=2)
    check(b"\x2F", regs={"x": 0x3000}, mem=mem, expect={"b": 0x99}, cycles=2)
    check(b"\x30", regs={"x": 0x3000, "b": 7}, expect_mem={0x3000: 7}, cycles=2)
    check(b"\x31", regs={"y": 0x3000}, mem=mem, expect={"a": 0x99}, cycles=2)
    check(b"\x32", regs={"y": 0x3000}, mem=mem, expect={"b": 0x99}, cycles=2)
    check(b"\x33", regs={"y": 0x3000, "a": 5}, expect_mem={0x3000: 5}, cycles=2)
    check(b"\x34", regs={"y": 0x3000, "b": 6}, expect_mem={0x3000: 6}, cycles=2)


def test_ldd_immediate_sets_a_high():
    check(b"\x35\x34\x12", expect={"a": 0x12, "b": 0x34}, cycles=3)


@pytest.mark.parametrize("op,reg,before,n,after,of",
                         [(0x36, "a", 5, 6, 0xFF, 1), (0x36, "a", 6, 6, 0, 0),
                          (0x37, "b", 0, 1, 0xFF, 1), (0x37, "b", 0x80, 0x7F, 1, 0)])
def test_subtract_immediate_borrow(op, reg, before, n, after, of):
    check(bytes([op, n]), regs={reg: before, "f": 2}, expect={reg: after, "f": 2 | of}, cycles=2)


@pytest.mark.parametrize("op,reg,n,after", [(0x38, "a", 0x0F, 0x05), (0x39, "b", 0xF0, 0x50),
                                            (0x3A, "a", 0xF0, 0xF5), (0x3B, "b", 0x0F, 0x5F),
                                            (0x3C, "a", 0xFF, 0xAA), (0x3D, "b", 0x55, 0x00)])
def test_logic_immediate_leaves_flags(op, reg, n, after):
    check(bytes([op, n]), regs={reg: 0x55, "f": 3, "cf": 1}, expect={reg: after}, cycles=2)


def test_addd_subd():
    check(b"\x3E\x01\x00", regs={"d": 0xFFFF}, expect={"d": 0, "f": 1}, cycles=3)
    check(b"\x3E\x10\x01", regs={"d": 0x00F0}, expect={"d": 0x0200, "f": 0}, cycles=3)
    check(b"\x3F\x01\x00", regs={"d": 0}, expect={"d": 0xFFFF, "f": 1}, cycles=3)
    check(b"\x3F\x00\x01", regs={"d": 0x0100, "f": 3}, expect={"d": 0, "f": 2}, cycles=3)


def test_addx_addy():
    check(b"\x40\xA0\x00", regs={"x": 0xA000}, expect={"x": 0xA0A0}, cycles=3)
    check(b"\x40\x02\x00", regs={"x": 0xFFFF}, expect={"x": 1, "f": 1})
    check(b"\x41\x01\x00", regs={"y": 0xFFFF, "f": 2}, expect={"y": 0, "f": 3}, cycles=3)


def test_abx_unsigned_wrapping_leaves_of():
    check(b"\x42", regs={"x": 0xFFFF, "b": 2, "f": 1}, expect={"x": 1}, cycles=1)
    check(b"\x42", regs={"x": 0x1000, "b": 0xFF}, expect={"x": 0x10FF})


@pytest.mark.parametrize(
    "operand,regs,expect",
    [
        (0x03, {"a": 0x7F}, {"x": 0x7F}),  # A -> X zero-extends
        (0x30, {"x": 0x1234}, {"a": 0x34}),  # X -> A takes the low byte
        (0x23, {"d": 0xBEEF}, {"x": 0xBEEF}),  # D -> X
        (0x42, {"y": 0x1234}, {"d": 0x1234}),  # Y -> D sets A and B
        (0x02, {"a": 0x12, "b": 0x34}, {"d": 0x0012}),  # A -> D zero-extends
        (0x35, {"x": 0xF000}, {"s": 0xF000}),  # X -> S
        (0x54, {"s": 0xFFFE}, {"y": 0xFFFE}),  # S -> Y
        (0x01, {"a": 9}, {"b": 9}),
    ],
)
def test_tfr(operand, regs, expect):
    check(bytes([0x43, operand]), regs=regs, expect=expect, cycles=2)


def test_stack_grows_down_from_top():
    # S starts at 0: the first 16-bit push stores at $FFFE-$FFFF
    check(b"\x44\x03", regs={"x": 0x1234}, expect={"s": 0xFFFE},
          expect_mem={0xFFFE: [0x34, 0x12]}, cycles=4)
    check(b"\x44\x00", regs={"a": 0x41}, expect={"s": 0xFFFF}, expect_mem={0xFFFF: 0x41},
          cycles=3)
    check(b"\x44\x02", regs={"d": 0x1234, "s": 0xC000}, expect={"s": 0xBFFE},
          expect_mem={0xBFFE: [0x34, 0x12]}, cycles=4)


def test_push_s_pushes_value_before_the_push():
    check(b"\x44\x05", regs={"s": 0xC000}, expect={"s": 0xBFFE}, expect_mem={0xBFFE: [0x00, 0xC0]})


def test_pop():
    mem = {0xBFFE: [0x34, 0x12]}
    check(b"\x45\x04", regs={"s": 0xBFFE}, mem=mem, expect={"y": 0x1234, "s": 0xC000}, cycles=4)
    check(b"\x45\x01", regs={"s": 0xBFFE}, mem=mem, expect={"b": 0x34, "s": 0xBFFF}, cycles=3)
    check(b"\x45\x02", regs={"s": 0xBFFE}, mem=mem, expect={"d": 0x1234, "s": 0xC000})
    # POP S loads S with the popped word
    check(b"\x45\x05", regs={"s": 0xBFFE}, mem=mem, expect={"s": 0x1234})


def test_pop_wraps_at_top_of_memory():
    check(b"\x45\x03", regs={"s": 0xFFFE}, mem={0xFFFE: [0xCD, 0xAB]},
          expect={"x": 0xABCD, "s": 0x0000})


def test_jsr_pushes_return_address_and_rts_pops_it():
    check(b"\x46\x00\x20", regs={"s": 0xC000}, expect={"s": 0xBFFE},
          expect_mem={0xBFFE: [0x03, 0x10]}, pc=0x2000, cycles=5)
    check(b"\x47", regs={"s": 0xBFFE}, mem={0xBFFE: [0x03, 0x10]}, expect={"s": 0xC000},
          pc=0x1003, cycles=3)


def test_subroutine_round_trip_in_blocks():
    # JSR SUB; END ; SUB: INCA; RTS
    m = make_machine(b"\x46\x04\x10\x04\x0F\x47")
    frame = m.run_frame()
    assert (frame.reason, m.cpu.a, m.cpu.s, m.cpu.pc) == ("end", 1, 0, 0x1004)
    assert frame.cycles == 5 + 1 + 3 + 1


def test_mul():
    check(b"\x4E", regs={"a": 0xFF, "b": 0xFF, "f": 1}, expect={"d": 0xFE01}, cycles=1)
    check(b"\x4E", regs={"a": 12, "b": 10}, expect={"d": 120}, cycles=1)


def test_wait_ends_the_slice():
    m = make_machine(b"\x0F\x4F\x0F\x04")
    frame = m.run_frame()
    assert (frame.reason, frame.cycles, m.cpu.a, m.cpu.pc) == ("wait", 2, 1, 0x1002)
    frame = m.run_frame()
    assert (frame.reason, m.cpu.a) == ("end", 2)


def test_nop_and_lds():
    check(b"\x50", cycles=1)
    check(b"\x51\x00\xC0", expect={"s": 0xC000}, cycles=3)


# ---- faults ------------------------------------------------------------------------------------


@pytest.mark.parametrize("byte", [b for b in range(256) if b not in {op.byte for op in OPCODES}])
def test_every_undefined_opcode_faults(byte):
    m = make_machine(bytes([0x0F, byte]))
    frame = m.run_frame()
    assert frame.reason == "fault"
    assert m.fault == f"unknown opcode ${byte:02X} at $1001"
    assert (m.cpu.pc, frame.cycles, m.cpu.a, m.halted) == (0x1001, 1, 1, True)


@pytest.mark.parametrize("program,operand", [(b"\x43\x06", 0x06), (b"\x43\x60", 0x60),
                                             (b"\x44\x07", 0x07), (b"\x45\xFF", 0xFF)])
def test_bad_register_operand_faults(program, operand):
    m = make_machine(program)
    frame = m.run_frame()
    assert frame.reason == "fault"
    assert m.fault == f"bad register operand ${operand:02X} at $1000"
    assert (m.cpu.pc, frame.cycles) == (0x1000, 0)


def test_pc_wraps_at_ffff():
    m = make_machine(b"\x0F", origin=0xFFFF)
    m.mem[0] = 0x04
    frame = m.run_frame()
    assert (frame.reason, m.cpu.a, m.cpu.pc) == ("end", 1, 1)


def test_instruction_operand_wraps_past_ffff():
    m = make_machine(b"\x02\x34", origin=0xFFFE)
    m.mem[0] = 0x12
    m.mem[1] = 0x04
    m.run_frame()
    assert (m.cpu.x, m.cpu.pc) == (0x1234, 2)


def test_every_opcode_has_a_test_in_this_file():
    """The table drives coverage: each defined byte appears in a test program above."""
    import inspect
    import re
    import sys

    source = inspect.getsource(sys.modules[__name__])
    seen = {int(h, 16) for h in re.findall(r"\\x([0-9A-F]{2})", source)}
    seen |= {int(h, 16) for h in re.findall(r"\(0x([0-9A-F]{2}),", source)}
    missing = [f"${op.byte:02X} {op.mnemonic}" for op in OPCODES if op.byte not in seen]
    assert not missing
