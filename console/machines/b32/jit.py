"""Translate B32 machine code into Python functions, from the effects in
``console.machines.b32.isa``.

A *block* is the path the code takes from one address (a ``Trace``): it follows jumps and
subroutine calls, leaves by a side exit where a conditional jump is taken, and ends at a
computed return, WAIT, END, an instruction it cannot translate, or 48 instructions. It becomes
one Python function that keeps the registers in local variables, with every operand a constant;
a path that comes back to its own start becomes a ``while`` loop. Every function has the
signature ``fn(cpu, cycles, budget) -> int``:

* a value >= 0 is the frame's cycle count after the block ran; ``cpu.pc`` holds the next address;
* ``NEED_STEP`` (-1): the block was not entered because its last instruction would start at or
  past the budget (HARDWARE.md section 4), or because its calls' return slot is not plain RAM
  (below); the caller steps one instruction instead;
* ``STOPPED`` (-2): the block ended the frame's slice (WAIT), halted (END) or faulted;
  ``cpu.stop`` says which and ``cpu.cycles`` holds the frame's cycle count.

Self-modifying code: the bytes a block bakes in are flagged in the bus's ``watch``, and a store
onto one throws the block away. An instruction whose *operand* was stored to (a cart patching
the address of an ``LDD`` or the value of an ``ADDD #``) is *live*: its next translation reads
the operand from memory each time it runs, so only its opcode byte stays baked in and further
patches are ordinary stores. Only operands that change no control flow can be live (immediate
and absolute operands of ``Flow.NEXT`` instructions, ``can_go_live``); a jump target or a
register operand is always baked in. A store to a constant address that holds no translated
code when the block is translated is not checked at all: the block is listed under that
address (``unchecked``), and translating code there later throws it away (``CPU._translate``).

Inside a block, a conditional jump forward over at most ``MAX_SKIP`` plain instructions becomes
an ``if`` around them; D is kept in the local ``d`` while it holds A:B. Flags, and A and B split
from ``d``, are computed only where something reads them or the block leaves
(``console.machines.b32.lazy``); a jump on a comparison tests the comparison itself.

A ``JSR`` whose ``RTS`` is in the same block stores the return address and the ``RTS`` checks
the two bytes directly. When every call of a block returns in it and nothing else moves S, all
calls use the same two bytes below S: the block checks on entry that they are plain RAM (else
``NEED_STEP``), keeps S pending inside the callee, and, when the callee stores only to constant
addresses, checks on entry that none of them is the return slot and the ``RTS`` reads nothing.

The same generator makes one-instruction functions for single stepping, so the CPU has exactly
one implementation of every instruction: the table's.
"""

from __future__ import annotations

import ast
import copy
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import lru_cache

from console.machines.b32 import memmap as mm
from console.machines.b32.bus import WATCH_CODE
from console.machines.b32.decoder import Decoded, decode
from console.machines.b32.isa import OPCODES, REGISTER_LIST, REGISTERS, Flow, Form, Opcode
from console.machines.b32.lazy import LazyLocals, assigned, definition, reads
from console.machines.base import Stop

NEED_STEP = -1
STOPPED = -2

MAX_BLOCK = 48  # instructions in one translated block
CODE_CACHE_SIZE = 512  # block versions kept for every machine in the process (about 10 MB)
MAX_SKIP = 8  # plain instructions a forward conditional jump may skip inside a block
_REGISTER_EFFECTS = ("TFR", "PUSH", "POP")  # effects the translator writes itself

# the CPU attributes a block keeps in locals: every register but PC (a block's own business)
# and D (A:B), by their lower-case names
_REGISTER_NAMES = tuple(r.name.lower() for r in REGISTER_LIST if r.name not in ("PC", "D"))


def is_io(addr: int) -> bool:
    return mm.IO_START <= addr < mm.IO_END


_LIVE_FORMS = (Form.IMM8, Form.IMM16, Form.ABS)


def can_go_live(opcode: Opcode) -> bool:
    """True when the instruction can read its operand from memory at run time: the operand
    is a value or a data address, never a jump target or a register."""
    return opcode.flow is Flow.NEXT and opcode.form in _LIVE_FORMS


# D is A:B; effects on D start by computing it and end by splitting it again. While the local
# ``d`` is known to hold A:B, the next effect reuses it instead of computing it again.
_AB = "a << 8 | b"  # D's value from the locals
_D_FROM_AB = "d = a << 8 | b"
_AB_FROM_D_LINES = ["a = d >> 8", "b = d & 255"]
_WRITES_AB = re.compile(r"\b[ab]\s*[&|^+-]?=(?!=)")
_WRITES_D = re.compile(r"\bd\s*[&|^+-]?=(?!=)")
_USES_AB = re.compile(r"\b[ab]\b")


# ---- the effect language, checked ----------------------------------------------------------------
# (described in console.machines.b32.isa's docstring)

_TEMPORARIES = frozenset(("d", "t"))  # set before they are read
_EFFECT_NAMES = frozenset(_REGISTER_NAMES) | _TEMPORARIES | {"n"}
_ADDRESSES = frozenset(("n", "x", "y"))  # what RD and WR take
_ACCESS = {"RD8": 1, "RD16": 1, "WR8": 2, "WR16": 2}  # name -> arguments
_NODES = (ast.Module, ast.Expression, ast.Assign, ast.AugAssign, ast.If, ast.Expr, ast.Name,
          ast.Constant, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.IfExp, ast.Call,
          ast.operator, ast.unaryop, ast.cmpop, ast.boolop, ast.expr_context)


