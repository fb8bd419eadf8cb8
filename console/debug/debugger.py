"""What a debugger shows and does, without a window: shared by ``b32 monitor``, the window's
debugger panel (F6) and ``b32 run --trace``.

Everything here reads the machine without disturbing it: ``peek`` never pops the key queue
or advances RANDOM, so looking at memory cannot change what the cart sees. Instructions are
formatted and assembled by the machine (``Machine.disassemble``, ``Machine.assemble``): there
is one formatter and one encoder per machine, and this module only arranges their output. It
holds the machine through ``console.machines.base.Machine`` only.

The trace format (one line per executed instruction, registers and flags *after* it)::

    $1003  0F        INCA            A=42 B=00 X=A000 Y=0000 S=0000 CF=01 F=00

``$`` and the address (4 hex digits), two spaces, the instruction's bytes in hex padded to 8
characters, two spaces, the instruction as the disassembler writes it padded to 14 characters
(longer ones push the rest right, always followed by two spaces), then the machine's traced
registers in hex, as wide as the register: for B32 A, B (2 digits), X, Y, S (4 digits), CF and
F (2 digits). D is A:B and is not repeated.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from console.machines.base import AssembleError, Executed, Machine, Register, Stop, stop_note
from console.machines.source.expressions import Undefined, evaluate, parse_text
from console.machines.source.lexer import SourceError
from console.machines.symbols import SymbolFileError, read_symbols

DEFAULT_TRACE_LIMIT = 100_000


class DebugError(Exception):
    """Something a person asked for that cannot be done; the message is one line for them."""


# ---- symbols -------------------------------------------------------------------------------------


class Symbols:
    """Names and their values, both ways: ``address_of("loop")`` and ``name_at(0x1005)``."""

    def __init__(self, names: dict[str, int] | None = None, mask: int = 0xFFFF) -> None:
        self.mask = mask  # addresses of the machine the names are for
        self.values: dict[str, int] = {}
        self.by_address: dict[int, list[str]] = {}
        self.texts: dict[tuple[int, bytes], str] = {}  # instruction_text's memo
        for name, value in sorted((names or {}).items()):
            self.add(name, value)

    def add(self, name: str, value: int) -> None:
        upper = name.upper()
        self.values[upper] = value
        self.by_address.setdefault(value & self.mask, []).append(upper)
        self.texts.clear()

    def __len__(self) -> int:
        return len(self.values)

    def __bool__(self) -> bool:
        return bool(self.values)

    def address_of(self, name: str) -> int | None:
        value = self.values.get(name.upper())
        return None if value is None else value & self.mask

    def name_at(self, address: int) -> str | None:
        names = self.by_address.get(address & self.mask)
        return names[0] if names else None

    def describe(self, address: int, reach: int = 256) -> str:
        """``LOOP`` or ``LOOP+3`` (the nearest name at or below, within ``reach``), else ''."""
        best = None
        for value, names in self.by_address.items():
            if value <= address and address - value < reach and (best is None or value > best[0]):
                best = (value, names[0])
        if best is None:
            return ""
        offset = address - best[0]
        return best[1] if offset == 0 else f"{best[1]}+{offset}"

    def as_dict(self) -> dict[str, int]:
        return dict(self.values)


def symbols_beside(cart_path: str | Path) -> Path | None:
    """``CART.sym`` next to ``CART.b32`` (what ``b32 asm CART.asm --symbols CART.sym`` writes),
    when it exists."""
    try:
        path = Path(cart_path).with_suffix(".sym")
    except ValueError:  # no file name to put .sym on ("", "/")
        return None
    return path if path.is_file() else None


def load_symbols(machine: Machine, cart_path: str | Path | None,
                 symbols_path: str | Path | None = None) -> Symbols:
    """The symbols for a cart: ``symbols_path`` when given, else for source the names the
    machine's assembler defines now (a ``.sym`` beside the source may be older than it), else
    ``CART.sym`` beside the cart, else none.
    Raises FileNotFoundError when ``symbols_path`` is missing, DebugError with a one-line
    reason when a symbols file cannot be read or is malformed."""
    path = Path(symbols_path) if symbols_path else None
    mask = address_mask(machine)
    if path is None and cart_path is not None:
        names = machine.source_symbols(cart_path)
        if names:
            return Symbols(names, mask)
        path = symbols_beside(cart_path)
    if path is None:
        return Symbols(mask=mask)
    try:
        return Symbols(read_symbols(path), mask)
    except SymbolFileError as err:
        raise DebugError(str(err)) from None


# ---- reading the machine without side effects ----------------------------------------------------


def address_mask(machine: Machine) -> int:
    """The mask that keeps an address inside the machine's memory ($FFFF for B32)."""
    return machine.memory_size - 1


