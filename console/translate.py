"""Translate B32 machine code into Python functions, from the effects in ``console.isa``.

A *block* is a run of instructions from one address up to the first one that changes control
flow. It becomes one Python function that keeps the registers in local variables, with every
operand a constant; a block that jumps back to its own start becomes a ``while`` loop. Every
function has the signature ``fn(cpu, cycles, budget) -> int``:

* a value >= 0 is the frame's cycle count after the block ran; ``cpu.pc`` holds the next address;
* ``NEED_STEP`` (-1): the block was not entered because its last instruction would start at or
  past the budget; the caller steps one instruction at a time instead (HARDWARE.md section 4);
* ``STOPPED`` (-2): the block ended the frame's slice (WAIT), halted (END) or faulted;
  ``cpu.stop`` says which and ``cpu.cycles`` holds the frame's cycle count.

The same generator makes one-instruction functions for single stepping, so the CPU has exactly
one implementation of every instruction: the table's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from console import memmap as mm
from console.isa import DECODE, REGISTERS, Flow, Form, Opcode

NEED_STEP = -1
STOPPED = -2

MAX_BLOCK = 48  # instructions in one translated block

_REGISTER_NAMES = ("a", "b", "x", "y", "s", "f", "cf")
_REGISTER_USE = re.compile(r"\b(a|b|x|y|s|f|cf)\b")
_OPERAND = re.compile(r"\bn\b")
_READ = re.compile(r"RD(8|16)\((\w+)\)")
_WRITE = re.compile(r"^WR(8|16)\((\w+), (.+)\)$")


def is_io(addr: int) -> bool:
    return mm.IO_START <= addr < mm.IO_END


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


def operand_value(opcode: Opcode, raw: bytes) -> int:
    if len(raw) == 2:
        return raw[1]
    if len(raw) == 3:
        return raw[1] | raw[2] << 8
    return 0


def bad_register(opcode: Opcode, operand: int) -> bool:
    """TFR, PUSH and POP fault on a register code above 5."""
    if opcode.form is Form.REG:
        return operand not in REGISTERS
    if opcode.form is Form.REG_PAIR:
        return operand >> 4 not in REGISTERS or operand & 15 not in REGISTERS
    return False


# ---- code generation -------------------------------------------------------------------------


@dataclass
class _Emitter:
    lines: list[str] = field(default_factory=list)
    indent: int = 1
    temp: int = 0

    def __call__(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    def fresh(self) -> str:
        self.temp += 1
        return f"t{self.temp}"


def _reg_value(code: int) -> str:
    name = REGISTERS[code][0]
    return "(a << 8 | b)" if name == "D" else name.lower()


def _reg_assign(code: int, value: str, value_bits: int) -> list[str]:
    name, bits = REGISTERS[code]
    if bits == 8:
        return [f"{name.lower()} = {value}" + (" & 255" if value_bits == 16 else "")]
    if name == "D":
        return [f"t = {value}", "a = t >> 8", "b = t & 255"]
    return [f"{name.lower()} = {value}"]


class _Block:
    """Writes the Python source of one block."""

    def __init__(self, start: int, instructions: list[Decoded], single: bool) -> None:
        self.start = start
        self.ins = instructions
        self.single = single
        self.out = _Emitter()
        self.uses: set[str] = set()
        self.prefix = 0  # cycles of the instructions before the current one
        self.loop = False
        self.resume_at: int | None = None  # where a write to translated code resumes

    # registers and helpers are loaded once at entry and stored at every exit
    def _exit(self, pc: str, cycles: str) -> None:
        self.out(f"c.pc = {pc}")
        self.out("return " + cycles)

    def _store_line(self) -> str:
        regs = [r for r in _REGISTER_NAMES if r in self.uses]
        if not regs:
            return ""
        return "; ".join(f"c.{r} = {r}" for r in regs)

    def _smc_exit(self, ins: Decoded) -> None:
        """Leave the block after a write that landed on translated code."""
        self.out.indent += 1
        self.out("__STORE__")
        resume = ins.next_address if self.resume_at is None else self.resume_at
        self._exit(str(resume), f"cyc + {self.prefix + ins.cycles}")
        self.out.indent -= 1

    def _read(self, bits: str, addr: str) -> str:
        if addr.isdigit():
            k = int(addr)
            parts = [k] if bits == "8" else [k, (k + 1) & 0xFFFF]
            exprs = [f"io_read({p})" if is_io(p) else f"mem[{p}]" for p in parts]
            self.uses.update(("mem",) if any("mem" in e for e in exprs) else ())
            self.uses.update(("io_read",) if any("io_read" in e for e in exprs) else ())
            return exprs[0] if bits == "8" else f"({exprs[0]} | {exprs[1]} << 8)"
        self.uses.update(("mem", "io_read"))
        if bits == "8":
            return f"(mem[{addr}] if {addr} < 44960 or {addr} > 45055 else io_read({addr}))"
        return f"rd16({addr})"

    def _write(self, ins: Decoded, bits: str, addr: str, value: str) -> None:
        out = self.out
        if addr.isdigit():
            k = int(addr)
            parts = [k] if bits == "8" else [k, (k + 1) & 0xFFFF]
            if len(parts) == 2:
                out(f"t = {value}")
                values = ["t & 255", "t >> 8"]
            else:
                values = [value]
            ram = []
            for p, v in zip(parts, values):
                if is_io(p):
                    self.uses.add("io_write")
                    out(f"io_write({p}, {v})")
                else:
                    self.uses.add("mem")
                    out(f"mem[{p}] = {v}")
                    ram.append(p)
            if ram:
                self.uses.update(("watch", "code_written"))
                test = " or ".join(f"watch[{p}]" for p in ram)
                out(f"if {test}:")
                out.indent += 1
                for p in ram:
                    out(f"code_written({p})")
                out.indent -= 1
                self._smc_exit(ins)
            return
        self.uses.update(("mem", "watch", "write"))
        if bits == "8":
            out(f"if watch[{addr}]:")
            out.indent += 1
            out(f"if write({addr}, {value}):")
            self._smc_exit(ins)
            out.indent -= 1
            out("else:")
            out(f"    mem[{addr}] = {value}")
        else:
            out(f"t = {value}")
            out(f"t1 = {addr} + 1 & 65535")
            out(f"if watch[{addr}] or watch[t1]:")
            out.indent += 1
            out(f"if write16({addr}, t):")
            self.uses.add("write16")
            self._smc_exit(ins)
            out.indent -= 1
            out("else:")
            out(f"    mem[{addr}] = t & 255; mem[t1] = t >> 8")

    def _effect(self, ins: Decoded, effect: str) -> None:
        effect = _OPERAND.sub(str(ins.operand), effect)
        self.uses.update(_REGISTER_USE.findall(effect))
        match = _WRITE.match(effect)
        if match:
            bits, addr, value = match.groups()
            self._write(ins, bits, addr, _READ.sub(lambda m: self._read(*m.groups()), value))
            return
        self.out(_READ.sub(lambda m: self._read(*m.groups()), effect))

    def _push(self, ins: Decoded, value: str, size: int) -> None:
        self.uses.add("s")
        if size == 1:
            self.out("s = s - 1 & 65535")
            self._write(ins, "8", "s", value)
        else:
            self.out(f"t2 = {value}")
            self.out("s = s - 2 & 65535")
            self._write(ins, "16", "s", "t2")

    def _pop_expr(self, size: int) -> str:
        self.uses.add("s")
        if size == 1:
            return self._read("8", "s")
        return self._read("16", "s")

    def _registers(self, ins: Decoded) -> None:
        op, n = ins.opcode, ins.operand
        out = self.out
        if op.effect == "TFR":
            src, dst = n >> 4, n & 15
            self.uses.update(_REGISTER_USE.findall(_reg_value(src) + " " + _reg_value(dst)))
            for line in _reg_assign(dst, _reg_value(src), REGISTERS[src][1]):
                out(line)
        elif op.effect == "PUSH":
            self.uses.update(_REGISTER_USE.findall(_reg_value(n)))
            self._push(ins, _reg_value(n), REGISTERS[n][1] // 8)
        else:  # POP
            size = REGISTERS[n][1] // 8
            out(f"t2 = {self._pop_expr(size)}")
            out(f"s = s + {size} & 65535")
            self.uses.update(_REGISTER_USE.findall(_reg_value(n)))
            for line in _reg_assign(n, "t2", REGISTERS[n][1]):
                out(line)

    def _stop(self, pc: int, cycles: str, stop: str, halt: bool = False) -> None:
        self.out("__STORE__")
        self.out(f"c.pc = {pc}")
        if halt:
            self.out("c.halted = True")
        self.out(f"c.stop = {stop!r}")
        self.out(f"c.cycles = {cycles}")
        self.out("return -2")

    def _goto(self, target: int, total: int) -> None:
        """Continue at a static address: loop when it is this block's start."""
        if target == self.start and not self.single:
            self.loop = True
            self.out(f"cyc += {total}")
            self.out(f"if cyc + {self._last_start} < budget: continue")
            self.out("__STORE__")
            self._exit(str(target), "cyc")
        else:
            self.out("__STORE__")
            self._exit(str(target), f"cyc + {total}")

    def source(self) -> str:
        ins_list = self.ins
        costs = [i.cycles for i in ins_list]
        total = sum(costs)
        self._last_start = total - costs[-1]
        body_out = self.out
        body_out.indent = 2  # inside "while True:"
        for i, ins in enumerate(ins_list):
            op = ins.opcode
            self.prefix = sum(costs[:i])
            if op.flow is Flow.NEXT:
                if op.effect in ("TFR", "PUSH", "POP"):
                    self._registers(ins)
                elif op.effect:
                    self._effect(ins, op.effect)
                if i == len(ins_list) - 1:
                    self._goto(ins.next_address, total)
            elif op.flow is Flow.JUMP:
                if op.cond is None:
                    self._goto(ins.operand, total)
                else:
                    self.uses.update(_REGISTER_USE.findall(op.cond))
                    body_out(f"if {op.cond}:")
                    body_out.indent += 1
                    self._goto(ins.operand, total)
                    body_out.indent -= 1
                    self._goto(ins.next_address, total)
            elif op.flow is Flow.CALL:
                self.resume_at = ins.operand
                self._push(ins, str(ins.next_address), 2)
                self.resume_at = None
                self._goto(ins.operand, total)
            elif op.flow is Flow.RETURN:
                body_out(f"t3 = {self._pop_expr(2)}")
                body_out("s = s + 2 & 65535")
                body_out("__STORE__")
                self._exit("t3", f"cyc + {total}")
            elif op.flow is Flow.WAIT:
                self._stop(ins.next_address, f"cyc + {total}", "wait")
            elif op.flow is Flow.END:
                self._stop(ins.next_address, f"cyc + {total}", "end", halt=True)
        store = self._store_line()
        lines = [line.replace("__STORE__", store) if store else line.replace("__STORE__", "pass")
                 for line in body_out.lines]
        head = ["def block(c, cyc, budget):"]
        if not self.single:
            head.append(f"    if cyc + {self._last_start} >= budget: return -1")
        helpers = {
            "mem": "c.mem",
            "watch": "c.watch",
            "io_read": "c.bus.io_read",
            "io_write": "c.bus.io_write",
            "write": "c.bus.write",
            "write16": "c.bus.write16",
            "code_written": "c.code_written",
        }
        for name, source in helpers.items():
            if name in self.uses:
                head.append(f"    {name} = {source}")
        for r in _REGISTER_NAMES:
            if r in self.uses:
                head.append(f"    {r} = c.{r}")
        if self.loop:
            head.append("    while True:")
        else:
            lines = [line[4:] for line in lines]
        return "\n".join(head + lines) + "\n"


