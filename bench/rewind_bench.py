"""What rewind costs: time per frame to record (snapshot + zlib) and to step back, and memory.

    .venv/bin/python bench/rewind_bench.py [--frames N] [--repeat N]

For each cart, the machine runs ``--frames`` frames (default 1800: the default 30 s of
history) with a short key script, recording after every frame as the window does. Printed:
the median, mean and 99th percentile of ``History.record`` per frame, the median of
``History.back(1)`` (one frame of F1), the history's bytes after 600 frames (10 s), how many
seconds it holds after all of them and its bytes then (bounded by 64 MiB), and the size of a
state file.

``noise`` is snake with its RAM ($2000-$9EFF and $B000-$FFFF) random bytes, which zlib cannot
shrink (pages that do not change are shared from frame to frame, so it costs little);
``scribble`` writes RANDOM bytes over RAM as fast as its cycle budget allows (about 7 KiB a
frame, in a 16 KiB region), the worst case for both time and memory. The machine's own frame
time is not included.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.machines import states  # noqa: E402
from console.machines.b32.asm import assemble  # noqa: E402
from console.machines.b32.cart import read  # noqa: E402
from console.machines.b32.machine import Machine  # noqa: E402
from console.machines.rewind import History  # noqa: E402
from console.machines.script import InputScript  # noqa: E402

CARTS = ("snake", "breakout", "invaders", "plasma", "starfield")
SCRIBBLE = """
        ORG $1000
START   LDX #$2000
LOOP    LDA RANDOM
        STA ,X
        INCX
        CMPX #$6000
        JNE LOOP
        WAIT
        JMP START
        END START
"""
SCRIPT = ["30:return", "60:left:20", "90:space", "150:right:30", "200:space"]


def machine_for(name: str) -> Machine:
    machine = Machine(seed=1)
    if name == "scribble":
        machine.load(assemble(SCRIBBLE, "scribble").cart)
        return machine
    machine.load(read(ROOT / "carts" / f"{('snake' if name == 'noise' else name)}.b32"))
    if name == "noise":
        rng = os.urandom(0x10000)
        machine.mem[0x2000:0x9F00] = rng[0x2000:0x9F00]
        machine.mem[0xB000:0x10000] = rng[0xB000:0x10000]
    return machine


def measure(name: str, frames: int) -> dict:
    machine = machine_for(name)
    script = InputScript.parse(SCRIPT)
    history = History()
    record_ms: list[float] = []
    at_ten = 0
    history.record(machine)
    for _ in range(frames):
        script.apply(machine, machine.frames)
        machine.run_frame()
        start = time.perf_counter()
        history.record(machine)
        record_ms.append((time.perf_counter() - start) * 1000)
        if len(history) == 601:
            at_ten = history.bytes
    state_size = len(states.encode(machine))
    everything, seconds = history.bytes, history.seconds
    back_ms = []
    for _ in range(min(300, len(history) - 1)):
        start = time.perf_counter()
        history.back(machine, 1)
        back_ms.append((time.perf_counter() - start) * 1000)
    record_ms.sort()
    return {
        "record_median": statistics.median(record_ms),
        "record_mean": statistics.fmean(record_ms),
        "record_p99": record_ms[int(len(record_ms) * 0.99) - 1],
        "back_median": statistics.median(back_ms),
        "ten_seconds": at_ten,
        "all": everything,
        "seconds": seconds,
        "state": state_size,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=1800)
    parser.add_argument("--repeat", type=int, default=3, help="runs per cart; medians shown")
    args = parser.parse_args()
    print(f"{'cart':<10} {'record ms':>9} {'mean ms':>7} {'p99 ms':>7} {'back ms':>8} "
          f"{'10 s MiB':>8} "
          f"{'held s':>6} {'all MiB':>7} {'state B':>8}")
    for name in CARTS + ("noise", "scribble"):
        runs = [measure(name, args.frames) for _ in range(args.repeat)]

        def med(key: str, runs: list[dict] = runs) -> float:
            return statistics.median(run[key] for run in runs)

        print(f"{name:<10} {med('record_median'):>9.3f} {med('record_mean'):>7.3f} "
              f"{med('record_p99'):>7.3f} "
              f"{med('back_median'):>8.3f} {med('ten_seconds') / 2**20:>8.2f} "
              f"{med('seconds'):>6.1f} {med('all') / 2**20:>7.2f} {med('state'):>8.0f}")


if __name__ == "__main__":
    main()
