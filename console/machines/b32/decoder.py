"""The one B32 instruction decoder: the CPU, the translator, the disassembler and (through the
disassembler) the debugger all decode with ``decode``, from the table in
``console.machines.b32.isa``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from console.machines.b32.isa import DECODE, Opcode, bad_register


@dataclass
class Decoded:
    """One instruction as fetched: where it is, its table row and its operand value."""

    address: int
    opcode: Opcode
    operand: int  # the byte or word after the opcode (0 when none)
    raw: bytes

    @property
    def next_address(self) -> int:
        return (self.address + self.opcode.length) & 0xFFFF

    @property
    def cycles(self) -> int:
        return self.opcode.cycles(self.operand)


def decode(fetch: Callable[[int], int], address: int) -> Decoded | str:
    """The instruction at ``address``, reading its bytes with ``fetch(address + i)`` (only as
    many as the opcode's length; the caller wraps or bounds the addresses), or why there is
    none: ``unknown opcode $XX`` or ``bad register operand $XX``. Exceptions from ``fetch``
    (reading past the end of a buffer) pass through."""
    op = fetch(address)
    opcode = DECODE[op]
    if opcode is None:
        return f"unknown opcode ${op:02X}"
    raw = bytes([op] + [fetch(address + i) for i in range(1, opcode.length)])
    operand = raw[1] if len(raw) == 2 else raw[1] | raw[2] << 8 if len(raw) == 3 else 0
    if bad_register(opcode.form, operand):
        return f"bad register operand ${operand:02X}"
    return Decoded(address, opcode, operand, raw)
