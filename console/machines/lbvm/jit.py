"""Translate LBVM machine code into Python functions, from the effects in
``console.machines.lbvm.isa``.

A *block* is the path the code takes from one address (a ``Trace``): it follows CALLs, constant
jumps (``lbSET IP, w``) and a ``lbPOP IP`` that returns to a CALL made in the same block, leaves
by a side exit where a JZ / JNZ is taken, and ends at a computed jump (an instruction writing IP
from a register), before an instruction that cannot run (the program's end, an unknown opcode,
a bad register), or after 64 instructions. A path that comes back to its start becomes a
``while`` loop. The registers live in local variables and every operand is a constant. Every
function has the signature ``fn(cpu, cycles, budget) -> int``:

* a value >= 0 is the frame's cycle count after the block ran; ``cpu.r[9]`` (IP) holds the
  next address;
* ``NEED_STEP`` (-1): the block was not entered because its last instruction would start at or
  past the budget; the caller steps one instruction at a time instead (LBVM.md section 4);
* ``STOPPED`` (-2): an instruction faulted (a memory access outside 1 MiB); ``cpu.fault``
  says why and ``cpu.cycles`` holds the frame's cycle count.

The same generator makes the one-instruction functions the CPU steps with, so every
instruction has exactly one implementation: the table's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from console.machines.base import Stop
from console.machines.lbvm.isa import (
    DECODE,
    IP,
    MASK,
    MEMORY_SIZE,
    REGISTER_COUNT,
    REGISTER_OPERANDS,
    SP,
    Flow,
    Form,
    Opcode,
    compare,
    s16,
)

NEED_STEP = -1
STOPPED = -2
MAX_BLOCK = 64

_LAST_CELL = MEMORY_SIZE - 4  # the highest address a 4-byte stack cell may start at
_OPERAND = re.compile(r"\b[ABWM]\b")
_HELPER = re.compile(r"(LOAD8|STORE8|PUSH|POP|OUT)\(")
# How a block keeps the flags: ZF in the local ``zf`` (a bool after a COMPARE) for its
# branches, and the last COMPARE's operands in ``ca``, ``cb`` (``ca`` None: none yet), from
# which every exit stores ZF, CF and OF with ``isa.compare``: a loop pays for CF and OF once.
_FLAGS = ("zf", "cf", "of")


@dataclass
class Decoded:
    """One instruction as fetched: where it is, its table row and its operands."""

    address: int
    opcode: Opcode
    raw: bytes
    a: int = 0
    b: int = 0
    word: int = 0

    @property
    def next_address(self) -> int:
        return (self.address + self.opcode.length) & MASK

    @property
    def target(self) -> int:
        """Where a JZ, JNZ or CALL goes."""
        return (self.next_address + s16(self.word)) & MASK

    @property
    def cycles(self) -> int:
        return self.opcode.cycles

    @property
    def jumps(self) -> bool:
        """True when it writes IP (a jump through a register, a constant or the stack)."""
        return self.opcode.writes_a and self.a == IP


def decode_at(mem, pc: int, length: int) -> Decoded | tuple[Stop, str]:
    """The instruction at ``pc`` of a program of ``length`` bytes, or (END or FAULT, why) when
    none can run there, checked in LBVM.md section 4's order."""
    if pc >= length:
        return Stop.END, f"ran off the program at ${pc:06X}"
    opcode = DECODE[mem[pc]]
    if opcode is None:
        return Stop.END, f"unknown opcode ${mem[pc]:02X} at ${pc:06X}"
    end = pc + opcode.length
    if end > len(mem):  # operand bytes past the end of memory (of the bytes given)
        return Stop.FAULT, f"address ${len(mem):06X} outside memory at ${pc:06X}"
    raw = bytes(mem[pc:end])
    for register in raw[1 : 1 + REGISTER_OPERANDS[opcode.form]]:
        if register >= REGISTER_COUNT:
            return Stop.FAULT, f"bad register ${register:02X} at ${pc:06X}"
    form = opcode.form
    if form is Form.REG_REG:
        return Decoded(pc, opcode, raw, raw[1], raw[2])
    if form is Form.REG_WORD:
        return Decoded(pc, opcode, raw, raw[1], word=raw[2] | raw[3] << 8)
    if form is Form.REL:
        return Decoded(pc, opcode, raw, word=raw[1] | raw[2] << 8)
    return Decoded(pc, opcode, raw, raw[1])


