"""The 60 Hz clock and the frame figures, on an injected clock (no real time passes)."""

import re

import pygame
import pytest

from console.frontend import window
from console.frontend.options import WindowOptions
from console.frontend.pacing import FrameStats, FrameTimes, Pacer
from console.machines.b32.machine import Machine
from tests import frontend_helpers  # noqa: F401
from tests.frontend_helpers import fault_cart, fill_screen_cart


class FakeTime:
    """A clock that moves only when slept on (waking ``overshoot`` late, as real sleeps do),
    when work is done, and a little at every reading (so a spin loop ends)."""

    def __init__(self, overshoot: float = 0.0008, tick: float = 0.00002) -> None:
        self.now = 1000.0
        self.overshoot = overshoot
        self.tick = tick
        self.slept = 0.0

    def clock(self) -> float:
        self.now += self.tick
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept += seconds
        self.now += seconds + self.overshoot

    def work(self, seconds: float) -> None:
        self.now += seconds


def run_loop(t: FakeTime, pacer: Pacer, seconds: float, work) -> tuple[int, int]:
    """(presented, emulated) frames of a loop doing ``work(frames)`` seconds per turn."""
    pacer.start()
    begin = t.now
    presented = emulated = 0
    due = 1
    while t.now - begin < seconds:
        t.work(work(due))
        presented += 1
        emulated += due
        due = pacer.wait()
    return presented, emulated


def test_the_clock_averages_60_frames_a_second_although_every_sleep_wakes_late():
    t = FakeTime(overshoot=0.0009)
    pacer = Pacer(60, clock=t.clock, sleep=t.sleep)
    presented, emulated = run_loop(t, pacer, 20.0, lambda due: 0.004)
    assert presented == emulated  # never behind
    rate = presented / 20.0
    assert abs(rate - 60.0) / 60.0 < 0.002, rate  # a fixed 16 ms sleep would give 61.3-62.5
    assert pacer.dropped == 0
    assert t.slept > 20.0 * 0.7  # it slept, rather than spinning the whole time


def test_overrunning_frames_keep_the_machine_in_real_time_and_skip_pictures():
    t = FakeTime()
    pacer = Pacer(60, clock=t.clock, sleep=t.sleep)
    # 25 ms per turn: too slow to present 60 pictures; emulating a frame costs 5 ms of it
    presented, emulated = run_loop(t, pacer, 20.0, lambda due: 0.020 + 0.005 * due)
    assert abs(emulated / 20.0 - 60.0) < 0.5, emulated  # the game keeps its speed
    assert presented < emulated * 0.8  # pictures were skipped
    assert pacer.dropped == 0


def test_beyond_the_catch_up_limit_lost_time_is_given_up():
    t = FakeTime()
    pacer = Pacer(60, clock=t.clock, sleep=t.sleep, max_catch_up=4)
    pacer.start()
    assert pacer.wait() == 1
    t.work(1.0)  # a one-second stall (a debugger, a suspended laptop)
    assert pacer.wait() == 4
    assert pacer.dropped == 60 - 4  # 60 frames were due by then; 4 are run
    assert [pacer.wait() for _ in range(5)] == [1] * 5  # and then on time again


def test_lateness_adds_up_to_a_second_machine_frame():
    t = FakeTime(overshoot=0.0, tick=0.0)
    pacer = Pacer(60, clock=t.clock, sleep=t.sleep)
    pacer.start()
    due = []
    for _ in range(10):
        t.work(1 / 60 + 0.003)  # every turn runs 3 ms over
        due.append(pacer.wait())
    # late by 3, 6, ... 15 ms: the next frame starts at once; 18 ms: a frame is owed
    assert due[:6] == [1, 1, 1, 1, 1, 2]
    assert pacer.deadline == pytest.approx(1000.0 + (sum(due) + 1) / 60)


def test_frame_stats_summary_in_the_issue_format():
    t = FakeTime(tick=0.0)
    stats = FrameStats(clock=t.clock)
    for n in range(100):
        stats.add(FrameTimes(cpu=0.002, draw=0.001 + (n == 99) * 0.01, present=0.0005))
        t.work(1 / 60)
    text = stats.summary()
    assert text == ("60.0 fps, 100 frames, work p50 3.5 ms p99 13.5 ms "
                    "(cpu 2.0, draw 1.0, present 0.5)")
    stats.add(FrameTimes(cpu=0.006), emulated=3)
    assert stats.summary().endswith(", 2 frames emulated but not shown")


