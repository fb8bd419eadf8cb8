"""The whole machine: CPU, bus and devices wired together; what everything else holds.

A front end (window, headless runner, debugger, shell) drives it a frame at a time:
feed input with ``queue_key`` / ``button_down`` / ``button_up``, call ``run_frame``, then read
``mem`` (the screen at $A000) and the devices (``video``, ``beeper``, ``sound``).

Sound: set ``on_sound`` to a function and every ``run_frame`` hands it that frame's five tones
(the four voices, then the beeper) just before the registers' end-of-frame update: block k of the
output is made from them (``console.machines.b32.synth.Synth.render``).
"""

from __future__ import annotations

from typing import Callable

from console.machines.b32 import memmap as mm
from console.machines.b32.bus import Bus
from console.machines.b32.cart import Cart
from console.machines.b32.cpu import CPU, FAULT
from console.machines.b32.devices.sound import Tone
from console.machines.base import RunResult


class Machine:
    name = "B32"
    memory_size = mm.MEMORY_SIZE

    def __init__(self, cycles_per_frame: int = mm.DEFAULT_CYCLES_PER_FRAME,
                 seed: int | None = None) -> None:
        if cycles_per_frame < 1:
            raise ValueError("the cycle budget must be at least 1")
        self.cycles_per_frame = cycles_per_frame
        self.bus = Bus(seed)
        self.cpu = CPU(self.bus)
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

    @property
    def keyboard(self):
        return self.bus.keyboard

    @property
    def video(self):
        return self.bus.video

    @property
    def beeper(self):
        return self.bus.beeper

    @property
    def sound(self):
        return self.bus.sound

    def tones(self) -> tuple[Tone, ...]:
        """What the five sources sound like now: the four voices, then the beeper."""
        return (*self.bus.sound.tones(), self.bus.beeper.current_tone())

    @property
    def halted(self) -> bool:
        return self.cpu.halted

    @property
    def fault(self) -> str | None:
        return self.cpu.fault

    # ---- carts and reset ---------------------------------------------------------------------
    def load(self, cart: Cart) -> None:
        """Reset the machine and load ``cart`` (already checked by ``console.machines.b32.cart``)."""
        self.cart = cart
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

    # ---- input -------------------------------------------------------------------------------
    def queue_key(self, code: int) -> bool:
        return self.keyboard.queue_key(code)

    def button_down(self, bits: int) -> None:
        self.keyboard.button_down(bits)

    def button_up(self, bits: int) -> None:
        self.keyboard.button_up(bits)

    # ---- running -----------------------------------------------------------------------------
    def run_frame(self) -> RunResult:
        """One frame: latch input, run the CPU on the cycle budget, advance the frame clock."""
        self.bus.start_frame()
        if self.observer is None:
            result = self.cpu.run(self.cycles_per_frame)
        else:
            result = self.cpu.run_observed(self.cycles_per_frame, self.observer)
        if self.on_sound is not None:
            self.on_sound(self.tones())
        self.bus.end_frame()
        self.frames += 1
        self.total_cycles += result.cycles
        return result

    def step(self) -> RunResult:
        """One instruction, outside the frame clock (for debuggers)."""
        result = self.cpu.step()
        self.total_cycles += result.cycles
        return result

    @property
    def faulted(self) -> bool:
        return self.cpu.fault is not None

    # ---- what is on the screen ---------------------------------------------------------------
    def screen_bytes(self) -> bytes:
        return bytes(self.mem[mm.SCREEN : mm.SCREEN_END])

    def screen_lines(self) -> list[str]:
        """The 25 rows as text: code page 437, byte 0 as a space, trailing spaces stripped."""
        chars = self.mem[mm.SCREEN : mm.SCREEN_END : 2].replace(b"\x00", b" ")
        text = chars.decode("cp437")
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


__all__ = ["Machine", "RunResult", "FAULT"]
