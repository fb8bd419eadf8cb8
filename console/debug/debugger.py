"""What a debugger shows and does, without a window: shared by ``b32 monitor``, the window's
debugger panel (F6) and ``b32 run --trace``.

Everything here reads the machine without disturbing it: ``peek`` never pops the key queue
or advances RANDOM, so looking at memory cannot change what the cart sees. Instructions are
formatted by ``console.machines.b32.disasm`` and assembled by ``console.machines.b32.asm``: there is one formatter and one
encoder in the console, and this module only arranges their output.

The trace format (one line per executed instruction, registers and flags *after* it)::

    $1003  0F        INCA            A=42 B=00 X=A000 Y=0000 S=0000 CF=01 F=00

``$`` and the address (4 hex digits), two spaces, the instruction's bytes in hex padded to 8
characters, two spaces, the instruction as the disassembler writes it padded to 14 characters
(longer ones push the rest right, always followed by two spaces), then the registers in hex:
A, B (2 digits), X, Y, S (4 digits), CF and F (2 digits). D is A:B and is not repeated.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from console.machines.b32 import memmap as mm
from console.machines.b32.asm import AsmError, SymbolFileError, assemble, read_symbols
from console.machines.b32.disasm import disassemble
from console.machines.b32.jit import Decoded
from console.machines.b32.machine import Machine
from console.machines.base import Stop

DEFAULT_TRACE_LIMIT = 100_000
MAX_INSTRUCTION = 3  # bytes in the longest instruction

# CF bits (HARDWARE.md section 1) and F bits, with the names a person reads
CF_NAMES = ((0x01, "EQ"), (0x02, "NE"), (0x04, "LT"), (0x08, "GT"))
F_NAMES = ((0x01, "OF"), (0x02, "C"))
_REGISTER_WIDTH = {"A": 8, "B": 8, "D": 16, "X": 16, "Y": 16, "S": 16, "PC": 16, "CF": 8, "F": 8}
REGISTER_NAMES = tuple(_REGISTER_WIDTH)
#: the assembler's predefined names, usable wherever an address is typed
PREDEFINED = {"SCREEN": mm.SCREEN, **mm.IO_NAMES}


class DebugError(Exception):
    """Something a person asked for that cannot be done; the message is one line for them."""


# ---- symbols -------------------------------------------------------------------------------------


class Symbols:
    """Names and their values, both ways: ``address_of("loop")`` and ``name_at(0x1005)``."""

    def __init__(self, names: dict[str, int] | None = None) -> None:
        self.values: dict[str, int] = {}
        self.by_address: dict[int, list[str]] = {}
        self.texts: dict[tuple[int, bytes], str] = {}  # instruction_text's memo
        for name, value in sorted((names or {}).items()):
            self.add(name, value)

    def add(self, name: str, value: int) -> None:
        upper = name.upper()
        self.values[upper] = value
        self.by_address.setdefault(value & 0xFFFF, []).append(upper)
        self.texts.clear()

    def __len__(self) -> int:
        return len(self.values)

    def __bool__(self) -> bool:
        return bool(self.values)

    def address_of(self, name: str) -> int | None:
        value = self.values.get(name.upper())
        return None if value is None else value & 0xFFFF

    def name_at(self, address: int) -> str | None:
        names = self.by_address.get(address & 0xFFFF)
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
    path = Path(cart_path).with_suffix(".sym")
    return path if path.is_file() else None


def load_symbols(cart_path: str | Path | None, symbols_path: str | Path | None = None) -> Symbols:
    """The symbols for a cart: ``symbols_path`` when given, else ``CART.sym`` beside the cart,
    else (for ``.asm`` source) the names the assembler defines, else none.
    Raises FileNotFoundError when ``symbols_path`` is missing, DebugError with a one-line
    reason when a symbols file cannot be read or is malformed."""
    path = Path(symbols_path) if symbols_path else None
    if path is None and cart_path is not None:
        path = symbols_beside(cart_path)
        if path is None and Path(cart_path).suffix.lower() == ".asm":
            from console.machines.b32.asm import assemble_file

            try:
                return Symbols(assemble_file(cart_path).symbols)
            except (OSError, AsmError):
                return Symbols()
    if path is None:
        return Symbols()
    try:
        return Symbols(read_symbols(path))
    except SymbolFileError as err:
        raise DebugError(str(err)) from None


# ---- reading the machine without side effects ----------------------------------------------------


def peek(machine: Machine, address: int) -> int:
    """The byte the CPU would read at ``address``, without side effects: KEY shows the oldest
    queued key without removing it, RANDOM shows 0 (reading it would advance the sequence)."""
    address &= 0xFFFF
    if not mm.IO_START <= address < mm.IO_END:
        return machine.mem[address]
    if address == mm.KEY:
        queue = machine.keyboard.queue
        return queue[0] if queue else 0
    if address == mm.RANDOM:
        return 0
    return machine.bus.io_read(address)


def peek_bytes(machine: Machine, address: int, count: int) -> bytes:
    return bytes(peek(machine, address + i) for i in range(count))


def peek_word(machine: Machine, address: int) -> int:
    return peek(machine, address) | peek(machine, address + 1) << 8


def poke(machine: Machine, address: int, values: bytes) -> None:
    """Write bytes as the CPU would (through the bus: devices see them and translated code
    that held them is thrown away)."""
    for i, value in enumerate(values):
        machine.bus.write(address + i, value)


# ---- numbers and addresses as a person types them -----------------------------------------------

_TERM = re.compile(r"\s*([+-]?)\s*(\$[0-9A-Fa-f]+|0[xX][0-9A-Fa-f]+|%[01]+|\d+|'.'|[A-Za-z_][A-Za-z0-9_]*)\s*")


def parse_value(text: str, symbols: Symbols | None = None, machine: Machine | None = None) -> int:
    """A number as typed: ``$1F``, ``0x1F``, ``%1010``, ``31``, ``'A'`` (code page 437), a
    symbol, a register name (PC, A, B, D, X, Y, S; a symbol of the same name wins), one of the
    assembler's predefined names (SCREEN, KEY, BORDER...), or a sum of those (``LOOP+3``, ``X-$10``). Raises DebugError."""
    pos, total, seen = 0, 0, False
    text = text.strip()
    while pos < len(text):
        match = _TERM.match(text, pos)
        if match is None or (seen and not match.group(1)):
            raise DebugError(f"cannot read {text!r} as a number or a name")
        sign, term = match.groups()
        total += -_term_value(term, symbols, machine) if sign == "-" else _term_value(term, symbols, machine)
        pos, seen = match.end(), True
    if not seen:
        raise DebugError("expected a number or a name")
    return total


