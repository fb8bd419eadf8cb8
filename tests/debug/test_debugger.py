"""console.debug.debugger: what the monitor, the window's panel and traces share."""

from __future__ import annotations

import subprocess
import sys

import pytest

from console.debug import debugger as dbg
from console.machines.b32 import memmap as mm
from console.machines.b32.cart import Cart
from console.machines.b32.machine import Machine
from tests.debug_helpers import BUMP, LOOP, START, count_assembly, count_machine, write_count_cart


def machine_with(data: bytes, origin: int = 0x1000) -> Machine:
    machine = Machine(seed=1)
    machine.load(Cart(origin, origin, data))
    return machine


# ---- flags and registers -------------------------------------------------------------------------


@pytest.mark.parametrize("cf, text", [
    (0x00, "CF $00 = -"), (0x01, "CF $01 = EQ"), (0x06, "CF $06 = NE LT"),
    (0x0A, "CF $0A = NE GT"),
])
def test_compare_flag_spelled_out(cf, text):
    machine = count_machine()
    machine.set_register("CF", cf)
    assert dbg.flag_texts(machine)[0] == text


@pytest.mark.parametrize("f, text", [
    (0, "F  $00 = -"), (1, "F  $01 = OF"), (2, "F  $02 = C"), (3, "F  $03 = OF C"),
])
def test_processor_flags_spelled_out(f, text):
    machine = count_machine()
    machine.set_register("F", f)
    assert dbg.flag_texts(machine)[1] == text


def test_state_lines_show_registers_flags_and_stack():
    machine = count_machine()
    cpu = machine.cpu
    cpu.set_register("D", 0x4142)
    cpu.x, cpu.y, cpu.cf, cpu.f = 0xA000, 0x1234, 0x0A, 0x03
    cpu.s = 0xBFFC
    machine.mem[0xBFFC:0xC000] = bytes([0x10, 0x10, 0x34, 0x12])
    assert dbg.state_lines(machine) == [
        "PC=$1002 A=$41 B=$42 D=$4142 X=$A000 Y=$1234 S=$BFFC",
        "CF $0A = NE GT   F  $03 = OF C",
        "stack $BFFC: $1010 $1234 $0000 $0000",
    ]


def test_stack_is_empty_at_reset_and_stops_at_the_top_of_memory():
    machine = count_machine()
    assert machine.stack(4) == []
    assert dbg.stack_text(machine) == "stack empty"
    machine.cpu.s = 0xFFFE
    machine.mem[0xFFFE:0x10000] = b"\x34\x12"
    assert machine.stack(4) == [(0xFFFE, 0x1234)]


def test_set_register_checks_name_and_width_and_revives_a_halted_cpu():
    machine = count_machine()
    dbg.set_register(machine, "a", 0x41)
    dbg.set_register(machine, "X", 0xA000)
    assert (machine.cpu.a, machine.cpu.x) == (0x41, 0xA000)
    with pytest.raises(dbg.DebugError, match="no register 'Q'"):
        dbg.set_register(machine, "Q", 1)
    with pytest.raises(dbg.DebugError, match="A is 8 bits"):
        dbg.set_register(machine, "A", 0x100)
    machine.cpu.halted = True
    dbg.set_register(machine, "PC", START)
    assert not machine.cpu.halted


# ---- numbers, names and symbols ------------------------------------------------------------------


def test_parse_value_accepts_hex_decimal_binary_chars_names_registers_and_sums():
    machine = count_machine()
    symbols = dbg.Symbols(count_assembly().symbols)
    machine.cpu.x = 0xA010
    parse = lambda text: dbg.parse_value(text, symbols, machine)  # noqa: E731
    assert parse("$1F") == 31
    assert parse("0x1f") == 31
    assert parse("31") == 31
    assert parse("%101") == 5
    assert parse("'A'") == 65
    assert parse("loop") == LOOP
    assert parse("LOOP+3") == LOOP + 3
    assert parse("X-$10") == 0xA000
    assert parse("PC") == START
    assert parse("SCREEN") == mm.SCREEN
    assert parse("border") == mm.BORDER
    for bad in ("$zz", "nowhere", "1F", "", "LOOP 3"):
        with pytest.raises(dbg.DebugError):
            parse(bad)
    with pytest.raises(dbg.DebugError, match="not an address"):
        dbg.parse_address("$10000", symbols, machine)


