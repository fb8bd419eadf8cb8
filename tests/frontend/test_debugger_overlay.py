"""The window's debugger panel, drawn under SDL's dummy driver and read back from the pixels."""

import pygame
import pytest

from console.debug import debugger as dbg
from console.frontend import debugger_overlay as ov
from console.frontend import display as disp
from console.frontend import window
from console.frontend.options import WindowOptions
from console.machines.b32.soundtext import SOUNDING_MARK
from tests import frontend_helpers  # noqa: F401  (dummy SDL drivers, before pygame)
from tests.debug_helpers import LOOP, START, count_assembly, count_machine


@pytest.fixture
def debug_loop(tmp_path):
    loops = []

    def make(symbols=True):
        machine = count_machine()
        loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=tmp_path),
                                sound=False)
        pygame.event.clear()
        names = dbg.Symbols(count_assembly().symbols) if symbols else None
        overlay = ov.attach(loop, names)
        loops.append(loop)
        return loop, overlay

    yield make
    for loop in loops:
        loop.audio.close()
    window.close()


def rgb(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def drawn_row(loop, row: int, columns: int) -> bytes:
    """The canvas pixels of the panel's text row ``row``, ``columns`` cells wide."""
    rect = pygame.Rect(ov.PANEL_X + ov.PANEL_MARGIN, ov.PANEL_MARGIN + row * ov.GLYPH_H,
                       columns * 8, ov.GLYPH_H)
    return rgb(loop.display.canvas.subsurface(rect))


def expected_row(loop, text: str, fg: int = ov.FG, bg: int = ov.BG) -> bytes:
    surface = pygame.Surface((len(text) * 8, ov.GLYPH_H))
    loop.renderer.draw_text(surface, (0, 0), text, fg, bg)
    return rgb(surface)


def press(loop, action: str, frames: int = 1) -> None:
    loop.action(action)
    loop.run(frames=frames, realtime=False)


def test_f6_opens_the_panel_beside_the_screen_and_draws_the_registers(debug_loop):
    loop, overlay = debug_loop()
    press(loop, "pause")
    assert loop.paused and overlay.open
    assert loop.display.canvas.get_size() == ov.CANVAS_WITH_PANEL
    rows = overlay.text_rows()
    assert rows[0] == "B32 DEBUGGER  paused"
    assert rows[1] == "PC=$1002  A=$00  B=$00  D=$0000"
    assert rows[2] == "X=$0000  Y=$0000  S=$0000"
    assert rows[3:6] == ["CF $00 = -", "F  $00 = -", "stack empty"]
    # the pixels are that text in the console's font
    assert drawn_row(loop, 1, len(rows[1])) == expected_row(loop, rows[1])
    assert drawn_row(loop, 3, len(rows[3])) == expected_row(loop, "CF $00 = -")


def test_the_disassembly_around_pc_is_drawn_with_labels_and_pc_highlighted(debug_loop):
    loop, overlay = debug_loop()
    press(loop, "pause")
    rows = overlay.text_rows()
    assert "   START:" in rows
    pc_row = rows.index("> $1002  51 00 C0  LDS #$C000")
    assert rows[pc_row + 1] == "  $1005  02 00 A0  LDX #$A000"
    assert rows[pc_row - 1] == "   START:" and rows[pc_row - 4] == "   BUMP:"
    assert "   LOOP:" in rows and "  $100C  11        INCX" in rows
    line = overlay.lines[pc_row]
    assert (line.fg, line.bg) == (ov.PC_FG, ov.PC_BG)
    text = line.text.ljust(ov.PANEL_COLUMNS)
    assert drawn_row(loop, pc_row, ov.PANEL_COLUMNS) == expected_row(loop, text, ov.PC_FG, ov.PC_BG)


def test_memory_page_in_hex_and_code_page_437_glyphs(debug_loop):
    loop, overlay = debug_loop()
    loop.machine.cpu.x = 0xA000
    press(loop, "pause")
    rows = overlay.text_rows()
    at = rows.index("memory $A000 (follows X)")
    assert rows[at + 1] == "$A000  20 07 20 07 20 07 20 07   \x07 \x07 \x07 \x07"
    expected = expected_row(loop, rows[at + 1])
    assert drawn_row(loop, at + 1, len(rows[at + 1])) == expected
    # Page Down moves the page; Tab follows the next register; Home goes back to X
    loop.frame([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0)])
    assert "memory $A020 (fixed)" in overlay.text_rows()  # a page is 4 rows of 8 bytes
    loop.frame([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_TAB, mod=0)])
    assert "memory $0000 (follows Y)" in overlay.text_rows()
    loop.frame([pygame.event.Event(pygame.KEYDOWN, key=pygame.K_HOME, mod=0)])
    assert "memory $A000 (follows X)" in overlay.text_rows()


