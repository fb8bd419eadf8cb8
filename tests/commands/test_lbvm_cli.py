"""LBVM through every command: b32 run (headless), disasm, monitor, browse, --trace."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import strategies as st

from console import commands as cli
from console.debug import debugger as dbg
from console.debug.monitor import Monitor
from console.machines import kind_of
from console.machines.lbvm.asm import assemble
from console.shell.session import DETAIL_TOP, Shell, ShellOptions, scan_library
from tests.depth import property_test
from tests.lbvm_helpers import machine_with

CARTS = Path(__file__).resolve().parents[2] / "carts" / "lbvm"


def b32(capsys, *argv):
    code = cli.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_run_headless_dump_state_and_output(capsys, tmp_path):
    out_file = tmp_path / "out.bin"
    code, out, err = b32(capsys, "run", CARTS / "article_long.lbvm", "--headless",
                         "--dump-state", "-", "--output", out_file)
    assert code == 0 and err == ""
    state = json.loads(out)
    assert state["ended"] == "unknown opcode $48 at $000070" and state["fault"] is None
    assert bytes.fromhex(state["output"]) == out_file.read_bytes() == b"Hello World\n\x00"


def test_run_output_to_stdout_is_raw(capfdbinary):
    assert cli.main(["run", str(CARTS / "count.lbvm"), "--headless", "--output", "-"]) == 0
    assert capfdbinary.readouterr().out == b"0123456789\n"


def test_run_source_assembles_in_memory(capsys, tmp_path):
    source = tmp_path / "hi.asm"
    source.write_bytes((CARTS / "article_short.asm").read_bytes())
    code, out, _ = b32(capsys, "run", source, "--headless", "--dump-screen", "-")
    assert code == 0 and out.splitlines()[0] == "H"
    assert not (tmp_path / "hi.lbvm").exists()


def test_machine_option_runs_any_file_as_lbvm(capsys, tmp_path):
    odd = tmp_path / "prog.bin"
    odd.write_bytes((CARTS / "article_short.lbvm").read_bytes())
    code, out, _ = b32(capsys, "run", odd, "--machine", "lbvm", "--headless", "--dump-screen",
                       "-")
    assert code == 0 and out.startswith("H\n")
    assert kind_of(odd) == "b32" and kind_of(odd, "lbvm") == "lbvm"


@pytest.mark.parametrize("blob,code,message", [
    (bytes([0x00, 0x01, 0x0B]), 70, "bad register $0B at $000000"),
    (bytes(1 << 20) + b"x", 65, "more than the 1 MiB"),
])
def test_run_exit_codes(capsys, tmp_path, blob, code, message):
    path = tmp_path / "p.lbvm"
    path.write_bytes(blob)
    status, _, err = b32(capsys, "run", path, "--headless", "--frames", "2")
    assert status == code and message in err and len(err.splitlines()) == 1


def test_run_missing_file(capsys, tmp_path):
    status, _, err = b32(capsys, "run", tmp_path / "gone.lbvm", "--headless")
    assert status == 66 and "no such file" in err


def test_an_endless_program_runs_its_frames(capsys, tmp_path):
    path = tmp_path / "loop.lbvm"
    path.write_bytes(assemble('%include "instructions.asm"\nl: lbSET IP, l\n').data)
    status, out, _ = b32(capsys, "run", path, "--headless", "--frames", "3", "--cycles", "400",
                         "--dump-state", "-")
    state = json.loads(out)
    assert status == 0 and state["frames"] == 3 and state["cycles"] == 1200
    assert state["halted"] is False and state["ended"] is None


def test_output_option_is_for_machines_that_print(capsys):
    root = Path(__file__).resolve().parents[2]
    status, _, err = b32(capsys, "run", root / "carts" / "hello.b32", "--headless",
                         "--output", "-")
    assert status == 64 and "--output" in err


def test_screenshot_of_the_teletype(capsys, tmp_path):
    import pygame

    shot = tmp_path / "s.png"
    status, _, _ = b32(capsys, "run", CARTS / "article_long.lbvm", "--headless",
                       "--screenshot", shot)
    assert status == 0
    image = pygame.image.load(str(shot))
    assert image.get_size() == (640, 400)
    colours = {tuple(image.get_at((x, y)))[:3] for x in range(0, 88) for y in range(0, 16)}
    assert colours == {(0, 0, 0), (170, 170, 170)}  # light grey glyphs on black


@property_test(60, st.binary(max_size=300))
def test_random_bytes_end_or_fault_cleanly(data):
    machine = machine_with(data, cycles=3000)
    for _ in range(3):
        machine.run_frame()
    assert machine.halted is (machine.ended is not None or machine.fault is not None)


# ---- disasm ------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["article_long", "call", "selfmod", "count"])
def test_disasm_round_trips(capsys, tmp_path, name):
    code, out, _ = b32(capsys, "disasm", CARTS / f"{name}.lbvm")
    assert code == 0 and out.startswith('%include "instructions.asm"')
    assert assemble(out, "d.asm").data == (CARTS / f"{name}.lbvm").read_bytes()


@property_test(80, st.binary(max_size=120))
def test_disasm_round_trips_random_bytes(data):
    from console.machines.lbvm.disasm import disassemble_program

    assert assemble(disassemble_program(data), "d.asm").data == data


# ---- the monitor and traces --------------------------------------------------------------------


def test_monitor_session_shows_six_digit_addresses_and_lbvm_registers():
    machine = machine_with((CARTS / "call.lbvm").read_bytes())
    symbols = dbg.Symbols(machine.source_symbols(CARTS / "call.asm"), 0xFFFFF)
    out = io.StringIO()
    commands = "r\nb print\ng\ns\nm hello 1\nd print 2\nbc all\ng\nq\n"
    monitor = Monitor(machine, stdin=io.StringIO(commands), stdout=out, symbols=symbols)
    assert monitor.run() == 0
    text = out.getvalue()
    assert "IP=$00000000 R0=$00000000" in text and "SP=$0007A120" in text
    assert "FLAGS $00 = -" in text
    assert "break at $00001A (PRINT) after 1 frame" in text
    assert "stack $07A11C: $0000000F" in text  # the return address lbCALL pushed
    assert "$00001A  04 02 04     lbLB r2, r4     R0=00000000 R1=00000001 R2=00000048" in text
    assert "$000030  48  H" in text
    assert "> $00001D  01 02 00     lbCMP r2, r0" in text
    assert "ended after 1 frame: ran off the program at $000059" in text


def test_monitor_command_loads_lbvm(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("r\nq\n"))
    code, out, _ = b32(capsys, "monitor", CARTS / "count.lbvm")
    assert code == 0 and out.startswith("LBVM monitor: count loaded at $000000-$00001C")


def test_trace_lines(capsys):
    code, out, _ = b32(capsys, "run", CARTS / "article_short.lbvm", "--headless", "--trace", "-")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 5
    assert lines[0].startswith("$000000  03 04 10 00  lbSET r4, 0x10")
    assert "R4=00000010" in lines[0] and "SP=0007A120" in lines[0]


# ---- browse ------------------------------------------------------------------------------------


def test_browse_lists_lbvm_programs_and_sources_with_the_machine(tmp_path):
    folder = tmp_path / "mine"
    folder.mkdir()
    shutil.copy(CARTS / "count.lbvm", folder / "count.lbvm")
    shutil.copy(CARTS / "count.asm", folder / "count.asm")  # listed once, as the program
    shutil.copy(CARTS / "call.asm", folder / "call.asm")
    (folder / "huge.lbvm").write_bytes(bytes((1 << 20) + 1))
    (folder / "bare.lbvm").write_bytes(b"")
    entries = {e.name: e for e in scan_library(folder)}
    assert entries["count"].path.suffix == ".lbvm"
    assert entries["count"].machine == entries["call"].machine == "lbvm"
    assert entries["count"].description == "LBVM: a loop: the thing the article's machine " \
        "could not do yet."
    assert entries["bare"].description == "LBVM program"
    assert not entries["huge"].available and "1 MiB" in entries["huge"].reason
    shell = Shell(list(entries.values()), ShellOptions())
    shell.selected = list(entries).index("call")
    shell.draw_menu()
    assert "(LBVM)" in shell.menu.screen_lines()[DETAIL_TOP]


def test_bundled_lbvm_carts_play_in_the_browser_and_stop_with_the_note(capsys):
    code, out, _ = b32(capsys, "browse", "--headless", "--frames", "30",
                       "--dump-state", "-")
    names = [e["name"] for e in json.loads(out)["entries"]]
    assert {"article_short", "article_long", "count", "call", "selfmod"} <= set(names)
    index = names.index("count")
    presses = [arg for i in range(index) for arg in ("--press", f"{i}:down")]
    code, out, _ = b32(capsys, "browse", "--headless", "--frames", str(index + 10), *presses,
                       "--press", f"{index + 1}:return", "--dump-state", "-")
    state = json.loads(out)
    assert state["state"] == "stopped" and "ended: ran off the program" in state["status"]


def test_kiosk_shows_lbvm_faults_and_endings_and_switches_away_from_endless_ones(capsys,
                                                                                tmp_path):
    folder = tmp_path / "arcade"
    folder.mkdir()
    (folder / "a_fault.lbvm").write_bytes(bytes([0x08, 0x0C]))  # lbPUSH of register 12
    (folder / "b_endless.lbvm").write_bytes(
        assemble('%include "instructions.asm"\nl: lbOUT r1\nlbSET IP, l\n').data)
    shutil.copy(CARTS / "article_short.lbvm", folder / "c_short.lbvm")
    code, out, err = b32(capsys, "kiosk", folder, "--no-bundled", "--headless", "--frames",
                         "440", "--attract", "1", "--switch", "0.02", "--dump-state", "-")
    state = json.loads(out)
    assert (code, err) == (0, "")
    log = "\n".join(state["log"])
    assert "stopped a_fault: bad register $0C at $000000" in log
    assert "demo b_endless" in log and "stopped b_endless" not in log
    assert "stopped c_short: ended: unknown opcode $48 at $000010" in log


def test_monitor_assembles_into_an_empty_lbvm_and_runs_it(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("a 0 lbSET r1, 'A'\na 4 lbOUT r1\ns\ns\ns\n"
                                                 "screen\nr R0=$100000\nq\n"))
    code, out, _ = b32(capsys, "monitor", "--machine", "lbvm")
    assert code == 0
    assert "$000000  03 01 41 00  lbSET r1, 0x41" in out
    assert "ended: ran off the program at $000006" in out
    assert "\nA\n" in out
    assert "R0=$00100000" in out  # 32-bit registers take values past the memory


def test_monitor_loads_an_lbvm_program_into_a_b32_session(monkeypatch, capsys):
    root = Path(__file__).resolve().parents[2]
    monkeypatch.setattr("sys.stdin", io.StringIO(
        f"load {CARTS / 'count.lbvm'}\ng\nreset\nload {root / 'carts' / 'hello.b32'}\nq\n"))
    code, out, _ = b32(capsys, "monitor")
    assert code == 0
    assert "LBVM monitor: count loaded at $000000-$00001C" in out
    assert "ended after 1 frame: ran off the program at $00001D" in out
    assert "reset; IP=$000000" in out
    assert "B32 monitor: hello loaded at $" in out


def test_a_device_named_like_a_program_is_refused_not_read(capsys, tmp_path):
    link = tmp_path / "zero.lbvm"
    link.symlink_to("/dev/zero")
    status, _, err = b32(capsys, "run", link, "--headless")
    assert status == 65 and "is a character device, not a program" in err
