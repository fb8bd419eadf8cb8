"""b32 run --trace: a line per executed instruction, against a known program."""

from __future__ import annotations

import io

from console import commands as cli
from console.debug import debugger as dbg
from console.frontend.options import WindowOptions
from tests.debug_helpers import count_assembly, count_machine, write_count_cart

# Every instruction the count program runs, from reset to END (with its symbols).
COUNT_TRACE = """\
$1002  51 00 C0  LDS #$C000      A=00 B=00 X=0000 Y=0000 S=C000 CF=00 F=00
$1005  02 00 A0  LDX #$A000      A=00 B=00 X=A000 Y=0000 S=C000 CF=00 F=00
$1008  01 41     LDA #$41        A=41 B=00 X=A000 Y=0000 S=C000 CF=00 F=00
$100A  03        STA ,X          A=41 B=00 X=A000 Y=0000 S=C000 CF=00 F=00
$100B  11        INCX            A=41 B=00 X=A001 Y=0000 S=C000 CF=00 F=00
$100C  11        INCX            A=41 B=00 X=A002 Y=0000 S=C000 CF=00 F=00
$100D  46 00 10  JSR BUMP        A=41 B=00 X=A002 Y=0000 S=BFFE CF=00 F=00
$1000  0F        INCA            A=42 B=00 X=A002 Y=0000 S=BFFE CF=00 F=00
$1001  47        RTS             A=42 B=00 X=A002 Y=0000 S=C000 CF=00 F=00
$1010  05 46     CMPA #$46       A=42 B=00 X=A002 Y=0000 S=C000 CF=06 F=00
$1012  0C 0A 10  JNE LOOP        A=42 B=00 X=A002 Y=0000 S=C000 CF=06 F=00
"""
TURN = 8  # instructions per turn of the loop, from STA to JNE
TOTAL = 3 + 5 * TURN + 1  # set-up, five letters, END


def traced(limit=dbg.DEFAULT_TRACE_LIMIT, symbols=True):
    machine = count_machine()
    out = io.StringIO()
    names = dbg.Symbols(count_assembly().symbols) if symbols else None
    writer = dbg.TraceWriter(machine, out, limit, names).attach()
    while not machine.halted:
        machine.run_frame()
    return out.getvalue(), writer, machine


def test_trace_of_a_known_program():
    text, writer, _ = traced()
    lines = text.splitlines()
    assert text.startswith(COUNT_TRACE)
    assert len(lines) == TOTAL == writer.lines
    assert lines[-2] == "$1012  0C 0A 10  JNE LOOP        A=46 B=00 X=A00A Y=0000 S=C000 CF=01 F=00"
    assert lines[-1] == "$1015  04        END             A=46 B=00 X=A00A Y=0000 S=C000 CF=01 F=00"


def test_without_symbols_operands_are_addresses():
    text, _, _ = traced(symbols=False)
    assert "$100D  46 00 10  JSR $1000       A=41" in text
    assert "JNE $100A" in text


def test_the_trace_limit_ends_with_a_truncation_line_and_restores_the_fast_path():
    text, writer, machine = traced(limit=5)
    lines = text.splitlines()
    assert lines[:5] == COUNT_TRACE.splitlines()[:5]
    assert lines[5:] == ["; trace truncated after 5 lines (--trace-limit)"]
    assert writer.truncated and machine.observer is None
    assert machine.halted and machine.cpu.a == 0x46  # the run itself went on to END


def test_exactly_the_limit_is_not_truncated():
    text, writer, _ = traced(limit=TOTAL)
    assert len(text.splitlines()) == TOTAL and not writer.truncated


def test_trace_line_format_for_long_instruction_text():
    machine = count_machine()
    symbols = dbg.Symbols({"A_VERY_LONG_NAME": 0x1000})
    machine.cpu.pc = 0x100D
    decoded, _ = dbg.step(machine)
    line = dbg.trace_line(machine, decoded, symbols)
    assert line.startswith("$100D  46 00 10  JSR A_VERY_LONG_NAME  A=00 B=00 X=0000")


def test_b32_run_headless_trace_to_a_file(tmp_path):
    cart = write_count_cart(tmp_path)
    out = tmp_path / "count.trace"
    assert cli.main(["run", str(cart), "--headless", "--trace", str(out)]) == 0
    text = out.read_text()
    assert text.startswith(COUNT_TRACE)  # count.sym beside the cart names the targets
    assert len(text.splitlines()) == TOTAL


def test_b32_run_trace_to_stdout_with_a_limit_and_other_symbols(tmp_path, capsys):
    cart = write_count_cart(tmp_path, with_symbols=False)
    names = tmp_path / "names.sym"
    names.write_text("HELPER $1000\n")
    assert cli.main(["run", str(cart), "--headless", "--trace", "-", "--trace-limit", "7",
                     "--symbols", str(names)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 8
    assert lines[6].startswith("$100D  46 00 10  JSR HELPER")
    assert lines[7] == "; trace truncated after 7 lines (--trace-limit)"


def test_b32_run_trace_errors(tmp_path, capsys):
    cart = write_count_cart(tmp_path)
    assert cli.main(["run", str(cart), "--headless", "--trace",
                     str(tmp_path / "no" / "dir.trace")]) == cli.EX_CANTCREAT
    assert cli.main(["run", str(cart), "--headless", "--trace-limit", "0"]) == cli.EX_USAGE
    assert cli.main(["run", str(cart), "--headless", "--symbols",
                     str(tmp_path / "missing.sym")]) == cli.EX_NOINPUT
    err = capsys.readouterr().err
    assert "Traceback" not in err and "cannot write" in err and "missing.sym: no such file" in err


def test_windowed_run_traces_through_the_same_observer(tmp_path):
    from console.frontend import window
    from console.frontend.debugger_overlay import attach
    from tests import frontend_helpers  # noqa: F401  (dummy SDL drivers)

    machine = count_machine()
    out = io.StringIO()
    dbg.TraceWriter(machine, out, symbols=dbg.Symbols(count_assembly().symbols)).attach()
    loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=tmp_path), sound=False)
    try:
        attach(loop)
        loop.run(frames=2, realtime=False)
    finally:
        loop.audio.close()
        window.close()
    assert out.getvalue().startswith(COUNT_TRACE)
    assert len(out.getvalue().splitlines()) == TOTAL