class EffectError(ValueError):
    """An effect or condition of the opcode table that the translator cannot translate."""


def _is_write(stmt: ast.stmt) -> bool:
    return (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Call)
            and isinstance(stmt.value.func, ast.Name) and stmt.value.func.id.startswith("WR"))


def _check_node(node: ast.AST, where: str) -> None:
    if not isinstance(node, _NODES):
        raise EffectError(f"{where}: {type(node).__name__} is not in the effect language")
    if isinstance(node, ast.Constant) and type(node.value) is not int:
        raise EffectError(f"{where}: {node.value!r} is not an integer")
    if isinstance(node, ast.Call):
        name = node.func.id if isinstance(node.func, ast.Name) else ""
        if name not in _ACCESS or len(node.args) != _ACCESS[name] or node.keywords:
            raise EffectError(f"{where}: {ast.unparse(node)} is not RD8(addr), RD16(addr), "
                              "WR8(addr, value) or WR16(addr, value)")
        first = node.args[0]
        if not (isinstance(first, ast.Name) and first.id in _ADDRESSES):
            raise EffectError(f"{where}: {name} takes an address of n, x or y")
    elif isinstance(node, ast.Name) and node.id not in _EFFECT_NAMES and node.id not in _ACCESS:
        raise EffectError(f"{where}: unknown name {node.id!r}")
    elif isinstance(node, ast.Assign) and (
            len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name)):
        raise EffectError(f"{where}: assign to one name at a time")


def _check_flow(body: list[ast.stmt], known: set[str], where: str) -> None:
    """Temporaries are set before they are read (an ``if`` body's settings stay inside it)."""
    for stmt in body:
        reads = [stmt.test] if isinstance(stmt, ast.If) else [
            stmt.value if not isinstance(stmt, ast.AugAssign) else stmt]
        for part in reads:
            for node in ast.walk(part):
                if isinstance(node, ast.Name) and node.id in _TEMPORARIES - known:
                    raise EffectError(f"{where}: reads {node.id} before setting it")
        if isinstance(stmt, ast.If):
            _check_flow(stmt.body, set(known), where)
            _check_flow(stmt.orelse, set(known), where)
        elif isinstance(stmt, (ast.Assign, ast.AugAssign)):
            target = stmt.targets[0] if isinstance(stmt, ast.Assign) else stmt.target
            known.add(target.id)
        elif not _is_write(stmt):
            raise EffectError(f"{where}: {ast.unparse(stmt)} does nothing")


def parse_effect(op: Opcode) -> ast.Module:
    """``op.effect`` parsed and checked; raises EffectError naming the opcode."""
    where = f"{op.mnemonic} ${op.byte:02X} effect {op.effect!r}"
    try:
        tree = ast.parse(op.effect)
    except SyntaxError as err:
        raise EffectError(f"{where}: {err.msg}") from None
    for node in ast.walk(tree):
        _check_node(node, where)
    calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
    accesses = sum(isinstance(node, ast.Name) and node.id in _ACCESS for node in ast.walk(tree))
    if accesses > len(calls):
        raise EffectError(f"{where}: RD and WR are called, never used as values")
    writes = [call for call in calls if call.func.id.startswith("WR")]
    if writes and not (len(tree.body) == 1 and _is_write(tree.body[0])):
        raise EffectError(f"{where}: a write (WR8, WR16) must be the whole effect")
    _check_flow(tree.body, set(), where)
    return tree


def parse_condition(op: Opcode) -> ast.Expression:
    """``op.cond`` parsed and checked: an expression over the registers only."""
    where = f"{op.mnemonic} ${op.byte:02X} condition {op.cond!r}"
    try:
        tree = ast.parse(op.cond, mode="eval")
    except SyntaxError as err:
        raise EffectError(f"{where}: {err.msg}") from None
    for node in ast.walk(tree):
        _check_node(node, where)
        if isinstance(node, ast.Call) or (isinstance(node, ast.Name)
                                          and node.id not in _REGISTER_NAMES):
            raise EffectError(f"{where}: a condition reads registers only")
    return tree


def check_table(opcodes) -> dict[int, ast.Module]:
    """Every effect and condition of ``opcodes`` checked; the parsed effects by opcode byte
    (TFR, PUSH and POP are the translator's own). Raises EffectError naming the opcode."""
    effects = {}
    for op in opcodes:
        if op.cond is not None:
            parse_condition(op)
        if op.effect and op.effect not in _REGISTER_EFFECTS:
            effects[op.byte] = parse_effect(op)
    return effects


@lru_cache(maxsize=1024)
def _names(source: str) -> frozenset[str]:
    """The register names an expression or statement of generated code reads or sets."""
    return frozenset(node.id for node in ast.walk(ast.parse(source))
                     if isinstance(node, ast.Name) and node.id in _REGISTER_NAMES)