def _term_value(term: str, symbols: Symbols | None, machine: Machine | None) -> int:
    if term.startswith("$"):
        return int(term[1:], 16)
    if term[:2].lower() == "0x":
        return int(term[2:], 16)
    if term.startswith("%"):
        return int(term[1:], 2)
    if term.isdigit():
        return int(term)
    if term.startswith("'"):
        try:
            return term[1].encode("cp437")[0]
        except UnicodeEncodeError:
            raise DebugError(f"{term} is not a code page 437 character") from None
    if symbols is not None:
        value = symbols.address_of(term)
        if value is not None:
            return symbols.values[term.upper()]
    if machine is not None and term.upper() in ("PC", "A", "B", "D", "X", "Y", "S"):
        return machine.cpu.registers()[term.upper()]
    if term.upper() in PREDEFINED:
        return PREDEFINED[term.upper()]
    raise DebugError(f"unknown name {term!r}")


def parse_address(text: str, symbols: Symbols | None = None,
                  machine: Machine | None = None) -> int:
    """An address ($0000-$FFFF) as typed (see ``parse_value``); raises DebugError."""
    value = parse_value(text, symbols, machine)
    if not -0x8000 <= value <= 0xFFFF:
        raise DebugError(f"{text} (${value:X}) is not an address ($0000-$FFFF)")
    return value & 0xFFFF


def address_label(address: int, symbols: Symbols | None) -> str:
    """``$1005 (LOOP)`` or ``$1005``."""
    name = symbols.describe(address) if symbols else ""
    return f"${address:04X} ({name})" if name else f"${address:04X}"


# ---- registers and flags -------------------------------------------------------------------------


