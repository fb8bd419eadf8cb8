"""The whole LBVM machine (LBVM.md) behind ``console.machines.base.Machine``: the CPU with its
1 MiB of memory and the teletype it prints on. It has no input and no sound."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

from console.machines import states
from console.machines.base import AssembleError, CpuDriven, Register, RunResult, StateError
from console.machines.lbvm import isa
from console.machines.lbvm.cpu import CPU
from console.machines.lbvm.disasm import Line, disassemble
from console.machines.lbvm.program import Program, read
from console.machines.lbvm.teletype import Silence, Teletype
from console.machines.symbols import source_names

DEFAULT_CYCLES_PER_FRAME = 100_000
_SNAP_MAGIC = b"LBVMSNAP1"
_SNAP_KEYS = {"r": list, "flags": int, "halted": bool, "fault": (str, type(None)),
              "ended": (str, type(None)), "length": int, "frames": int, "cycles": int,
              "budget": int, "row": int, "col": int, "cursor": int, "cells": int, "output": int}


def _parse_snapshot(data: bytes):
    """(header, memory, cells, output) of an LBVM snapshot; raises StateError."""
    data = bytes(data)
    start = len(_SNAP_MAGIC) + 4
    if not data.startswith(_SNAP_MAGIC) or len(data) < start:
        raise StateError("not an LBVM snapshot")
    (size,) = struct.unpack_from("<I", data, len(_SNAP_MAGIC))
    try:
        head = json.loads(data[start:start + size])
    except ValueError:
        raise StateError("a damaged LBVM snapshot") from None
    if not isinstance(head, dict) or any(not isinstance(head.get(k), kind)
                                         for k, kind in _SNAP_KEYS.items()):
        raise StateError("a damaged LBVM snapshot")
    body = data[start + size:]
    if (len(head["r"]) != isa.REGISTER_COUNT or head["budget"] < 1
            or len(body) != isa.MEMORY_SIZE + head["cells"] + head["output"]):
        raise StateError("a damaged LBVM snapshot")
    cells_end = isa.MEMORY_SIZE + head["cells"]
    return head, body[:isa.MEMORY_SIZE], body[isa.MEMORY_SIZE:cells_end], body[cells_end:]
_WORD = re.compile(r"[A-Za-z_.][A-Za-z0-9_.]*")


class Machine(CpuDriven):
    name = "LBVM"
    memory_size = isa.MEMORY_SIZE
    address_digits = isa.ADDRESS_DIGITS
    max_instruction = 4
    REGISTERS: tuple[Register, ...] = isa.REGISTER_LIST
    PREDEFINED: dict[str, int] = {}

    def __init__(self, cycles_per_frame: int = DEFAULT_CYCLES_PER_FRAME,
                 seed: int | None = None) -> None:
        if cycles_per_frame < 1:
            raise ValueError("the cycle budget must be at least 1")
        self.cycles_per_frame = cycles_per_frame
        self.teletype = Teletype()
        self.cpu = CPU(self.teletype.put)
        self.cart: Program | None = None
        self.frames = 0
        self.total_cycles = 0
        self.observer = None
        self.beeper = Silence()
        self.on_sound = None  # the protocol's sound listener: LBVM makes no sound to hand it

    # ---- sound: none (the protocol's members, for the monitor's ``v`` and the F6 panel) ------
    def sound_lines(self) -> list[str]:
        return ["LBVM has no sound"]

    def sound_panel(self) -> list[str]:
        return []

    @property
    def mem(self) -> bytearray:
        return self.cpu.mem

    @property
    def video(self):
        return self.teletype.video

    @property
    def ended(self) -> str | None:
        """How the program ended on its own (LBVM.md section 4), or None."""
        return self.cpu.ended

    def output(self) -> bytes:
        """Every byte OUT printed."""
        return bytes(self.teletype.output)

    # ---- save states and rewind (console.machines.states, console.machines.rewind) ----------
    def cart_identity(self) -> str:
        """``NAME HASH`` of the program's bytes (``states.identity``); "" without a program."""
        return states.identity(self.cart.name, bytes(self.cart.data)) if self.cart else ""

    def snapshot(self) -> bytes:
        """The whole machine between two frames: a JSON header (registers, flags, ending, the
        teletype's place, counts), then the 1 MiB of memory, the 2,000 screen cells and the
        printed bytes. Translated code, breakpoints and the observer are not state."""
        cpu, tty = self.cpu, self.teletype
        head = json.dumps({
            "r": cpu.r, "flags": cpu.flags, "halted": cpu.halted, "fault": cpu.fault,
            "ended": cpu.ended, "length": cpu.length, "frames": self.frames,
            "cycles": self.total_cycles, "budget": self.cycles_per_frame, "row": tty.row,
            "col": tty.col, "cursor": tty.video.cursor_pos, "cells": len(tty.cells),
            "output": len(tty.output)}, separators=(",", ":")).encode()
        return b"".join((_SNAP_MAGIC, struct.pack("<I", len(head)), head, bytes(cpu.mem),
                         bytes(tty.cells), bytes(tty.output)))

    def restore(self, data: bytes) -> None:
        """Become the machine ``snapshot`` described; raises StateError (and changes nothing)
        when ``data`` is not an LBVM snapshot."""
        head, mem, cells, output = _parse_snapshot(data)
        cpu, tty = self.cpu, self.teletype
        cpu.mem[:] = mem
        cpu.r = list(head["r"])
        cpu.flags = head["flags"]
        cpu.halted, cpu.fault, cpu.ended = head["halted"], head["fault"], head["ended"]
        cpu.length = head["length"]
        cpu.stop = None
        cpu.flush()
        self.frames, self.total_cycles = head["frames"], head["cycles"]
        self.cycles_per_frame = head["budget"]
        tty.cells[:] = cells
        tty.row, tty.col, tty.video.cursor_pos = head["row"], head["col"], head["cursor"]
        tty.output[:] = output

    # ---- programs and reset ------------------------------------------------------------------
    def read_cart(self, path) -> Program:
        return read(path)

    def source_symbols(self, path) -> dict[str, int]:
        from console.machines.lbvm.asm import AsmError, assemble_file

        if Path(path).suffix.lower() == ".lbvm":
            return {}
        return source_names(path, assemble_file, AsmError)

    def load(self, cart: Program, save=None) -> None:
        """Reset and load ``cart``. ``save`` is accepted as for every machine; LBVM has no save
        page, so it keeps nothing."""
        self.cart = cart
        self.reset()

    def reset(self) -> None:
        cpu = self.cpu
        cpu.mem[:] = bytes(isa.MEMORY_SIZE)
        cpu.reset()
        self.teletype.reset()
        self.frames = 0
        self.total_cycles = 0
        if self.cart is not None:
            cpu.mem[: len(self.cart.data)] = self.cart.data
            cpu.length = len(self.cart.data)
        else:
            cpu.length = 0

    # ---- input: LBVM has none ----------------------------------------------------------------
    def queue_key(self, code: int) -> bool:
        return False

    def key_room(self) -> int:
        return 0

    def button_down(self, bits: int) -> None:
        pass

    def button_up(self, bits: int) -> None:
        pass

    # ---- running -----------------------------------------------------------------------------
    def run_frame(self) -> RunResult:
        return self.run_cpu_frame()

    # ---- what a debugger sees ----------------------------------------------------------------
    @property
    def pc(self) -> int:
        return self.cpu.r[isa.IP]

    def get_register(self, name: str) -> int:
        upper = name.upper()
        if upper == "FLAGS":
            return self.cpu.flags
        if upper in isa.FLAG_BITS:
            return getattr(self.cpu, upper.lower())
        return self.cpu.r[isa.REGISTER_NAMES.index(upper)]

    def set_register(self, name: str, value: int) -> None:
        """Set a register (R0-R8, IP, SP, FLAGS, ZF, CF, OF); setting IP of a halted machine
        lets it run again."""
        cpu = self.cpu
        upper = name.upper()
        if upper == "FLAGS":
            cpu.flags = value
        elif upper in isa.FLAG_BITS:
            setattr(cpu, upper.lower(), 1 if value else 0)
        else:
            cpu.r[isa.REGISTER_NAMES.index(upper)] = value & isa.MASK
            if upper == "IP" and cpu.halted:
                cpu.halted = False
                cpu.fault = cpu.ended = None

    def stack(self, count: int) -> list[tuple[int, int]]:
        """The cells from SP up to where the stack started (500000), top first."""
        sp = self.cpu.r[isa.SP]
        room = (isa.INITIAL_SP - sp) // 4 if sp <= isa.INITIAL_SP else count
        cells = []
        for i in range(min(count, room)):
            at = sp + 4 * i
            if at + 4 > isa.MEMORY_SIZE:
                break
            cells.append((at, int.from_bytes(self.mem[at : at + 4], "little")))
        return cells

    def add_breakpoint(self, addr: int) -> None:
        self.cpu.set_breakpoint(addr, True)

    def remove_breakpoint(self, addr: int) -> None:
        self.cpu.set_breakpoint(addr, False)

    @property
    def breakpoints(self) -> frozenset[int]:
        return frozenset(self.cpu.breakpoints)

    def peek(self, addr: int) -> int:
        return self.mem[addr] if 0 <= addr < isa.MEMORY_SIZE else 0

    def poke(self, addr: int, data: bytes) -> None:
        """Write bytes as a store would: translated code holding them is thrown away. A
        debugger writes program: bytes past the program's end make it longer (a store by the
        program itself does not), so code assembled in the monitor runs."""
        cpu = self.cpu
        for i, value in enumerate(data):
            at = addr + i
            if 0 <= at < isa.MEMORY_SIZE:
                cpu.mem[at] = value
                cpu.length = max(cpu.length, at + 1)
                if cpu.watch[at]:
                    cpu.code_written(at)

    def disassemble(self, data: bytes, address: int,
                    symbols: dict[str, int] | None = None) -> list[Line]:
        return disassemble(data, address, symbols)

    def assemble(self, address: int, statement: str, names: dict[str, int]) -> bytes:
        """One statement assembled at ``address``; raises AssembleError ("column N: ...")."""
        from console.machines.lbvm.asm import AsmError, assemble

        used = set(_WORD.findall(statement))
        equates = [f"{name} equ {value}" for name, value in names.items() if name in used]
        text = "\n".join(['%include "instructions.asm"', f"org {address}", *equates,
                          statement, ""])
        try:
            return assemble(text, "<input>").data
        except AsmError as err:
            message = err.errors[0]
            raise AssembleError(re.sub(r"^<input>:\d+:(\d+): ", r"column \1: ", message)) from None

    # ---- the screen and the dumps ------------------------------------------------------------
    def screen_bytes(self) -> bytes:
        return self.teletype.screen_bytes()

    def screen_lines(self) -> list[str]:
        return self.teletype.lines()

    def state(self) -> dict:
        """``--dump-state`` (LBVM.md section 6)."""
        cpu = self.cpu
        return {
            "machine": "lbvm",
            "registers": {name: cpu.r[i] for i, name in enumerate(isa.REGISTER_NAMES)},
            "flags": {"ZF": cpu.zf, "CF": cpu.cf, "OF": cpu.of},
            "halted": cpu.halted,
            "fault": cpu.fault,
            "ended": cpu.ended,
            "frames": self.frames,
            "cycles": self.total_cycles,
            "output": self.teletype.output.hex(),
            "screen": self.screen_lines(),
        }