# ---- traces ------------------------------------------------------------------------------------


@dataclass
class Trace:
    """The instructions a block runs, in order along its path; ``end_address`` is where the
    path goes on after the last (None when that one jumps through a register or the stack);
    ``returns`` maps the index of a ``lbPOP IP`` to the address its CALL pushed."""

    start: int
    instructions: list[Decoded]
    end_address: int | None
    returns: dict[int, int] = field(default_factory=dict)

    @classmethod
    def single(cls, ins: Decoded) -> Trace:
        return cls(ins.address, [ins], _follow(ins))

    def live(self, live: set[int]) -> frozenset[int]:
        """The addresses in ``live`` of instructions here that will read their word operand
        at run time."""
        return frozenset(ins.address for ins in self.instructions
                         if ins.address in live and can_go_live(ins))

    def covers(self, live: frozenset[int] = frozenset()) -> set[int]:
        """Every address holding a byte the translation bakes in: all bytes of the
        instructions, except the word operands of those in ``live``."""
        return {ins.address + i for ins in self.instructions
                for i in range(2 if ins.address in live else ins.opcode.length)}

    def baked_operands(self, live: frozenset[int] = frozenset()) -> dict[int, int]:
        """Word operand byte -> instruction address, for the instructions that could read
        their word at run time but have it baked in."""
        return {ins.address + i: ins.address for ins in self.instructions
                if ins.address not in live and can_go_live(ins) for i in (2, 3)}


def can_go_live(ins: Decoded) -> bool:
    """An instruction whose word operand is a value (``lbSET r1, 5``, not ``lbSET IP, 5``): a
    store onto that word need not throw its translation away; it reads the word at run time
    from then on."""
    return ins.opcode.form is Form.REG_WORD and not ins.jumps


def _follow(ins: Decoded) -> int | None:
    """Where the path goes after ``ins`` (None: computed at run time)."""
    if ins.opcode.flow is Flow.CALL:
        return ins.target
    if ins.jumps:
        return ins.word if ins.opcode.form is Form.REG_WORD else None
    return ins.next_address


def scan(mem, pc: int, length: int, avoid) -> Trace | None:
    """The trace of the block at ``pc`` (None when its first instruction cannot run). The path
    stops before an address in ``avoid`` or one it already holds."""
    out: list[Decoded] = []
    calls: list[int] = []
    returns: dict[int, int] = {}
    seen: set[int] = set()
    addr: int | None = pc
    while addr is not None and len(out) < MAX_BLOCK:
        if out and (addr in avoid or addr in seen):
            break
        ins = decode_at(mem, addr, length)
        if not isinstance(ins, Decoded):
            break
        seen.add(addr)
        out.append(ins)
        if ins.opcode.flow is Flow.CALL:
            calls.append(ins.next_address)
        if ins.jumps and ins.opcode.name == "lbPOP" and calls:
            addr = returns[len(out) - 1] = calls.pop()
        else:
            addr = _follow(ins)
    if not out:
        return None
    return Trace(pc, out, addr, returns)


# ---- code generation ---------------------------------------------------------------------------


