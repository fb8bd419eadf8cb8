"""CPU benchmark: millions of B32 instructions per second, and milliseconds per frame.

    python bench/cpu_bench.py [--seconds S]

Two CPU-bound carts, written out byte by byte so the benchmark needs nothing but the core:
``tight`` (INCA / INCX / CMPX / JNE: a translated loop) and ``mixed`` (indexed loads and
stores over the screen, 16-bit arithmetic on a memory word, a subroutine call each turn).
Instructions are counted exactly by single-stepping a calibration run of the same cart.
"""

from __future__ import annotations

import argparse
import time

from console.machines.b32.cart import Cart
from console.machines.b32.machine import Machine

TIGHT = bytes([
    0x02, 0x00, 0x00,  # 1000 LDX #0
    0x0F,              # 1003 L: INCA
    0x11,              # 1004 INCX
    0x07, 0xFF, 0xFF,  # 1005 CMPX #$FFFF
    0x0C, 0x03, 0x10,  # 1008 JNE L
    0x0A, 0x00, 0x10,  # 100B JMP $1000
])

MIXED = bytes([
    0x51, 0x00, 0xC0,  # 1000 LDS #$C000
    0x02, 0x00, 0xA0,  # 1003 OUTER: LDX #$A000
    0x2E,              # 1006 LOOP: LDA ,X
    0x0F,              # 1007 INCA
    0x03,              # 1008 STA ,X
    0x40, 0x02, 0x00,  # 1009 ADDX #2
    0x46, 0x19, 0x10,  # 100C JSR SUB
    0x07, 0xA0, 0xAF,  # 100F CMPX #$AFA0
    0x0C, 0x06, 0x10,  # 1012 JNE LOOP
    0x0A, 0x03, 0x10,  # 1015 JMP OUTER
    0x00,              # 1018 (unused)
    0x26, 0x00, 0x30,  # 1019 SUB: LDD $3000
    0x3E, 0x01, 0x00,  # 101C ADDD #1
    0x2B, 0x00, 0x30,  # 101F STD $3000
    0x47,              # 1022 RTS
])


def instructions_per_cycle(program: bytes, cycles: int = 200_000) -> float:
    machine = Machine(seed=1)
    machine.load(Cart(0x1000, 0x1000, program))
    spent = count = 0
    while spent < cycles:
        spent += machine.step().cycles
        count += 1
    return count / spent


def measure(program: bytes, seconds: float, budget: int) -> tuple[float, float]:
    """(million instructions per second, milliseconds per frame) at ``budget`` cycles/frame."""
    ratio = instructions_per_cycle(program)
    machine = Machine(cycles_per_frame=budget, seed=1)
    machine.load(Cart(0x1000, 0x1000, program))
    machine.run_frame()  # translate first
    frames = 0
    cycles = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        cycles += machine.run_frame().cycles
        frames += 1
    elapsed = time.perf_counter() - start
    return cycles * ratio / elapsed / 1e6, elapsed / frames * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--cycles", type=int, default=100_000, help="budget per frame")
    args = parser.parse_args()
    for name, program in (("tight", TIGHT), ("mixed", MIXED)):
        mips, ms = measure(program, args.seconds, args.cycles)
        print(f"{name:6s} {mips:6.2f} M instructions/s   {ms:6.2f} ms per "
              f"{args.cycles}-cycle frame")


if __name__ == "__main__":
    main()