def flag_names(value: int, names) -> str:
    words = [name for bit, name in names if value & bit]
    return " ".join(words) if words else "-"


def cf_text(cf: int) -> str:
    """``CF $0A = NE GT``"""
    return f"CF ${cf:02X} = {flag_names(cf, CF_NAMES)}"


def f_text(f: int) -> str:
    """``F  $03 = OF C``"""
    return f"F  ${f:02X} = {flag_names(f, F_NAMES)}"


def register_line(machine: Machine) -> str:
    """``PC=$1005 A=$41 B=$00 D=$4100 X=$A000 Y=$0000 S=$FFFE``"""
    c = machine.cpu
    return (f"PC=${c.pc:04X} A=${c.a:02X} B=${c.b:02X} D=${c.d:04X} "
            f"X=${c.x:04X} Y=${c.y:04X} S=${c.s:04X}")


def stack_words(machine: Machine, count: int = 4) -> list[tuple[int, int]]:
    """(address, word) of the ``count`` words at the top of the stack. S = 0 (its reset value)
    is an empty stack: the first push goes to $FFFE."""
    s = machine.cpu.s
    if s == 0:
        return []
    room = (0x10000 - s) // 2
    return [((s + 2 * i) & 0xFFFF, peek_word(machine, s + 2 * i)) for i in range(min(count, room))]


def stack_text(machine: Machine, count: int = 4) -> str:
    words = stack_words(machine, count)
    if not words:
        return "stack empty"
    return f"stack ${words[0][0]:04X}: " + " ".join(f"${w:04X}" for _, w in words)


def state_lines(machine: Machine) -> list[str]:
    """Registers, both flag bytes spelled out, the stack top, and whether the CPU stopped."""
    lines = [register_line(machine), f"{cf_text(machine.cpu.cf)}   {f_text(machine.cpu.f)}",
             stack_text(machine)]
    if machine.fault:
        lines.append(f"fault: {machine.fault}")
    elif machine.halted:
        lines.append("halted (END)")
    return lines


# ---- the sound chip and the beeper --------------------------------------------------------------


def wave_name(wave: int, short: bool = False) -> str:
    """WAVE's name (values above 6 sound as SQUARE); ``short``: three letters (SQU P25 P12 TRI
    SAW NOI SIN)."""
    name = mm.WAVES[wave] if wave < len(mm.WAVES) else mm.WAVES[0]
    if not short:
        return name
    return name[0] + name[-2:] if name[-1].isdigit() else name[:3]


def voice_line(machine: Machine, number: int) -> str:
    """``VOICE0 $AFC0 SQUARE    FREQ   440 VOL 15 TIME  30 DECAY   2 SWEEP  +10 sounding``:
    the registers as they read back, and whether the voice is heard."""
    voice = machine.sound.voices[number]
    sweep = voice.sweep - 256 if voice.sweep & 0x80 else voice.sweep
    state = "sounding" if voice.level else "silent"
    return (f"VOICE{number} ${mm.VOICES + mm.VOICE_SIZE * number:04X} "
            f"{wave_name(voice.wave):<9} FREQ {voice.freq:>5} VOL {voice.vol & 15:>2} "
            f"TIME {voice.time:>3} DECAY {voice.decay:>3} SWEEP {sweep:+4d} {state}")


#: byte $0D as text: the console's font draws it as a note (♪), the panel's "it sounds" mark
SOUNDING_MARK = bytes([0x0D]).decode("cp437")


def voice_brief(machine: Machine, number: int) -> str:
    """``0♪SQU   440 v15 t 30``: a voice in 20 characters (the note mark while it sounds), for
    the panel, which draws the text in the console's font."""
    voice = machine.sound.voices[number]
    mark = SOUNDING_MARK if voice.level else " "
    return (f"{number}{mark}{wave_name(voice.wave, short=True)} {voice.freq:>5} "
            f"v{voice.vol & 15:<2} t{voice.time:>3}")


def beeper_line(machine: Machine) -> str:
    """``beeper TONE   660 VOLUME 15 TONETIME   4 sounding``"""
    beeper = machine.beeper
    state = "sounding" if beeper.current_tone().level else "silent"
    return (f"beeper TONE {beeper.tone:>5} VOLUME {beeper.volume & 15:>2} "
            f"TONETIME {beeper.tone_time:>3} {state}")


