"""Milliseconds per frame for drawing and presenting (no clock).

    SDL_VIDEODRIVER=dummy .venv/bin/python bench/frame_bench.py [--scale N] [--frames N]
    DISPLAY=:22 SDL_VIDEODRIVER=x11 .venv/bin/python bench/frame_bench.py   (a real X server)

It prints the video driver SDL really used (SDL falls back to another when the one asked for
cannot open, so the figures say which they are for).

Full change: a cart that rewrites all 2000 cells (new characters and colours) every frame.
Idle: a cart whose screen never changes (one 4000-byte compare, nothing scaled or updated).
The machine's own frame time is measured apart and not included.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from console.frontend import window  # noqa: E402
from console.frontend.options import WindowOptions  # noqa: E402
from console.machines.b32.machine import Machine  # noqa: E402
from tests.frontend_helpers import Program, demo_cart, fill_screen_cart  # noqa: E402


def idle_cart():
    p = Program()
    p.label("top")
    p.op(0x4F)  # WAIT
    p.op(0x0A, word="top")  # JMP
    return p.cart("idle")


drivers: set[str] = set()


def measure(cart, scale: int, frames: int, warmup: int) -> tuple[float, float, float, float]:
    """(median ms draw+present, mean ms draw+present, mean ms machine, mean ms of process CPU
    time for draw+present) over ``frames``."""
    machine = Machine(seed=1)
    machine.load(cart)
    loop = window.open_loop(machine, WindowOptions(scale=scale), sound=False)
    drivers.add(pygame.display.get_driver())
    draw_ms, cpu_ms, process_ms = [], [], []
    for n in range(warmup + frames):
        t0 = time.perf_counter()
        machine.run_frame()
        t1 = time.perf_counter()
        p1 = time.process_time()
        loop.draw()
        loop.tick += 1
        t2 = time.perf_counter()
        p2 = time.process_time()
        if n >= warmup:
            cpu_ms.append(1000 * (t1 - t0))
            draw_ms.append(1000 * (t2 - t1))
            process_ms.append(1000 * (p2 - p1))
    window.close()
    return (statistics.median(draw_ms), statistics.fmean(draw_ms), statistics.fmean(cpu_ms),
            statistics.fmean(process_ms))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    print(f"pygame-ce {pygame.version.ver}, SDL {'.'.join(map(str, pygame.get_sdl_version()))}, "
          f"{args.frames} frames after warm-up", flush=True)
    for scale in args.scale or [1, 2, 3]:
        for label, cart in (("full change", fill_screen_cart()), ("idle", idle_cart()),
                            ("demo (blink, 80-cell bar)", demo_cart())):
            median, mean, cpu, process = measure(cart, scale, args.frames, warmup=300)
            print(f"scale {scale}  {label:26} draw+present {median:6.3f} ms median, "
                  f"{mean:6.3f} ms mean, {process:6.3f} ms CPU time   (machine {cpu:5.2f} ms)",
                  flush=True)
    print(f"video driver used: {', '.join(sorted(drivers))}")


if __name__ == "__main__":
    main()
