"""Translation benchmark: what it costs the B32 CPU to translate a cart's code into Python.

    python bench/translate_bench.py [--frames N] [--repeat R]

For every bundled B32 cart: a fresh machine runs N frames (default 120) twice, first with the
process's shared cache of translated blocks empty (cold: every block is generated and compiled,
as when a cart starts in a fresh ``b32 run``), then again with a second fresh machine (warm: a
restarted cart, the kiosk switching back). Prints the blocks translated, milliseconds per
block, the translation's share of the run, and the first frame's time, in CPU time, medians
of R repeats.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from console.machines.b32 import cart as cartmod
from console.machines.b32 import cpu as cpu_module
from console.machines.b32 import jit
from console.machines.b32.machine import Machine

CARTS = Path(__file__).resolve().parent.parent / "carts"


class Timed:
    """Wraps the CPU's ``compile_block``: counts the calls and their CPU time."""

    def __init__(self) -> None:
        self.real = cpu_module.compile_block
        self.calls = 0
        self.seconds = 0.0

    def __call__(self, *args, **kwargs):
        start = time.process_time()
        try:
            return self.real(*args, **kwargs)
        finally:
            self.seconds += time.process_time() - start
            self.calls += 1


def run(path: Path, frames: int) -> tuple[int, float, float, float]:
    """(blocks, seconds translating, seconds in all, seconds of the first frame)."""
    timed = Timed()
    cpu_module.compile_block = timed
    try:
        machine = Machine(seed=1)
        machine.load(cartmod.read(path))
        start = time.process_time()
        machine.run_frame()
        first = time.process_time() - start
        for _ in range(frames - 1):
            machine.run_frame()
            if machine.halted:
                break
        total = time.process_time() - start
    finally:
        cpu_module.compile_block = timed.real
    return timed.calls, timed.seconds, total, first


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=120)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'cart':12} {'blocks':>6} {'cold ms/block':>13} {'cold share':>10} "
          f"{'cold 1st frame':>14} {'warm ms/block':>13} {'warm 1st frame':>14}")
    all_cold, all_warm = [], []
    for path in sorted(CARTS.glob("*.b32")):
        cold, warm = [], []
        for _ in range(args.repeat):
            if hasattr(jit, "SHARED"):  # (older checkouts have no shared cache)
                jit.SHARED.clear()
            cold.append(run(path, args.frames))
            warm.append(run(path, args.frames))
        blocks = cold[0][0]
        per = statistics.median(c[1] / max(c[0], 1) for c in cold) * 1000
        share = statistics.median(c[1] / c[2] for c in cold if c[2]) * 100
        first = statistics.median(c[3] for c in cold) * 1000
        warm_per = statistics.median(w[1] / max(w[0], 1) for w in warm) * 1000
        warm_first = statistics.median(w[3] for w in warm) * 1000
        all_cold.append(per)
        all_warm.append(warm_per)
        print(f"{path.stem:12} {blocks:6d} {per:13.2f} {share:9.0f}% {first:12.1f}ms "
              f"{warm_per:13.3f} {warm_first:12.1f}ms")
    print(f"median over carts: cold {statistics.median(all_cold):.2f} ms a block, "
          f"warm {statistics.median(all_warm):.3f} ms a block")


if __name__ == "__main__":
    main()
