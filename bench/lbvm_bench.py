"""LBVM benchmark: millions of LBVM instructions per second headless, and ms per frame.

    python bench/lbvm_bench.py [--seconds S] [--repeat N]

Three programs, assembled from source with the console's own assembler:
``loop`` (lbADD / lbCMP / lbJNZ: a translated ``while`` loop), ``memory`` (a loop that loads,
adds and stores bytes over a buffer, with a lbCALL / lbPOP IP subroutine each turn), and
``smc`` (carts/lbvm/selfmod's trick in an endless loop: every turn stores into the word of its
own ``lbSET``, which then reads its word at run time, so the loop stays translated).
Instructions are counted exactly by single-stepping a calibration run of the same program.
The frame budget is the console's default (100,000 cycles).
"""

from __future__ import annotations

import argparse
import statistics
import time

from console.machines.lbvm.asm import assemble
from console.machines.lbvm.machine import Machine
from console.machines.lbvm.program import Program

PROGRAMS = {
    "loop": """
        lbSET r2, 1
loop:   lbADD r1, r2
        lbCMP r1, r3
        lbJNZ loop
        lbSET IP, loop
""",
    "memory": """
        lbSET r1, 1
        lbSET r6, 0x4000
outer:  lbSET r4, 0x1000
inner:  lbLB r2, r4
        lbADD r2, r1
        lbSB r4, r2
        lbCALL bump
        lbADD r4, r1
        lbCMP r4, r6
        lbJNZ inner
        lbSET IP, outer
bump:   lbADD r7, r1
        lbPOP IP
""",
    "smc": """
        lbSET r5, patch + 2
        lbSET r1, 1
again:  lbSB r5, r3
patch:  lbSET r2, 0
        lbADD r3, r1
        lbSET IP, again
""",
}


def load(name: str, budget: int) -> Machine:
    machine = Machine(budget)
    data = assemble('%include "instructions.asm"\n' + PROGRAMS[name], name).data
    machine.load(Program(data, name))
    return machine


def instructions_per_cycle(name: str, cycles: int = 100_000) -> float:
    machine = load(name, cycles)
    spent = count = 0
    while spent < cycles:
        spent += machine.step().cycles
        count += 1
    return count / spent


def measure(name: str, seconds: float, budget: int) -> tuple[float, float]:
    """(million instructions per second, milliseconds per frame)."""
    ratio = instructions_per_cycle(name)
    machine = load(name, budget)
    machine.run_frame()  # translate first
    frames = 0
    start = time.perf_counter()
    while time.perf_counter() - start < seconds:
        machine.run_frame()
        frames += 1
    elapsed = time.perf_counter() - start
    assert not machine.halted, machine.fault or machine.ended
    return frames * budget * ratio / elapsed / 1e6, elapsed / frames * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--repeat", type=int, default=3, help="runs per program (median)")
    parser.add_argument("--cycles", type=int, default=100_000, help="cycle budget per frame")
    args = parser.parse_args()
    for name in PROGRAMS:
        runs = [measure(name, args.seconds, args.cycles) for _ in range(args.repeat)]
        mips = statistics.median(r[0] for r in runs)
        ms = statistics.median(r[1] for r in runs)
        print(f"{name:<8} {mips:6.2f} M LBVM instructions/s   {ms:7.2f} ms/frame "
              f"(median of {args.repeat}; {args.cycles} cycles/frame)")


if __name__ == "__main__":
    main()