def hex_address(machine: Machine | None, address: int) -> str:
    """``$1005`` (B32) or ``$00006D`` (LBVM): as many digits as the machine's addresses."""
    digits = machine.address_digits if machine is not None else 4
    return f"${address:0{digits}X}"


def peek_bytes(machine: Machine, address: int, count: int) -> bytes:
    """``count`` bytes from ``address`` without side effects (``Machine.peek``)."""
    return bytes(machine.peek(address + i) for i in range(count))


# ---- numbers and addresses as a person types them -----------------------------------------------

_HEX = re.compile(r"\b0[xX]([0-9A-Fa-f]+)")  # 0x1F, read as $1F


def parse_value(text: str, symbols: Symbols | None = None, machine: Machine | None = None) -> int:
    """A number as typed: ``$1F``, ``0x1F``, ``%1010``, ``31``, ``'A'`` (code page 437), a
    symbol, a register name (PC, A, B, D, X, Y, S; a symbol of the same name wins), one of the
    machine's predefined names (SCREEN, KEY, BORDER...), or an expression of those as the
    assembler reads it (``LOOP+3``, ``X-$10``, ``SCREEN+160*2``). Raises DebugError."""
    text = text.strip()
    if not text:
        raise DebugError("expected a number or a name")
    source = _HEX.sub(r"$\1", text)
    try:
        expr = parse_text(source)
    except SourceError as err:
        if err.message == "division by zero":
            raise DebugError(err.message) from None
        if err.message.startswith("character"):
            at = err.col - 2
            raise DebugError(f"{source[at : at + 3]} is not a code page 437 character") from None
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise DebugError(f"cannot read {shown!r} as a number or a name") from None
    try:
        return evaluate(expr, lambda name: _name_value(name, symbols, machine))
    except Undefined as err:
        start = err.ref.col - 1
        raise DebugError(f"unknown name {source[start : start + len(err.ref.name)]!r}") from None
    except SourceError as err:  # division by zero
        raise DebugError(err.message) from None


def _name_value(name: str, symbols: Symbols | None, machine: Machine | None) -> int | None:
    """A symbol's value, else a register's, else a predefined name's; None when none."""
    if symbols is not None and name in symbols.values:
        return symbols.values[name]
    if machine is not None:
        if name in {r.name for r in value_registers(machine)}:
            return machine.get_register(name)
        return machine.PREDEFINED.get(name)
    return None


def parse_address(text: str, symbols: Symbols | None = None,
                  machine: Machine | None = None) -> int:
    """An address ($0000-$FFFF on B32) as typed (see ``parse_value``); raises DebugError."""
    value = parse_value(text, symbols, machine)
    mask = address_mask(machine) if machine is not None else 0xFFFF
    if not -(mask + 1) // 2 <= value <= mask:
        raise DebugError(f"{text} (${value:X}) is not an address "
                         f"({hex_address(machine, 0)}-{hex_address(machine, mask)})")
    return value & mask


def address_label(address: int, symbols: Symbols | None, machine: Machine | None = None) -> str:
    """``$1005 (LOOP)`` or ``$1005``."""
    name = symbols.describe(address) if symbols else ""
    text = hex_address(machine, address)
    return f"{text} ({name})" if name else text


