"""A small program the debugger, monitor and trace tests share, assembled from source."""

from __future__ import annotations

from pathlib import Path

from console.machines.b32.asm import assemble, format_symbols
from console.machines.b32.cart import write
from console.machines.b32.machine import Machine

# Writes A, B, C, D, E on the top row, calling a subroutine to count, then ENDs.
COUNT_SOURCE = """\
; counts A up and writes letters on the screen
BUMP:   INCA
        RTS
START:  LDS #$C000
        LDX #SCREEN
        LDA #'A'
LOOP:   STA ,X
        INCX
        INCX
        JSR BUMP
        CMPA #'F'
        JNE LOOP
        END START
"""
BUMP, START, LOOP = 0x1000, 0x1002, 0x100A
END_AT = 0x1015


def count_assembly():
    return assemble(COUNT_SOURCE, "count.asm")


def count_machine() -> Machine:
    machine = Machine(seed=1)
    machine.load(count_assembly().cart)
    return machine


def write_count_cart(folder: Path, with_symbols: bool = True) -> Path:
    """count.b32 (and count.sym beside it, as ``b32 asm --symbols`` writes it) in ``folder``."""
    assembly = count_assembly()
    path = folder / "count.b32"
    write(path, assembly.cart)
    if with_symbols:
        (folder / "count.sym").write_text(format_symbols(assembly.symbols), encoding="utf-8")
    return path
