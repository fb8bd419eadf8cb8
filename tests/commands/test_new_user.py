"""Issue 16, a new user's path: no display, breakpoints on a frame's first instruction, held
keys repeating, the window's scale, fullscreen and icon, the sound note, the browser's wrapped
descriptions, ``--version`` and bundled carts by name."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pygame
import pytest

from console import commands as cli
from console.debug.monitor import Monitor
from console.frontend import display as disp
from console.frontend import input as inp
from console.frontend import window
from console.frontend.font import load_font
from console.frontend.options import WindowOptions
from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble
from console.machines.b32.machine import Machine
from console.machines.base import Stop
from console.shell.session import DETAIL_PAGE_FRAMES, DETAIL_TOP, Entry, Shell, ShellOptions

ROOT = Path(__file__).resolve().parents[2]


# ---- conventions -------------------------------------------------------------------------------
def test_version(capsys):
    assert cli.main(["--version"]) == 0
    assert capsys.readouterr().out.strip().startswith("b32 0.")


def test_a_bundled_cart_by_name(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # not in the checkout: the name is found among the bundled carts
    for name in ("snake", "hello.b32", "tutorial"):
        assert cli.main(["run", name, "--headless", "--frames", "2"]) == 0
    capsys.readouterr()
    assert cli.main(["run", "count", "--headless", "--frames", "2", "--dump-state", "-"]) == 0
    assert '"machine": "lbvm"' in capsys.readouterr().out  # carts/lbvm/count.lbvm
    assert cli.main(["run", "no-such-cart", "--headless"]) == 66
    assert "no-such-cart: no such file" in capsys.readouterr().err
    (tmp_path / "snake").write_bytes(b"local")  # a file of that name wins
    assert cli.main(["run", "snake", "--headless"]) == 65


# ---- no display ------------------------------------------------------------------------------
def _run_window(env_display: str | None) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "SDL_VIDEODRIVER",
                                                             "WAYLAND_DISPLAY")}
    if env_display is not None:
        env["DISPLAY"] = env_display
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "console", "run", "carts/hello.b32"],
                          capture_output=True, timeout=30, cwd=ROOT, env=env)
    return done, time.monotonic() - started


@pytest.mark.slow  # a whole program in a subprocess
@pytest.mark.parametrize("display", [None, ":97"])
def test_no_display_exits_74_with_the_headless_hint(display):
    assert not os.path.exists("/tmp/.X11-unix/X97")
    done, seconds = _run_window(display)
    assert done.returncode == 74, done.stderr
    err = done.stderr.decode()
    assert "--headless" in err and err.count("\n") == 1, err
    assert seconds < 15  # a few seconds; generous for a loaded machine


def test_an_x_server_that_does_not_answer_is_no_display():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    if port < 6000:
        listener.close()
        pytest.skip("no port above 6000 free for a fake X server")
    try:
        started = time.monotonic()
        with pytest.raises(disp.NoDisplay, match="does not answer"):
            disp.check_x_server(f"127.0.0.1:{port - 6000}", timeout=0.5)
        assert time.monotonic() - started < 3
    finally:
        listener.close()


def test_an_explicit_dummy_driver_is_allowed():
    # the tests run with SDL_VIDEODRIVER=dummy: asked for, so not "no display"
    display = disp.Display(scale=1)
    assert pygame.display.get_driver() == "dummy" and display.window is not None


# ---- breakpoints on a frame's first instruction ------------------------------------------------
WAITING = "S   NOP\nL   WAIT\nM   INCA\n    JMP L\n    END S\n"


def test_a_breakpoint_after_wait_fires_every_frame():
    assembly = assemble(WAITING)
    machine = Machine()
    machine.load(assembly.cart)
    machine.cpu.add_breakpoint(assembly.symbols["M"])
    reasons = [machine.run_frame().reason for _ in range(4)]
    assert reasons == [Stop.WAIT, Stop.BREAK, Stop.WAIT, Stop.BREAK]
    assert machine.cpu.a == 1 and machine.cpu.pc == assembly.symbols["M"]


def test_a_breakpoint_at_the_start_fires_and_going_on_goes_on():
    assembly = assemble(WAITING)
    machine = Machine()
    machine.load(assembly.cart)
    machine.cpu.add_breakpoint(assembly.symbols["S"])
    assert machine.run_frame().reason == Stop.BREAK and machine.cpu.pc == assembly.symbols["S"]
    assert machine.run_frame().reason == Stop.WAIT  # goes on from the breakpoint


def test_the_monitor_stops_after_wait(tmp_path):
    path = tmp_path / "w.asm"
    path.write_text(WAITING, encoding="utf-8")
    machine = Machine()
    out = io.StringIO()
    Monitor(machine, stdin=io.StringIO(f"load {path}\nb M\ng 5\ng 5\n"), stdout=out,
            interactive=False).run()
    text = out.getvalue()
    assert text.count("break at $1002 (M) after") == 2, text


def test_the_panel_stops_after_wait(tmp_path):
    from console.frontend import debugger_overlay as ov

    assembly = assemble(WAITING)
    machine = Machine()
    machine.load(assembly.cart)
    loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=tmp_path), sound=False)
    try:
        overlay = ov.attach(loop, None)
        machine.cpu.add_breakpoint(assembly.symbols["M"])
        loop.run(frames=3, realtime=False)
        assert loop.paused and overlay.open and machine.cpu.pc == assembly.symbols["M"]
        assert overlay.text_rows()[0] == "B32 DEBUGGER  break at $1002"
        loop.action("f8")  # one frame: from the breakpoint round to it again
        assert machine.cpu.a == 1 and machine.cpu.pc == assembly.symbols["M"]
    finally:
        window.close()


# ---- held keys -----------------------------------------------------------------------------
def _key(kind, key):
    return pygame.event.Event(kind, key=key, mod=0, unicode="", scancode=0)


@pytest.mark.parametrize("key,code", [(pygame.K_BACKSPACE, 0x08), (pygame.K_DELETE, 0x7F),
                                      (pygame.K_RETURN, 0x0D), (pygame.K_LEFT, 0x13),
                                      (pygame.K_UP, 0x11)])
def test_a_repeat_queues_the_code_and_nothing_else(key, code):
    mapped = inp.map_repeat(_key(pygame.KEYDOWN, key))
    assert mapped == inp.Mapped(codes=bytes([code]))
    assert inp.map_repeat(_key(pygame.KEYDOWN, pygame.K_F12)) is None
    assert inp.map_repeat(_key(pygame.KEYDOWN, pygame.K_a)) is None  # text repeats as TEXTINPUT


def test_held_keys_repeat_in_the_window_with_buttons_held_plainly(tmp_path):
    from tests.frontend_helpers import key_echo_cart

    machine = Machine(seed=1)
    machine.load(key_echo_cart())
    loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=tmp_path), sound=False)
    try:
        pygame.event.clear()
        events = ([_key(pygame.KEYDOWN, pygame.K_LEFT)] * 3
                  + [_key(pygame.KEYDOWN, pygame.K_F12)] * 3)
        for event in events:
            loop.handle_event(event)
        assert list(machine.keyboard.queue)[:3] == [0x13, 0x13, 0x13]
        assert machine.peek(mm.IO_NAMES["BUTTONS"]) == mm.BUTTON_LEFT
        assert len(list(tmp_path.iterdir())) == 1  # F12 held: one screenshot
        loop.handle_event(_key(pygame.KEYUP, pygame.K_LEFT))
        assert machine.peek(mm.IO_NAMES["BUTTONS"]) == 0
        assert pygame.key.get_repeat()[0] > 0  # the window asked SDL to repeat held keys
    finally:
        window.close()


def test_desktop_key_repeat_has_a_sensible_default(monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    assert inp.desktop_key_repeat() == inp.DEFAULT_KEY_REPEAT


# ---- the window ------------------------------------------------------------------------------
def test_the_panel_keeps_the_carts_scale():
    from console.frontend.debugger_overlay import CANVAS_WITH_PANEL

    display = disp.Display(scale=2)
    try:
        display.set_canvas_size(CANVAS_WITH_PANEL)
        assert display.scale == 2
        width = disp.CANVAS_SIZE[0] * 2 + (CANVAS_WITH_PANEL[0] - disp.CANVAS_SIZE[0])
        assert display.window.get_size() == (width, disp.CANVAS_SIZE[1] * 2)
        # fullscreen on a 1080p desktop: the screen stays at 2x, the panel fits beside it at 1x
        display._layout((1920, 1080), 2)
        assert display.dest.size == (1408, 896) and display.side_scale == 1
        assert display.side_dest.right <= 1920 and display.dest.x > 0
        display.set_canvas_size(disp.CANVAS_SIZE)
        assert display.scale == 2 and display.window.get_size() == (1408, 896)
    finally:
        pygame.display.quit()


def test_a_scale_bigger_than_the_desktop_is_fitted_with_a_note(monkeypatch):
    monkeypatch.setattr(disp, "desktop_size", lambda: (1920, 1080))
    monkeypatch.setattr(disp, "_no_desktop", lambda: False)
    display = disp.Display(scale=9)
    try:
        assert display.scale == 2 and display.window.get_size() == (1408, 896)
        assert display.note == "--scale 9 does not fit the 1920 x 1080 desktop; using 2"
    finally:
        pygame.display.quit()


def test_fullscreen_round_trip_restores_the_place(monkeypatch):
    moves = []
    position = [(100, 50)]
    monkeypatch.setattr(pygame.display, "get_window_position", lambda: position[0])

    def move(at):
        moves.append(tuple(at))
        position[0] = tuple(at)

    monkeypatch.setattr(pygame.display, "set_window_position", move)
    display = disp.Display(scale=1)
    try:
        display.toggle_fullscreen()
        assert moves[-1] == (0, 0)  # fullscreen from the corner, not the window's place
        display.toggle_fullscreen()
        assert moves[-1] == (100, 50) and display.window.get_size() == disp.CANVAS_SIZE
        display.toggle_fullscreen()
        display.toggle_fullscreen()
        assert moves[-1] == (100, 50)  # no drift per round trip
    finally:
        pygame.display.quit()


def test_f12_in_fullscreen_shows_a_sign_in_the_border(tmp_path):
    from tests.frontend_helpers import key_echo_cart

    machine = Machine(seed=1)
    machine.load(key_echo_cart())
    loop = window.open_loop(machine, WindowOptions(scale=1, fullscreen=True,
                                                   screenshot_dir=tmp_path), sound=False)
    try:
        loop.run(frames=1, realtime=False)
        x, y = disp.STATUS_POS
        assert loop.display.canvas.get_at((x, y))[:3] != mm.PALETTE[window.NOTE_BG]
        loop.action("screenshot")
        loop.run(frames=1, realtime=False)
        assert loop.border_notice().startswith("saved ")
        assert loop.display.canvas.get_at((x, y))[:3] == mm.PALETTE[window.NOTE_BG]
    finally:
        window.close()


def test_the_icon_is_drawn_from_the_font_and_palette():
    pygame.display.init()
    icon = disp.make_icon(load_font())
    assert icon.get_size() == (32, 32)
    assert icon.get_at((0, 0))[:3] == mm.PALETTE[15] and icon.get_at((1, 1))[:3] == mm.PALETTE[1]
    rows = load_font().rows(ord("B"))
    for y, bits in enumerate(rows):
        for x in range(8):
            lit = icon.get_at((8 + 2 * x, 2 * y))[:3] == mm.PALETTE[14]
            assert lit == bool(bits & (0x80 >> x))


@pytest.mark.slow  # a whole program in a subprocess
def test_no_sound_device_is_one_quiet_note():
    code = ("import os; os.environ['PYGAME_HIDE_SUPPORT_PROMPT']='1'\n"
            "from console.frontend.audio import open_speaker\n"
            "from console.frontend.options import WindowOptions\n"
            "open_speaker(WindowOptions()); open_speaker(WindowOptions())\n"
            "import sys; print('stderr still open', file=sys.stderr)\n")
    env = {**os.environ, "SDL_AUDIODRIVER": "alsa", "AUDIODEV": "hw:99"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=30,
                          cwd=ROOT, env=env)
    lines = done.stderr.decode().splitlines()
    assert lines[-1] == "stderr still open"
    assert len(lines[:-1]) <= 1
    assert all(line.startswith("b32: no sound: ") for line in lines[:-1])


# ---- the browser's descriptions ---------------------------------------------------------------
def test_a_long_description_is_wrapped_and_shown_whole():
    words = [f"word{n:02d}" for n in range(60)]
    entry = Entry(Path("long.b32"), "long", "Long", " ".join(words),
                  assemble("S   WAIT\n    JMP S\n    END S\n").cart)
    shell = Shell([entry], ShellOptions())
    seen = set()
    for _ in range(4 * DETAIL_PAGE_FRAMES):
        lines = shell.screen.screen_lines()
        for row in (DETAIL_TOP + 1, DETAIL_TOP + 2):
            assert len(lines[row]) <= 78
            seen.update(lines[row].split())
        shell.step()
    assert set(words) <= seen
