"""The 60 Hz clock of the window loop, and the figures of ``--stats`` and the F2 key.

Both are free of pygame and take their clock as an argument, so tests drive them with a fake
one.

``Pacer`` keeps deadlines on a monotonic clock rather than sleeping a fixed time after each
frame: frame N is due at ``start + N / 60`` exactly, so the time a sleep overshoots is never
added up and the loop averages 60.0 frames per second. It sleeps until shortly before the
deadline and spins the rest (a sleep wakes late by up to a millisecond; the spin is short, so an
idle cart costs little). When the loop is late, ``wait`` returns how many frames are due: the
loop emulates them all and presents only the last (the game keeps real time; the picture skips).
Beyond ``max_catch_up`` frames behind (a debugger pause, a suspended laptop, a machine far too
slow) the lost time is given up and the game slows down instead.
"""

from __future__ import annotations

import statistics
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable

FPS = 60
MAX_CATCH_UP = 4  # machine frames one loop turn may run: at worst 15 pictures a second
SPIN = 0.0002  # seconds before a deadline when sleeping stops and spinning starts


class Pacer:
    """Deadlines every ``1 / fps`` seconds on ``clock``; ``wait()`` sleeps until the next one."""

    def __init__(self, fps: float = FPS, clock: Callable[[], float] = time.perf_counter,
                 sleep: Callable[[float], None] = time.sleep,
                 max_catch_up: int = MAX_CATCH_UP, spin: float = SPIN) -> None:
        self.period = 1.0 / fps
        self.clock = clock
        self.sleep = sleep
        self.max_catch_up = max_catch_up
        self.spin = spin
        self.deadline: float | None = None
        self.dropped = 0  # frames given up (more behind than max_catch_up)

    def start(self) -> None:
        """The first frame starts now; the next is due one period later."""
        self.deadline = self.clock() + self.period

    def wait(self) -> int:
        """Sleep until the next frame is due; returns how many machine frames are due now:
        1 on time, more (at most ``max_catch_up``) when the loop fell behind."""
        if self.deadline is None:
            self.start()
        now = self.clock()
        deadline = self.deadline
        if now < deadline:
            if deadline - now > self.spin:
                self.sleep(deadline - now - self.spin)
            while self.clock() < deadline:
                pass
            self.deadline = deadline + self.period
            return 1
        due = 1 + int((now - deadline) / self.period)
        if due > self.max_catch_up:
            self.dropped += due - self.max_catch_up
            self.deadline = now + self.period
            return self.max_catch_up
        self.deadline = deadline + due * self.period
        return due


@dataclass
class FrameTimes:
    """One presented frame: seconds of machine (cpu), drawing and presenting work."""

    cpu: float = 0.0
    draw: float = 0.0
    present: float = 0.0

    @property
    def work(self) -> float:
        return self.cpu + self.draw + self.present


def _percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))]


def _median_ms(times: list[FrameTimes], part: str) -> float:
    return statistics.median(getattr(t, part) for t in times) * 1000


@dataclass
class FrameStats:
    """Frames presented and emulated, and the work of each presented frame."""

    clock: Callable[[], float] = time.perf_counter
    keep: int = 60 * 60 * 10  # frames kept for the percentiles (ten minutes)
    frames: int = 0  # presented
    emulated: int = 0  # machine frames run (more than presented when the loop caught up)
    times: deque = field(default_factory=deque)
    stamps: deque = field(default_factory=lambda: deque(maxlen=FPS + 1))  # the last second
    started: float | None = None

    def __post_init__(self) -> None:
        self.times = deque(maxlen=self.keep)

    def add(self, times: FrameTimes, emulated: int = 1) -> None:
        now = self.clock()
        if self.started is None:
            self.started = now
        self.frames += 1
        self.emulated += emulated
        self.times.append(times)
        self.stamps.append(now)

    def recent_fps(self) -> float:
        """Presented frames per second over the last second or so."""
        stamps = self.stamps
        if len(stamps) < 2 or stamps[-1] <= stamps[0]:
            return 0.0
        return (len(stamps) - 1) / (stamps[-1] - stamps[0])

    def fps(self) -> float:
        """Presented frames per second from the first frame to the last (0 before two)."""
        if self.frames < 2 or self.stamps[-1] <= self.started:
            return 0.0
        return (self.frames - 1) / (self.stamps[-1] - self.started)

    def summary(self, last: int | None = None, recent: bool = False) -> str:
        """``60.0 fps, 1200 frames, work p50 4.1 ms p99 6.3 ms (cpu 1.9, draw 1.2, present
        0.8)``: work percentiles and the medians of its parts, over the last ``last`` frames
        (default all kept). ``recent``: the live figures, the frame rate over the last second
        and no counts (the line under the screen holds 80 characters)."""
        times = list(self.times)[-last:] if last else list(self.times)
        fps = self.recent_fps() if recent else self.fps()
        text = f"{fps:.1f} fps" if recent else f"{fps:.1f} fps, {self.frames} frames"
        if times:
            work = [t.work * 1000 for t in times]
            parts = ", ".join(f"{name} {_median_ms(times, name):.1f}"
                              for name in ("cpu", "draw", "present"))
            text += (f", work p50 {_percentile(work, 0.5):.1f} ms "
                     f"p99 {_percentile(work, 0.99):.1f} ms ({parts})")
        skipped = self.emulated - self.frames
        if skipped > 0 and not recent:
            text += f", {skipped} frames emulated but not shown"
        return text
