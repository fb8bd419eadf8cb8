"""Milliseconds per frame for drawing and presenting (dummy video driver, no clock).

    .venv/bin/python bench/frame_bench.py [--scale N] [--frames N]

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
from console.machines.b32.machine import Machine  # noqa: E402
from tests.frontend_helpers import Program, demo_cart, fill_screen_cart  # noqa: E402


def idle_cart():
    p = Program()
    p.label("top")
    p.op(0x4F)  # WAIT
    p.op(0x0A, word="top")  # JMP
    return p.cart("idle")


def measure(cart, scale: int, frames: int, warmup: int) -> tuple[float, float, float]:
    """(median ms draw+present, mean ms draw+present, mean ms machine) over ``frames``."""
    machine = Machine(seed=1)
    machine.load(cart)
    loop = window.open_loop(machine, scale=scale, sound=False)
    draw_ms, cpu_ms = [], []
    for n in range(warmup + frames):
        t0 = time.perf_counter()
        machine.run_frame()
        t1 = time.perf_counter()
        loop.draw()
        loop.tick += 1
        t2 = time.perf_counter()
        if n >= warmup:
            cpu_ms.append(1000 * (t1 - t0))
            draw_ms.append(1000 * (t2 - t1))
    window.close()
    return statistics.median(draw_ms), statistics.fmean(draw_ms), statistics.fmean(cpu_ms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--frames", type=int, default=300)
    args = parser.parse_args()
    print(f"pygame-ce {pygame.version.ver}, SDL {'.'.join(map(str, pygame.get_sdl_version()))}, "
          f"video driver dummy, {args.frames} frames after warm-up")
    for scale in args.scale or [1, 2, 3]:
        for label, cart in (("full change", fill_screen_cart()), ("idle", idle_cart()),
                            ("demo (blink, 80-cell bar)", demo_cart())):
            median, mean, cpu = measure(cart, scale, args.frames, warmup=300)
            print(f"scale {scale}  {label:26} draw+present {median:6.3f} ms median, "
                  f"{mean:6.3f} ms mean   (machine {cpu:5.2f} ms)")


if __name__ == "__main__":
    main()