def test_f7_steps_f9_toggles_a_breakpoint_f8_runs_a_frame(debug_loop):
    loop, overlay = debug_loop()
    press(loop, "pause")
    for _ in range(3):
        press(loop, "f7")
    assert loop.machine.cpu.pc == LOOP
    assert overlay.text_rows()[0] == "B32 DEBUGGER  stepped LDA #$41"
    assert overlay.text_rows()[1] == "PC=$100A  A=$41  B=$00  D=$4100"
    press(loop, "f9")
    assert LOOP in loop.machine.cpu.breakpoints
    assert overlay.text_rows()[0] == "B32 DEBUGGER  breakpoint set at $100A (LOOP)"
    assert " *$100A  03        STA ,X"[1:] in [r[1:] for r in overlay.text_rows()]
    press(loop, "f8")  # from the breakpoint: one more turn, then stops there again
    assert overlay.text_rows()[0] == "B32 DEBUGGER  break at $100A (LOOP)"
    assert loop.machine.cpu.a == 0x42 and loop.paused
    press(loop, "f9")
    assert loop.machine.cpu.breakpoints == set()
    press(loop, "f8")
    assert overlay.text_rows()[0] == "B32 DEBUGGER  halted (END)"


def test_the_screen_stays_visible_while_paused(debug_loop):
    loop, overlay = debug_loop()
    loop.machine.cpu.add_breakpoint(0x100D)
    loop.run(frames=1, realtime=False)  # STA ,X put 'A' in cell 0, then the breakpoint
    assert overlay.open
    canvas = loop.display.canvas
    screen = canvas.subsurface(pygame.Rect(disp.SCREEN_POS, (640, 400)))
    assert rgb(screen) == rgb(loop.renderer.surface)
    assert loop.machine.screen_lines()[0] == "A"


def test_a_breakpoint_reached_while_running_opens_the_panel_and_f6_continues(debug_loop):
    loop, overlay = debug_loop()
    loop.machine.cpu.add_breakpoint(LOOP)
    loop.run(frames=1, realtime=False)
    assert overlay.open and loop.paused
    assert overlay.text_rows()[0] == "B32 DEBUGGER  break at $100A (LOOP)"
    loop.machine.cpu.remove_breakpoint(LOOP)
    press(loop, "pause")  # F6: continue; the panel closes and the canvas is as before
    assert not overlay.open and not loop.paused
    assert loop.display.canvas.get_size() == disp.CANVAS_SIZE
    assert loop.machine.halted


def test_f5_reset_while_paused_keeps_the_panel(debug_loop):
    loop, overlay = debug_loop()
    press(loop, "pause")
    press(loop, "f7")
    press(loop, "reset")
    assert overlay.open and loop.machine.cpu.pc == START
    assert overlay.text_rows()[0] == "B32 DEBUGGER  reset; PC=$1002 (START)"


def test_keys_pass_to_the_panel_when_an_earlier_plugin_does_not_take_them(debug_loop, tmp_path):
    machine = count_machine()
    loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=tmp_path), sound=False)
    seen = []

    class Stats(window.Plugin):
        def on_action(self, lp, action):
            seen.append(action)
            return action == "f2"

    loop.add(Stats())
    overlay = ov.attach(loop)
    try:
        loop.action("f2")
        loop.action("f7")  # not open: F7 pauses into the debugger
        assert seen == ["f2", "f7"] and overlay.open
    finally:
        loop.audio.close()
        window.close()


def test_f6_debugger_from_the_b32_run_command(tmp_path, monkeypatch):
    """``b32 run`` installs the panel through play(prepare=...)."""
    from console import commands as cli
    from console.commands import run as run_command
    from tests.debug_helpers import write_count_cart

    cart = write_count_cart(tmp_path)
    attached = []
    real_attach = ov.attach

    def spy(loop, symbols=None):
        overlay = real_attach(loop, symbols)
        attached.append((overlay, symbols))
        loop.running = False  # stop at once
        return overlay

    monkeypatch.setattr(ov, "attach", spy)
    assert cli.main(["run", str(cart), "--scale", "1"]) == 0
    overlay, symbols = attached[0]
    assert symbols.address_of("LOOP") == LOOP  # count.sym beside the cart
    assert run_command  # imported for the command table


def test_the_panel_shows_the_beeper_and_the_four_voices(debug_loop):
    loop, overlay = debug_loop()
    bus = loop.machine.bus
    bus.write16(0xAFC8, 440)  # VOICE1: a triangle, heard
    bus.write(0xAFCA, 12)
    bus.write(0xAFCB, 3)
    bus.write(0xAFCC, 30)
    bus.write16(0xAFD8, 1000)  # VOICE3: pulse 12.5 %, VOL 0: silent
    bus.write(0xAFDB, 2)
    bus.write16(0xAFB0, 660)  # the beeper
    bus.write(0xAFB3, 9)
    press(loop, "pause")
    rows = overlay.text_rows()
    note = SOUNDING_MARK  # the glyph of $0D: a note
    at = rows.index(f"sound  beeper{note}  660 v9  t  0")
    assert rows[at + 1] == f"0 SQU     0 v0  t  0  1{note}TRI   440 v12 t 30"
    assert rows[at + 2] == "2 SQU     0 v0  t  0  3 P12  1000 v0  t  0"
    assert rows[-1] == ov.KEYS_HELP and len(rows) <= ov.PANEL_ROWS
    assert drawn_row(loop, at + 1, len(rows[at + 1])) == expected_row(loop, rows[at + 1])
