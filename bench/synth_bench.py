"""Milliseconds to synthesize one frame's block (735 samples) with all five sources sounding.

    .venv/bin/python bench/synth_bench.py [--frames N] [--repeats N]

The four voices play a 4 kHz square, a 25 % pulse, a sweeping sawtooth and noise; the beeper a
square; every one changes frequency each frame (as a tune or a sweep would), so the numbers
include picking new band tables. Prints the median and the worst of ``--repeats`` runs' mean
milliseconds per frame, and what that is of the 16.7 ms a frame lasts.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.machines.b32.devices.sound import Tone  # noqa: E402
from console.machines.b32.synth import Synth, noise_sequence, table  # noqa: E402


def frame_tones(n: int) -> tuple[Tone, ...]:
    return (Tone(0, 4000 + n % 50, 15), Tone(1, 220 + n % 100, 15),
            Tone(4, 50 + (n * 37) % 8000, 15), Tone(5, 3000 + n % 7, 15),
            Tone(0, 660 + n % 3, 15))


def run(frames: int) -> float:
    synth = Synth()
    start = time.perf_counter()
    for n in range(frames):
        synth.render(frame_tones(n))
    return 1000 * (time.perf_counter() - start) / frames


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=3000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    noise_sequence()
    for wave in (0, 1, 4):
        for band in range(1, 17):
            table(wave, band)  # built once per process, as a running console would have them
    results = [run(args.frames) for _ in range(args.repeats)]
    median = statistics.median(results)
    print(f"synth: {median:.3f} ms per frame median, {max(results):.3f} worst of "
          f"{args.repeats} x {args.frames} frames, five sources sounding "
          f"({100 * median / (1000 / 60):.1f} % of a frame)")


if __name__ == "__main__":
    main()
