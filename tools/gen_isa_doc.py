"""Write docs/ISA.md from the opcode table in console/isa.py (tests check it is current).

    python tools/gen_isa_doc.py
"""

from pathlib import Path

from console.machines.b32.isa import reference_markdown

HEADER = """# B32 instruction set

Generated from `console/isa.py` by `python tools/gen_isa_doc.py`; do not edit by hand.
Cycles: one per instruction byte plus one per data byte read or written in memory
(HARDWARE.md section 4). PUSH and POP cost one cycle less for the 8-bit registers A and B.
Register codes for TFR, PUSH and POP: A=0, B=1, D=2, X=3, Y=4, S=5.

"""


def document() -> str:
    return HEADER + reference_markdown()


if __name__ == "__main__":
    target = Path(__file__).resolve().parent.parent / "docs" / "ISA.md"
    target.write_text(document(), encoding="utf-8")
    print(f"wrote {target}")
