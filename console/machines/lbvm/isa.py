"""The LBVM instruction set (LBVM.md section 3): the one table its CPU, assembler (through the
macro file it generates), disassembler, debugger and docs read.

Each row gives the opcode byte, the macro's name, its operand form, the data bytes it reads or
writes in memory (cycles are instruction bytes + data bytes), its effect and a summary.

The effect language (expanded by ``console.machines.lbvm.jit``), one or more Python statements:

* ``A`` and ``B`` are the instruction's register operands (first and second); read, they are
  the register's value (IP reads as the address of the instruction being run); ``A = ...``
  writes the first register (writing IP jumps). ``W`` is the word operand.
* ``M`` is $FFFFFFFF. ``COMPARE(a, b)`` sets the flags as ``compare`` below says.
* ``LOAD8(addr)``, ``STORE8(addr, value)``, ``PUSH(value)``, ``POP()`` access memory (checked
  against the 1 MiB, with self-modifying code handled); ``OUT(value)`` prints a character.
* a conditional jump has a ``cond`` over the flags instead of an effect; a CALL pushes the next
  address and jumps.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from console.machines.base import Register

MEMORY_SIZE = 1 << 20  # 1 MiB
MASK = 0xFFFFFFFF
INITIAL_SP = 500_000
IP, SP = 9, 10  # register numbers
REGISTER_COUNT = 11
ADDRESS_DIGITS = 6


class Form(Enum):
    """Operand forms: bytes after the opcode."""

    NONE = ""  # (only for the table's docs)
    REG_REG = "r, r"  # 00 a b
    REG_WORD = "r, word"  # 03 r lo hi
    REL = "label"  # 06 lo hi: a word relative to the next instruction
    REG = "r"  # 08 r


OPERAND_SIZE = {Form.NONE: 0, Form.REG_REG: 2, Form.REG_WORD: 3, Form.REL: 2, Form.REG: 1}
#: how many of a form's operand bytes (from the first) are register numbers
REGISTER_OPERANDS = {Form.NONE: 0, Form.REG_REG: 2, Form.REG_WORD: 1, Form.REL: 0, Form.REG: 1}


class Flow(Enum):
    NEXT = "next"
    BRANCH = "branch"  # to next + s16(W) when ``cond`` holds
    CALL = "call"  # push next, jump to next + s16(W)


@dataclass(frozen=True)
class Opcode:
    byte: int
    name: str  # the macro's name: lbADD
    form: Form
    data_bytes: int
    effect: str | None
    summary: str
    flow: Flow = Flow.NEXT
    cond: str | None = None
    warn: str | None = None  # the assembler warns where it meets this macro

    @property
    def length(self) -> int:
        return 1 + OPERAND_SIZE[self.form]

    @property
    def cycles(self) -> int:
        return self.length + self.data_bytes

    @property
    def writes_a(self) -> bool:
        """True when the effect writes the first register operand (``A = ...``)."""
        return bool(self.effect) and self.effect.lstrip().startswith("A = ")




def compare(a: int, b: int) -> tuple[int, int, int]:
    """(ZF, CF, OF) after CMP of the 32-bit values a and b: equal, unsigned below, and signed
    overflow of a - b (the operands' signs differ and the result's sign is not a's)."""
    return int(a == b), int(a < b), ((a ^ b) & (a ^ (a - b))) >> 31 & 1


_CMP = "COMPARE(A, B)"

_TABLE: tuple[Opcode, ...] = (
    Opcode(0x00, "lbADD", Form.REG_REG, 0, "A = A + B & M", "r[a] := r[a] + r[b]"),
    Opcode(0x01, "lbCMP", Form.REG_REG, 0, _CMP,
           "ZF := r[a] = r[b]; CF := r[a] < r[b] unsigned; OF := signed overflow of r[a] - r[b]"),
    Opcode(0x02, "lbMOV", Form.REG_REG, 0, "A = B", "r[a] := r[b]"),
    Opcode(0x03, "lbSET", Form.REG_WORD, 0, "A = W", "r[r] := word (0-65535)"),
    Opcode(0x04, "lbLB", Form.REG_REG, 1, "A = LOAD8(B)", "r[d] := the byte at address r[s]"),
    Opcode(0x05, "lbSB", Form.REG_REG, 1, "STORE8(A, B & 255)",
           "the byte at address r[a] := r[b] & $FF"),
    Opcode(0x06, "lbJZ", Form.REL, 0, None, "if ZF: IP := next + s16(word)", Flow.BRANCH, "zf"),
    Opcode(0x07, "lbJNZ", Form.REL, 0, None, "if not ZF: IP := next + s16(word)", Flow.BRANCH,
           "not zf"),
    Opcode(0x08, "lbPUSH", Form.REG, 4, "PUSH(A)", "SP := SP - 4; the cell at SP := r[r]"),
    Opcode(0x09, "lbPOP", Form.REG, 4, "A = POP()",
           "r[r] := the cell at SP; SP := SP + 4 (lbPOP IP returns)"),
    Opcode(0x10, "lbOUT", Form.REG, 0, "OUT(A & 255)", "print the character r[r] & $FF"),
    Opcode(0x11, "lbCALL", Form.REL, 4, None,
           "SP := SP - 4; the cell at SP := next; IP := next + s16(word)", Flow.CALL),
)

#: encodings the assembler knows that the CPU runs as another row (LBVM.md section 3)
ALIASES: tuple[Opcode, ...] = (
    Opcode(0x10, "lbJMP", Form.REL, 0, None, "runs as lbOUT of register lo (2 bytes)",
           warn="lbJMP shares opcode $10 with lbOUT and runs as OUT; use 'lbSET IP, label' "
                "(an absolute jump in the first 64 KiB) or 'lbCMP r0, r0' + 'lbJZ label'"),
)

OPCODES = _TABLE
BY_BYTE: dict[int, Opcode] = {op.byte: op for op in _TABLE}
DECODE: list[Opcode | None] = [BY_BYTE.get(i) for i in range(256)]
BY_NAME: dict[str, Opcode] = {op.name: op for op in _TABLE + ALIASES}

#: the one register list (LBVM.md section 1), in display order
REGISTER_NAMES = tuple(f"R{i}" for i in range(9)) + ("IP", "SP")
REGISTER_LIST: tuple[Register, ...] = (
    *(Register(f"R{i}", 32, i) for i in range(9)),
    Register("IP", 32, IP, traced=False, counter=True),
    Register("SP", 32, SP),
    # the article's EFLAG: bit 0 ZF, bit 1 CF, bit 2 OF
    Register("FLAGS", 8, flags=((1, "ZF"), (2, "CF"), (4, "OF"))),
)
FLAG_BITS = {"ZF": 1, "CF": 2, "OF": 4}
#: how the assembler spells register numbers (the macro file's %defines)
ASM_REGISTERS: dict[str, int] = {**{f"r{i}": i for i in range(9)}, "IP": IP, "SP": SP}
ASM_REGISTER_NAMES: dict[int, str] = {v: k for k, v in ASM_REGISTERS.items()}


def s16(word: int) -> int:
    return word - 0x10000 if word & 0x8000 else word


# ---- what the table generates ------------------------------------------------------------------


def _macro_body(op: Opcode) -> list[str]:
    code = f"0x{op.byte:02x}"
    if op.form is Form.REG_REG:
        return [f"db {code}, %1, %2"]
    if op.form is Form.REG_WORD:
        return [f"db {code}, %1", "dw %2"]
    if op.form is Form.REL:
        return [f"db {code}", "dw (%1 - ($ + 2))"]
    return [f"db {code}, %1"]


def macro_file() -> str:
    """The text of the built-in ``instructions.asm``: the register names and one macro per
    encoding, byte-for-byte the encodings of LBVM.md section 3 (NASM reads it too)."""
    lines = ["; LBVM macros for NASM, generated from console/machines/lbvm/isa.py",
             "; (b32 asm has this file built in; nasm -f bin needs it beside the source)", ""]
    lines += [f"%define {name} 0x{value:02x}" for name, value in ASM_REGISTERS.items()]
    for op in _TABLE + ALIASES:
        operands = 2 if op.form in (Form.REG_REG, Form.REG_WORD) else 1
        lines += ["", f"%macro {op.name} {operands}", *_macro_body(op), "%endmacro"]
    return "\n".join(lines) + "\n"


def reference_markdown() -> str:
    """The opcode table as Markdown (docs/LBVM-GUIDE.md), generated from this table."""
    lines = ["| op | macro | operands | bytes | cycles | effect |", "|---|---|---|---|---|---|"]
    for op in _TABLE + ALIASES:
        lines.append(f"| ${op.byte:02X} | `{op.name}` | {op.form.value} | {op.length} | "
                     f"{op.cycles} | {op.summary} |")
    return "\n".join(lines) + "\n"