def _read_expr(bits: str, addr: str) -> tuple[str, tuple[str, ...]]:
    """The expression reading a byte or word (``bits`` "8" or "16") at ``addr`` (a constant
    or a local), and the helpers it uses."""
    if addr.isdigit():
        k = int(addr)
        parts = [k] if bits == "8" else [k, (k + 1) & 0xFFFF]
        exprs = [f"io_read({p})" if is_io(p) else f"mem[{p}]" for p in parts]
        uses = tuple(name for name in ("mem", "io_read") if any(name in e for e in exprs))
        return (exprs[0] if bits == "8" else f"({exprs[0]} | {exprs[1]} << 8)"), uses
    if bits == "8":
        return (f"(mem[{addr}] if {addr} < {mm.IO_START} or {addr} >= {mm.IO_END} "
                f"else io_read({addr}))"), ("mem", "io_read")
    # a word whose either byte is on the I/O page goes through the bus
    return (f"(mem[{addr}] | mem[{addr} + 1 & 65535] << 8 "
            f"if {addr} < {mm.IO_START - 1} or {addr} >= {mm.IO_END} else rd16({addr}))"), (
        "mem", "io_read", "rd16")


@lru_cache(maxsize=4096)
def _overwritten(lines: tuple[str, ...]) -> tuple[str, ...]:
    """The flags an effect's ``lines`` define (as ``lazy.definition`` keeps pending) before
    anything in them reads them: what was pending for them is dead."""
    out = []
    for flag in ("f", "cf"):
        for line in lines:
            found = None if line.startswith(" ") else definition(line)
            if found is not None and found[0] == flag:
                out.append(flag)
                break
            if flag in reads(line) or line.startswith(" "):
                break
    return tuple(out)


@lru_cache(maxsize=256)
def _effect_registers(byte: int) -> frozenset[str]:
    return frozenset(node.id for node in ast.walk(_EFFECTS[byte])
                     if isinstance(node, ast.Name) and node.id in _REGISTER_NAMES)


# placeholders in a lowered effect for its operand and for reads at the operand's address
_OPERAND = "__operand__"
_READ_AT_OPERAND = {"8": "__read8_operand__", "16": "__read16_operand__"}


@lru_cache(maxsize=512)
def _template(byte: int, part: str) -> tuple[str, frozenset[str]]:
    """The effect of opcode ``byte`` (``part`` "effect"), or the value its write stores
    ("value"), as source with placeholders for its operand and for reads at the operand's
    address, made once per opcode; and the helpers its other reads use."""
    tree = _EFFECTS[byte]
    node = tree if part == "effect" else tree.body[0].value.args[1]
    uses: set[str] = set()

    class Lower(ast.NodeTransformer):
        def visit_Name(self, name: ast.Name) -> ast.AST:
            return ast.Name(_OPERAND, ast.Load()) if name.id == "n" else name

        def visit_Call(self, call: ast.Call) -> ast.AST:
            addr, bits = call.args[0].id, call.func.id[2:]
            if addr == "n":
                return ast.Name(_READ_AT_OPERAND[bits], ast.Load())
            text, used = _read_expr(bits, addr)
            uses.update(used)
            return ast.parse(text, mode="eval").body

    return ast.unparse(Lower().visit(copy.deepcopy(node))), frozenset(uses)


@lru_cache(maxsize=16384)
def _lowered(byte: int, operand: str, part: str) -> tuple[str, frozenset[str]]:
    """The effect of opcode ``byte`` (``part`` "effect"), or the value its write stores
    ("value"), as source with ``operand`` (a value, or the local ``n`` when it is read at run
    time) for ``n`` and memory reads expanded; and the helpers it uses. Filled in from the
    opcode's template: no syntax tree is copied or walked per instruction."""
    text, helpers = _template(byte, part)
    uses = set(helpers)
    for bits, mark in _READ_AT_OPERAND.items():
        if mark in text:
            read, used = _read_expr(bits, operand)
            uses.update(used)
            # every read is an atom; as a whole right-hand side it needs no parentheses
            bare = read[1:-1] if read.startswith("(") else read
            text = "\n".join(line[:-len(mark)] + bare if line.endswith(f" = {mark}")
                             else line.replace(mark, read) for line in text.split("\n"))
    return text.replace(_OPERAND, operand), frozenset(uses)


# ---- code generation -------------------------------------------------------------------------


@dataclass
class _Emitter:
    lines: list[str] = field(default_factory=list)
    indent: int = 1
    lazy: LazyLocals = field(default_factory=LazyLocals)

    def __call__(self, line: str) -> None:
        """Write a statement (or a compound statement's first line), after the pending
        definitions it needs; a definition that stays pending is not written."""
        if not line.startswith(" "):  # an indented line belongs to the statement before it
            before, keep = self.lazy.line(line)
            self.raw(*before)
            if not keep:
                return
        self.raw(line)

    def raw(self, *lines: str) -> None:
        """Write lines as they are."""
        self.lines.extend("    " * self.indent + line for line in lines)


def _statements(lines: list[str]) -> list[list[str]]:
    """``lines`` of unparsed code grouped by statement (an indented line goes with the one
    before it)."""
    out: list[list[str]] = []
    for line in lines:
        if line.startswith(" ") and out:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _moves_s(ins: Decoded) -> bool:
    """True when the instruction changes S (other than a JSR with its RTS)."""
    op = ins.opcode
    if op.effect == "TFR":
        return REGISTERS[ins.operand & 15].name == "S"
    return op.effect in ("PUSH", "POP") or bool(op.effect) and "s" in assigned(op.effect)


