"""What a machine is: the interface the rest of the console (debugger, shell, front end,
commands) holds, whichever machine runs behind it.

A machine runs a frame at a time on a cycle budget and shows a text screen of character cells
(code page 437 bytes with VGA attribute bytes, ``console.machines.screen``), with a border colour
and perhaps a cursor. Each machine lives in its own package under ``console.machines`` and
implements ``Machine``; nothing outside that package reaches past it (no CPU, bus or memory map).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Callable, Protocol, runtime_checkable


class Stop(str, enum.Enum):
    """Why a slice of execution (a frame, a step) ended. A ``str`` so that traces and JSON read
    the plain word."""

    BUDGET = "budget"  # the cycle budget was spent (or the one step ran)
    WAIT = "wait"  # the program ended its frame (B32 WAIT)
    END = "end"  # the program ended (B32 END; LBVM's ending)
    FAULT = "fault"  # the program faulted: ``fault`` says why
    HALTED = "halted"  # the machine was already halted: nothing ran
    BREAK = "break"  # a breakpoint was reached (the instruction there has not run)

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True)
class RunResult:
    """The outcome of ``run_frame`` or ``step``: cycles spent and why it stopped."""

    cycles: int
    reason: Stop


@dataclass(frozen=True)
class Register:
    """One register as debuggers, monitors, traces, ``set_register`` and the translator see it.

    A register with ``flags`` is a flag byte: shown spelled out (``CF $0A = NE GT``) rather
    than in the register line. The ``counter`` (program counter) leads the register line.
    ``traced`` is False for those a trace line leaves out (the program counter starts the
    line; B32's D is A:B)."""

    name: str
    bits: int  # 8, 16, 20, 32 ...
    code: int | None = None  # its number in register operands (TFR A,X); None: none names it
    flags: tuple[tuple[int, str], ...] = ()  # (bit, name) of a flag byte, in display order
    traced: bool = True
    counter: bool = False  # the program counter

    @property
    def mask(self) -> int:
        return (1 << self.bits) - 1

    @property
    def digits(self) -> int:
        """Hex digits to show it with."""
        return (self.bits + 3) // 4


class Executed(Protocol):
    """An instruction that ran, as traces see it."""

    address: int
    raw: bytes  # its bytes


class CodeLine(Protocol):
    """One line of disassembly: an instruction, or bytes that are none (``is_code`` False)."""

    address: int
    data: bytes
    text: str  # "LDA #$41", "JMP LOOP", "DB $00"
    labels: tuple[str, ...]

    @property
    def is_code(self) -> bool: ...


class Sound(Protocol):
    """What the front end plays each frame."""

    @property
    def frequency(self) -> int: ...  # Hz; 0 is silence

    volume: int  # 0-15


class VideoRegisters(Protocol):
    """How the screen is shown: ``border`` colour (low nibble), ``cursor`` (bit 0 shows it),
    ``cursor_pos`` (cell), ``video_mode`` (what attribute bit 7 means: 0 nothing, 1 blink,
    2 bright background)."""

    border: int
    cursor: int
    cursor_pos: int
    video_mode: int


class CartError(Exception):
    """A cart that cannot be loaded; the message names the file and the reason (one line, or
    one line per assembly error)."""


class AssembleError(ValueError):
    """``Machine.assemble`` could not assemble a statement; the message is one line."""


class StateError(ValueError):
    """A snapshot or state file that cannot be restored (another machine or cart, another
    format, damaged); the message is a few words, and the machine is unchanged."""


class SaveSlot(Protocol):
    """Where a machine keeps a cart's save between runs (``console.machines.saves.SaveSlot``). The
    machine calls ``load`` at reset, ``store`` / ``erase`` when the cart asks, and ``poll``
    once a frame (the slot writes when it sees fit)."""

    def load(self) -> bytes | None: ...

    def store(self, data: bytes) -> None: ...

    def erase(self) -> None: ...

    def poll(self) -> None: ...


@runtime_checkable
class Machine(Protocol):
    """The interface every machine offers to the debugger, the shell, the front end and the
    commands. Nothing outside ``console.machines.<name>`` reaches past it.

    Identity and state: ``name`` ("B32", "LBVM"), ``cart`` (what is loaded, or None; it has
    ``.name``), ``memory_size``, ``max_instruction`` (bytes in the longest instruction),
    ``frames`` (frames run since reset), ``total_cycles``, ``halted``, ``fault`` (None, or the
    one-line reason).

    For debuggers: ``REGISTERS`` (the one register list, in display order), ``PREDEFINED``
    (names a person may type for addresses: SCREEN, KEY ...), ``breakpoints`` (read it; change
    it with ``add_breakpoint`` / ``remove_breakpoint``), ``observer`` (None, or called with
    each ``Executed`` instruction after it ran: a trace; running slows down while one is set)
    and ``last`` (the instruction the last ``step`` ran).

    Output: ``screen_bytes()`` (80 x 25 cells of character and attribute bytes), ``video``
    (``VideoRegisters``) and ``beeper`` (``Sound``).

    States: ``snapshot()`` / ``restore(data)`` and ``cart_identity()`` (save states, rewind).
    A machine that prints (LBVM) also has ``output() -> bytes``, everything printed: an optional
    capability (``has_output``).
    """

    name: str
    memory_size: int
    address_digits: int  # hex digits an address is shown with: 4 for B32, 6 for LBVM
    max_instruction: int
    frames: int
    total_cycles: int
    REGISTERS: tuple[Register, ...]
    PREDEFINED: dict[str, int]
    observer: Callable[[Executed], None] | None

    @property
    def cart(self): ...

    @property
    def halted(self) -> bool: ...

    @property
    def fault(self) -> str | None: ...

    @property
    def ended(self) -> str | None:
        """How the program ended on its own, when the machine says (LBVM: ``unknown opcode
        $48 at $00006D``); None while it runs, after a fault, and for B32's END."""
        ...

    # ---- running -----------------------------------------------------------------------------
    def read_cart(self, path):
        """The cart (or source, assembled) at ``path`` for ``load``: it has ``name``,
        ``load_address``, ``end_address``, ``exec_address``. Raises FileNotFoundError, or
        CartError."""
        ...

    def source_symbols(self, path) -> dict[str, int]:
        """The names the machine's assembler defines in the source file ``path``; {} when it
        is no source or does not assemble."""
        ...

    def load(self, cart, save: SaveSlot | None = None) -> None:
        """Reset, then load ``cart`` (as the machine's own cart loader made it). ``save``: where
        the cart's save is kept (None: in the machine only, starting with none); a machine
        without saves ignores it."""
        ...

    def reset(self) -> None:
        """The reset state, with the loaded cart (if any) reloaded; breakpoints are kept."""
        ...

    def run_frame(self) -> RunResult: ...

    def step(self) -> RunResult:
        """One instruction, outside the frame clock."""
        ...

    @property
    def last(self) -> Executed | None: ...

    # ---- input -------------------------------------------------------------------------------
    def queue_key(self, code: int) -> bool:
        """Queue a key code (``console.machines.keys``); False when the queue is full."""
        ...

    def key_room(self) -> int:
        """How many more key codes the queue takes."""
        ...

    def button_down(self, bits: int) -> None: ...

    def button_up(self, bits: int) -> None: ...

    # ---- what a debugger sees ----------------------------------------------------------------
    @property
    def pc(self) -> int: ...

    def get_register(self, name: str) -> int: ...

    def set_register(self, name: str, value: int) -> None:
        """Set a register of ``REGISTERS`` (value already within its width); setting the
        program counter of a halted machine lets it run again."""
        ...

    def stack(self, count: int) -> list[tuple[int, int]]:
        """(address, value) of up to ``count`` entries at the top of the stack, top first."""
        ...

    @property
    def breakpoints(self) -> frozenset[int] | set[int]: ...

    def add_breakpoint(self, addr: int) -> None: ...

    def remove_breakpoint(self, addr: int) -> None: ...

    def peek(self, addr: int) -> int:
        """The byte at ``addr`` without side effects (no key popped, no RANDOM advanced)."""
        ...

    def poke(self, addr: int, data: bytes) -> None:
        """Write bytes as the CPU would (devices see them)."""
        ...

    def disassemble(self, data: bytes, address: int,
                    symbols: dict[str, int] | None = None) -> list[CodeLine]:
        """``data`` (found at ``address``) as lines of code; a name of ``symbols`` labels its
        address and stands for its value in operands."""
        ...

    def assemble(self, address: int, statement: str, names: dict[str, int]) -> bytes:
        """The bytes of one statement assembled at ``address`` (``names`` may be used in it).
        Raises AssembleError with a one-line message."""
        ...

    # ---- the screen and the dumps ------------------------------------------------------------
    def screen_bytes(self) -> bytes: ...

    def screen_lines(self) -> list[str]: ...

    @property
    def video(self) -> VideoRegisters: ...

    @property
    def beeper(self) -> Sound: ...

    #: Called with each frame's sound sources as the frame ends (a speaker, a recorder); None
    #: when nobody listens. What a source is, is the machine's business (B32: ``Tone``).
    on_sound: object

    def sound_lines(self) -> list[str]:
        """The sound hardware's registers as text, a line per source (the monitor's ``v``)."""
        return []

    def sound_panel(self) -> list[str]:
        """The same in a few lines of at most 44 characters (the debugger panel)."""
        return []

    def state(self) -> dict:
        """What ``--dump-state`` writes, as JSON-ready values."""
        ...

    # ---- save states and rewind (console.machines.states, console.machines.rewind) ----------
    def cart_identity(self) -> str:
        """The loaded cart as a state file names it: its name, a space and a hash of its bytes
        ("" without a cart)."""
        ...

    def snapshot(self) -> bytes:
        """The whole machine as it is between two frames: memory, registers, flags, devices,
        key queue, RNG, frame and cycle counts. Not the cart (a state names it), breakpoints,
        the observer or translated code. Cheap enough to take every frame (rewind)."""
        ...

    def restore(self, data: bytes) -> None:
        """Become the machine ``snapshot`` described, translated code flushed; raises
        StateError (and changes nothing) when ``data`` is not such a snapshot."""
        ...

class CpuDriven:
    """What a machine that drives one ``cpu`` (``run``, ``run_observed``, ``step``, ``last``,
    ``halted``, ``fault``) does the same whatever its CPU: a frame's budget of it, observed
    while a debugger watches; one instruction; the counts. The machine keeps
    ``cycles_per_frame``, ``observer``, ``frames`` and ``total_cycles``."""

    def run_cpu_frame(self) -> RunResult:
        """The CPU on one frame's cycle budget; the frame and its cycles counted."""
        if self.observer is None:
            result = self.cpu.run(self.cycles_per_frame)
        else:
            result = self.cpu.run_observed(self.cycles_per_frame, self.observer)
        self.frames += 1
        self.total_cycles += result.cycles
        return result

    def step(self) -> RunResult:
        """One instruction, outside the frame clock (for debuggers)."""
        result = self.cpu.step()
        self.total_cycles += result.cycles
        return result

    @property
    def last(self) -> Executed | None:
        """The instruction the last ``step`` ran (None when none did)."""
        return self.cpu.last

    @property
    def halted(self) -> bool:
        return self.cpu.halted

    @property
    def fault(self) -> str | None:
        return self.cpu.fault


def has_output(machine) -> bool:
    """True when ``machine`` keeps a stream of printed bytes (``output()``)."""
    return callable(getattr(machine, "output", None))


def stop_note(machine) -> str:
    """Why a halted machine stopped, for people: ``fault: ...``, ``ended: ...`` or
    ``halted (END)``; '' while it runs."""
    if machine.fault:
        return f"fault: {machine.fault}"
    if machine.ended:
        return f"ended: {machine.ended}"
    return "halted (END)" if machine.halted else ""
