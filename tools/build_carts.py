#!/usr/bin/env python3
"""Assemble every ``carts/*.asm`` into the ``carts/*.b32`` and ``carts/*.sym`` next to it, and
every LBVM source ``carts/lbvm/*.asm`` into the ``.lbvm`` program next to it.

Usage (from the repository root)::

    .venv/bin/python tools/build_carts.py           # build every cart
    .venv/bin/python tools/build_carts.py hello     # build only carts/hello.asm
    .venv/bin/python tools/build_carts.py --check   # build nothing; exit 1 if a .b32 is stale

The committed ``.b32`` and ``.sym`` files must be exactly what the assembler makes from the
sources (``tests/carts/test_carts_build.py`` checks this), so run this after editing a cart's source
and commit the three files together. The ``.sym`` files give the debugger (F6) and ``--trace``
the carts' labels. Errors are printed with file, line and column; the exit status is 1
when any cart failed to assemble (or, with ``--check``, is out of date).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.machines.b32.asm import AsmError, assemble_file  # noqa: E402
from console.machines.lbvm import asm as lbvm_asm  # noqa: E402
from console.machines.symbols import format_symbols  # noqa: E402

CARTS = ROOT / "carts"
LBVM_CARTS = CARTS / "lbvm"


def assembled(source: Path) -> list[tuple[Path, bytes]] | None:
    """(the file to write, its bytes) for each product of a B32 source (the cart and its
    symbols) or an LBVM source (the program); None after printing errors."""
    try:
        if source.parent == LBVM_CARTS:
            return [(source.with_suffix(".lbvm"), lbvm_asm.assemble_file(source).data)]
        assembly = assemble_file(source)
        return [(source.with_suffix(".b32"), assembly.cart.to_bytes()),
                (source.with_suffix(".sym"), format_symbols(assembly.symbols).encode("utf-8"))]
    except (AsmError, lbvm_asm.AsmError) as err:
        for line in err.errors:
            print(line, file=sys.stderr)
        return None


def build(source: Path, check: bool = False) -> bool:
    """Assemble one source; write (or, with ``check``, compare) what it makes (a B32 cart's
    .b32 and .sym, an LBVM .lbvm). True when fine."""
    outputs = assembled(source)
    if outputs is None:
        return False
    ok = True
    for target, blob in outputs:
        if target.exists() and target.read_bytes() == blob:
            continue
        if check:
            print(f"{target.relative_to(ROOT)}: out of date", file=sys.stderr)
            ok = False
        else:
            target.write_bytes(blob)
            print(f"{target.relative_to(ROOT)}: {len(blob)} bytes")
    return ok


def main(argv: list[str]) -> int:
    check = "--check" in argv
    names = [a for a in argv if not a.startswith("--")]
    every = sorted(CARTS.glob("*.asm")) + sorted(LBVM_CARTS.glob("*.asm"))
    sources = [p for p in every if p.stem in names] if names else every
    ok = True
    for source in sources:
        ok = build(source, check) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
