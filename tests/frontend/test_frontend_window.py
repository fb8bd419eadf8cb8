"""The real frame loop, run for N frames without the clock under SDL's dummy drivers."""

import datetime
import re
import subprocess
import sys

import pygame
import pytest

from console import commands as cli
from console.frontend import display as disp
from console.frontend import font as font_module
from console.frontend import window
from console.frontend.font import FontError
from console.frontend.options import WindowOptions
from console.machines.b32 import memmap as mm
from console.machines.b32.cart import write
from console.machines.b32.machine import Machine
from console.machines.script import InputScript
from tests import frontend_helpers  # noqa: F401
from tests.frontend_helpers import (
    demo_cart,
    fault_cart,
    fill_screen_cart,
    key_echo_cart,
    spin_cart,
    window_loops,
)


@pytest.fixture
def make_loop(tmp_path):
    with window_loops() as keep:

        def make(cart, script=None, scale=1, **kw):
            machine = Machine(seed=1)
            machine.load(cart)
            options = WindowOptions(scale=scale, screenshot_dir=tmp_path / "shots")
            loop = window.open_loop(machine, options, script=script, **kw)
            return keep(loop)

        yield make


def post(*events):
    for event in events:
        pygame.event.post(event)


def key(kind, k, mod=0):
    return pygame.event.Event(kind, key=k, mod=mod)


def window_cell_colour(loop, row, col, x=0, y=0):
    """The window's colour at pixel (x, y) of screen cell (row, col)."""
    d = loop.display
    cx = disp.SCREEN_POS[0] + 8 * col + x
    cy = disp.SCREEN_POS[1] + 16 * row + y
    return tuple(d.window.get_at((d.dest.x + cx * d.scale, d.dest.y + cy * d.scale)))[:3]


def test_scripted_run_through_the_real_loop(make_loop):
    script = InputScript.parse(presses=["2:left"], types=["1:hi"])
    loop = make_loop(key_echo_cart(), script)
    loop.run(frames=6, realtime=False)
    assert not loop.machine.fault
    assert loop.frames_run == 6
    assert loop.machine.screen_lines()[0].startswith("hi\u203c")  # Left queues $13 (glyph ‼)
    assert loop.display.title == "B32 - echo (B32) - running"


def test_typed_keys_and_two_presses_between_frames(make_loop):
    loop = make_loop(key_echo_cart(), scale=2)
    post(key(pygame.KEYDOWN, pygame.K_LEFT), key(pygame.KEYUP, pygame.K_LEFT),
         key(pygame.KEYDOWN, pygame.K_x), pygame.event.Event(pygame.TEXTINPUT, text="x"),
         key(pygame.KEYUP, pygame.K_x), key(pygame.KEYDOWN, pygame.K_ESCAPE))
    loop.run(frames=1, realtime=False)
    mem = loop.machine.mem
    assert [mem[mm.cell_address(0, c)] for c in range(3)] == [0x13, ord("x"), 0x1B]
    assert mem[mm.cell_address(1, 1)] == mm.BUTTON_LEFT | mm.BUTTON_B  # PRESSED
    assert mem[mm.cell_address(1, 0)] == 0  # BUTTONS: nothing held any more
    assert loop.running  # Escape went to the cart, not to the console


def test_held_button_shows_in_buttons(make_loop):
    loop = make_loop(key_echo_cart())
    post(key(pygame.KEYDOWN, pygame.K_RETURN))
    loop.run(frames=2, realtime=False)
    assert loop.machine.mem[mm.cell_address(1, 0)] == mm.BUTTON_START


def test_window_shows_the_screen_scaled_in_the_border(make_loop):
    loop = make_loop(fill_screen_cart(), scale=2)
    loop.run(frames=1, realtime=False)
    # the first frame filled every cell with char $41 'A', attribute $41: blue on red
    d = loop.display
    assert d.window.get_size() == (1408, 896)
    assert window_cell_colour(loop, 0, 0) == mm.PALETTE[4]  # top-left pixel: background
    assert window_cell_colour(loop, 24, 79, 2, 7) == mm.PALETTE[1]  # a pixel of 'A's bar
    assert tuple(d.window.get_at((0, 0)))[:3] == mm.PALETTE[0]  # border colour 0


def test_a_cart_that_never_waits_still_ends_every_frame(make_loop):
    loop = make_loop(spin_cart())
    post(pygame.event.Event(pygame.QUIT))
    loop.run(frames=3, realtime=False)
    assert loop.frames_run == 0 and not loop.running  # the quit was seen before a frame ran
    loop = make_loop(spin_cart())
    loop.run(frames=3, realtime=False)
    assert loop.frames_run == 3 and loop.last_result.reason == "budget"