def _fixed_slot(trace: Trace, paired: dict[int, int]) -> bool:
    """True when every call in ``trace`` returns in it, none is nested in another or jumps back
    to the start from inside, and nothing else changes S: every call then puts its return
    address in the same two bytes, below S as it was when the block was entered."""
    ins_list = trace.instructions
    calls = [i for i, ins in enumerate(ins_list) if ins.opcode.flow is Flow.CALL]
    returns = [i for i, ins in enumerate(ins_list) if ins.opcode.flow is Flow.RETURN]
    if not calls or sorted(paired.values()) != calls or sorted(paired) != returns:
        return False
    if any(_moves_s(ins) for ins in ins_list):
        return False
    for ret, call in paired.items():
        inside = ins_list[call + 1:ret]
        if any(ins.opcode.flow is Flow.CALL or (ins.opcode.flow is Flow.JUMP
                                                 and ins.operand == trace.start)
               for ins in inside):
            return False
    return True


def _slot_stores(trace: Trace, paired: dict[int, int], live) -> frozenset[int] | None:
    """The addresses the instructions between each JSR and its RTS store to, when every
    store there has a constant address on plain RAM; None otherwise."""
    out: set[int] = set()
    for ret, call in paired.items():
        for ins in trace.instructions[call + 1:ret]:
            tree = _EFFECTS.get(ins.opcode.byte)
            if tree is None or not _is_write(tree.body[0]):
                continue
            call_node = tree.body[0].value
            if call_node.args[0].id != "n" or ins.address in live:
                return None
            size = 2 if call_node.func.id == "WR16" else 1
            addresses = {(ins.operand + i) & 0xFFFF for i in range(size)}
            if any(is_io(addr) for addr in addresses):
                return None
            out |= addresses
    return frozenset(out)


def _reg_value(code: int) -> str:
    name = REGISTERS[code].name
    return "(a << 8 | b)" if name == "D" else name.lower()


def _reg_assign(code: int, value: str, value_bits: int) -> list[str]:
    name, bits = REGISTERS[code].name, REGISTERS[code].bits
    if bits == 8:
        return [f"{name.lower()} = {value}" + (" & 255" if value_bits == 16 else "")]
    if name == "D":
        return [f"t = {value}", "a = t >> 8", "b = t & 255"]
    return [f"{name.lower()} = {value}"]