def test_symbols_both_ways():
    symbols = dbg.Symbols({"loop": LOOP, "START": START})
    assert symbols.address_of("Loop") == LOOP
    assert symbols.name_at(LOOP) == "LOOP"
    assert symbols.describe(LOOP + 2) == "LOOP+2"
    assert symbols.describe(0x0FFF) == ""
    assert dbg.address_label(LOOP, symbols) == "$100A (LOOP)"
    assert dbg.address_label(0x2000, symbols) == "$2000"


def test_symbols_beside_the_cart_are_picked_up(tmp_path):
    cart = write_count_cart(tmp_path)
    assert dbg.symbols_beside(cart) == tmp_path / "count.sym"
    symbols = dbg.load_symbols(Machine(), cart)
    assert symbols.address_of("LOOP") == LOOP and symbols.address_of("BUMP") == BUMP


def test_named_symbols_file_wins_and_errors_are_one_line(tmp_path):
    cart = write_count_cart(tmp_path, with_symbols=False)
    assert not dbg.load_symbols(Machine(), cart)
    other = tmp_path / "other.sym"
    other.write_text("HERE $2000\n")
    assert dbg.load_symbols(Machine(), cart, other).address_of("HERE") == 0x2000
    with pytest.raises(FileNotFoundError):
        dbg.load_symbols(Machine(), cart, tmp_path / "missing.sym")
    other.write_text("not a symbol line\n")
    with pytest.raises(dbg.DebugError, match="other.sym:1: expected"):
        dbg.load_symbols(Machine(), cart, other)


def test_asm_source_gives_its_own_symbols(tmp_path):
    from tests.debug_helpers import COUNT_SOURCE

    source = tmp_path / "count.asm"
    source.write_text(COUNT_SOURCE)
    assert dbg.load_symbols(Machine(), source).address_of("LOOP") == LOOP


# ---- memory --------------------------------------------------------------------------------------


def test_peek_has_no_side_effects_on_the_io_page():
    machine = count_machine()
    machine.queue_key(0x41)
    machine.queue_key(0x42)
    assert machine.peek(mm.KEY) == 0x41
    assert machine.peek(mm.KEYCOUNT) == 2
    assert len(machine.keyboard.queue) == 2
    before = [machine.bus.read(mm.RANDOM) for _ in range(1)]
    machine2 = count_machine()
    assert machine2.peek(mm.RANDOM) == 0
    assert [machine2.bus.read(mm.RANDOM)] == before  # the sequence did not move
    machine.video.border = 3
    assert machine.peek(mm.BORDER) == 3


def test_memory_rows_in_hex_and_code_page_437():
    machine = count_machine()
    machine.poke(0x2000, b"HI\x01\x00\x82\x7f")
    assert dbg.memory_rows(machine, 0x2000, 1, 6) == ["$2000  48 49 01 00 82 7F  HI..é."]
    assert dbg.memory_rows(machine, 0x2000, 1, 6, glyphs=True) == [
        "$2000  48 49 01 00 82 7F  HI\x01.é\x7f"]
    rows = dbg.memory_rows(machine, 0xFFF8, 2, 8)
    assert [row[:5] for row in rows] == ["$FFF8", "$0000"]


def test_poke_throws_away_translated_code():
    machine = machine_with(bytes([0x01, 0x41, 0x4F, 0x0A, 0x00, 0x10]))  # LDA #$41 WAIT JMP
    machine.run_frame()
    assert machine.cpu.a == 0x41
    machine.poke(0x1001, b"\x5A")
    machine.run_frame()
    assert machine.cpu.a == 0x5A


# ---- disassembly ---------------------------------------------------------------------------------


def test_disassembly_around_pc_with_labels_and_marks():
    machine = count_machine()
    symbols = dbg.Symbols(count_assembly().symbols)
    machine.cpu.pc = 0x100D
    machine.cpu.add_breakpoint(LOOP)
    rows = dbg.disassemble_around(machine, 3, 2, symbols)
    assert [row.format() for row in rows] == [
        " *$100A  03        STA ,X",
        "  $100B  11        INCX",
        "  $100C  11        INCX",
        "> $100D  46 00 10  JSR BUMP",
        "  $1010  05 46     CMPA #$46",
        "  $1012  0C 0A 10  JNE LOOP",
    ]
    assert rows[0].labels == ("LOOP",)