# ---- in the window ---------------------------------------------------------------------------

@pytest.fixture
def loop():
    machine = Machine(seed=1)
    machine.load(fill_screen_cart())
    loop = window.open_loop(machine, WindowOptions(scale=1), sound=False)
    pygame.event.clear()
    yield loop
    window.close()


def test_the_window_loop_emulates_frames_it_cannot_present(loop):
    t = FakeTime()
    class Slow(window.Plugin):  # a window far too slow to present
        def after_frame(self, loop, result) -> None:
            t.work(0.030)

    loop.add(Slow())
    loop.run(frames=60, realtime=True, pacer=Pacer(60, clock=t.clock, sleep=t.sleep))
    assert loop.tick == 60
    assert loop.frames_run == loop.stats.emulated
    # 30 ms a picture: 1.8 machine frames each, so 60 a second
    assert abs(loop.frames_run - 60 * 1.8) <= 3, loop.frames_run


def test_f2_shows_the_figures_in_the_title_and_under_the_screen(loop):
    loop.run(frames=3, realtime=False)
    assert "fps" not in loop.title()
    assert loop.status_line() == ""
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F2, mod=0))
    loop.run(frames=2, realtime=False)
    assert loop.show_stats
    figures = re.compile(r"\d+\.\d fps, work p50 \d+\.\d ms p99 \d+\.\d ms "
                         r"\(cpu \d+\.\d, draw \d+\.\d, present \d+\.\d\)")
    assert figures.search(loop.display.title), loop.display.title
    assert figures.fullmatch(loop.status_line()), loop.status_line()
    assert len(loop.status_line()) <= 80  # the whole line fits under the screen
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_F2, mod=0))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F2, mod=0))
    loop.run(frames=1, realtime=False)
    assert "fps" not in loop.display.title
    assert loop.status_line() == ""


def test_a_fault_line_wins_over_the_figures():
    machine = Machine(seed=1)
    machine.load(fault_cart())
    loop = window.open_loop(machine, WindowOptions(scale=1), sound=False)
    try:
        loop.toggle_stats()
        loop.run(frames=2, realtime=False)
        assert machine.fault
        assert loop.status_line() == machine.fault
        assert loop.status_colours() == (window.STATUS_FG, window.STATUS_BG)
        assert "fps" in loop.display.title
    finally:
        window.close()


# ---- --stats on run, browse and kiosk ------------------------------------------------------------

@pytest.mark.parametrize("argv", [["run", "carts/hello.b32"], ["browse"], ["kiosk"]])
def test_stats_option_reaches_the_window_options(argv):
    from console.commands import build_parser
    from console.commands.args import window_options

    parser = build_parser()
    assert window_options(parser.parse_args(argv)).stats is False
    assert window_options(parser.parse_args([*argv, "--stats"])).stats is True


@pytest.mark.parametrize("kiosk", [False, True])
def test_browse_and_kiosk_print_the_stats_line_when_the_window_closes(tmp_path, capsys, kiosk):
    from console.frontend.shell_window import play_shell
    from tests.shell_helpers import make_library, make_shell

    shell = make_shell(make_library(tmp_path / "carts"), kiosk=kiosk)
    loop = play_shell(shell, WindowOptions(scale=1, stats=True), frames=5)
    err = capsys.readouterr().err
    assert loop.tick == 5
    assert re.fullmatch(r"stats: \d+\.\d fps, 5 frames, work p50 \d+\.\d ms p99 \d+\.\d ms "
                        r"\(cpu \d+\.\d, draw \d+\.\d, present \d+\.\d\)"
                        r"(, \d+ frames emulated but not shown)?\n", err), err


@pytest.mark.parametrize("kiosk", [False, True])
def test_f2_in_the_browser_but_not_in_a_kiosk(tmp_path, kiosk):
    from console.frontend.shell_window import open_shell_loop
    from tests.shell_helpers import make_library, make_shell

    shell = make_shell(make_library(tmp_path / "carts"), kiosk=kiosk)
    loop = open_shell_loop(shell, WindowOptions(scale=1), sound=False)
    try:
        pygame.event.clear()
        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F2, mod=0))
        loop.run(frames=2, realtime=False)
        assert loop.show_stats is not kiosk
        assert ("fps" in loop.display.title) is not kiosk
    finally:
        window.close()
