"""Watch mode and dropped files in the real frame loop under SDL's dummy driver, with the source
written, renamed over, deleted and restored in a temporary folder while the loop runs."""

import argparse
import os
from pathlib import Path

import pygame
import pytest

from console.author.session import WatchSession
from console.commands.run import add_arguments, prepare_window, start_watching
from console.debug.debugger import Symbols
from console.frontend import author, window
from console.frontend import display as disp
from console.frontend.options import WindowOptions
from console.frontend.shell_window import open_shell_loop
from console.machines.b32 import memmap as mm
from console.machines.b32.machine import Machine
from console.shell.session import MENU, PLAYING, Shell, ShellOptions, load_entry
from tests import frontend_helpers  # noqa: F401
from tests.frontend_helpers import window_loops

# Shows TEXT on row 0 every frame; COUNT counts frames (a byte of the cart's own).
SHOW = """\
START:
 LDX #SCREEN
 LDY #TEXT
PUT:
 LDA ,Y
 CMPA #0
 JEQ SHOWN
 STA ,X
 INCX
 INCX
 INCY
 JMP PUT
SHOWN:
 WAIT
 LDA COUNT
 ADDA #{step}
 STA COUNT
 JMP START
TEXT: DB "{text}",0
COUNT: DB 0
 END START
"""
RELOAD_FRAMES = 30  # poll every 6 frames + settle 12: a save is in by then


def show(text, step=1):
    return SHOW.format(text=text, step=step)


def write(path, text):
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def open_window(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # sources are named as a person types them: game.asm
    with window_loops() as keep:
        def make(source, keep_ram=False):
            session = WatchSession(source)
            event = session.start()
            machine = Machine(seed=1)
            machine.load(event.build.cart)
            loop = keep(window.open_loop(machine, WindowOptions(
                scale=1, screenshot_dir=tmp_path / "shots")))
            return loop, prepare_window(loop, Symbols(event.build.symbols), session, keep_ram)

        yield make


def run(loop, frames=RELOAD_FRAMES):
    loop.run(frames=frames, realtime=False)


def row0(loop):
    return loop.machine.screen_lines()[0]


def window_colour(loop, row, col):
    d = loop.display
    x = disp.SCREEN_POS[0] + 8 * col
    y = disp.SCREEN_POS[1] + 16 * row
    return tuple(d.window.get_at((d.dest.x + x * d.scale, d.dest.y + y * d.scale)))[:3]


def test_write_rename_over_delete_restore(tmp_path, open_window, capsys):
    source = Path("game.asm")
    write(source, show("first"))
    loop, tools = open_window(source)
    run(loop, 10)
    assert row0(loop) == "first" and loop.display.title == "B32 - game (B32) - running - watching"
    first_count = tools.debugger.symbols.address_of("COUNT")
    capsys.readouterr()

    # 1. a plain write: reassembled and reset
    write(source, show("second"))
    run(loop)
    assert tools.session.reloads == 1 and row0(loop) == "second"
    count_at = tools.debugger.symbols.address_of("COUNT")
    assert count_at == tools.running.symbols["COUNT"] == tools.session.build.symbols["COUNT"]
    assert count_at == first_count + 1  # "second" is a byte longer than "first"
    assert loop.machine.peek(count_at) > 0  # F6 names the new build's variable
    assert loop.display.title.startswith("B32 - game (B32) - running - reload 1 at ")
    assert loop.display.title.endswith(" - reloaded")
    assert tools.lines == []

    # 2. an editor's save: a temporary renamed over the source, then touched; with errors
    temp = tmp_path / ".game.asm.swp"
    write(temp, show("third").replace(" INCY", " INCY,\n BOGUS #1"))
    os.replace(temp, source)
    run(loop, 3)
    os.utime(source)
    run(loop)
    assert tools.session.reloads == 1 and row0(loop) == "second"  # the old cart runs on
    assert tools.lines[0] == "2 errors in game.asm - the cart shown is the last good build"
    assert tools.lines[1] == "game.asm:11:7: expected X or Y after ',', found end of line"
    assert tools.lines[2] == ("game.asm:12:2: unknown mnemonic 'BOGUS'; expected an instruction "
                              "or directive")
    assert tools.lines[3] == ""
    assert tools.lines[-1] == " save the file to try again"
    assert window_colour(loop, author.PANEL_TOP, 79) == mm.PALETTE[author.HEAD_BG]
    assert window_colour(loop, 0, 79) == mm.PALETTE[0]  # the cart shows above the panel
    err = capsys.readouterr().err
    assert err.count("unknown mnemonic 'BOGUS'") == 1  # once per save
    assert "b32: game.asm: 2 errors; the last good build keeps running" in err
    run(loop, 60)
    assert "BOGUS" not in capsys.readouterr().err  # and not again until the next save

    # 3. deleted: a note in the panel, the cart keeps running, watching goes on
    source.unlink()
    run(loop)
    assert tools.lines[:2] == ["The source is not there",
                               "game.asm: no such file (deleted or renamed?); still watching it"]
    assert row0(loop) == "second" and loop.running

    # 4. restored: reloaded, the panel gone
    write(source, show("fourth"))
    run(loop)
    assert tools.session.reloads == 2 and row0(loop) == "fourth" and tools.lines == []
    assert loop.display.title.startswith("B32 - game (B32) - running - reload 2 at ")


def test_the_panel_scrolls_through_every_error(tmp_path, open_window):
    source = Path("game.asm")
    write(source, show("ok"))
    loop, tools = open_window(source)
    write(source, show("ok").replace(" WAIT", "".join(f" BAD{n}\n" for n in range(25)) + " WAIT"))
    run(loop)
    assert tools.lines[0] == "25 errors in game.asm - the cart shown is the last good build"
    rows = author.PANEL_TEXT_ROWS
    assert tools.lines[1].startswith(f"{source}:14:2: unknown mnemonic 'BAD0'")
    assert tools.lines[-1].startswith(f" lines 1-{rows} of 25")

    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_PAGEDOWN, mod=0))
    run(loop, 1)
    assert tools.lines[1].startswith(f"{source}:{14 + rows - 1}:2: unknown mnemonic")
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_END, mod=0))
    run(loop, 1)
    assert tools.lines[rows].startswith(f"{source}:38:2: unknown mnemonic 'BAD24'")
    assert tools.lines[-1].startswith(f" lines {25 - rows + 1}-25 of 25")
    pygame.event.post(pygame.event.Event(pygame.MOUSEWHEEL, x=0, y=1, flipped=False))
    run(loop, 1)
    assert tools.lines[-1].startswith(f" lines {25 - rows + 1 - 3}-{25 - 3} of 25")
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_HOME, mod=0))
    run(loop, 1)
    assert tools.lines[-1].startswith(f" lines 1-{rows} of 25")
    assert loop.machine.keyboard.queue == type(loop.machine.keyboard.queue)()  # cart saw none


