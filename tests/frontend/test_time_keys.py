"""Save states and rewind in the real window loop (SDL's dummy drivers): F3 / F4 / Ctrl+1..4,
F1 held, the debugger's step back, the monitor's ``back``, and the kiosk without them."""

from __future__ import annotations

import io

import pygame
import pytest

from console.debug.monitor import Monitor
from console.frontend import debugger_overlay as ov
from console.frontend import window
from console.frontend.options import WindowOptions
from console.frontend.shell_window import open_shell_loop
from console.machines import states
from console.machines.b32.cart import read, write
from console.machines.b32.machine import Machine
from console.machines.saves import state_slot_path
from tests import frontend_helpers  # noqa: F401  (dummy SDL drivers, before pygame)
from tests.frontend_helpers import fill_screen_cart, window_loops
from tests.machines.test_states import INVADERS, ROOT
from tests.shell_helpers import make_library, make_shell

KEYDOWN, KEYUP = pygame.KEYDOWN, pygame.KEYUP


def key(kind, k, mod=0):
    return pygame.event.Event(kind, key=k, mod=mod)


@pytest.fixture
def make_loop(tmp_path):
    with window_loops() as keep:

        def make(cart_file=INVADERS, rewind=True, states_on=True):
            machine = Machine(seed=3)
            machine.load(read(cart_file))
            options = WindowOptions(scale=1, screenshot_dir=str(tmp_path / "shots"),
                                    state_dir=str(tmp_path / "states") if states_on else None,
                                    cart_path=str(cart_file), rewind=rewind)
            loop = window.open_loop(machine, options, sound=False)
            return keep(loop)

        yield make


def frames(loop, count: int, events=()) -> None:
    loop.frame(list(events))
    for _ in range(count - 1):
        loop.frame([])


def test_f3_saves_f4_loads_and_the_note_says_so(make_loop, tmp_path):
    loop = make_loop()
    frames(loop, 30)
    saved = loop.machine.snapshot()
    frames(loop, 1, [key(KEYDOWN, pygame.K_F3)])  # saved before the frame runs
    assert loop.status_line() == "state saved in slot 1 (frame 30)"
    slot_file = state_slot_path(tmp_path / "states", INVADERS, 1)
    assert slot_file.exists() and len(slot_file.read_bytes()) < 6 * 1024
    frames(loop, 20)
    loop.frame([key(KEYDOWN, pygame.K_F4)])  # loads, then this frame runs
    assert loop.status_line() == "state 1 loaded (frame 30)"
    assert "state 1 loaded" in loop.title()
    fresh = Machine(seed=9)
    fresh.load(read(INVADERS))
    fresh.restore(saved)
    fresh.run_frame()
    assert loop.machine.state() == fresh.state()


def test_slots_are_chosen_with_ctrl_digits_and_an_empty_one_changes_nothing(make_loop, tmp_path):
    loop = make_loop()
    frames(loop, 5, [key(KEYDOWN, pygame.K_2, pygame.KMOD_LCTRL)])
    assert loop.time_keys.slot == 2 and loop.status_line() == "state slot 2"
    loop.frame([key(KEYDOWN, pygame.K_F3)])
    assert state_slot_path(tmp_path / "states", INVADERS, 2).exists()
    assert not state_slot_path(tmp_path / "states", INVADERS, 1).exists()
    frames(loop, 3, [key(KEYDOWN, pygame.K_4, pygame.KMOD_RCTRL)])
    before = loop.machine.snapshot()
    loop.time_keys.action("load-state")
    assert loop.time_keys.note == "slot 4 is empty"
    assert loop.machine.snapshot() == before


def test_a_state_of_another_cart_is_refused_with_a_note(make_loop, tmp_path):
    snake = Machine(seed=1)
    snake.load(read(ROOT / "carts" / "snake.b32"))
    path = state_slot_path(tmp_path / "states", INVADERS, 1)
    path.parent.mkdir(parents=True)
    path.write_bytes(states.encode(snake))
    loop = make_loop()
    frames(loop, 10)
    before = loop.machine.snapshot()
    loop.action("load-state")
    assert loop.status_line() == "state not loaded: a state of another cart (snake), not invaders"
    assert loop.machine.snapshot() == before


def test_f1_held_runs_time_backwards_then_play_resumes(make_loop):
    loop = make_loop()
    seen = {}
    for _ in range(60):
        loop.frame([])
        seen[loop.machine.frames] = loop.machine.snapshot()
    loop.frame([key(KEYDOWN, pygame.K_F1)])
    for _ in range(14):
        loop.frame([])
    assert loop.machine.frames == 45  # 15 frames shown backwards, one a frame
    assert loop.machine.snapshot() == seen[45]
    assert loop.status_line().startswith("rewind: ")
    loop.frame([key(KEYUP, pygame.K_F1)])
    assert loop.machine.frames == 46  # running forwards again
    assert not loop.time_keys.rewinding


