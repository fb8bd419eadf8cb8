"""The shell in the real window loop (SDL's dummy drivers): pygame events in, the menu or the cart
on the canvas, the kiosk's rules on window close, function keys, the mouse and the exit chord."""

import pygame
import pytest

from console.frontend import display as disp
from console.frontend.options import WindowOptions
from console.frontend.shell_window import open_shell_loop, shell_of
from console.machines.b32 import memmap as mm
from console.shell.session import BACK_HOLD_FRAMES, EXIT_HOLD_FRAMES, MENU, PLAYING
from tests import frontend_helpers  # noqa: F401
from tests.frontend_helpers import window_loops
from tests.shell_helpers import NAMES, make_library, make_shell, script


@pytest.fixture
def make_loop(tmp_path):
    with window_loops() as keep:
        folder = make_library(tmp_path / "carts")

        def make(kiosk=False, presses=(), **options):
            shell = make_shell(folder, kiosk=kiosk, **options)
            loop = open_shell_loop(shell, WindowOptions(scale=1, screenshot_dir=tmp_path / "shots"),
                                   script=script(*presses) if presses else None)
            return keep(loop)

        yield make


def key(kind, k, mod=0):
    return pygame.event.Event(kind, key=k, mod=mod)


def tap(k, mod=0):
    return [key(pygame.KEYDOWN, k, mod), key(pygame.KEYUP, k, mod)]


def cell_colour(loop, row, col):
    d = loop.display
    x = disp.SCREEN_POS[0] + 8 * col
    y = disp.SCREEN_POS[1] + 16 * row
    return tuple(d.canvas.get_at((x, y)))[:3]


def test_keys_browse_start_and_come_back(make_loop):
    loop = make_loop()
    shell = shell_of(loop)
    loop.frame(tap(pygame.K_DOWN))
    loop.frame(tap(pygame.K_DOWN))
    assert shell.entries[shell.selected].name == "echo"
    assert cell_colour(loop, 3 + NAMES.index("echo"), 5) == mm.PALETTE[7]  # highlighted
    assert cell_colour(loop, 1, 5) == mm.PALETTE[1]  # the menu's blue
    loop.frame(tap(pygame.K_RETURN))
    loop.frame([pygame.event.Event(pygame.TEXTINPUT, text="a")])
    assert shell.state == PLAYING and loop.machine is shell.machine
    assert shell.machine.screen_lines()[0] == "a"
    assert loop.display.title == "B32 - browse - echo - playing"
    loop.frame(tap(pygame.K_F10))
    assert shell.state == MENU and loop.machine is shell.menu
    assert shell.entries[shell.selected].name == "echo"
    assert loop.display.title == "B32 - browse"


def test_escape_held_in_the_window_leaves_the_cart(make_loop):
    loop = make_loop()
    shell = shell_of(loop)
    loop.frame(tap(pygame.K_RETURN))
    loop.frame([key(pygame.KEYDOWN, pygame.K_ESCAPE)])
    for _ in range(BACK_HOLD_FRAMES - 2):
        loop.frame([])
    assert shell.state == PLAYING
    assert loop.status_line() == "Keep holding Esc for the menu"
    loop.frame([])
    assert shell.state == MENU
    loop.frame([key(pygame.KEYUP, pygame.K_ESCAPE)])
    assert loop.running  # letting go of the held Escape does not quit the browser


def test_a_gamepad_browses(make_loop):
    loop = make_loop()
    pad = {"instance_id": 7}
    loop.frame([pygame.event.Event(pygame.JOYHATMOTION, hat=0, value=(0, -1), **pad)])
    loop.frame([pygame.event.Event(pygame.JOYHATMOTION, hat=0, value=(0, 0), **pad)])
    loop.frame([pygame.event.Event(pygame.JOYBUTTONDOWN, button=7, **pad)])
    assert shell_of(loop).state == PLAYING and shell_of(loop).playing.name == "crash"


def test_browser_closes_on_window_close_and_ctrl_q(make_loop):
    loop = make_loop()
    loop.frame([pygame.event.Event(pygame.QUIT)])
    assert not loop.running
    loop = make_loop()
    loop.frame(tap(pygame.K_q, pygame.KMOD_CTRL))
    assert not loop.running


def test_browser_screenshot_and_fault_line(make_loop, tmp_path):
    loop = make_loop()
    shell_of(loop).selected = NAMES.index("crash")
    loop.frame(tap(pygame.K_RETURN))
    loop.frame([])
    loop.frame([])
    assert loop.status_line().startswith("Crash: unknown opcode $00")
    loop.frame(tap(pygame.K_F12))
    assert len(list((tmp_path / "shots").glob("*.png"))) == 1
    x, y = disp.STATUS_POS
    assert tuple(loop.display.canvas.get_at((x + 8 * 79, y)))[:3] == mm.PALETTE[4]  # red line