def sound_lines(machine: Machine) -> list[str]:
    """The four voices and the beeper, a line each."""
    return [voice_line(machine, n) for n in range(mm.VOICE_COUNT)] + [beeper_line(machine)]


def parse_register_value(name: str, value: int) -> tuple[str, int]:
    """(upper-case name, value) checked against the register's width; raises DebugError."""
    upper = name.upper()
    width = _REGISTER_WIDTH.get(upper)
    if width is None:
        raise DebugError(f"no register {name!r}; registers are {' '.join(REGISTER_NAMES)}")
    low = -(1 << (width - 1))
    if not low <= value < 1 << width:
        raise DebugError(f"{upper} is {width} bits: {value} does not fit")
    return upper, value & ((1 << width) - 1)


def set_register(machine: Machine, name: str, value: int) -> None:
    """Set A, B, D, X, Y, S, PC, CF or F; raises DebugError for a bad name or value. Setting PC
    on a halted CPU lets it run again (py65 and most monitors do the same)."""
    upper, value = parse_register_value(name, value)
    cpu = machine.cpu
    cpu.set_register(upper, value)
    if upper == "PC" and cpu.halted:
        cpu.halted = False
        cpu.fault = None


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

    @property
    def hex(self) -> str:
        if len(self.data) > MAX_INSTRUCTION:  # a DS run of zero bytes
            return f"00 x{len(self.data)}"
        return self.data.hex(" ").upper()

    def format(self, bytes_width: int = 8) -> str:
        """``>*$1005  0F        INCA``: ``>`` marks PC, ``*`` a breakpoint."""
        mark = (">" if self.is_pc else " ") + ("*" if self.is_break else " ")
        return f"{mark}${self.address:04X}  {self.hex:<{bytes_width}}  {self.text}"


def _decode(machine: Machine, start: int, end: int, symbols: Symbols | None):
    """Disassembler lines for [start, end) without crossing $FFFF; no automatic labels."""
    end = min(end, 0x10000)
    if end <= start:
        return []
    data = peek_bytes(machine, start, end - start)
    return disassemble(data, start, symbols.as_dict() if symbols else None, auto_labels=False)


def _rows(machine: Machine, lines, symbols: Symbols | None) -> list[CodeRow]:
    pc, breaks = machine.cpu.pc, machine.cpu.breakpoints
    return [CodeRow(line.address, line.data, line.text, line.labels,
                    line.address == pc, line.address in breaks) for line in lines]


def disassemble_range(machine: Machine, start: int, count: int,
                      symbols: Symbols | None = None) -> list[CodeRow]:
    """``count`` instructions (or data bytes) from ``start``."""
    start &= 0xFFFF
    lines = _decode(machine, start, start + MAX_INSTRUCTION * count, symbols)
    return _rows(machine, lines[:count], symbols)


def disassemble_around(machine: Machine, before: int = 4, after: int = 6,
                       symbols: Symbols | None = None,
                       address: int | None = None) -> list[CodeRow]:
    """The instructions around PC (or ``address``): ``before`` lines leading up to it, the one
    there, and ``after`` following.

    Decoding backwards is ambiguous, so the lines before are chosen from every start that
    decodes up to exactly PC: the one with the fewest bytes that are no instruction, then the
    longest. The line at PC always starts at PC, whatever the bytes before it hold."""
    pc = machine.cpu.pc if address is None else address & 0xFFFF
    lead: list = []
    if before > 0 and pc > 0:
        best = None
        for start in range(max(0, pc - MAX_INSTRUCTION * before), pc):
            lines = _decode(machine, start, pc, symbols)
            junk = sum(1 for line in lines if line.opcode is None)
            key = (junk, -min(len(lines), before))
            if best is None or key < best[0]:
                best = (key, lines)
        lead = best[1][-before:] if best else []
    rest = _decode(machine, pc, pc + MAX_INSTRUCTION * (after + 1), symbols)[: after + 1]
    return _rows(machine, lead + rest, symbols)