class _Block:
    """Writes the Python source of one block."""

    def __init__(self, trace: Trace, single: bool, live: frozenset[int] = frozenset()) -> None:
        self.trace = trace
        self.single = single
        self.live = live
        self.lines: list[str] = []
        self.indent = 2  # inside "while True:" (removed when the block does not loop)
        self.read: set[str] = set()
        self.written: set[str] = set()
        self.helpers: set[str] = set()
        self.loop = False
        self.compares = any(i.opcode.effect and i.opcode.effect.startswith("COMPARE(")
                            for i in trace.instructions)
        self.prefix = 0  # cycles of the instructions before the current one

    def out(self, line: str) -> None:
        self.lines.append("    " * self.indent + line)

    # ---- registers ----------------------------------------------------------------------------
    def reg(self, number: int, ins: Decoded) -> str:
        """A register operand read: its local, or (IP) the instruction's address."""
        if number == IP:
            return str(ins.address)
        self.read.add(f"r{number}")
        return f"r{number}"

    def operands(self, text: str, ins: Decoded) -> str:
        values = {"A": lambda: self.reg(ins.a, ins), "B": lambda: self.reg(ins.b, ins),
                  "W": lambda: self.word(ins), "M": lambda: str(MASK)}
        text = _OPERAND.sub(lambda m: values[m.group(0)](), text)
        for flag in _FLAGS:
            if re.search(rf"\b{flag}\b", text):
                self.read.add(flag)
        return text

    def word(self, ins: Decoded) -> str:
        """The word operand: its value, or (a live instruction) read from memory now."""
        if ins.address not in self.live:
            return str(ins.word)
        self.helpers.add("mem")
        return f"(mem[{ins.address + 2}] | mem[{ins.address + 3}] << 8)"

    def store_lines(self) -> list[str]:
        """What every exit runs first: the registers and flags the block changed."""
        lines = ["; ".join(f"R[{n[1:]}] = {n}" for n in sorted(self.written) if n[0] == "r")]
        if self.compares:
            lines.append("if ca is not None: c.zf, c.cf, c.of = compare(ca, cb)")
        return [line for line in lines if line] or ["pass"]

    # ---- exits -------------------------------------------------------------------------------
    def exit(self, pc: str, cycles: str) -> None:
        self.out("__STORE__")
        self.out(f"R[9] = {pc}")
        self.out(f"return {cycles}")

    def fault(self, ins: Decoded, address: str) -> None:
        """The fault branch of a memory access: nothing of the instruction has happened."""
        self.helpers.add("fault")
        self.out("__STORE__")
        self.out(f"R[9] = {ins.address}")
        self.out(f"return fault(c, {address}, {ins.address}, cyc + {self.prefix})")

    def goto(self, target: int, spent: int) -> None:
        if target == self.trace.start and not self.single:
            self.loop = True
            self.out(f"cyc += {spent}")
            self.out(f"if cyc + {self.last_start} < budget: continue")
            self.exit(str(target), "cyc")
        else:
            self.exit(str(target), f"cyc + {spent}")

    def code_write(self, addresses: list[str], ins: Decoded, resume: int) -> None:
        """After a store: leave the block when it landed on translated code."""
        self.helpers.update(("watch", "code_written"))
        self.out(f"if {' or '.join(f'watch[{a}]' for a in addresses)}:")
        self.indent += 1
        for a in addresses:
            self.out(f"code_written({a})")
        self.exit(str(resume), f"cyc + {self.prefix + ins.cycles}")
        self.indent -= 1

    # ---- memory ------------------------------------------------------------------------------
    def check(self, ins: Decoded, address: str, limit: int) -> None:
        self.out(f"if {address} > {limit}:")
        self.indent += 1
        self.fault(ins, address if limit == MEMORY_SIZE - 1 else f"max({address}, {MEMORY_SIZE})")
        self.indent -= 1

    def push(self, ins: Decoded, value_text: str | None, resume: int) -> None:
        """SP := SP - 4; the cell at SP := value (``None``: register A, read after SP moved)."""
        self.read.add("r10")
        self.written.add("r10")
        self.helpers.add("mem")
        self.out(f"t = r10 - 4 & {MASK}")
        self.check(ins, "t", _LAST_CELL)
        self.out("r10 = t")
        value = value_text if value_text is not None else self.reg(ins.a, ins)
        self.out(f"mem[t:t + 4] = ({value}).to_bytes(4, 'little')")
        self.code_write(["t", "t + 1", "t + 2", "t + 3"], ins, resume)

    def effect(self, ins: Decoded) -> None:
        op = ins.opcode
        effect = op.effect or ""
        if effect.startswith("PUSH("):
            self.push(ins, None, ins.next_address)
            return
        if effect.startswith("STORE8("):
            address, value = (self.operands(part, ins) for part in effect[7:-1].split(", "))
            self.helpers.add("mem")
            self.check(ins, address, MEMORY_SIZE - 1)
            self.out(f"mem[{address}] = {value}")
            self.code_write([address], ins, ins.next_address)
            return
        if effect.startswith("OUT("):
            self.helpers.add("out")
            self.out(f"out({self.operands(effect[4:-1], ins)})")
            return
        if effect.startswith("COMPARE("):
            a, b = (self.operands(part, ins) for part in effect[8:-1].split(", "))
            self.compares = True
            self.helpers.add("compare")
            self.out(f"ca = {a}; cb = {b}; zf = ca == cb")
            return
        value = self.operands(effect[4:], ins)
        if value.startswith("LOAD8("):
            address = value[6:-1]
            self.helpers.add("mem")
            self.check(ins, address, MEMORY_SIZE - 1)
            value = f"mem[{address}]"
        elif value == "POP()":
            self.helpers.add("mem")
            self.read.add("r10")
            self.written.add("r10")
            self.check(ins, "r10", _LAST_CELL)
            self.out("t = int.from_bytes(mem[r10:r10 + 4], 'little')")
            value = "t"
            if ins.a != IP:  # r[r] := the cell; SP := SP + 4 (in that order: see DECISIONS)
                self.assign(ins.a, value)
                value = None
            self.out(f"r10 = r10 + 4 & {MASK}")
            if value is None:
                return
        if ins.a == IP:
            self.jump(ins, value)
        else:
            self.assign(ins.a, value)

    def assign(self, number: int, value: str) -> None:
        self.written.add(f"r{number}")
        self.out(f"r{number} = {value}")

    def jump(self, ins: Decoded, value: str) -> None:
        """An instruction that wrote IP: where to go on (constant targets are followed)."""
        index = self.trace.instructions.index(ins)
        spent = self.prefix + ins.cycles
        expected = self.trace.returns.get(index)
        if ins.opcode.form is Form.REG_WORD:
            return  # a constant: the trace goes on at it
        self.out(f"t3 = {value}")
        if expected is None:
            self.exit("t3", f"cyc + {spent}")
            return
        self.out(f"if t3 != {expected}:")
        self.indent += 1
        self.exit("t3", f"cyc + {spent}")
        self.indent -= 1

    def source(self) -> str:
        trace = self.trace
        costs = [i.cycles for i in trace.instructions]
        self.last_start = sum(costs) - costs[-1]
        for i, ins in enumerate(trace.instructions):
            self.prefix = sum(costs[:i])
            op = ins.opcode
            if op.flow is Flow.BRANCH:
                self.read.add("zf")
                self.out(f"if {op.cond}:")
                self.indent += 1
                self.goto(ins.target, self.prefix + op.cycles)
                self.indent -= 1
            elif op.flow is Flow.CALL:
                self.push(ins, str(ins.next_address), ins.target)
            else:
                self.effect(ins)
        if trace.end_address is not None:
            self.goto(trace.end_address, sum(costs))
        return self.assemble_source()

    def assemble_source(self) -> str:
        store = self.store_lines()
        lines = []
        for line in self.lines:
            if line.strip() == "__STORE__":
                indent = line[: len(line) - len(line.lstrip())]
                lines += [indent + part for part in store]
            else:
                lines.append(line)
        helpers = [h for h in ("mem", "watch", "code_written", "out", "fault", "compare")
                   if h in self.helpers]
        head = [f"def block(c, cyc, budget{''.join(f', {h}={h}' for h in helpers)}):"]
        if not self.single:
            head.append(f"    if cyc + {self.last_start} >= budget: return {NEED_STEP}")
        head.append("    R = c.r")
        for name in sorted(self.read | self.written):
            source = f"c.{name}" if name in _FLAGS else f"R[{name[1:]}]"
            head.append(f"    {name} = {source}")
        if self.compares:
            load_zf = "" if "zf" in self.read else "zf = c.zf; "
            head.append(f"    {load_zf}ca = cb = None")
        if self.loop:
            head.append("    while True:")
        else:
            lines = [line[4:] for line in lines]
        return "\n".join(head + lines) + "\n"


def compile_block(cpu, trace: Trace, single: bool = False, live: frozenset[int] = frozenset()):
    """The Python function for ``trace`` (see the module's docstring); the instructions at the
    addresses in ``live`` (from ``Trace.live``) read their word operand at run time."""
    source = _Block(trace, single, live).source()
    namespace = {"mem": cpu.mem, "watch": cpu.watch, "code_written": cpu.code_written,
                 "out": cpu.out, "fault": memory_fault, "compare": compare}
    exec(compile(source, f"<lbvm block ${trace.start:06X}>", "exec"), namespace)
    fn = namespace["block"]
    fn.source = source
    return fn


def memory_fault(cpu, address: int, at: int, cycles: int) -> int:
    """Stop ``cpu`` on an access at ``address`` outside memory by the instruction at ``at``."""
    cpu.fault = f"address ${address:06X} outside memory at ${at:06X}"
    cpu.halted = True
    cpu.stop = Stop.FAULT
    cpu.cycles = cycles
    return STOPPED


__all__ = ["NEED_STEP", "STOPPED", "Decoded", "Trace", "can_go_live", "compile_block", "decode_at",
           "scan", "IP", "SP"]