def test_kiosk_is_fullscreen_mouseless_and_ignores_close_and_function_keys(make_loop, tmp_path):
    loop = make_loop(kiosk=True)
    assert loop.display.fullscreen
    assert not pygame.mouse.get_visible()
    events = [pygame.event.Event(pygame.QUIT), *tap(pygame.K_q, pygame.KMOD_CTRL),
              *tap(pygame.K_F11), *tap(pygame.K_F12), *tap(pygame.K_ESCAPE)]
    loop.frame(events)
    assert loop.running and loop.display.fullscreen
    assert not (tmp_path / "shots").exists() or not list((tmp_path / "shots").iterdir())
    shell_of(loop).selected = NAMES.index("spin")
    loop.frame(tap(pygame.K_RETURN))
    loop.frame(tap(pygame.K_F6) + tap(pygame.K_F5))
    loop.frame([])
    assert not shell_of(loop).paused and shell_of(loop).machine.frames == 2  # not reset, not paused
    loop.frame(tap(pygame.K_F10))  # the back-to-menu key still works
    assert shell_of(loop).state == MENU


def test_kiosk_exit_chord_from_real_key_events(make_loop):
    loop = make_loop(kiosk=True)
    mods = pygame.KMOD_CTRL | pygame.KMOD_ALT | pygame.KMOD_SHIFT
    loop.frame([key(pygame.KEYDOWN, pygame.K_LCTRL), key(pygame.KEYDOWN, pygame.K_RALT),
                key(pygame.KEYDOWN, pygame.K_LSHIFT), key(pygame.KEYDOWN, pygame.K_q, mods)])
    loop.run(frames=EXIT_HOLD_FRAMES - 2, realtime=False)
    assert loop.running
    assert loop.status_line() == "Keep holding the exit chord: 1 s"
    loop.frame([])
    assert not loop.running and shell_of(loop).exit_reason == "exit chord"


def test_losing_focus_lets_go_of_the_chord(make_loop):
    loop = make_loop(kiosk=True)
    loop.frame([key(pygame.KEYDOWN, k) for k in (pygame.K_LCTRL, pygame.K_LALT,
                                                 pygame.K_LSHIFT, pygame.K_q)])
    loop.frame([pygame.event.Event(pygame.WINDOWFOCUSLOST)])
    loop.run(frames=EXIT_HOLD_FRAMES + 10, realtime=False)
    assert loop.running


def test_scripted_input_in_the_window(make_loop):
    loop = make_loop(kiosk=True, presses=("0:down", "2:down", "4:return"))
    loop.run(frames=10, realtime=False)
    assert shell_of(loop).playing.name == "echo"


def test_attract_note_is_blue_not_the_fault_red(make_loop):
    loop = make_loop(kiosk=True, attract_frames=2)
    for _ in range(5):
        loop.frame([])
    assert shell_of(loop).attract and loop.status_line().startswith("DEMO: ")
    x, y = disp.STATUS_POS
    assert tuple(loop.display.canvas.get_at((x + 8 * 79, y)))[:3] == mm.PALETTE[1]


def test_the_shell_is_a_plugin_of_a_plain_frame_loop(tmp_path):
    """No loop of its own: ``ShellWindow`` added to the ``FrameLoop`` that ``b32 run`` opens
    makes it a browser, and a plugin added after it still gets the keys the shell leaves."""
    from console.frontend import window
    from console.frontend.shell_window import ShellWindow
    from console.machines.b32.machine import Machine

    with window_loops() as keep:
        machine = Machine()
        loop = keep(window.open_loop(machine, WindowOptions(scale=1, recording=False),
                                     sound=False))
        shell = make_shell(make_library(tmp_path / "carts"))
        loop.add(ShellWindow(loop, shell))
        seen = []

        class Later(window.Plugin):
            def on_action(self, lp, action):
                seen.append(action)
                return False

        loop.add(Later())
        assert type(loop) is window.FrameLoop and shell_of(loop) is shell
        loop.frame(tap(pygame.K_DOWN))
        loop.frame(tap(pygame.K_DOWN))
        assert loop.display.title == "B32 - browse"  # the shell's title, not the machine's
        assert cell_colour(loop, 3 + NAMES.index("echo"), 5) == mm.PALETTE[7]  # highlighted
        loop.frame(tap(pygame.K_RETURN))
        loop.frame([pygame.event.Event(pygame.TEXTINPUT, text="a")])
        assert shell.state == PLAYING and loop.machine is shell.machine
        assert shell.machine.screen_lines()[0] == "a"  # the key went through the shell's step
        loop.frame(tap(pygame.K_F10) + tap(pygame.K_F2))
        assert shell.state == MENU and loop.machine is shell.menu
        assert seen == ["f2"] and loop.show_stats  # F10 was the shell's; F2 went on
        assert machine.frames == 0 and loop.frames_run == 5  # the shell stepped, not `machine`
        loop.frame(tap(pygame.K_q, pygame.KMOD_CTRL))
        loop.frame([])
        assert not loop.running and shell.finished