# ---- registers and flags -------------------------------------------------------------------------


def value_registers(machine: Machine) -> list[Register]:
    """The registers that hold values (not flag bytes), the program counter first."""
    return sorted((r for r in machine.REGISTERS if not r.flags), key=lambda r: not r.counter)


def flag_names(value: int, names) -> str:
    words = [name for bit, name in names if value & bit]
    return " ".join(words) if words else "-"


def flag_texts(machine: Machine) -> list[str]:
    """Each flag byte spelled out: ``CF $0A = NE GT``, ``F  $03 = OF C``."""
    return [f"{r.name:<2} ${machine.get_register(r.name):0{r.digits}X} = "
            f"{flag_names(machine.get_register(r.name), r.flags)}"
            for r in machine.REGISTERS if r.flags]


def register_cells(machine: Machine) -> list[str]:
    """``PC=$1005``, ``A=$41`` ...: every value register."""
    return [f"{r.name}=${machine.get_register(r.name):0{r.digits}X}"
            for r in value_registers(machine)]


def register_line(machine: Machine) -> str:
    """``PC=$1005 A=$41 B=$00 D=$4100 X=$A000 Y=$0000 S=$FFFE``"""
    return " ".join(register_cells(machine))


def stack_text(machine: Machine, count: int = 4) -> str:
    words = machine.stack(count)
    if not words:
        return "stack empty"
    digits = next(r.digits for r in machine.REGISTERS if r.counter)
    return (f"stack {hex_address(machine, words[0][0])}: "
            + " ".join(f"${w:0{digits}X}" for _, w in words))


def state_lines(machine: Machine) -> list[str]:
    """Registers, the flag bytes spelled out, the stack top, and whether the CPU stopped."""
    lines = [register_line(machine), "   ".join(flag_texts(machine)), stack_text(machine)]
    if machine.halted:
        lines.append(stop_note(machine))
    return lines


def parse_register_value(machine: Machine, name: str, value: int) -> tuple[str, int]:
    """(upper-case name, value) checked against the register's width; raises DebugError."""
    upper = name.upper()
    register = next((r for r in machine.REGISTERS if r.name == upper), None)
    if register is None:
        names = " ".join(r.name for r in machine.REGISTERS)
        raise DebugError(f"no register {name!r}; registers are {names}")
    width = register.bits
    if not -(1 << (width - 1)) <= value < 1 << width:
        raise DebugError(f"{upper} is {width} bits: {value} does not fit")
    return upper, value & register.mask


def set_register(machine: Machine, name: str, value: int) -> None:
    """Set a register by name; raises DebugError for a bad name or value. Setting PC on a
    halted machine lets it run again."""
    machine.set_register(*parse_register_value(machine, name, value))


# ---- disassembly ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CodeRow:
    """One disassembled line as a debugger shows it."""

    address: int
    data: bytes
    text: str
    labels: tuple[str, ...] = ()
    is_pc: bool = False
    is_break: bool = False
    is_code: bool = True
    digits: int = 4  # hex digits of the address
    width: int = 8  # room for the bytes of the machine's longest instruction

    @property
    def hex(self) -> str:
        if not self.is_code and len(self.data) > 1:  # a DS run of zero bytes
            return f"00 x{len(self.data)}"
        return self.data.hex(" ").upper()

    def format(self, bytes_width: int = 8) -> str:
        """``>*$1005  0F        INCA``: ``>`` marks PC, ``*`` a breakpoint."""
        mark = (">" if self.is_pc else " ") + ("*" if self.is_break else " ")
        width = max(bytes_width, self.width)
        return f"{mark}${self.address:0{self.digits}X}  {self.hex:<{width}}  {self.text}"


def _decode(machine: Machine, start: int, end: int, symbols: Symbols | None):
    """Disassembler lines for [start, end) without crossing $FFFF; no automatic labels."""
    end = min(end, machine.memory_size)
    if end <= start:
        return []
    data = peek_bytes(machine, start, end - start)
    return machine.disassemble(data, start, symbols.as_dict() if symbols else None)


