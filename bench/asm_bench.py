"""Assembler speed: generate a large source and print lines assembled per second.

.venv/bin/python bench/asm_bench.py [--lines 100000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.machines.b32 import memmap as mm  # noqa: E402
from console.machines.b32.asm import assemble  # noqa: E402

# ten lines, five bytes: a commented program; 100,000 lines fill most of the 64 KiB
_BLOCK = [
    "; ---- part {n}: count A up to VAL{n}",
    "PART{n}:",
    "VAL{n} EQU ({v}*3+1)/2",
    " LDA #VAL{n}-1          ; start one below",
    " JNE PART{n}",
    "",
    "LIMIT{n} EQU SCREEN+160*{r}+VAL{n}",
    "    ; nothing else to do here",
    "",
    "",
]
_BLOCK_BYTES = 5


def make_source(lines: int) -> str:
    """About ``lines`` lines of labels, EQUs, expressions, instructions and comments, laid out
    in RAM below the screen and then above the I/O page."""
    out = [" ORG $0000"]
    address = 0
    n = 0
    while len(out) + len(_BLOCK) < lines:
        if address < mm.SCREEN <= address + _BLOCK_BYTES:
            out.append(" ORG $B000")
            address = mm.IO_END
        if address + _BLOCK_BYTES >= mm.MEMORY_SIZE - 1:
            break
        out.extend(row.format(n=n, v=n % 170, r=n % 25) for row in _BLOCK)
        address += _BLOCK_BYTES
        n += 1
    out.append(" END PART0")
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    source = make_source(args.lines)
    count = source.count("\n")
    best = float("inf")
    for _ in range(args.repeat):
        start = time.perf_counter()
        assembly = assemble(source, "bench.asm")
        best = min(best, time.perf_counter() - start)
    print(
        f"{count} lines, {len(assembly.cart.data)} bytes: best of {args.repeat} "
        f"{best:.3f} s = {count / best:,.0f} lines/s"
    )


if __name__ == "__main__":
    main()
