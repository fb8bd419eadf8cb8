"""Write the generated parts of the LBVM docs from console/machines/lbvm/isa.py (tests check
they are current):

* the opcode table in docs/LBVM-GUIDE.md, between its "generated" markers;
* docs/lbvm/instructions.asm, the macro file for running nasm yourself
  (``nasm -f bin -i docs/lbvm/ prog.asm -o prog.lbvm``).

    python tools/gen_lbvm_doc.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.machines.lbvm.isa import macro_file, reference_markdown  # noqa: E402

GUIDE = ROOT / "docs" / "LBVM-GUIDE.md"
MACROS = ROOT / "docs" / "lbvm" / "instructions.asm"
BEGIN = "<!-- generated from console/machines/lbvm/isa.py by tools/gen_lbvm_doc.py -->\n"
END = "<!-- end of the generated table -->\n"


def guide(text: str) -> str:
    """``text`` (the guide) with its generated table rewritten."""
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return head + BEGIN + reference_markdown() + END + tail


def main() -> None:
    GUIDE.write_text(guide(GUIDE.read_text(encoding="utf-8")), encoding="utf-8")
    MACROS.write_text(macro_file(), encoding="utf-8")
    print(f"wrote {GUIDE} and {MACROS}")


if __name__ == "__main__":
    main()