def _rows(machine: Machine, lines, symbols: Symbols | None) -> list[CodeRow]:
    pc, breaks = machine.pc, machine.breakpoints
    return [CodeRow(line.address, line.data, line.text, line.labels,
                    line.address == pc, line.address in breaks, line.is_code,
                    machine.address_digits, 3 * machine.max_instruction - 1) for line in lines]


def disassemble_range(machine: Machine, start: int, count: int,
                      symbols: Symbols | None = None) -> list[CodeRow]:
    """``count`` instructions (or data bytes) from ``start``."""
    start &= address_mask(machine)
    lines = _decode(machine, start, start + machine.max_instruction * count, symbols)
    return _rows(machine, lines[:count], symbols)


def disassemble_around(machine: Machine, before: int = 4, after: int = 6,
                       symbols: Symbols | None = None,
                       address: int | None = None) -> list[CodeRow]:
    """The instructions around PC (or ``address``): ``before`` lines leading up to it, the one
    there, and ``after`` following.

    Decoding backwards is ambiguous, so the lines before are chosen from every start that
    decodes up to exactly PC: the one with the fewest bytes that are no instruction, then the
    longest. The line at PC always starts at PC, whatever the bytes before it hold."""
    pc = machine.pc if address is None else address & address_mask(machine)
    longest = machine.max_instruction
    lead: list = []
    if before > 0 and pc > 0:
        best = None
        for start in range(max(0, pc - longest * before), pc):
            lines = _decode(machine, start, pc, symbols)
            junk = sum(1 for line in lines if not line.is_code)
            key = (junk, -min(len(lines), before))
            if best is None or key < best[0]:
                best = (key, lines)
        lead = best[1][-before:] if best else []
    rest = _decode(machine, pc, pc + longest * (after + 1), symbols)[: after + 1]
    return _rows(machine, lead + rest, symbols)


_PLAIN_TEXTS: dict[tuple[int, bytes], str] = {}
_TEXT_CACHE_LIMIT = 65536


def instruction_text(machine: Machine, decoded: Executed, symbols: Symbols | None = None) -> str:
    """The disassembler's text for one instruction that ran (memoised per symbol table: traces
    call this for every instruction)."""
    cache = symbols.texts if symbols else _PLAIN_TEXTS
    key = (decoded.address, decoded.raw)
    text = cache.get(key)
    if text is None:
        if len(cache) >= _TEXT_CACHE_LIMIT:
            cache.clear()
        line = machine.disassemble(decoded.raw, decoded.address,
                                   symbols.as_dict() if symbols else None)[0]
        text = cache[key] = line.text
    return text


# ---- memory ----------------------------------------------------------------------------------


def cp437_char(byte: int, glyphs: bool = False) -> str:
    """A byte as a code page 437 character. With ``glyphs`` (drawn in the console's own font)
    every byte but 0 is its glyph; for plain text the control codes and 0 become '.'."""
    if byte == 0 or (not glyphs and (byte < 0x20 or byte == 0x7F)):
        return "."
    return bytes([byte]).decode("cp437")


def memory_rows(machine: Machine, start: int, rows: int = 4, width: int = 16,
                glyphs: bool = False) -> list[str]:
    """``$A000  41 07 42 07 ...  A.B.`` rows: address, bytes in hex, code page 437."""
    out = []
    for row in range(rows):
        address = (start + row * width) & address_mask(machine)
        data = peek_bytes(machine, address, width)
        text = "".join(cp437_char(b, glyphs) for b in data)
        out.append(f"{hex_address(machine, address)}  {data.hex(' ').upper()}  {text}")
    return out


# ---- assembling one instruction ------------------------------------------------------------------