def test_disassembly_before_pc_resynchronises_on_the_instructions():
    # three data bytes that look like the start of LDX #w, then real code; PC inside it
    code = bytes([0x02, 0x02, 0x02]) + bytes([0x0F, 0x10, 0x11, 0x0F])  # ? ? ? INCA INCB INCX INCA
    machine = machine_with(code)
    machine.cpu.pc = 0x1005
    rows = dbg.disassemble_around(machine, 2, 1)
    assert rows[-2].address == 0x1005 and rows[-2].is_pc
    assert [row.text for row in rows[-2:]] == ["INCX", "INCA"]
    assert rows[0].address + len(rows[0].data) == rows[1].address  # no overlap
    assert all(row.address < 0x1005 for row in rows[:-2])


def test_pc_always_starts_a_line_even_inside_an_instruction():
    machine = machine_with(bytes([0x02, 0x0F, 0x0F, 0x0F]))  # LDX #$0F0F, INCA
    machine.cpu.pc = 0x1001
    rows = dbg.disassemble_around(machine, 2, 1)
    pc_rows = [row for row in rows if row.is_pc]
    assert len(pc_rows) == 1 and pc_rows[0].address == 0x1001 and pc_rows[0].text == "INCA"


def test_disassemble_range_near_the_top_of_memory():
    machine = Machine()
    machine.mem[0xFFFE] = 0x0F
    rows = dbg.disassemble_range(machine, 0xFFFE, 5)
    assert [row.address for row in rows] == [0xFFFE, 0xFFFF]


# ---- assembling one instruction ------------------------------------------------------------------


def test_assemble_one_instruction_with_labels():
    machine = count_machine()
    symbols = dbg.Symbols(count_assembly().symbols)
    assert dbg.assemble_one(machine, 0x2000, "JMP loop", symbols) == bytes([0x0A, 0x0A, 0x10])
    assert machine.mem[0x2000:0x2003] == bytes([0x0A, 0x0A, 0x10])
    assert dbg.assemble_one(machine, 0x2003, "LDA #'Z'") == bytes([0x01, 0x5A])


@pytest.mark.parametrize("source, message", [
    ("LDA", "column 1: LDA needs an operand"),
    ("JMP NOWHERE", "column 5: undefined name 'NOWHERE'"),
    ("LDA #300", "out of range for a byte"),
    ("", "nothing to assemble"),
])
def test_assemble_one_reports_the_assemblers_error(source, message):
    machine = count_machine()
    before = bytes(machine.mem)
    with pytest.raises(dbg.DebugError, match=message):
        dbg.assemble_one(machine, 0x2000, source)
    assert bytes(machine.mem) == before


# ---- breakpoints and stepping --------------------------------------------------------------------


def test_toggle_breakpoint_and_run_to_it_then_continue():
    machine = count_machine()
    assert dbg.toggle_breakpoint(machine, LOOP) is True
    assert machine.run_frame().reason == "break"
    assert machine.cpu.pc == LOOP
    assert machine.run_frame().reason == "break"  # continues from the breakpoint, one turn
    assert machine.cpu.a == 0x42
    assert dbg.toggle_breakpoint(machine, LOOP) is False
    assert machine.cpu.breakpoints == set()
    assert machine.run_frame().reason == "end"


def test_step_reports_the_instruction_and_feeds_the_trace_observer():
    machine = count_machine()
    seen = []
    machine.observer = seen.append
    decoded, reason = dbg.step(machine)
    assert (decoded.address, decoded.opcode.mnemonic, reason) == (START, "LDS", "budget")
    assert seen == [decoded]
    machine.cpu.pc = 0x1015  # END
    decoded, reason = dbg.step(machine)
    assert reason == "end" and decoded.opcode.mnemonic == "END"
    assert dbg.step(machine) == (None, "halted")


def test_the_debugger_core_never_imports_pygame():
    code = ("import sys, console.debug.debugger, console.debug.monitor; "
            "sys.exit(1 if 'pygame' in sys.modules else 0)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_parse_value_reads_what_the_assembler_reads():
    machine = count_machine()
    assert dbg.parse_value("SCREEN+160*2", None, machine) == mm.SCREEN + 320
    assert dbg.parse_value("(1+2)*-3", None, machine) == -9
    with pytest.raises(dbg.DebugError, match="^division by zero$"):
        dbg.parse_value("5/0", None, machine)
    with pytest.raises(dbg.DebugError, match="^'€' is not a code page 437 character$"):
        dbg.parse_value("'€'", None, machine)
