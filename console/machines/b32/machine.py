"""The whole B32 machine: CPU, bus and devices wired together behind
``console.machines.base.Machine``, the interface everything outside this package holds.

A front end (window, headless runner, debugger, shell) drives it a frame at a time:
feed input with ``queue_key`` / ``button_down`` / ``button_up``, call ``run_frame``, then read
``screen_bytes()`` and the devices (``video``, ``beeper``, ``sound``). ``cpu``, ``bus`` and
``mem`` are for this package and its tests only.

Sound: set ``on_sound`` to a function and every ``run_frame`` hands it that frame's five tones
(the four voices, then the beeper) just before the registers' end-of-frame update: block k of
the output is made from them (``console.machines.b32.synth.Synth.render``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from console.machines import states
from console.machines.b32 import isa, snapshot, soundtext
from console.machines.b32 import memmap as mm
from console.machines.b32.bus import Bus
from console.machines.b32.cart import Cart
from console.machines.b32.cpu import CPU, FAULT
from console.machines.b32.devices import (
    Beeper,
    FrameCounter,
    Keyboard,
    Random,
    SaveRegister,
    SoundChip,
    Video,
)
from console.machines.b32.devices.sound import Tone
from console.machines.b32.disasm import Line, disassemble
from console.machines.b32.loader import load_cart
from console.machines.base import AssembleError, CpuDriven, Register, RunResult
from console.machines.symbols import source_names
from console.machines.text import screen_text

_REGISTER_NAMES = frozenset(r.name for r in isa.REGISTER_LIST)
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class Machine(CpuDriven):
    name = "B32"
    memory_size = mm.MEMORY_SIZE
    address_digits = 4
    ended = None  # END halts; there is no other way for a B32 program to end
    max_instruction = 3  # bytes in the longest instruction
    REGISTERS: tuple[Register, ...] = isa.REGISTER_LIST
    #: the assembler's predefined names, usable wherever an address is typed
    PREDEFINED: dict[str, int] = mm.PREDEFINED

    def __init__(self, cycles_per_frame: int = mm.DEFAULT_CYCLES_PER_FRAME,
                 seed: int | None = None) -> None:
        if cycles_per_frame < 1:
            raise ValueError("the cycle budget must be at least 1")
        self.cycles_per_frame = cycles_per_frame
        bus = self.bus = Bus()
        # the I/O page (HARDWARE.md section 6): a device at each of its addresses
        self.keyboard = bus.attach(mm.KEY, Keyboard())  # KEY KEYCOUNT BUTTONS PRESSED
        self.frame_counter = bus.attach(mm.FRAME, FrameCounter())
        self.random = bus.attach(mm.RANDOM, Random(seed))
        self.video = bus.attach(mm.CURSOR, Video())  # CURSOR CURSORPOS BORDER VIDEOMODE
        self.beeper = bus.attach(mm.TONE, Beeper())  # TONE TONETIME VOLUME
        self.save = bus.attach(mm.SAVE, SaveRegister(bus.mem))  # and the save page
        self.sound = bus.attach(mm.VOICES, SoundChip())  # VOICE0 .. VOICE3
        bus.reset()
        self.cpu = CPU(bus)
        self.cart: Cart | None = None
        self.frames = 0  # frames run since reset
        self.total_cycles = 0
        # Called with each instruction after it ran (a trace); None keeps the fast path.
        self.observer = None
        # Called with the frame's tones (``tones()``) at the end of each frame; None: no sound.
        self.on_sound: Callable[[tuple[Tone, ...]], None] | None = None

    # ---- the parts, by name ------------------------------------------------------------------
    @property
    def mem(self) -> bytearray:
        return self.bus.mem

    def devices(self) -> dict:
        """The devices on the I/O page by name (their class's; a second of one class gets
        ``#2``), as a snapshot holds them."""
        named: dict = {}
        for device in self.bus.devices:
            name = type(device).__name__
            count = sum(1 for key in named if key.split("#")[0] == name)
            named[f"{name}#{count + 1}" if count else name] = device
        return named
    def sound_lines(self) -> list[str]:
        """The voices and the beeper, a line each (the monitor's ``v``)."""
        return soundtext.sound_lines(self.sound, self.beeper)

    def sound_panel(self) -> list[str]:
        """The same in three lines of at most 44 characters (the debugger panel)."""
        return soundtext.sound_panel(self.sound, self.beeper)

    def tones(self) -> tuple[Tone, ...]:
        """What the five sources sound like now: the four voices, then the beeper."""
        return (*self.sound.tones(), self.beeper.current_tone())

    # ---- carts and reset ---------------------------------------------------------------------
    def read_cart(self, path) -> Cart:
        """A ``.b32`` cart, or ``.asm`` source assembled (``console.machines.b32.loader``)."""
        return load_cart(path)

    def source_symbols(self, path) -> dict[str, int]:
        """The names ``.asm`` source at ``path`` defines; {} for anything else."""
        if Path(path).suffix.lower() != ".asm":
            return {}
        from console.machines.b32.asm import AsmError, assemble_file

        return source_names(path, assemble_file, AsmError)

    def load(self, cart: Cart, save=None) -> None:
        """Reset the machine and load ``cart`` (already checked by
        ``console.machines.b32.cart``). ``save``: the ``SaveSlot`` that keeps the cart's save
        (None: saves last as long as this machine)."""
        self.cart = cart
        self.save.use_slot(save)
        self.reset()

    def reset(self) -> None:
        """The reset state of HARDWARE.md section 2, then the cart (if any) reloaded."""
        self.bus.reset()
        self.cpu.reset()
        self.frames = 0
        self.total_cycles = 0
        cart = self.cart
        if cart is not None:
            self.mem[cart.load_address : cart.load_address + len(cart.data)] = cart.data
            self.cpu.pc = cart.exec_address
        self.save.restore_page()

    # ---- input -------------------------------------------------------------------------------
    def queue_key(self, code: int) -> bool:
        return self.keyboard.queue_key(code)

    def key_room(self) -> int:
        return mm.KEY_QUEUE_SIZE - len(self.keyboard.queue)

    def button_down(self, bits: int) -> None:
        self.keyboard.button_down(bits)

    def button_up(self, bits: int) -> None:
        self.keyboard.button_up(bits)

    # ---- running -----------------------------------------------------------------------------
    def run_frame(self) -> RunResult:
        """One frame: latch input, run the CPU on the cycle budget, advance the frame clock."""
        self.bus.start_frame()
        result = self.run_cpu_frame()
        if self.on_sound is not None:
            self.on_sound(self.tones())
        self.bus.end_frame()
        return result

    @property
    def faulted(self) -> bool:
        return self.cpu.fault is not None

    # ---- what a debugger sees ----------------------------------------------------------------
    @property
    def pc(self) -> int:
        return self.cpu.pc

    def get_register(self, name: str) -> int:
        """A register of ``REGISTERS`` by name; KeyError for any other name."""
        if name.upper() not in _REGISTER_NAMES:
            raise KeyError(name)
        return getattr(self.cpu, name.lower())

    def set_register(self, name: str, value: int) -> None:
        """Set a register of ``REGISTERS``; setting PC on a halted CPU lets it run again (py65
        and most monitors do the same)."""
        cpu = self.cpu
        upper = name.upper()
        cpu.set_register(upper, value)
        if upper == "PC" and cpu.halted:
            cpu.halted = False
            cpu.fault = None

    def stack(self, count: int) -> list[tuple[int, int]]:
        """The words at the top of the stack. S = 0 (its reset value) is an empty stack: the
        first push goes to $FFFE."""
        s = self.cpu.s
        if s == 0:
            return []
        room = (0x10000 - s) // 2
        return [((s + 2 * i) & 0xFFFF, self.peek(s + 2 * i) | self.peek(s + 2 * i + 1) << 8)
                for i in range(min(count, room))]

    @property
    def breakpoints(self) -> set[int]:
        return self.cpu.breakpoints

    def add_breakpoint(self, addr: int) -> None:
        self.cpu.add_breakpoint(addr)

    def remove_breakpoint(self, addr: int) -> None:
        self.cpu.remove_breakpoint(addr)

    def peek(self, addr: int) -> int:
        """The byte the CPU would read at ``addr``, without side effects."""
        return self.bus.peek(addr)

    def poke(self, addr: int, data: bytes) -> None:
        """Write bytes through the bus: devices see them and translated code that held them is
        thrown away."""
        for i, value in enumerate(data):
            self.bus.write(addr + i, value)

    def disassemble(self, data: bytes, address: int,
                    symbols: dict[str, int] | None = None) -> list[Line]:
        """Disassembler lines for ``data`` at ``address``; no automatic labels."""
        return disassemble(data, address, symbols, auto_labels=False)

    def assemble(self, address: int, statement: str, names: dict[str, int]) -> bytes:
        """One statement assembled at ``address``; raises AssembleError ("column N: ...")."""
        from console.machines.b32.asm import AsmError, assemble

        address &= 0xFFFF
        words = {word.upper() for word in _WORD.findall(statement)}
        equates = [f"{name} EQU ${value & 0xFFFF:04X}" for name, value in names.items()
                   if name.upper() in words]
        text = "\n".join(equates + [f" ORG ${address:04X}", f" {statement}",
                                    f" END ${address:04X}, NOBYTE", ""])
        try:
            cart = assemble(text, "<input>").cart
        except AsmError as err:
            message = err.errors[0] if err.errors else "does not assemble"
            raise AssembleError(re.sub(r"^<input>:\d+:(\d+): ", _column, message)) from None
        if cart.load_address != address and cart.data:
            raise AssembleError("one instruction only (no ORG)")
        return cart.data

    # ---- what is on the screen ---------------------------------------------------------------
    def screen_bytes(self) -> bytes:
        return bytes(self.mem[mm.SCREEN : mm.SCREEN_END])

    def screen_lines(self) -> list[str]:
        """The 25 rows as text: every byte as its code page 437 glyph (``console.machines.text``, so
        no control character reaches a terminal), byte 0 as a space, trailing spaces stripped."""
        text = screen_text(self.mem[mm.SCREEN : mm.SCREEN_END : 2])
        return [text[r * mm.COLUMNS : (r + 1) * mm.COLUMNS].rstrip(" ") for r in range(mm.ROWS)]

    def attribute_lines(self) -> list[str]:
        """The 25 rows' attribute bytes, each as 160 lowercase hex digits."""
        attrs = bytes(self.mem[mm.SCREEN + 1 : mm.SCREEN_END : 2])
        return [attrs[r * mm.COLUMNS : (r + 1) * mm.COLUMNS].hex() for r in range(mm.ROWS)]

    def state(self) -> dict:
        """The machine's state as ``--dump-state`` writes it."""
        cpu = self.cpu
        return {
            "registers": cpu.registers(),
            "cf": cpu.cf,
            "flags": cpu.f,
            "halted": cpu.halted,
            "fault": cpu.fault,
            "frames": self.frames,
            "cycles": self.total_cycles,
            "screen": self.screen_lines(),
            "attributes": self.attribute_lines(),
        }


    # ---- save states and rewind ----------------------------------------------------------------
    def cart_identity(self) -> str:
        """``NAME HASH`` of the cart's file image (``states.identity``); "" without a cart."""
        return states.identity(self.cart.name, self.cart.to_bytes()) if self.cart else ""

    def snapshot(self) -> bytes:
        """The whole machine between two frames (``console.machines.b32.snapshot``)."""
        return snapshot.take(self)

    def restore(self, data: bytes) -> None:
        """The machine ``data`` describes, translations flushed; raises StateError."""
        snapshot.restore(self, data)


def _column(match: re.Match) -> str:
    return f"column {max(1, int(match.group(1)) - 1)}: "


__all__ = ["Machine", "RunResult", "FAULT"]
