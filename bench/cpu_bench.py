"""CPU benchmark: millions of B32 instructions per second, and milliseconds per frame.

    python bench/cpu_bench.py [--seconds S]

CPU-bound carts, all run in the same process one after the other:

* ``tight`` (INCA / INCX / CMPX / JNE: a translated loop) and ``mixed`` (indexed loads and
  stores over the screen, 16-bit arithmetic on a memory word, a subroutine call each turn),
  written out byte by byte;
* ``smc-game``: code written the way B32 pushes its authors. B32 has no indexed 16-bit load or
  store, so a game walking a table of 16 object records calls one subroutine per object that
  patches the operands of six LDD / STD / ADDD instructions with the record's address and
  speeds, then moves the object with 16-bit arithmetic, bounds checks and a plot;
* ``patch-loop``: a 4-instruction loop that stores into its own ``LDA #`` operand, and
  ``patch-twin``: the same loop storing to a data byte instead.

Speeds are per second of the process's CPU time. Instructions are counted exactly by
single-stepping a calibration run of the same cart. The floors of issue 12 are checked in
the last lines (``ok`` / ``LOW``); the exit code stays 0 (the figures are for people: a loaded
machine can miss a floor).
"""

from __future__ import annotations

import argparse
import time

from console.machines.b32.asm.assembler import assemble
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

SMC_GAME_SOURCE = """
; 16 objects of 8 bytes: X position (word), Y position (word), DX (byte), DY (byte), 2 spare
START:  LDS #$C000
FRAME:  LDY #OBJS
NEXT:   JSR MOVE
        ADDY #8
        CMPY #OBJS+128
        JNE NEXT
        JMP FRAME

; MOVE: Y = the object's record. Patches six operands, then moves and plots the object.
MOVE:   TFR Y,D
        STD PX+1        ; LDD x
        STD SX+1        ; STD x
        ADDD #2
        STD PY+1        ; LDD y
        STD SY+1        ; STD y
        TFR Y,X
        ADDX #4
        LDA #0
        LDB ,X
        STD AX+1        ; ADDD #dx
        INCX
        LDB ,X
        STD AY+1        ; ADDD #dy
PX:     LDD $0000
AX:     ADDD #0
        CMPD #640       ; bounds: wrap at the right edge
        JLT OKX
        SUBD #640
OKX:
SX:     STD $0000
PY:     LDD $0000
AY:     ADDD #0
        CMPD #400       ; and at the bottom
        JLT OKY
        SUBD #400
OKY:
SY:     STD $0000
        LDX #SCREEN     ; plot: cell (y & 255) of the screen
        ABX
        ABX
        LDA #42
        STA ,X
        RTS

OBJS:
""" + "".join(f"        DW {37 * i % 640}, {23 * i % 400}\n"
              f"        DB {i % 7 + 1}, {i % 5 + 1}, 0, 0\n" for i in range(16))
SMC_GAME_SOURCE += "        END START\n"

PATCH_LOOP_SOURCE = """
L:      LDA #0          ; its operand is patched every turn
        INCA
        STA L+1
        JMP L
        END L
"""

PATCH_TWIN_SOURCE = """
L:      LDA #0
        INCA
        STA DATA        ; the same loop, storing to a data byte
        JMP L
DATA:   DB 0
        END L
"""


def program(source: str) -> bytes:
    return assemble(source, origin=0x1000).cart.data


def instructions_per_cycle(program: bytes, cycles: int = 200_000) -> float:
    machine = Machine(seed=1)
    machine.load(Cart(0x1000, 0x1000, program))
    spent = count = 0
    while spent < cycles:
        spent += machine.step().cycles
        count += 1
    return count / spent


def measure(program: bytes, seconds: float, budget: int) -> tuple[float, float]:
    """(million instructions per second, milliseconds per frame) at ``budget`` cycles/frame.

    Time is the process's CPU time (``time.process_time``), not the wall clock: on a machine
    shared with other work the wall clock counts their time too."""
    ratio = instructions_per_cycle(program)
    machine = Machine(cycles_per_frame=budget, seed=1)
    machine.load(Cart(0x1000, 0x1000, program))
    machine.run_frame()  # translate first
    frames = 0
    cycles = 0
    start = time.process_time()
    while time.process_time() - start < seconds:
        cycles += machine.run_frame().cycles
        frames += 1
    elapsed = time.process_time() - start
    return cycles * ratio / elapsed / 1e6, elapsed / frames * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--cycles", type=int, default=100_000, help="budget per frame")
    parser.add_argument("--only", action="append", choices=[name for name, _ in CARTS],
                        help="run only this cart (repeatable)")
    args = parser.parse_args()
    speed: dict[str, float] = {}
    for name, code in CARTS:
        if args.only and name not in args.only:
            continue
        mips, ms = measure(code, args.seconds, args.cycles)
        speed[name] = mips
        print(f"{name:10s} {mips:6.2f} M instructions/s   {ms:6.2f} ms per "
              f"{args.cycles}-cycle frame", flush=True)
    for text, value, floor in floors(speed):
        print(f"floor: {text:34s} {value:6.2f} >= {floor:5.2f}  "
              f"{'ok' if value >= floor else 'LOW'}")


#: issue 12's floors: (what, cart or ratio, the floor); the tight loop's is today's speed
FLOORS = (("smc-game M instructions/s", "smc-game", 10.0),
          ("patch-loop / patch-twin", ("patch-loop", "patch-twin"), 0.5),
          ("mixed M instructions/s", "mixed", 20.0))


def floors(speed: dict[str, float]) -> list[tuple[str, float, float]]:
    out = []
    for text, what, floor in FLOORS:
        if isinstance(what, tuple):
            if all(w in speed for w in what):
                out.append((text, speed[what[0]] / speed[what[1]], floor))
        elif what in speed:
            out.append((text, speed[what], floor))
    return out


CARTS = (("tight", TIGHT), ("mixed", MIXED), ("smc-game", program(SMC_GAME_SOURCE)),
         ("patch-loop", program(PATCH_LOOP_SOURCE)), ("patch-twin", program(PATCH_TWIN_SOURCE)))


if __name__ == "__main__":
    main()