def test_rewind_runs_out_at_the_start_of_the_history(make_loop):
    loop = make_loop()
    frames(loop, 5)
    frames(loop, 10, [key(KEYDOWN, pygame.K_F1)])
    assert loop.machine.frames == 0
    assert loop.status_line() == "rewind: no older frame"


def test_reset_starts_the_history_again(make_loop):
    loop = make_loop()
    frames(loop, 20)
    loop.reset()
    assert len(loop.time_keys.history) == 1


def test_the_debugger_steps_back_one_frame_with_the_same_history(make_loop):
    loop = make_loop()
    overlay = ov.attach(loop)
    frames(loop, 10)
    ten = loop.machine.snapshot()
    loop.action("pause")
    loop.action("f8")
    loop.action("f8")
    assert loop.machine.frames == 12
    loop.action("rewind")
    assert overlay.status == "back to frame 11"
    loop.action("rewind")
    assert loop.machine.frames == 10 and loop.machine.snapshot() == ten
    loop.action("f7")  # a step inside frame 10: back goes to its start, then on
    loop.action("rewind")
    assert loop.machine.snapshot() == ten
    loop.run(frames=1, realtime=False)
    assert "F1 back" in "\n".join(overlay.text_rows())


def test_no_states_and_no_rewind_when_off(make_loop, tmp_path):
    loop = make_loop(rewind=False, states_on=False)
    assert loop.time_keys is None
    frames(loop, 10)
    frames(loop, 5, [key(KEYDOWN, pygame.K_F1), key(KEYDOWN, pygame.K_F3)])
    assert loop.machine.frames == 15
    assert not (tmp_path / "states").exists()


def test_the_kiosk_has_no_states_and_no_rewind(tmp_path):
    folder = make_library(tmp_path / "carts")
    shell = make_shell(folder, kiosk=True)
    loop = open_shell_loop(shell, WindowOptions(scale=1), sound=False)
    try:
        pygame.event.clear()
        loop.frame([key(KEYDOWN, pygame.K_RETURN), key(KEYUP, pygame.K_RETURN)])
        for _ in range(10):
            loop.frame([])
        played = shell.machine.frames
        loop.frame([key(KEYDOWN, pygame.K_F3), key(KEYDOWN, pygame.K_F1)])
        for _ in range(5):
            loop.frame([])
        loop.frame([key(KEYDOWN, pygame.K_F4)])
        assert shell.machine.frames == played + 7  # F1 did not run time backwards
        assert loop.time_keys is None
        assert [p for p in tmp_path.rglob("*") if p.suffix == ".state"] == []
    finally:
        loop.audio.close()
        window.close()


def test_the_monitor_goes_back_frames():
    machine = Machine(seed=1)
    machine.load(fill_screen_cart())
    out = io.StringIO()
    monitor = Monitor(machine, stdin=io.StringIO("frames 5\nback 2\nback 9\nback\nq\n"),
                      stdout=out)
    assert monitor.run() == 0
    text = out.getvalue()
    assert "back 2 frames: frame 3" in text
    assert "back 3 frames: frame 0" in text
    assert "no earlier frame to go back to" in text
    assert machine.frames == 0


def test_rewind_keys_in_the_window_of_b32_run(tmp_path, monkeypatch):
    """b32 run in a window has states (in --save-dir) and rewind; F3 saves, quit, F4 loads."""
    from console import commands as cli

    cart = tmp_path / "fill.b32"
    write(cart, fill_screen_cart())
    posted = {5: [key(KEYDOWN, pygame.K_F3)], 8: [key(KEYDOWN, pygame.K_q, pygame.KMOD_LCTRL)]}
    real = window.FrameLoop.frame

    def frame(self, events=None, catch_up=0):
        for event in posted.get(self.tick, []):
            pygame.event.post(event)
        return real(self, events, catch_up)

    monkeypatch.setattr(window.FrameLoop, "frame", frame)
    assert cli.main(["run", str(cart), "--scale", "1", "--save-dir", str(tmp_path / "d")]) == 0
    saved = state_slot_path(tmp_path / "d", cart, 1)
    assert states.read_header(saved.read_bytes())[0]["frames"] == 5
    # again, from that state: F3 at the window's fifth frame saves frame 5 + 5
    kept = tmp_path / "five.state"
    kept.write_bytes(saved.read_bytes())
    assert cli.main(["run", str(cart), "--scale", "1", "--save-dir", str(tmp_path / "d"),
                     "--load-state", str(kept)]) == 0
    assert states.read_header(saved.read_bytes())[0]["frames"] == 10