def _rd16(bus):
    def rd16(addr: int) -> int:
        return bus.read(addr) | bus.read(addr + 1) << 8

    return rd16


def compile_block(cpu, instructions: list[Decoded], single: bool = False):
    """The Python function for ``instructions`` (see the module's docstring)."""
    block = _Block(instructions[0].address, instructions, single)
    source = block.source()
    namespace = {"rd16": _rd16(cpu.bus)}
    exec(compile(source, f"<b32 block ${instructions[0].address:04X}>", "exec"), namespace)
    fn = namespace["block"]
    fn.source = source
    return fn


def decode_at(mem, pc: int) -> Decoded | None:
    """Decode the instruction at ``pc`` straight from RAM, or None if it cannot be translated
    (undefined opcode, a bad register operand, or bytes on the I/O page)."""
    if is_io(pc):
        return None
    opcode = DECODE[mem[pc]]
    if opcode is None:
        return None
    raw = bytes(mem[(pc + i) & 0xFFFF] for i in range(opcode.length))
    if any(is_io((pc + i) & 0xFFFF) for i in range(opcode.length)):
        return None
    operand = operand_value(opcode, raw)
    if bad_register(opcode, operand):
        return None
    return Decoded(pc, opcode, operand, raw)


def scan_block(mem, pc: int, avoid) -> list[Decoded]:
    """The instructions of the block starting at ``pc``: up to the first control-flow change,
    the first instruction that cannot be translated, or an address in ``avoid``."""
    out: list[Decoded] = []
    addr = pc
    while len(out) < MAX_BLOCK:
        if out and addr in avoid:
            break
        ins = decode_at(mem, addr)
        if ins is None:
            break
        out.append(ins)
        if ins.opcode.flow is not Flow.NEXT:
            break
        addr = ins.next_address
        if addr == pc:
            break
    return out
