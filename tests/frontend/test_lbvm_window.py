"""An LBVM program in the real frame loop (SDL's dummy drivers): the teletype drawn in the
console's font and palette, the title naming the machine, the ending as news (blue) and a
fault as trouble (red)."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from console.frontend import display as disp
from console.frontend import window
from console.frontend.options import WindowOptions
from console.machines.lbvm.machine import Machine
from console.machines.lbvm.program import Program, read
from console.machines.screen import PALETTE
from tests import frontend_helpers  # noqa: F401
from tests.frontend_helpers import window_loops

CARTS = Path(__file__).resolve().parents[2] / "carts" / "lbvm"


@pytest.fixture
def make_loop(tmp_path):
    with window_loops() as keep:

        def make(program):
            machine = Machine()
            machine.load(program)
            loop = window.open_loop(machine, WindowOptions(scale=1,
                                                           screenshot_dir=tmp_path / "shots"))
            return keep(loop)

        yield make


def pixel(loop, x, y):
    d = loop.display
    return tuple(d.window.get_at((d.dest.x + x * d.scale, d.dest.y + y * d.scale)))[:3]


def test_an_ending_program_shows_its_note_in_blue(make_loop):
    loop = make_loop(read(CARTS / "article_long.lbvm"))
    loop.run(frames=3, realtime=False)
    assert loop.display.title == "B32 - article_long (LBVM) - ended"
    assert loop.status_line() == "ended: unknown opcode $48 at $000070"
    fg, bg = loop.status_colours()
    assert PALETTE[bg] == (0, 0, 170) and PALETTE[fg] == (255, 255, 255)
    # the teletype: light grey glyphs of "Hello World" on black
    x0, y0 = disp.SCREEN_POS
    row0 = {pixel(loop, x0 + x, y0 + y) for x in range(0, 88) for y in range(16)}
    assert row0 == {(0, 0, 0), (170, 170, 170)}


def test_a_fault_is_shown_as_b32_faults_are(make_loop):
    loop = make_loop(Program(bytes([0x00, 0x01, 0x20]), "bad"))
    loop.run(frames=2, realtime=False)
    assert loop.status_line() == "bad register $20 at $000000"
    fg, bg = loop.status_colours()
    assert PALETTE[bg] == (170, 0, 0)
    assert loop.display.title == "B32 - bad (LBVM) - bad register $20 at $000000"


def test_reset_runs_the_program_again(make_loop):
    loop = make_loop(read(CARTS / "count.lbvm"))
    loop.run(frames=2, realtime=False)
    assert loop.machine.ended
    loop.action("reset")
    assert not loop.machine.halted and loop.machine.screen_lines()[0] == ""
    loop.run(frames=1, realtime=False)
    assert loop.machine.screen_lines()[0] == "0123456789"


def test_the_browser_window_shows_an_ending_as_news_and_a_fault_as_trouble(tmp_path):
    from console.frontend.shell_window import open_shell_loop
    from console.shell.session import STOPPED, Shell, ShellOptions, scan_library

    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "a_end.lbvm").write_bytes((CARTS / "count.lbvm").read_bytes())
    (folder / "b_fault.lbvm").write_bytes(bytes([0x09, 0x0B]))
    shell = Shell(scan_library(folder), ShellOptions())
    loop = open_shell_loop(shell, WindowOptions(scale=1, screenshot_dir=tmp_path / "shots"))
    try:
        colours = []
        for index in (0, 1):
            shell.back_to_menu()
            shell.selected = index
            shell.start_selected()
            loop.run(frames=3, realtime=False)
            assert shell.state == STOPPED
            colours.append((loop.status_line(), PALETTE[loop.status_colours()[1]]))
    finally:
        loop.audio.close()
        window.close()
    assert colours == [
        ("a_end: ended: ran off the program at $00001D - press a key for the menu", (0, 0, 170)),
        ("b_fault: bad register $0B at $000000 - press a key for the menu", (170, 0, 0)),
    ]


def test_f6_panel_shows_lbvm_registers_flags_and_six_digit_addresses(make_loop):
    from console.debug import debugger as dbg
    from console.frontend import debugger_overlay as ov

    machine_loop = make_loop(read(CARTS / "call.lbvm"))
    symbols = dbg.Symbols(machine_loop.machine.source_symbols(CARTS / "call.asm"), 0xFFFFF)
    overlay = ov.attach(machine_loop, symbols)
    machine_loop.machine.add_breakpoint(symbols.address_of("print"))
    machine_loop.run(frames=1, realtime=False)
    assert machine_loop.paused and overlay.open
    rows = overlay.text_rows()
    assert rows[0] == "LBVM DEBUGGER  break at $00001A (PRINT)"
    assert rows[1] == "IP=$0000001A  R0=$00000000  R1=$00000001"
    assert rows[4] == "R8=$00000000  SP=$0007A11C"
    assert rows[5:7] == ["FLAGS $00 = -", "stack $07A11C: $0000000F"]
    assert any(row.startswith(">*$00001A  04 02 04     lbLB r2, r4") for row in rows)
    assert all(len(row) <= ov.PANEL_COLUMNS for row in rows)
    machine_loop.action("f7")  # step
    assert overlay.status == "stepped lbLB r2, r4"
    machine_loop.run(frames=1, realtime=False)  # paused: the panel is drawn again
    assert overlay.text_rows()[2].startswith("R2=$00000048")


def test_f6_panel_title_keeps_a_long_ending_note_whole(make_loop):
    from console.frontend import debugger_overlay as ov

    loop = make_loop(read(CARTS / "call.lbvm"))
    overlay = ov.attach(loop)
    loop.run(frames=2, realtime=False)
    loop.action("pause")
    loop.action("f7")  # a step on an ended program says how it ended
    loop.run(frames=1, realtime=False)  # paused: the panel is drawn
    assert overlay.text_rows()[0] == "LBVM  ended: ran off the program at $000059"


def test_f12_saves_the_teletype_as_a_png(make_loop, tmp_path):
    loop = make_loop(read(CARTS / "count.lbvm"))
    loop.run(frames=2, realtime=False)
    loop.action("screenshot")
    shots = sorted((tmp_path / "shots").glob("count-*.png"))
    assert len(shots) == 1
    image = pygame.image.load(str(shots[0]))
    assert image.get_size() == (640, 400)
    assert {tuple(image.get_at((x, 8)))[:3] for x in range(80)} == {(0, 0, 0), (170, 170, 170)}
