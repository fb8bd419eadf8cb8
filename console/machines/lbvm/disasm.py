"""LBVM machine code as source for the NASM dialect: every line reassembles to its bytes."""

from __future__ import annotations

from dataclasses import dataclass

from console.machines.lbvm.isa import ASM_REGISTER_NAMES, Form
from console.machines.lbvm.jit import Decoded, decode_at


@dataclass(frozen=True)
class Line:
    address: int
    data: bytes
    text: str
    labels: tuple[str, ...] = ()

    @property
    def is_code(self) -> bool:
        return not self.text.startswith("db ")


def number(value: int) -> str:
    return f"-0x{-value:X}" if value < 0 else f"0x{value:X}"


def _target(ins: Decoded, names: dict[int, str]) -> str:
    target = ins.next_address + (ins.word - 0x10000 if ins.word & 0x8000 else ins.word)
    return names.get(target, number(target))


def instruction_text(ins: Decoded, names: dict[int, str]) -> str:
    op = ins.opcode
    reg = ASM_REGISTER_NAMES
    if op.form is Form.REG_REG:
        return f"{op.name} {reg[ins.a]}, {reg[ins.b]}"
    if op.form is Form.REG_WORD:
        return f"{op.name} {reg[ins.a]}, {number(ins.word)}"
    if op.form is Form.REL:
        return f"{op.name} {_target(ins, names)}"
    return f"{op.name} {reg[ins.a]}"


def disassemble(data: bytes, address: int = 0,
                symbols: dict[str, int] | None = None) -> list[Line]:
    """``data`` (found at ``address``) as lines; bytes that are no instruction become ``db``."""
    names: dict[int, str] = {}
    for name, value in sorted((symbols or {}).items()):
        names.setdefault(value, name)
    labels: dict[int, list[str]] = {}
    for name, value in (symbols or {}).items():
        labels.setdefault(value, []).append(name)
    lines = []
    pos = 0
    while pos < len(data):
        at = address + pos
        ins = decode_at(data, pos, len(data))
        if isinstance(ins, Decoded) and pos + ins.opcode.length <= len(data):
            ins = Decoded(at, ins.opcode, ins.raw, ins.a, ins.b, ins.word)
            text = instruction_text(ins, names)
            size = ins.opcode.length
        else:
            text, size = f"db 0x{data[pos]:02X}", 1
        names_here = tuple(sorted(labels.get(at, ())))
        lines.append(Line(at, bytes(data[pos : pos + size]), text, names_here))
        pos += size
    return lines


def disassemble_program(data: bytes, symbols: dict[str, int] | None = None) -> str:
    """A whole program as source: jump and call targets get labels (L_xxxxxx)."""
    names = dict(symbols or {})
    taken = set(names.values())
    for line in disassemble(data, 0):
        ins = decode_at(data, line.address, len(data))
        if line.is_code and isinstance(ins, Decoded) and ins.opcode.form is Form.REL:
            target = ins.target
            if 0 <= target <= len(data) and target not in taken:
                names[f"L_{target:06X}"] = target
                taken.add(target)
    out = ['%include "instructions.asm"', ""]
    lines = disassemble(data, 0, names)
    for line in lines:
        for label in line.labels:
            out.append(f"{label}:")
        out.append(f"    {line.text:<24}; ${line.address:06X}  {line.data.hex(' ').upper()}")
    for label in sorted(n for n, v in names.items() if v == len(data)):
        out.append(f"{label}:")
    return "\n".join(out) + "\n"
