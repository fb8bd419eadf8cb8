#!/usr/bin/env python3
"""Assemble every ``carts/*.asm`` into the ``carts/*.b32`` next to it, and every LBVM source
``carts/lbvm/*.asm`` into the ``.lbvm`` program next to it.

Usage (from the repository root)::

    .venv/bin/python tools/build_carts.py           # build every cart
    .venv/bin/python tools/build_carts.py hello     # build only carts/hello.asm
    .venv/bin/python tools/build_carts.py --check   # build nothing; exit 1 if a .b32 is stale

The committed ``.b32`` files must be exactly what the assembler makes from the sources
(``tests/test_carts_build.py`` checks this), so run this after editing a cart's source and
commit both files together. Errors are printed with file, line and column; the exit status is 1
when any cart failed to assemble (or, with ``--check``, is out of date).
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.machines.b32.asm import AsmError, assemble_file  # noqa: E402
from console.machines.lbvm import asm as lbvm_asm  # noqa: E402

CARTS = ROOT / "carts"
LBVM_CARTS = CARTS / "lbvm"


def assembled(source: Path) -> tuple[Path, bytes] | None:
    """(the file to write, its bytes) for a B32 or LBVM source; None after printing errors."""
    try:
        if source.parent == LBVM_CARTS:
            return source.with_suffix(".lbvm"), lbvm_asm.assemble_file(source).data
        return source.with_suffix(".b32"), assemble_file(source).cart.to_bytes()
    except (AsmError, lbvm_asm.AsmError) as err:
        for line in err.errors:
            print(line, file=sys.stderr)
        return None


def build(source: Path, check: bool = False) -> bool:
    """Assemble one source; write (or, with ``check``, compare) its cart. True when fine."""
    made = assembled(source)
    if made is None:
        return False
    target, blob = made
    if check:
        if not target.exists() or target.read_bytes() != blob:
            print(f"{target.relative_to(ROOT)}: out of date", file=sys.stderr)
            return False
        return True
    if not target.exists() or target.read_bytes() != blob:
        target.write_bytes(blob)
        print(f"{target.relative_to(ROOT)}: {len(blob)} bytes")
    return True


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
