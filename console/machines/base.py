"""What a machine is: the interface the rest of the console (debugger, shell, front end,
commands) holds, whichever machine runs behind it.

A machine runs a frame at a time on a cycle budget and shows a text screen of character cells
(code page 437 bytes with VGA attribute bytes), with a border colour and perhaps a cursor. Each
machine lives in its own package under ``console.machines`` and implements ``Machine``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


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
    """One register as debuggers, monitors, traces and ``set_register`` see it."""

    name: str
    bits: int  # 8, 16, 20, 32 ...

    @property
    def mask(self) -> int:
        return (1 << self.bits) - 1

    @property
    def digits(self) -> int:
        """Hex digits to show it with."""
        return (self.bits + 3) // 4


@runtime_checkable
class Machine(Protocol):
    """The interface every machine offers to the debugger, the shell, the front end and the
    commands. Nothing outside ``console.machines.<name>`` reaches past it.

    Identity and state: ``name`` ("B32", "LBVM"), ``cart`` (what is loaded: ``.name``),
    ``memory_size``, ``frames`` (frames run since reset), ``total_cycles``, ``halted``, ``fault``
    (None, or the one-line reason), ``REGISTERS`` (the one register list: name and width),
    ``FLAGS`` (flag names, in display order).

    The screen: 80 x 25 cells of (code page 437 byte, VGA attribute byte), ``screen_bytes()``,
    and ``video`` (``border``, ``cursor``, ``cursor_pos``, ``video_mode``).
    """

    name: str
    memory_size: int
    frames: int
    total_cycles: int
    REGISTERS: tuple[Register, ...]
    FLAGS: tuple[str, ...]

    @property
    def halted(self) -> bool: ...

    @property
    def fault(self) -> str | None: ...

    # ---- running -----------------------------------------------------------------------------
    def reset(self) -> None: ...

    def run_frame(self) -> RunResult: ...

    def step(self) -> RunResult: ...

    # ---- input -------------------------------------------------------------------------------
    def queue_key(self, code: int) -> bool: ...

    def button_down(self, bits: int) -> None: ...

    def button_up(self, bits: int) -> None: ...

    # ---- what a debugger sees ----------------------------------------------------------------
    @property
    def pc(self) -> int: ...

    def get_register(self, name: str) -> int: ...

    def set_register(self, name: str, value: int) -> None: ...

    def get_flags(self) -> dict[str, bool]: ...

    def peek(self, addr: int) -> int:
        """The byte at ``addr`` without side effects (no key popped, no RANDOM advanced)."""
        ...

    def poke(self, addr: int, data: bytes) -> None: ...

    def disassemble_at(self, addr: int) -> tuple[int, str]:
        """(length in bytes, the instruction as text) at ``addr``."""
        ...

    # ---- the screen and the dumps ------------------------------------------------------------
    def screen_bytes(self) -> bytes: ...

    def screen_lines(self) -> list[str]: ...

    def state(self) -> dict:
        """What ``--dump-state`` writes, as JSON-ready values."""
        ...