def test_fault_keeps_the_window_open_with_the_message(make_loop, capsys):
    loop = make_loop(fault_cart())
    loop.run(frames=3, realtime=False)
    assert loop.machine.fault
    assert loop.running
    title = loop.display.title
    assert title.startswith("B32 - crash (B32) - unknown opcode $00 at $")
    assert loop.status_line() == loop.machine.fault
    assert capsys.readouterr().err.count("unknown opcode") == 1  # reported once
    # the status line is drawn under the screen: white on red
    d = loop.display
    x, y = disp.STATUS_POS
    assert tuple(d.canvas.get_at((x + 639, y)))[:3] == mm.PALETTE[4]


def test_pause_reset_and_quit_keys(make_loop):
    loop = make_loop(key_echo_cart())
    loop.run(frames=2, realtime=False)
    post(key(pygame.KEYDOWN, pygame.K_F6), key(pygame.KEYUP, pygame.K_F6))
    loop.run(frames=3, realtime=False)
    assert loop.paused and loop.frames_run == 2
    assert loop.display.title == "B32 - echo (B32) - paused"
    post(key(pygame.KEYDOWN, pygame.K_F6))
    loop.run(frames=1, realtime=False)
    assert not loop.paused and loop.machine.frames == 3
    post(key(pygame.KEYDOWN, pygame.K_F5))
    loop.run(frames=1, realtime=False)
    assert loop.machine.frames == 1  # reset, then one frame
    post(key(pygame.KEYDOWN, pygame.K_q, pygame.KMOD_LCTRL))
    loop.run(frames=5, realtime=False)
    assert not loop.running


def test_halted_cart_is_shown_as_halted(make_loop):
    from tests.frontend_helpers import END, Program
    p = Program()
    p.op(END)
    loop = make_loop(p.cart("stop"))
    loop.run(frames=2, realtime=False)
    assert loop.display.title == "B32 - stop (B32) - halted"


def test_f12_saves_a_screenshot_and_the_title_says_where(make_loop, tmp_path, monkeypatch):
    from console.frontend import screenshot

    class Clock(datetime.datetime):  # both shots in one second, whenever the test runs
        @classmethod
        def now(cls, tz=None):
            return cls(2026, 12, 2, 9, 30, 5)

    monkeypatch.setattr(screenshot, "datetime", Clock)
    loop = make_loop(demo_cart())
    post(key(pygame.KEYDOWN, pygame.K_F12), key(pygame.KEYUP, pygame.K_F12),
         key(pygame.KEYDOWN, pygame.K_F12))
    loop.run(frames=2, realtime=False)
    shots = sorted((tmp_path / "shots").iterdir(), key=lambda p: len(p.name))
    assert len(shots) == 2 and shots[0].name == "demo-20261202-093005.png"
    assert shots[1].name == shots[0].name.replace(".png", "-2.png")  # both in one second
    assert str(shots[1]) in loop.display.title
    assert pygame.image.load(str(shots[0])).get_size() == (640, 400)


def test_fullscreen_toggle_keeps_running(make_loop):
    loop = make_loop(demo_cart())
    post(key(pygame.KEYDOWN, pygame.K_F11))
    loop.run(frames=1, realtime=False)
    assert loop.display.fullscreen
    post(key(pygame.KEYDOWN, pygame.K_RETURN, pygame.KMOD_RALT))
    loop.run(frames=1, realtime=False)
    assert not loop.display.fullscreen
    assert loop.machine.keyboard.queue.count(0x0D) == 0  # Alt+Enter is not the cart's Enter


def test_plugins_are_asked_in_the_order_added_a_higher_order_last(make_loop):
    loop = make_loop(key_echo_cart())
    asked = []

    class Asks(window.Plugin):
        def __init__(self, name, order=0):
            self.name, self.order = name, order

        def on_action(self, lp, action):
            asked.append(self.name)
            return False

    late = loop.add(Asks("late", order=1))
    loop.add(Asks("first"))
    loop.add(Asks("second"))
    assert loop.plugins[-1] is late
    loop.action("f9")
    assert asked == ["first", "second", "late"]