def count(loop, tools):
    return loop.machine.mem[tools.running.symbols["COUNT"]]


def test_keep_ram_keeps_the_count_when_safe_and_says_why_when_not(tmp_path, open_window, capsys):
    source = Path("game.asm")
    write(source, show("same", step=1))
    loop, tools = open_window(source, keep_ram=True)
    run(loop, 40)
    before = count(loop, tools)
    assert before == 39
    write(source, show("same", step=2))  # one operand: the layout is the same
    run(loop)
    assert tools.session.reloads == 1
    assert loop.display.title.endswith(" - reloaded, RAM kept")
    # kept (a reset would count from 0) and counting by two since the reload
    assert before + RELOAD_FRAMES < count(loop, tools) <= before + 2 * RELOAD_FRAMES

    write(source, show("longer text"))  # the text grows: COUNT moves
    run(loop)
    assert tools.session.reloads == 2 and row0(loop) == "longer text"
    assert count(loop, tools) < RELOAD_FRAMES  # reset: counting from 0 again
    err = capsys.readouterr().err
    assert "b32: game.asm: RAM not kept (the code at $101F moved or changed size); reset" in err
    assert "reset: the code at $101F moved" in loop.display.title


def test_a_source_that_never_built_opens_waiting_with_its_errors(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    write(Path("game.asm"), " BOGUS\n END\n")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    args = parser.parse_args(["game.asm", "--watch"])
    session, cart, status = start_watching(args)
    assert status == 0 and session.build is None and cart.name == "game"
    assert capsys.readouterr().err == (
        "game.asm:1:2: unknown mnemonic 'BOGUS'; expected an instruction or directive\n"
        "b32: game.asm does not build yet; watching it\n")
    machine = Machine(seed=1)
    machine.load(cart)
    loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=tmp_path / "s"))
    try:
        tools = prepare_window(loop, Symbols(), session)
        run(loop, 5)
        assert tools.lines[0] == "1 error in game.asm" and not machine.fault
        assert loop.display.title == "B32 - game (B32) - running - watching"
        write(Path("game.asm"), show("at last"))
        run(loop)
        assert tools.lines == [] and row0(loop) == "at last" and session.reloads == 1
    finally:
        loop.audio.close()
        window.close()


# ---- dropping files ------------------------------------------------------------------------------
def drop(loop, path, frames=1):
    pygame.event.post(pygame.event.Event(pygame.DROPFILE, file=str(path), window_id=0))
    loop.run(frames=frames, realtime=False)


@pytest.fixture
def run_window(tmp_path):
    from console.machines.b32.loader import load_cart

    with window_loops() as keep:
        def make(source):
            machine = Machine(seed=1)
            machine.load(load_cart(source))
            loop = keep(window.open_loop(machine, WindowOptions(
                scale=1, screenshot_dir=tmp_path / "s")))
            return loop, prepare_window(loop, Symbols())

        yield make


