"""b32 monitor, driven through whole scripted sessions (stdin and stdout are StringIO)."""

from __future__ import annotations

import io

import pytest

from console import commands as cli
from console.debug import debugger as dbg
from console.debug.monitor import Monitor
from tests.debug_helpers import COUNT_SOURCE, count_assembly, count_machine, write_count_cart


def session(commands: str, machine=None, symbols=None) -> tuple[str, Monitor]:
    machine = machine or count_machine()
    if symbols is None:
        symbols = dbg.Symbols(count_assembly().symbols)
    out = io.StringIO()
    monitor = Monitor(machine, stdin=io.StringIO(commands), stdout=out, symbols=symbols)
    assert monitor.run() == 0
    return out.getvalue(), monitor


def test_a_whole_session_break_on_a_label_inspect_step_change_a_register_continue_to_end():
    out, monitor = session(
        "b loop\n"
        "g\n"
        "m screen 4\n"
        "s 2\n"
        "r A=$44\n"
        "bc loop\n"
        "g\n"
        "screen\n"
        "q\n"
    )
    assert out == """\
B32 monitor: count loaded at $1000-$1015, exec $1002, 3 symbols. Type 'help' for commands.
b32> b loop
breakpoint at $100A (LOOP)
b32> g
break at $100A (LOOP) after 1 frame
PC=$100A A=$41 B=$00 D=$4100 X=$A000 Y=$0000 S=$C000
CF $00 = -   F  $00 = -
stack $C000: $0000 $0000 $0000 $0000
>*$100A  03        STA ,X            ; LOOP
b32> m screen 4
$A000  20 07 20 07   . .
b32> s 2
$100A  03        STA ,X          A=41 B=00 X=A000 Y=0000 S=C000 CF=00 F=00
$100B  11        INCX            A=41 B=00 X=A001 Y=0000 S=C000 CF=00 F=00
b32> r A=$44
PC=$100C A=$44 B=$00 D=$4400 X=$A001 Y=$0000 S=$C000
CF $00 = -   F  $00 = -
stack $C000: $0000 $0000 $0000 $0000
> $100C  11        INCX
b32> bc loop
cleared breakpoint at $100A (LOOP)
b32> g
END at $1015 (LOOP+11) after 1 frame: halted
PC=$1016 A=$46 B=$00 D=$4600 X=$A004 Y=$0000 S=$C000
CF $01 = EQ   F  $00 = -
stack $C000: $0000 $0000 $0000 $0000
halted (END)
> $1016  00        DB $00
b32> screen
AE
b32> q
"""
    assert monitor.machine.halted


def test_continue_from_a_breakpoint_runs_one_more_turn_of_the_loop():
    out, monitor = session("b LOOP\ng\ng\ng\nbl\n")
    assert out.count("break at $100A (LOOP)") == 3
    assert monitor.machine.cpu.a == 0x43
    assert out.rstrip().endswith("breakpoint at $100A (LOOP)")


def test_memory_edit_dump_disassemble_and_assemble():
    out, monitor = session(
        'e $2000 "HI" $41 66 \'C\'\n'
        "m $2000 5\n"
        "a $2010 JMP LOOP\n"
        "a $2013 LDA #'Z'\n"
        "d $2010 2\n"
        "d start 3\n"
        "d\n"
    )
    assert "wrote 5 bytes at $2000" in out
    assert "$2000  48 49 41 42 43  HIABC" in out
    assert "  $2010  0A 0A 10  JMP LOOP\n  $2013  01 5A     LDA #$5A\n" in out
    assert "START:\n> $1002  51 00 C0  LDS #$C000\n  $1005  02 00 A0  LDX #$A000\n" in out
    assert "b32> d\nLOOP:\n  $100A  03        STA ,X\n  $100B  11        INCX\n" in out  # goes on
    assert monitor.machine.mem[0x2010:0x2015] == bytes([0x0A, 0x0A, 0x10, 0x01, 0x5A])


def test_memory_dump_goes_on_where_the_last_one_ended():
    out, _ = session("m $1000 16\nm\n")
    assert "$1000  0F 47 51" in out and "\n$1010  05 46 0C 0A 10 04" in out


def test_step_many_shows_the_first_instructions_then_a_count():
    out, monitor = session("s 30\n")
    lines = out.splitlines()
    trace_lines = [line for line in lines if line.startswith("$")]
    assert len(trace_lines) == 20
    assert "... 10 more; now at" in out


def test_step_into_end_and_past_it():
    machine = count_machine()
    machine.cpu.pc = 0x1015
    out, _ = session("s\ns\n", machine=machine)
    assert "END at $1015 (LOOP+11): halted" in out
    assert "the CPU is halted: 'reset', or set PC with r PC=ADDR" in out