def assemble_one(machine: Machine, address: int, source: str,
                 symbols: Symbols | None = None) -> bytes:
    """Assemble one statement at ``address`` into memory; returns the bytes written. Names from
    ``symbols`` may be used. Raises DebugError with the assembler's message."""
    address &= address_mask(machine)
    statement = source.strip()
    if not statement:
        raise DebugError("nothing to assemble")
    try:
        data = machine.assemble(address, statement, symbols.values if symbols else {})
    except AssembleError as err:
        raise DebugError(str(err)) from None
    machine.poke(address, data)
    return data


# ---- breakpoints ---------------------------------------------------------------------------------


def toggle_breakpoint(machine: Machine, address: int) -> bool:
    """Set a breakpoint at ``address``, or clear the one there; True when it is now set."""
    if address in machine.breakpoints:
        machine.remove_breakpoint(address)
        return False
    machine.add_breakpoint(address)
    return True


def clear_breakpoints(machine: Machine) -> None:
    for address in sorted(machine.breakpoints):
        machine.remove_breakpoint(address)


def step(machine: Machine) -> tuple[Executed | None, Stop]:
    """Run one instruction outside the frame clock. Returns (the instruction that ran, or None,
    and the CPU's reason: "budget" after an ordinary instruction, "wait", "end", "fault",
    "halted"). A trace observer on the machine sees the instruction too."""
    result = machine.step()
    ran = result.reason not in (Stop.FAULT, Stop.HALTED)
    decoded = machine.last if ran else None
    if decoded is not None and machine.observer is not None:
        machine.observer(decoded)
    return decoded, result.reason


# ---- traces --------------------------------------------------------------------------------------


def trace_line(machine: Machine, decoded: Executed, symbols: Symbols | None = None) -> str:
    """One trace line: the instruction that ran and the registers after it (see the module's
    docstring for the format)."""
    registers = " ".join(f"{r.name}={machine.get_register(r.name):0{r.digits}X}"
                         for r in machine.REGISTERS if r.traced)
    width = 3 * machine.max_instruction - 1
    return (f"{hex_address(machine, decoded.address)}  {decoded.raw.hex(' ').upper():<{width}}  "
            f"{instruction_text(machine, decoded, symbols):<14}  {registers}")


class TraceWriter:
    """The machine's observer for ``--trace``: writes a line per instruction to ``stream``.

    After ``limit`` lines it writes one last line saying the trace was cut short and takes
    itself off the machine, so the rest of the run is back on the fast path. Lines go straight
    to the stream (whose own buffer is bounded); nothing is kept here."""

    def __init__(self, machine: Machine, stream: TextIO, limit: int = DEFAULT_TRACE_LIMIT,
                 symbols: Symbols | None = None) -> None:
        if limit < 1:
            raise ValueError("the trace limit must be at least 1")
        self.machine = machine
        self.stream = stream
        self.limit = limit
        self.symbols = symbols
        self.lines = 0
        self.truncated = False

    def attach(self) -> TraceWriter:
        self.machine.observer = self
        return self

    def __call__(self, decoded: Executed) -> None:
        if self.truncated:
            return
        if self.lines >= self.limit:
            self.truncated = True
            self.stream.write(f"; trace truncated after {self.limit} lines (--trace-limit)\n")
            if self.machine.observer is self:
                self.machine.observer = None
            return
        self.lines += 1
        self.stream.write(trace_line(self.machine, decoded, self.symbols) + "\n")

    def close(self) -> None:
        """Detach from the machine; flush the stream, and close it unless it is stdout."""
        if self.machine.observer is self:
            self.machine.observer = None
        if self.stream is sys.stdout:
            self.stream.flush()
        else:
            self.stream.close()


def open_trace(machine: Machine, target: str | None, limit: int = DEFAULT_TRACE_LIMIT,
               symbols: Symbols | None = None) -> TraceWriter | None:
    """A TraceWriter on ``machine`` writing to the file ``target`` ("-": standard output), or
    None when ``target`` is None. Raises OSError when the file cannot be created."""
    if target is None:
        return None
    stream = sys.stdout if target == "-" else open(target, "w", encoding="utf-8")
    return TraceWriter(machine, stream, limit, symbols).attach()
