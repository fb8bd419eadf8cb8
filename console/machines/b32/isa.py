"""The B32 instruction set: the one table the CPU, assembler, disassembler and docs read.

Each row of ``OPCODES`` gives an opcode's byte, mnemonic, operand form, how many data bytes it
reads or writes in memory (for the cycle count of HARDWARE.md section 4), its effect as a small
piece of Python over the CPU's registers, how it changes control flow, and a one-line summary.

The effect language (expanded by ``console.machines.b32.jit``):

* locals ``a b x y s f cf`` are the registers and flag bytes; ``n`` is the operand's value;
  ``d`` is not a register: snippets that work on D compute it from ``a`` and ``b``.
* ``RD8(addr)``, ``RD16(addr)``, ``WR8(addr, value)``, ``WR16(addr, value)`` access memory
  through the bus (the I/O page, wrap-around at $FFFF and self-modifying code are handled by
  the expansion); ``addr`` is ``n``, ``x`` or ``y``. A write is a whole effect on its own.
* ``t`` (and ``d``) are temporaries, set before they are read; nothing else may be named.
* a conditional jump has a ``cond`` over the registers instead of an effect.

``console.machines.b32.jit.check_table`` parses every effect and condition (``ast``) when the
translator loads and refuses one outside this language, naming the opcode.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from console.machines.base import Register


class Form(Enum):
    """Operand forms: each has one encoder (asm), decoder (cpu, disasm) and formatter."""

    INHERENT = "inherent"  # no operand:            INCA
    IMM8 = "imm8"  # #byte:                 LDA #65
    IMM16 = "imm16"  # #word:                 LDX #$A000
    ABS = "abs"  # absolute address word: LDA $AFA0
    JUMP = "jump"  # jump target word, written #LABEL (original) or LABEL
    IDX_X = "idx_x"  # ,X
    IDX_Y = "idx_y"  # ,Y
    REG = "reg"  # one register code:     PUSH A
    REG_PAIR = "reg_pair"  # source << 4 | dest:    TFR A,X


#: bytes each form adds after the opcode byte
OPERAND_SIZE = {
    Form.INHERENT: 0,
    Form.IMM8: 1,
    Form.IMM16: 2,
    Form.ABS: 2,
    Form.JUMP: 2,
    Form.IDX_X: 0,
    Form.IDX_Y: 0,
    Form.REG: 1,
    Form.REG_PAIR: 1,
}


class Flow(Enum):
    """How an instruction leaves the program counter."""

    NEXT = "next"  # falls through
    JUMP = "jump"  # to its operand when ``cond`` holds (always when ``cond`` is None)
    CALL = "call"  # pushes the next address, then jumps
    RETURN = "return"  # pops the program counter
    END = "end"  # halts the CPU
    WAIT = "wait"  # ends the frame's slice


#: the one register list (HARDWARE.md section 1): names, widths, the codes TFR, PUSH and POP
#: name them by, the flag bytes' bits
REGISTER_LIST: tuple[Register, ...] = (
    Register("A", 8, 0),
    Register("B", 8, 1),
    Register("D", 16, 2, traced=False),  # A:B
    Register("X", 16, 3),
    Register("Y", 16, 4),
    Register("S", 16, 5),
    Register("PC", 16, traced=False, counter=True),
    Register("CF", 8, flags=((0x01, "EQ"), (0x02, "NE"), (0x04, "LT"), (0x08, "GT"))),
    Register("F", 8, flags=((0x01, "OF"), (0x02, "C"))),
)
#: register operand code -> register
REGISTERS: dict[int, Register] = {r.code: r for r in REGISTER_LIST if r.code is not None}
REGISTER_CODES = {r.name: code for code, r in REGISTERS.items()}


def bad_register(form: Form, operand: int) -> bool:
    """True when a register operand names no register (TFR, PUSH and POP then fault)."""
    if form is Form.REG:
        return operand not in REGISTERS
    if form is Form.REG_PAIR:
        return operand >> 4 not in REGISTERS or operand & 15 not in REGISTERS
    return False


#: memory data bytes of an instruction whose count depends on its register operand
REGISTER_SIZED = -1


@dataclass(frozen=True)
class Opcode:
    byte: int
    mnemonic: str
    form: Form
    data_bytes: int  # bytes read or written in memory besides the instruction; REGISTER_SIZED
    effect: str | None  # snippet in the effect language, None for pure control flow
    summary: str
    flow: Flow = Flow.NEXT
    cond: str | None = None  # for conditional jumps
    original: bool = False  # one of the 35 opcodes of the 2009 B32

    @property
    def length(self) -> int:
        return 1 + OPERAND_SIZE[self.form]

    def cycles(self, operand: int = 0) -> int:
        """Cycles the instruction costs: a cycle per instruction byte and per data byte."""
        data = self.data_bytes
        if data == REGISTER_SIZED:
            data = REGISTERS[operand].bits // 8 if operand in REGISTERS else 0
        return self.length + data


IH, B8, W16, A, J, X_, Y_, R, RR = (
    Form.INHERENT,
    Form.IMM8,
    Form.IMM16,
    Form.ABS,
    Form.JUMP,
    Form.IDX_X,
    Form.IDX_Y,
    Form.REG,
    Form.REG_PAIR,
)

# Compare results: $01 equal; $02 | $04 register below; $02 | $08 register above (unsigned).
_CMP = "cf = 1 if {r} == n else (6 if {r} < n else 10)"
_D = "d = a << 8 | b; "
_SET_D = "; a = d >> 8; b = d & 255"


# Flags are computed from an instruction's result where they can be (an increment overflowed
# when the result is 0; an addition carried when the result is below the addend), so that the
# translator can leave them uncomputed until they are read (console.machines.b32.jit).


def _inc8(r: str) -> str:
    return f"{r} = {r} + 1 & 255; f = f & 2 | ({r} == 0)"


def _inc16(r: str) -> str:
    return f"{r} = {r} + 1 & 65535; f = f & 2 | ({r} == 0)"


def _rol(r: str) -> str:
    return f"t = {r} >> 7; {r} = ({r} << 1 | f >> 1) & 255; f = f & 1 | t << 1"


def _ror(r: str) -> str:
    return f"t = {r} & 1; {r} = {r} >> 1 | (f & 2) << 6; f = f & 1 | t << 1"


def _adc(r: str) -> str:
    return f"if f & 2: f = 2 | ({r} == 255); {r} = {r} + 1 & 255"


def _add8(r: str) -> str:
    return f"{r} = {r} + n & 255; f = f & 2 | ({r} < n)"


def _sub8(r: str) -> str:
    return f"f = f & 2 | ({r} < n); {r} = {r} - n & 255"


def _add16(r: str) -> str:
    return f"{r} = {r} + n & 65535; f = f & 2 | ({r} < n)"


_TABLE: list[Opcode] = [
    # ---- the original 35 -------------------------------------------------------------------
    Opcode(0x01, "LDA", B8, 0, "a = n", "A := byte", original=True),
    Opcode(0x02, "LDX", W16, 0, "x = n", "X := word", original=True),
    Opcode(0x03, "STA", X_, 1, "WR8(x, a)", "memory at X := A", original=True),
    Opcode(0x04, "END", IH, 0, None, "halt the CPU", Flow.END, original=True),
    Opcode(0x05, "CMPA", B8, 0, _CMP.format(r="a"), "compare A with byte", original=True),
    Opcode(0x06, "CMPB", B8, 0, _CMP.format(r="b"), "compare B with byte", original=True),
    Opcode(0x07, "CMPX", W16, 0, _CMP.format(r="x"), "compare X with word", original=True),
    Opcode(0x08, "CMPY", W16, 0, _CMP.format(r="y"), "compare Y with word", original=True),
    Opcode(0x09, "CMPD", W16, 0, _D + _CMP.format(r="d"), "compare D with word", original=True),
    Opcode(0x0A, "JMP", J, 0, None, "jump", Flow.JUMP, original=True),
    Opcode(0x0B, "JEQ", J, 0, None, "jump if equal", Flow.JUMP, "cf & 1", original=True),
    Opcode(0x0C, "JNE", J, 0, None, "jump if not equal", Flow.JUMP, "cf & 2", original=True),
    Opcode(0x0D, "JGT", J, 0, None, "jump if greater", Flow.JUMP, "cf & 8", original=True),
    Opcode(0x0E, "JLT", J, 0, None, "jump if less", Flow.JUMP, "cf & 4", original=True),
    Opcode(0x0F, "INCA", IH, 0, _inc8("a"), "A := A + 1; OF := A was $FF", original=True),
    Opcode(0x10, "INCB", IH, 0, _inc8("b"), "B := B + 1; OF := B was $FF", original=True),
    Opcode(0x11, "INCX", IH, 0, _inc16("x"), "X := X + 1; OF := X was $FFFF", original=True),
    Opcode(0x12, "INCY", IH, 0, _inc16("y"), "Y := Y + 1; OF := Y was $FFFF", original=True),
    Opcode(0x13, "INCD", IH, 0, _D + _inc16("d") + _SET_D, "D := D + 1; OF := D was $FFFF",
           original=True),
    Opcode(0x14, "DECA", IH, 0, "f &= 2; a = a - 1 & 255", "A := A - 1; OF := 0", original=True),
    Opcode(0x15, "DECB", IH, 0, "f &= 2; b = b - 1 & 255", "B := B - 1; OF := 0", original=True),
    Opcode(0x16, "DECX", IH, 0, "f &= 2; x = x - 1 & 65535", "X := X - 1; OF := 0",
           original=True),
    Opcode(0x17, "DECY", IH, 0, "f &= 2; y = y - 1 & 65535", "Y := Y - 1; OF := 0",
           original=True),
    Opcode(0x18, "DECD", IH, 0, _D + "f &= 2; d = d - 1 & 65535" + _SET_D, "D := D - 1; OF := 0",
           original=True),
    Opcode(0x19, "ROLA", IH, 0, _rol("a"), "rotate A left through C", original=True),
    Opcode(0x1A, "ROLB", IH, 0, _rol("b"), "rotate B left through C", original=True),
    Opcode(0x1B, "RORA", IH, 0, _ror("a"), "rotate A right through C", original=True),
    Opcode(0x1C, "RORB", IH, 0, _ror("b"), "rotate B right through C", original=True),
    Opcode(0x1D, "ADCA", IH, 0, _adc("a"), "if C: A := A + 1, OF := A was $FF", original=True),
    Opcode(0x1E, "ADCB", IH, 0, _adc("b"), "if C: B := B + 1, OF := B was $FF", original=True),
    Opcode(0x1F, "ADDA", B8, 0, _add8("a"), "A := A + byte; OF := carry", original=True),
    Opcode(0x20, "ADDB", B8, 0, _add8("b"), "B := B + byte; OF := carry", original=True),
    Opcode(0x21, "ADDAB", IH, 0, "t = a + b; f = f & 2 | (t > 255); a = t >> 8; b = t & 255",
           "D := A + B; OF := carry", original=True),
    Opcode(0x22, "LDB", B8, 0, "b = n", "B := byte", original=True),
    Opcode(0x23, "LDY", W16, 0, "y = n", "Y := word", original=True),
    # ---- console extensions ----------------------------------------------------------------
    Opcode(0x24, "LDA", A, 1, "a = RD8(n)", "A := memory at address"),
    Opcode(0x25, "LDB", A, 1, "b = RD8(n)", "B := memory at address"),
    Opcode(0x26, "LDD", A, 2, "d = RD16(n)" + _SET_D, "D := word at address"),
    Opcode(0x27, "LDX", A, 2, "x = RD16(n)", "X := word at address"),
    Opcode(0x28, "LDY", A, 2, "y = RD16(n)", "Y := word at address"),
    Opcode(0x29, "STA", A, 1, "WR8(n, a)", "memory at address := A"),
    Opcode(0x2A, "STB", A, 1, "WR8(n, b)", "memory at address := B"),
    Opcode(0x2B, "STD", A, 2, "WR16(n, a << 8 | b)", "word at address := D (B first)"),
    Opcode(0x2C, "STX", A, 2, "WR16(n, x)", "word at address := X"),
    Opcode(0x2D, "STY", A, 2, "WR16(n, y)", "word at address := Y"),
    Opcode(0x2E, "LDA", X_, 1, "a = RD8(x)", "A := memory at X"),
    Opcode(0x2F, "LDB", X_, 1, "b = RD8(x)", "B := memory at X"),
    Opcode(0x30, "STB", X_, 1, "WR8(x, b)", "memory at X := B"),
    Opcode(0x31, "LDA", Y_, 1, "a = RD8(y)", "A := memory at Y"),
    Opcode(0x32, "LDB", Y_, 1, "b = RD8(y)", "B := memory at Y"),
    Opcode(0x33, "STA", Y_, 1, "WR8(y, a)", "memory at Y := A"),
    Opcode(0x34, "STB", Y_, 1, "WR8(y, b)", "memory at Y := B"),
    Opcode(0x35, "LDD", W16, 0, "a = n >> 8; b = n & 255", "D := word"),
    Opcode(0x36, "SUBA", B8, 0, _sub8("a"), "A := A - byte; OF := borrow"),
    Opcode(0x37, "SUBB", B8, 0, _sub8("b"), "B := B - byte; OF := borrow"),
    Opcode(0x38, "ANDA", B8, 0, "a &= n", "A := A and byte"),
    Opcode(0x39, "ANDB", B8, 0, "b &= n", "B := B and byte"),
    Opcode(0x3A, "ORA", B8, 0, "a |= n", "A := A or byte"),
    Opcode(0x3B, "ORB", B8, 0, "b |= n", "B := B or byte"),
    Opcode(0x3C, "EORA", B8, 0, "a ^= n", "A := A exclusive-or byte"),
    Opcode(0x3D, "EORB", B8, 0, "b ^= n", "B := B exclusive-or byte"),
    Opcode(0x3E, "ADDD", W16, 0, _D + _add16("d") + _SET_D, "D := D + word; OF := carry"),
    Opcode(0x3F, "SUBD", W16, 0, _D + "f = f & 2 | (d < n); d = d - n & 65535" + _SET_D,
           "D := D - word; OF := borrow"),
    Opcode(0x40, "ADDX", W16, 0, _add16("x"), "X := X + word; OF := carry"),
    Opcode(0x41, "ADDY", W16, 0, _add16("y"), "Y := Y + word; OF := carry"),
    Opcode(0x42, "ABX", IH, 0, "x = x + b & 65535", "X := X + B"),
    Opcode(0x43, "TFR", RR, 0, "TFR", "destination := source"),
    Opcode(0x44, "PUSH", R, REGISTER_SIZED, "PUSH", "S := S - size; memory at S := register"),
    Opcode(0x45, "POP", R, REGISTER_SIZED, "POP", "register := memory at S; S := S + size"),
    Opcode(0x46, "JSR", J, 2, None, "push the return address; jump", Flow.CALL),
    Opcode(0x47, "RTS", IH, 2, None, "pop the program counter", Flow.RETURN),
    Opcode(0x48, "JGE", J, 0, None, "jump if greater or equal", Flow.JUMP, "cf & 9"),
    Opcode(0x49, "JLE", J, 0, None, "jump if less or equal", Flow.JUMP, "cf & 5"),
    Opcode(0x4A, "JCS", J, 0, None, "jump if C set", Flow.JUMP, "f & 2"),
    Opcode(0x4B, "JCC", J, 0, None, "jump if C clear", Flow.JUMP, "not f & 2"),
    Opcode(0x4C, "JOS", J, 0, None, "jump if OF set", Flow.JUMP, "f & 1"),
    Opcode(0x4D, "JOC", J, 0, None, "jump if OF clear", Flow.JUMP, "not f & 1"),
    Opcode(0x4E, "MUL", IH, 0, "t = a * b; a = t >> 8; b = t & 255", "D := A * B"),
    Opcode(0x4F, "WAIT", IH, 0, None, "end this frame's slice", Flow.WAIT),
    Opcode(0x50, "NOP", IH, 0, None, "nothing"),
    Opcode(0x51, "LDS", W16, 0, "s = n", "S := word"),
]

#: opcode byte -> Opcode, for the 81 defined bytes; every other byte is a fault
BY_BYTE: dict[int, Opcode] = {op.byte: op for op in _TABLE}
#: list indexed by byte (None where undefined): the decoders' fast lookup
DECODE: list[Opcode | None] = [BY_BYTE.get(i) for i in range(256)]
#: mnemonic -> its opcodes, one per operand form
BY_MNEMONIC: dict[str, dict[Form, Opcode]] = {}
for _op in _TABLE:
    BY_MNEMONIC.setdefault(_op.mnemonic, {})[_op.form] = _op

OPCODES: tuple[Opcode, ...] = tuple(_TABLE)


def reference_markdown() -> str:
    """The opcode reference as a Markdown table, generated from this table (docs/ISA.md)."""
    lines = [
        "| op | mnemonic | operand | bytes | cycles | effect |",
        "|---|---|---|---|---|---|",
    ]
    shapes = {
        Form.INHERENT: "",
        Form.IMM8: "#byte",
        Form.IMM16: "#word",
        Form.ABS: "addr",
        Form.JUMP: "addr (or #addr)",
        Form.IDX_X: ",X",
        Form.IDX_Y: ",Y",
        Form.REG: "r",
        Form.REG_PAIR: "r,r",
    }
    for op in OPCODES:
        cycles = (
            f"{op.cycles(0)} or {op.cycles(2)}" if op.data_bytes == REGISTER_SIZED else op.cycles()
        )
        lines.append(
            f"| ${op.byte:02X} | {op.mnemonic} | {shapes[op.form]} | {op.length} | {cycles} "
            f"| {op.summary} |"
        )
    return "\n".join(lines) + "\n"