def test_dropping_carts_on_the_run_window_runs_them(tmp_path, run_window, capsys):
    first = tmp_path / "one.asm"
    write(first, show("one"))
    second = tmp_path / "two.asm"
    write(second, show("two"))
    loop, tools = run_window(first)
    run(loop, 3)
    assert row0(loop) == "one"

    drop(loop, second, 3)
    assert row0(loop) == "two" and loop.name == "two"
    assert tools.debugger.symbols.address_of("COUNT") is not None  # the new cart's names

    from console.machines.b32.asm import assemble_file

    cart_path = tmp_path / "three.b32"
    cart_path.write_bytes(assemble_file(first).cart.to_bytes())
    drop(loop, cart_path, 3)
    assert row0(loop) == "one"
    assert loop.display.title == "B32 - three (B32) - running - playing three.b32"

    notes = tmp_path / "notes.txt"
    write(notes, "hi")
    drop(loop, notes, 2)
    assert row0(loop) == "one"  # still running what it ran
    assert tools.note == "notes.txt: not a cart (carts are .b32 .asm .lbvm files)"
    x, y = disp.STATUS_POS
    d = loop.display
    assert tuple(d.window.get_at((x + 2, y + 2)))[:3] == mm.PALETTE[author.NOTE_BG]
    assert "b32: notes.txt: not a cart" in capsys.readouterr().err

    broken = tmp_path / "broken.asm"
    write(broken, " BOGUS\n BAD\n END\n")
    drop(loop, broken)
    assert tools.note == (f"{broken}:1:2: unknown mnemonic 'BOGUS'; expected an instruction or "
                          "directive (and 1 more)")
    assert row0(loop) == "one" and tools.drops == 4


def test_dropping_a_source_while_watching_watches_it(tmp_path, open_window):
    first = tmp_path / "one.asm"
    write(first, show("one"))
    second = tmp_path / "two.asm"
    write(second, show("two"))
    loop, tools = open_window(first)
    drop(loop, second, 3)
    assert row0(loop) == "two" and tools.session.path == second
    write(second, show("two again"))
    run(loop)
    assert row0(loop) == "two again" and tools.session.reloads == 1


def shell_with(tmp_path, kiosk=False):
    carts = tmp_path / "carts"
    carts.mkdir(exist_ok=True)
    write(carts / "listed.asm", show("listed"))
    entries = [load_entry(carts / "listed.asm")]
    options = ShellOptions(kiosk=kiosk, attract_frames=0) if kiosk else ShellOptions()
    return Shell(entries, options)


def test_dropping_on_the_browser_plays_it_and_the_kiosk_ignores_drops(tmp_path):
    dropped = tmp_path / "dropped.asm"
    write(dropped, show("dropped"))
    notes = tmp_path / "notes.txt"
    write(notes, "hi")
    try:
        shell = shell_with(tmp_path)
        loop = open_shell_loop(shell, WindowOptions(scale=1), sound=False)
        pygame.event.clear()
        drop(loop, dropped, 3)
        assert shell.state == PLAYING and shell.playing.name == "dropped"
        assert shell.screen.screen_lines()[0] == "dropped"
        assert [e.name for e in shell.entries] == ["listed", "dropped"]
        drop(loop, notes, 1)
        assert shell.state == PLAYING and shell.playing.name == "dropped"
        assert shell.status == ("notes.txt cannot be played: not a cart (carts are .b32 .asm "
                                ".lbvm files)")
        drop(loop, dropped, 1)  # again: the entry is refreshed, not added twice
        assert len(shell.entries) == 2
        loop.audio.close()

        kiosk = shell_with(tmp_path, kiosk=True)
        loop = open_shell_loop(kiosk, WindowOptions(scale=1), sound=False)
        pygame.event.clear()
        drop(loop, dropped, 3)
        assert kiosk.state == MENU and len(kiosk.entries) == 1 and kiosk.status == ""
        loop.audio.close()
    finally:
        window.close()


TICKER = """\
START:
 LDX #SCREEN+2*(80*20+70)
FILL:
 LDA #$4F
 STA SCREEN+1
 LDA FRAME
 STA ,X
 INCX
 LDA #$4F
 STA ,X
 INCX
 CMPX #SCREEN+2*(80*21)
 JLT FILL
 LDA FRAME
 STA SCREEN
 WAIT
 JMP START
 END START
"""


def test_the_panel_stays_over_cells_the_cart_keeps_changing(tmp_path, open_window):
    source = Path("game.asm")
    write(source, TICKER)
    loop, tools = open_window(source)
    run(loop, 3)
    red = mm.PALETTE[4]
    assert window_colour(loop, 20, 79) == red  # the cart's cells, red, before the panel
    write(source, TICKER.replace(" WAIT", " WAIT\n BOGUS"))
    run(loop)
    assert tools.lines[0] == "1 error in game.asm - the cart shown is the last good build"
    before = loop.machine.screen_bytes()
    run(loop, 10)
    assert loop.machine.screen_bytes() != before  # the cart changed cells under the panel
    assert window_colour(loop, 20, 79) == mm.PALETTE[author.TEXT_BG]  # the panel is on top
    assert window_colour(loop, 0, 0) == red  # and the cart shows above it
    write(source, TICKER)
    run(loop)
    assert tools.lines == [] and window_colour(loop, 20, 79) == red  # gone: the cart again