def test_a_plugin_can_run_the_frame_and_take_the_input_instead_of_the_machine(make_loop):
    loop = make_loop(key_echo_cart())
    got = []

    class Driver(window.Plugin):
        def on_input(self, lp, codes, down, up):
            got.append((codes, down, up))
            return True

        def run_frames(self, lp, count):
            return count  # ran them itself

        def window_title(self, lp):
            return "driven"

        def status_line(self, lp):
            return "mine", (15, 2)

    loop.add(Driver())
    loop.frame([pygame.event.Event(pygame.TEXTINPUT, text="a")])
    assert got == [(b"a", 0, 0)] and loop.machine.frames == 0 and not loop.machine.keyboard.queue
    assert loop.display.title == "driven"
    assert loop.status_line() == "mine" and loop.status_colours() == (15, 2)
    x, y = disp.STATUS_POS
    assert tuple(loop.display.canvas.get_at((x + 8 * 79, y)))[:3] == mm.PALETTE[2]


def test_plugins_see_actions_first_and_draw_over_the_screen(make_loop):
    loop = make_loop(key_echo_cart())
    seen = []
    drawn = []

    class Kiosk(window.Plugin):
        def on_action(self, lp, action):
            seen.append(action)
            return True  # a kiosk: swallow all

        def overlay(self, lp, canvas):
            canvas.fill((255, 0, 255), pygame.Rect(0, 0, 10, 10))
            drawn.append(lp.tick)
            return True

    loop.add(Kiosk())
    post(key(pygame.KEYDOWN, pygame.K_F6), key(pygame.KEYDOWN, pygame.K_F9),
         pygame.event.Event(pygame.QUIT))
    loop.run(frames=2, realtime=False)
    assert seen == ["pause", "f9", "quit"] and loop.running and not loop.paused
    assert drawn == [0, 1]
    assert tuple(loop.display.window.get_at((0, 0)))[:3] == (255, 0, 255)


def test_missing_font_is_a_one_line_error_before_any_window(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(font_module, "DEFAULT_FONT", tmp_path / "gone.bin")
    machine = Machine()
    machine.load(demo_cart())
    with pytest.raises(FontError, match="gone.bin") as err:
        window.play(machine, WindowOptions(scale=1))
    assert "\n" not in str(err.value)


def test_bad_cart_fails_before_a_window_opens(tmp_path, monkeypatch, capsys):
    bad = tmp_path / "bad.b32"
    bad.write_bytes(b"XYZ\0\x10\0\x10")
    monkeypatch.setattr(window, "play", lambda *a: pytest.fail("a window was opened"))
    assert cli.main(["run", str(bad)]) == cli.EX_DATAERR
    assert "not a B32 cart" in capsys.readouterr().err


def run_and_quit(cart, *options: str) -> subprocess.CompletedProcess:
    """``b32 run CART OPTIONS`` in a subprocess, quit by Ctrl+Q posted at frame 10."""
    code = (
        "import tests.frontend_helpers, pygame, sys\n"
        "from console.frontend import window\n"
        "real = window.FrameLoop.frame\n"
        "def frame(self, events=None, **kw):\n"
        "    if self.tick == 10:\n"
        "        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_q,"
        " mod=pygame.KMOD_LCTRL))\n"
        "    return real(self, events, **kw)\n"
        "window.FrameLoop.frame = frame\n"
        "from console import commands as cli\n"
        f"sys.exit(cli.main(['run', {str(cart)!r}, '--scale', '1', *{list(options)!r}]))\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=30)


@pytest.mark.slow  # a whole program in a subprocess
def test_b32_run_opens_the_window_and_quits(tmp_path):
    """The whole command in a subprocess: a scripted quit (Ctrl+Q posted by a timer)."""
    cart = tmp_path / "echo.b32"
    write(cart, key_echo_cart())
    done = run_and_quit(cart)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""  # no pygame banner on stdout
    assert "stats:" not in done.stderr


@pytest.mark.slow  # a whole program in a subprocess
def test_b32_run_stats_prints_one_line_when_the_window_closes(tmp_path):
    cart = tmp_path / "echo.b32"
    write(cart, key_echo_cart())
    done = run_and_quit(cart, "--stats")
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("stats:")]
    assert len(lines) == 1, done.stderr
    match = re.fullmatch(r"stats: (\d+\.\d) fps, (\d+) frames, work p50 \d+\.\d ms "
                         r"p99 \d+\.\d ms \(cpu \d+\.\d, draw \d+\.\d, present \d+\.\d\)"
                         r"(, \d+ frames emulated but not shown)?", lines[0])
    assert match, lines[0]
    assert int(match[2]) == 10  # ticks 0..9 were presented; the quit came in tick 10
    assert 0 < float(match[1]) < 200  # (ten frames are too few for a steady rate)