_PLAIN_TEXTS: dict[tuple[int, bytes], str] = {}
_TEXT_CACHE_LIMIT = 65536


def instruction_text(decoded: Decoded, symbols: Symbols | None = None) -> str:
    """The disassembler's text for one decoded instruction (memoised per symbol table: traces
    call this for every instruction)."""
    cache = symbols.texts if symbols else _PLAIN_TEXTS
    key = (decoded.address, decoded.raw)
    text = cache.get(key)
    if text is None:
        if len(cache) >= _TEXT_CACHE_LIMIT:
            cache.clear()
        line = disassemble(decoded.raw, decoded.address,
                           symbols.as_dict() if symbols else None, auto_labels=False)[0]
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
        address = (start + row * width) & 0xFFFF
        data = peek_bytes(machine, address, width)
        text = "".join(cp437_char(b, glyphs) for b in data)
        out.append(f"${address:04X}  {data.hex(' ').upper()}  {text}")
    return out


# ---- assembling one instruction ------------------------------------------------------------------


def assemble_one(machine: Machine, address: int, source: str,
                 symbols: Symbols | None = None) -> bytes:
    """Assemble one statement at ``address`` into memory; returns the bytes written. Names from
    ``symbols`` may be used. Raises DebugError with the assembler's message."""
    address &= 0xFFFF
    statement = source.strip()
    if not statement:
        raise DebugError("nothing to assemble")
    words = {word.upper() for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", statement)}
    equates = [f"{name} EQU ${value & 0xFFFF:04X}" for name, value in
               (symbols.values.items() if symbols else ()) if name in words]
    text = "\n".join(equates + [f" ORG ${address:04X}", f" {statement}",
                                f" END ${address:04X}, NOBYTE", ""])
    try:
        cart = assemble(text, "<input>").cart
    except AsmError as err:
        message = err.errors[0] if err.errors else "does not assemble"
        raise DebugError(re.sub(r"^<input>:\d+:(\d+): ", _column, message)) from None
    if cart.load_address != address and cart.data:
        raise DebugError("one instruction only (no ORG)")
    poke(machine, address, cart.data)
    return cart.data


def _column(match: re.Match) -> str:
    return f"column {max(1, int(match.group(1)) - 1)}: "


# ---- breakpoints ---------------------------------------------------------------------------------


def toggle_breakpoint(machine: Machine, address: int) -> bool:
    """Set a breakpoint at ``address``, or clear the one there; True when it is now set."""
    cpu = machine.cpu
    if address in cpu.breakpoints:
        cpu.remove_breakpoint(address)
        return False
    cpu.add_breakpoint(address)
    return True


def step(machine: Machine) -> tuple[Decoded | None, str]:
    """Run one instruction outside the frame clock. Returns (the instruction that ran, or None,
    and the CPU's reason: "budget" after an ordinary instruction, "wait", "end", "fault",
    "halted"). A trace observer on the machine sees the instruction too."""
    result = machine.step()
    ran = result.reason not in (Stop.FAULT, Stop.HALTED)
    decoded = machine.cpu.last if ran else None
    if decoded is not None and machine.observer is not None:
        machine.observer(decoded)
    return decoded, result.reason


# ---- traces --------------------------------------------------------------------------------------


def trace_line(decoded: Decoded, cpu, symbols: Symbols | None = None) -> str:
    """One trace line: the instruction that ran and the registers after it (see the module's
    docstring for the format)."""
    return (f"${decoded.address:04X}  {decoded.raw.hex(' ').upper():<8}  "
            f"{instruction_text(decoded, symbols):<14}  "
            f"A={cpu.a:02X} B={cpu.b:02X} X={cpu.x:04X} Y={cpu.y:04X} S={cpu.s:04X} "
            f"CF={cpu.cf:02X} F={cpu.f:02X}")


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

    def __call__(self, decoded: Decoded) -> None:
        if self.truncated:
            return
        if self.lines >= self.limit:
            self.truncated = True
            self.stream.write(f"; trace truncated after {self.limit} lines (--trace-limit)\n")
            if self.machine.observer is self:
                self.machine.observer = None
            return
        self.lines += 1
        self.stream.write(trace_line(decoded, self.machine.cpu, self.symbols) + "\n")

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