def test_reset_and_load(tmp_path):
    cart = write_count_cart(tmp_path)
    out, monitor = session(f"s 3\nreset\nb bump\nload {cart}\nbl\nsym\nr PC=bump\nd pc 1\n")
    assert "reset; PC=$1002 (START)" in out
    assert "count loaded at $1000-$1015, exec $1002, 3 symbols" in out
    assert "no breakpoints" in out  # load clears them
    assert "BUMP             $1000\nLOOP             $100A\nSTART            $1002\n" in out
    assert monitor.machine.cpu.pc == 0x1000


def test_load_asm_source_uses_its_names(tmp_path):
    source = tmp_path / "game.asm"
    source.write_text(COUNT_SOURCE)
    out, monitor = session(f"load {source}\nb loop\n", symbols=dbg.Symbols())
    assert "breakpoint at $100A (LOOP)" in out


@pytest.mark.parametrize("command, message", [
    ("bogus", "? unknown command 'bogus'; type 'help'"),
    ("r Q=1", "? no register 'Q'; registers are A B D X Y S PC CF F"),
    ("r A", "? expected NAME=VALUE, found 'A'"),
    ("m $zz", "? cannot read '$zz' as a number or a name"),
    ("b nowhere", "? unknown name 'nowhere'"),
    ("bc $2000", "? no breakpoint at $2000"),
    ("e $2000", "? e needs an address and at least one byte"),
    ("e $2000 300", "? 300 does not fit in a byte"),
    ("a $2000 FOO", "? column 1: unknown mnemonic 'FOO'"),
    ("s 0", "? 0 is not a count (at least 1)"),
    ("frames", "? frames needs a count: frames N"),
    ("load /no/such.b32", "? /no/such.b32: no such file"),
    ("help nothing", "? no command 'nothing'"),
])
def test_errors_are_one_line_messages(command, message):
    out, _ = session(command + "\nr\n")
    lines = out.splitlines()
    at = lines.index(f"b32> {command}")
    assert lines[at + 1].startswith(message)
    assert lines[at + 2] == "b32> r"  # the session went on
    assert "Traceback" not in out


def test_frames_runs_a_count_and_end_of_input_quits():
    machine = count_machine()
    machine.load(count_assembly().cart)
    out, monitor = session("frames 1\n", machine=machine)  # no q: end of input quits
    assert "END at $1015 (LOOP+11) after 1 frame: halted" in out
    assert monitor.quitting


def test_help_lists_the_commands():
    out, _ = session("help\nhelp s\n?\n")
    for command in ("r [NAME=VALUE", "s [N]", "g [N]", "b ADDR|LABEL", "bc ADDR", "bl",
                    "m [ADDR [LEN]]", "e ADDR BYTE", "d [ADDR [COUNT]]", "a ADDR INSTRUCTION",
                    "load CART", "reset", "screen", "q"):
        assert command in out
    assert "s [N]: step N instructions" in out


def test_comments_and_blank_lines_are_ignored():
    out, _ = session("\n; a comment\n# another\nbl\n")
    assert out.splitlines()[1:] == ["b32> bl", "no breakpoints"]


def test_the_b32_monitor_command(tmp_path, monkeypatch, capsys):
    cart = write_count_cart(tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO("b loop\ng\nq\n"))
    assert cli.main(["monitor", str(cart)]) == 0
    out = capsys.readouterr().out
    assert "3 symbols" in out and "break at $100A (LOOP)" in out


def test_the_b32_monitor_command_errors(tmp_path, capsys):
    assert cli.main(["monitor", str(tmp_path / "missing.b32")]) == cli.EX_NOINPUT
    cart = write_count_cart(tmp_path)
    assert cli.main(["monitor", str(cart), "--symbols", str(tmp_path / "x.sym")]) == cli.EX_NOINPUT
    bad = tmp_path / "bad.sym"
    bad.write_text("junk\n")
    assert cli.main(["monitor", str(cart), "--symbols", str(bad)]) == cli.EX_DATAERR
    err = capsys.readouterr().err
    assert "Traceback" not in err and "bad.sym:1: expected" in err


def test_v_shows_the_voices_and_the_beeper():
    machine = count_machine()
    machine.bus.write16(0xAFD0, 523)  # VOICE2
    machine.bus.write(0xAFD2, 0x1F)  # VOL 15 (bits 4-7 ignored)
    machine.bus.write(0xAFD3, 5)
    machine.bus.write(0xAFD5, 3)
    machine.bus.write(0xAFD6, 0xF6)  # SWEEP -10
    out, _ = session("v\n", machine)
    lines = out.splitlines()
    assert ("VOICE2 $AFD0 NOISE     FREQ   523 VOL 15 TIME   0 DECAY   3 SWEEP  -10 sounding"
            in lines)
    assert "VOICE0 $AFC0 SQUARE    FREQ     0 VOL  0 TIME   0 DECAY   0 SWEEP   +0 silent" in lines
    assert "beeper TONE     0 VOLUME  0 TONETIME   0 silent" in lines