class _Block:
    """Writes the Python source of one block."""

    def __init__(self, trace: Trace, single: bool, live: frozenset[int] = frozenset(),
                 code_now=None) -> None:
        self.live = trace.live(live)
        # address -> whether translated code holds it now; None: every store is checked
        self.code_now = code_now
        self.covers = trace.covers(self.live)
        self.unchecked: set[int] = set()  # constant addresses stored to without a check
        # RTS index -> index of its JSR, for calls whose stack slot stays put until the RTS
        self.paired = {ret: call for ret, call in trace.calls.items()
                       if not any(_moves_s(ins) for ins in trace.instructions[call + 1:ret])}
        self.fixed_slot = not single and _fixed_slot(trace, self.paired)
        # with a fixed slot: the constant addresses stored to between a JSR and its RTS, when
        # those are all the stores there (None otherwise): then only they can overwrite the
        # return address, and the block checks that once on entry
        self.slot_stores = _slot_stores(trace, self.paired, self.live) if self.fixed_slot else None
        self.start = trace.start
        self.ins = trace.instructions
        self.returns = trace.returns
        self.end_address = trace.end_address
        self.single = single
        self.out = _Emitter()
        self.lazy = self.out.lazy
        self.uses: set[str] = set()
        self.prefix = 0  # cycles of the instructions before the current one
        self.loop = False
        self.resume_at: int | None = None  # where a write to translated code resumes
        self.d_known = False  # the local d holds A:B here (a and b may be pending)

    # registers and helpers are loaded once at entry and stored at every exit
    def _exit(self, pc: str, cycles: str) -> None:
        self.out(f"c.pc = {pc}")
        self.out("return " + cycles)

    def _store(self, pending: bool = True) -> None:
        """The marker for storing the registers before an exit, after the pending definitions
        (on this path only) unless ``pending`` is False."""
        if pending:
            self.out.raw(*self.lazy.on_exit())
        self.out.raw("__STORE__")

    def _store_line(self) -> str:
        regs = [r for r in _REGISTER_NAMES if r in self.uses]
        if not regs:
            return ""
        return "; ".join(f"c.{r} = {r}" for r in regs)

    def _smc_exit(self, ins: Decoded) -> None:
        """Leave the block after a write that landed on translated code."""
        self.out.indent += 1
        self._store()
        resume = ins.next_address if self.resume_at is None else self.resume_at
        self._exit(str(resume), f"cyc + {self.prefix + ins.cycles}")
        self.out.indent -= 1

    def _read(self, bits: str, addr: str) -> str:
        text, uses = _read_expr(bits, addr)
        self.uses.update(uses)
        return text

    def _bytes(self, value: str) -> tuple[str, str, str]:
        """The word, its low and its high byte, for a 16-bit ``value`` (a constant, a local,
        or D from A and B); a longer expression is computed into ``t`` first."""
        if value.isdigit():
            return value, str(int(value) & 255), str(int(value) >> 8)
        if value == _AB:  # D: its bytes are B and A
            return value, "b", "a"
        if not value.isidentifier():
            self.out(f"t = {value}")
            value = "t"
        return value, f"{value} & 255", f"{value} >> 8"

    def _write(self, ins: Decoded, bits: str, addr: str, value: str) -> None:
        self.out.raw(*self.lazy.before(f"{addr} {value}"))  # before the store's branches
        if addr.isdigit():
            self._write_at(ins, bits, int(addr), value)
            return
        out = self.out
        self.uses.update(("mem", "watch", "write"))
        if bits == "8":
            out(f"if watch[{addr}]:")
            out.indent += 1
            out(f"if write({addr}, {value}):")
            self._smc_exit(ins)
            out.indent -= 1
            out("else:")
            out(f"    mem[{addr}] = {value}")
            return
        value, low, high = self._bytes(value)
        out(f"t1 = {addr} + 1 & 65535")
        out(f"if watch[{addr}] or watch[t1]:")
        out.indent += 1
        out(f"if write16({addr}, {value}):")
        self.uses.add("write16")
        self._smc_exit(ins)
        out.indent -= 1
        out("else:")
        out(f"    mem[{addr}] = {low}; mem[t1] = {high}")

    def _write_at(self, ins: Decoded, bits: str, k: int, value: str) -> None:
        """A store to the constant address ``k``."""
        out = self.out
        parts = [k] if bits == "8" else [k, (k + 1) & 0xFFFF]
        values = [value] if bits == "8" else list(self._bytes(value)[1:])
        ram = []
        for p, v in zip(parts, values, strict=True):
            if is_io(p):
                self.uses.add("io_write")
                out(f"io_write({p}, {v})")
            else:
                self.uses.add("mem")
                out(f"mem[{p}] = {v}")
                ram.append(p)
        # an address no translated code holds needs no check: translating code there later
        # drops this block (CPU._translate)
        if self.code_now is not None:
            self.unchecked.update(p for p in ram if not self.code_now(p) and p not in self.covers)
            ram = [p for p in ram if p not in self.unchecked]
        if ram:
            self.uses.update(("watch", "code_written"))
            out(f"if {' or '.join(f'watch[{p}]' for p in ram)}:")
            out.indent += 1
            for p in ram:
                out(f"code_written({p})")
            out.indent -= 1
            self._smc_exit(ins)

    def _effect(self, ins: Decoded) -> None:
        tree = _EFFECTS[ins.opcode.byte]
        self.uses.update(_effect_registers(ins.opcode.byte))
        live = ins.address in self.live
        byte = ins.opcode.byte
        if live:  # the operand as it is in memory now
            self.uses.add("mem")
            first = ins.address + 1 & 0xFFFF
            high = f" | mem[{first + 1 & 0xFFFF}] << 8" if ins.opcode.length == 3 else ""
            self.out(f"n = mem[{first}]{high}")
        operand = "n" if live else str(ins.operand)
        stmt = tree.body[0]
        if _is_write(stmt):
            call = stmt.value
            addr, value = call.args
            addr_text = operand if addr.id == "n" else addr.id
            value_text, uses = _lowered(byte, operand, "value")
            self.uses.update(uses)
            if self.d_known:
                value_text = value_text.replace("a << 8 | b", "d")
            self._write(ins, call.func.id[2:], addr_text, value_text)
            return
        text, uses = _lowered(byte, operand, "effect")
        self.uses.update(uses)
        lines = self._reuse_d(text.splitlines())
        self.lazy.drop(_overwritten(tuple(lines)))
        for stmt in _statements(lines):
            if len(stmt) == 1:
                self.out(stmt[0])
            else:  # a compound statement: what all its lines need comes first
                self.out.raw(*self.lazy.before("\n".join(stmt)), *stmt)

    def _reuse_d(self, lines: list[str]) -> list[str]:
        """An effect's ``lines`` using the local d where it holds A:B; notes whether it does
        after. An effect that ends by splitting d into a and b leaves that to the next use of a
        or b (or an exit: ``_ab``, ``_store``)."""
        computes_d = bool(lines) and lines[0] == _D_FROM_AB
        if self.d_known:
            if computes_d:
                lines = lines[1:]
            lines = [line.replace("a << 8 | b", "d") for line in lines]
        splits = lines[-2:] == _AB_FROM_D_LINES
        text = "\n".join(lines[:-2] if splits else lines)
        if splits:
            if not _USES_AB.search(text):  # A and B are set anew from d: no need for the old
                self.lazy.drop(("a", "b"))
            self.d_known = True
            self.uses.update(("a", "b"))
            return lines
        if _WRITES_AB.search(text):
            self.d_known = False
        elif _WRITES_D.search(text):
            self.d_known = computes_d and len(_WRITES_D.findall(text)) == 1
        return lines

    def _push(self, ins: Decoded, value: str, size: int) -> None:
        self.uses.add("s")
        if size == 1:
            self.out("s = s - 1 & 65535")
            self._write(ins, "8", "s", value)
        elif value.isdigit():
            self.out("s = s - 2 & 65535")
            self._write(ins, "16", "s", value)
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
        if op.effect != "PUSH" and (n & 15) in (0, 1, 2):  # A, B or D (TFR's destination)
            self.d_known = False
        if op.effect == "TFR":
            src, dst = n >> 4, n & 15
            self.uses.update(_names(_reg_value(src)) | _names(_reg_value(dst)))
            if REGISTERS[dst].name == "D":  # d holds the value; a and b follow when needed
                if not _USES_AB.search(_reg_value(src)):
                    self.lazy.drop(("a", "b"))
                out(f"d = {_reg_value(src)}")
                for line in _AB_FROM_D_LINES:
                    out(line)
                self.d_known = True
                self.uses.update(("a", "b"))
                return
            for line in _reg_assign(dst, _reg_value(src), REGISTERS[src].bits):
                out(line)
        elif op.effect == "PUSH":
            self.uses.update(_names(_reg_value(n)))
            self._push(ins, _reg_value(n), REGISTERS[n].bits // 8)
        else:  # POP
            size = REGISTERS[n].bits // 8
            out(f"t2 = {self._pop_expr(size)}")
            out(f"s = s + {size} & 65535")
            self.uses.update(_names(_reg_value(n)))
            for line in _reg_assign(n, "t2", REGISTERS[n].bits):
                out(line)

    def _stop(self, pc: int, cycles: str, stop: str, halt: bool = False) -> None:
        self._store()
        self.out(f"c.pc = {pc}")
        if halt:
            self.out("c.halted = True")
        self.out(f"c.stop = {stop}")
        self.out(f"c.cycles = {cycles}")
        self.out("return -2")

    def _goto(self, target: int, spent: int) -> None:
        """Continue at a static address after ``spent`` cycles of this block: loop when it is
        the block's start, leave the block otherwise. Everything written here is on this path
        only (a side exit's state is not the block's)."""
        out = self.out
        if target == self.start and not self.single:
            self.loop = True
            first, rest = self.lazy.loop_back()
            out.raw(*first, f"cyc += {spent}", "if cyc < limit: continue", *rest)
            self._store(pending=False)
            self._exit(str(target), "cyc")
        else:
            self._store()
            self._exit(str(target), f"cyc + {spent}")

    def _skip_end(self, i: int) -> int | None:
        """When the conditional jump at ``i`` skips forward over at most ``MAX_SKIP`` plain
        instructions that follow it in the trace, the index of the instruction it lands on
        (the jump becomes an ``if`` around them instead of a side exit)."""
        ins_list = self.ins
        target = ins_list[i].operand
        for k in range(i + 1, min(i + 2 + MAX_SKIP, len(ins_list))):
            here = ins_list[k]
            if here.address != ins_list[k - 1].next_address:
                return None
            if here.address == target:
                return k if k > i + 1 else None
            if here.opcode.flow is not Flow.NEXT:
                return None
        return None

    def source(self) -> str:
        ins_list = self.ins
        costs = [i.cycles for i in ins_list]
        # the longest path runs every instruction: the budget checks assume it
        self._last_start = sum(costs) - costs[-1]
        out = self.out
        out.indent = 2  # inside "while True:" (removed again when the block does not loop)
        prefix = 0  # cycles spent along the path so far, not counting skipped bodies
        # (index that ends a skipped body, its cycles, whether d held A:B before it, what the
        # pending definitions were before it: LazyLocals.open_skip)
        skips: list[tuple[int, int, bool, tuple]] = []
        for i, ins in enumerate(ins_list):
            while skips and skips[-1][0] == i:  # the end of a body the jump skipped
                _, body, d_known, pending = skips.pop()
                self._join(body, pending)
                prefix -= body
                self.d_known = self.d_known and d_known
            self.prefix = prefix
            op = ins.opcode
            end = self._skip_end(i) if op.flow is Flow.JUMP and op.cond is not None else None
            if end is not None:
                self.uses.update(_names(op.cond))
                before, test = self.lazy.condition(op.cond)
                out.raw(*before, f"if not ({test}):")
                out.indent += 1
                skips.append((end, sum(costs[i + 1:end]), self.d_known, self.lazy.open_skip()))
            else:
                self._instruction(i, ins, prefix + costs[i])
            prefix += costs[i]
        if self.end_address is not None:
            self._goto(self.end_address, prefix)
        return self._function()

    def _join(self, body: int, before: tuple) -> None:
        """End a skipped body of ``body`` cycles; both paths leave the same values pending."""
        out = self.out
        in_body, skipped = self.lazy.close_skip(before)
        out.raw(*in_body, f"cyc += {body}")
        out.indent -= 1
        if skipped:
            out.raw("else:")
            out.indent += 1
            out.raw(*skipped)
            out.indent -= 1

    def _instruction(self, i: int, ins: Decoded, spent: int) -> None:
        """The code of the ``i``-th instruction; ``spent``: the block's cycles after it."""
        op, out = ins.opcode, self.out
        if op.flow is Flow.NEXT:
            if op.effect in _REGISTER_EFFECTS:
                self._registers(ins)
            elif op.effect:
                self._effect(ins)
        elif op.flow is Flow.JUMP and op.cond is not None:
            # a side exit; the block goes on along the fall-through path
            self.uses.update(_names(op.cond))
            before, test = self.lazy.condition(op.cond)
            out.raw(*before, f"if {test}:")
            out.indent += 1
            self.lazy.assume(taken=True)
            self._goto(ins.operand, spent)
            self.lazy.assume(taken=False)
            out.indent -= 1
        elif op.flow is Flow.CALL:
            self.resume_at = ins.operand
            if i in self.paired.values():
                self._call(i, ins)
            else:
                self._push(ins, str(ins.next_address), 2)
            self.resume_at = None
        elif op.flow is Flow.RETURN:
            if i in self.paired:
                self._paired_return(self.paired[i], self.returns[i], spent)
            else:
                self._return(self.returns.get(i), spent)
        elif op.flow is Flow.WAIT:
            self._stop(ins.next_address, f"cyc + {spent}", "WAIT")
        elif op.flow is Flow.END:
            self._stop(ins.next_address, f"cyc + {spent}", "END", halt=True)

    def _call(self, i: int, ins: Decoded) -> None:
        """JSR whose RTS is in this block: the stack slot must be plain RAM for the path to go
        on (else the bus stores and the block leaves), so the RTS reads it back directly.
        In a block whose calls all use the same slot (``_fixed_slot``), the slot is checked
        once on entry and S stays pending until the RTS."""
        out, ret = self.out, ins.next_address
        self.uses.update(("s", "mem", "watch"))
        if self.fixed_slot:
            out(f"mem[u0] = {ret & 255}; mem[u1] = {ret >> 8}")
            self.lazy.pend("s", "u0")
            return
        self.uses.add("write16")
        out("s = s - 2 & 65535")
        out(f"u{i} = s + 1 & 65535")
        out(f"if watch[s] or watch[u{i}]:")  # code or the I/O page
        out.indent += 1
        out.raw(f"write16(s, {ret})")
        out.indent -= 1
        self._smc_exit(ins)
        out(f"mem[s] = {ret & 255}; mem[u{i}] = {ret >> 8}")

    def _paired_return(self, call: int, expected: int, spent: int) -> None:
        """RTS of the JSR at index ``call``: leave unless the slot still holds ``expected``."""
        out = self.out
        if self.fixed_slot:
            if "s" in self.lazy.pending:
                self.lazy.drop(("s",))  # S is back where it was before the JSR
            else:
                out("s = s + 2 & 65535")
            if self.slot_stores is not None:  # nothing stored over the return address
                return
            out(f"if mem[u0] != {expected & 255} or mem[u1] != {expected >> 8}:")
            out.indent += 1
            out.raw("t3 = mem[u0] | mem[u1] << 8")
            self._store()
            self._exit("t3", f"cyc + {spent}")
            out.indent -= 1
            return
        out(f"if mem[s] != {expected & 255} or mem[u{call}] != {expected >> 8}:")
        out.indent += 1
        out.raw(f"t3 = mem[s] | mem[u{call}] << 8", "s = s + 2 & 65535")
        self._store()
        self._exit("t3", f"cyc + {spent}")
        out.indent -= 1
        out("s = s + 2 & 65535")

    def _return(self, expected: int | None, spent: int) -> None:
        """RTS: leave for the popped address, unless it is the one the block follows."""
        out = self.out
        out(f"t3 = {self._pop_expr(2)}")
        out("s = s + 2 & 65535")
        if expected is not None:
            out(f"if t3 != {expected}:")
            out.indent += 1
        self._store()
        self._exit("t3", f"cyc + {spent}")
        if expected is not None:
            out.indent -= 1

    def _function(self) -> str:
        """The ``def block`` around the lines written: helpers, registers loaded, the loop."""
        store = self._store_line()
        lines = [line.replace("__STORE__", store or "pass") for line in self.out.lines]
        used_helpers = [name for name in _HELPERS if name in self.uses]
        defaults = "".join(f", {name}={name}" for name in used_helpers)
        head = [f"def block(c, cyc, budget{defaults}):"]
        if not self.single:
            head.append(f"    if cyc + {self._last_start} >= budget: return -1")
        for r in _REGISTER_NAMES:
            if r in self.uses:
                head.append(f"    {r} = c.{r}")
        if self.fixed_slot:  # the return slot of every call: plain RAM, or step instead
            head.append("    u0 = s - 2 & 65535; u1 = s - 1 & 65535")
            test = "watch[u0] or watch[u1]"
            if self.slot_stores:
                test += f" or u0 in {set(self.slot_stores)} or u1 in {set(self.slot_stores)}"
            head.append(f"    if {test}: return -1")
        if self.loop:
            head.append(f"    limit = budget - {self._last_start}")
            head.append("    while True:")
        else:
            lines = [line[4:] for line in lines]
        return "\n".join(head + lines) + "\n"


#: the table's effects, checked when the translator is loaded: a malformed one stops it here
_EFFECTS = check_table(OPCODES)

_HELPERS = ("mem", "watch", "io_read", "io_write", "write", "write16", "code_written", "rd16")


class SharedCode:
    """Generated source, compiled code and unchecked stores of blocks, by what they depend on:
    the block's instructions (``Trace.key``) and which of the constant addresses it stores to
    hold code. Every machine in the process shares them: a cart that runs again, a kiosk that
    switches back, self-modifying code that swings between a few shapes translate each shape
    once. A block keeps at most ``SHAPES`` versions; the least recently used blocks leave when
    more than ``limit`` versions are held."""

    SHAPES = 4  # versions of one block kept (which of its store targets held code)

    def __init__(self, limit: int = CODE_CACHE_SIZE) -> None:
        self.limit = limit
        self.blocks: OrderedDict[tuple, list] = OrderedDict()
        self.held = 0  # versions in ``blocks``

    def clear(self) -> None:
        self.blocks.clear()
        self.held = 0

    def code(self, trace: Trace, single: bool, live: frozenset[int], code_now) -> tuple:
        """(source, compiled code, unchecked stores) of the block, made when no kept version
        has the same answers from ``code_now`` (None for a single step: it asks nothing)."""
        key = (trace.key(), single, live)
        versions = self.blocks.get(key)
        if versions is not None:
            self.blocks.move_to_end(key)
            for asked, found in versions:
                if all(bool(code_now(addr)) is answer for addr, answer in asked):
                    return found
        asked: list[tuple[int, bool]] = []

        def ask(addr: int) -> bool:
            answer = bool(code_now(addr))
            asked.append((addr, answer))
            return answer

        block = _Block(trace, single, live, None if code_now is None else ask)
        source = block.source()
        found = (source, compile(source, f"<b32 block ${trace.start:04X}>", "exec"),
                 frozenset(block.unchecked))
        versions = self.blocks.setdefault(key, [])
        versions.insert(0, (tuple(asked), found))
        self.held += 1 - len(versions[self.SHAPES:])
        del versions[self.SHAPES:]
        while self.held > self.limit:
            self.held -= len(self.blocks.popitem(last=False)[1])
        return found


SHARED = SharedCode()


def compile_block(cpu, trace: Trace, single: bool = False, live: frozenset[int] = frozenset()):
    """The Python function for ``trace`` (see the module's docstring); the instructions at
    the addresses in ``live`` read their operands at run time when they can."""
    bus = cpu.bus
    code_now = None if single else (lambda addr: bus.watch[addr] & WATCH_CODE)
    source, code, unchecked = SHARED.code(trace, single, live, code_now)
    namespace = {
        "mem": bus.mem,
        "watch": bus.watch,
        "io_read": bus.io_read,
        "io_write": bus.io_write,
        "write": bus.write,
        "write16": bus.write16,
        "code_written": cpu.code_written,
        "rd16": bus.read16,
        "WAIT": Stop.WAIT,
        "END": Stop.END,
    }
    exec(code, namespace)
    fn = namespace["block"]
    fn.source = source
    fn.unchecked = unchecked
    return fn


def decode_at(mem, pc: int) -> Decoded | None:
    """Decode the instruction at ``pc`` straight from RAM, or None if it cannot be translated
    (undefined opcode, a bad register operand, or bytes on the I/O page)."""
    if is_io(pc):
        return None
    ins = decode(lambda addr: mem[addr & 0xFFFF], pc)
    if isinstance(ins, str) or any(is_io((pc + i) & 0xFFFF) for i in range(1, len(ins.raw))):
        return None
    return ins


@dataclass
class Trace:
    """The instructions a block runs, in order along its path.

    Unconditional jumps and subroutine calls are followed; a conditional jump is a side exit
    and the path goes on where it falls through; a return to a call made in the same block is
    checked and followed. ``end_address`` is where the path continues after its last
    instruction (None when that instruction ends it: a computed return, WAIT or END).
    """

    start: int
    instructions: list[Decoded]
    end_address: int | None
    returns: dict[int, int] = field(default_factory=dict)  # index of an RTS -> expected address
    calls: dict[int, int] = field(default_factory=dict)  # index of such an RTS -> of its JSR

    @classmethod
    def single(cls, ins: Decoded) -> Trace:
        op = ins.opcode
        if op.flow in (Flow.RETURN, Flow.WAIT, Flow.END):
            end = None
        elif op.flow is Flow.CALL or (op.flow is Flow.JUMP and op.cond is None):
            end = ins.operand
        else:
            end = ins.next_address
        return cls(ins.address, [ins], end)

    def key(self) -> tuple:
        """What the translation depends on: where each instruction is, its bytes, where the
        path goes on and which returns it follows."""
        return (self.start, tuple((ins.address, ins.raw) for ins in self.instructions),
                self.end_address, tuple(self.returns.items()))

    def live(self, live: frozenset[int] | set[int]) -> frozenset[int]:
        """The addresses in ``live`` of instructions that will read their operand at run time."""
        return frozenset(ins.address for ins in self.instructions
                         if ins.address in live and can_go_live(ins.opcode))

    def covers(self, live: frozenset[int] = frozenset()) -> set[int]:
        """Every address holding a byte the translation bakes in: all bytes of the
        instructions, except the operand bytes of those in ``live`` (from ``live()``)."""
        return {(ins.address + i) & 0xFFFF for ins in self.instructions
                for i in range(1 if ins.address in live else ins.opcode.length)}

    def baked_operands(self, live: frozenset[int] = frozenset()) -> dict[int, int]:
        """Operand byte address -> instruction address, for the instructions that could read
        their operand at run time but have it baked in."""
        return {(ins.address + i) & 0xFFFF: ins.address for ins in self.instructions
                if ins.address not in live and can_go_live(ins.opcode)
                for i in range(1, ins.opcode.length)}


def scan(mem, pc: int, avoid, limit: int = MAX_BLOCK) -> Trace | None:
    """The trace of the block starting at ``pc`` (at most ``limit`` instructions), or None
    when its first instruction cannot be translated. The path stops before an address in
    ``avoid`` or one it already holds."""
    out: list[Decoded] = []
    returns: dict[int, int] = {}
    calls: list[tuple[int, int]] = []  # (return address, index of the JSR)
    pairs: dict[int, int] = {}
    seen: set[int] = set()
    addr: int | None = pc
    while addr is not None and len(out) < limit:
        if out and (addr in avoid or addr in seen):
            break
        ins = decode_at(mem, addr)
        if ins is None:
            break
        seen.add(addr)
        out.append(ins)
        op = ins.opcode
        if op.flow is Flow.NEXT or (op.flow is Flow.JUMP and op.cond is not None):
            addr = ins.next_address
        elif op.flow is Flow.JUMP:
            addr = ins.operand
        elif op.flow is Flow.CALL:
            calls.append((ins.next_address, len(out) - 1))
            addr = ins.operand
        elif op.flow is Flow.RETURN and calls:
            addr, pairs[len(out) - 1] = calls.pop()
            returns[len(out) - 1] = addr
        else:  # a computed return, WAIT or END
            addr = None
    if not out:
        return None
    return Trace(pc, out, addr, returns, pairs)
