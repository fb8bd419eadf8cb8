"""The window's debugger: F6 pauses into a panel beside the screen (docs/DEBUGGER.md).

The panel shows the registers, both flag bytes spelled out, the stack top, the disassembly
around PC (with labels from the symbols), a page of memory in hex and code page 437, and the
sound: the beeper and the four voices (wave, FREQ, VOL, TIME; ♪ while one sounds). While
it is open: F7 steps one instruction, F8 runs one frame (or to a breakpoint), F9 toggles a
breakpoint at PC, F1 goes back one frame (the window's rewind history), F6 continues; Page Up /
Page Down scroll the memory page, Tab cycles which register it follows (X, Y, S, PC), Home
follows X again. A breakpoint reached while running
opens the panel. The screen stays visible: the canvas grows to the right to make room.

Everything shown comes from ``console.debug.debugger``; this module only lays it out and draws it
with the renderer's ``draw_text``. ``DebuggerOverlay.lines`` holds the text last drawn, row by
row, for tests.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from console.debug import debugger as dbg
from console.frontend import display as disp
from console.frontend import input as inp
from console.frontend.plugin import Plugin
from console.frontend.renderer import CELL_W
from console.machines.base import Machine, Stop, stop_note
from console.machines.screen import GLYPH_HEIGHT, PALETTE

GLYPH_H = GLYPH_HEIGHT
PANEL_COLUMNS = 44
PANEL_MARGIN = 8  # pixels around the panel's text
PANEL_X = disp.CANVAS_SIZE[0]  # the panel starts where the normal canvas ends
PANEL_SIZE = (PANEL_COLUMNS * CELL_W + 2 * PANEL_MARGIN, disp.CANVAS_SIZE[1])
CANVAS_WITH_PANEL = (disp.CANVAS_SIZE[0] + PANEL_SIZE[0], disp.CANVAS_SIZE[1])
PANEL_ROWS = (PANEL_SIZE[1] - 2 * PANEL_MARGIN) // GLYPH_H  # 27

CODE_BEFORE, CODE_AFTER = 4, 6  # instructions shown before and after PC
CODE_ROWS = CODE_BEFORE + 1 + CODE_AFTER
MEMORY_ROWS, MEMORY_WIDTH = 4, 8
REGISTERS_PER_ROW = 4  # register cells on a row of the panel

# colours (VGA palette numbers)
BG, FG, DIM, HEAD, PC_FG, PC_BG, BREAK_FG, TITLE_FG, TITLE_BG = 1, 15, 7, 14, 0, 3, 12, 15, 4
KEYS_HELP = "F6 go F7 step F8 frame F9 break F1 back"


@dataclass(frozen=True)
class PanelLine:
    text: str
    fg: int = FG
    bg: int = BG


class DebuggerOverlay(Plugin):
    """The debugger panel: a plugin of a ``FrameLoop`` (``attach`` adds it)."""

    def __init__(self, loop, symbols: dbg.Symbols | None = None) -> None:
        self.loop = loop
        self.symbols = symbols or dbg.Symbols()
        self.open = False
        self.status = ""
        self.follow = self.follows()[0]
        self.memory_at: int | None = None  # a fixed page, or None to follow a register
        self.lines: list[PanelLine] = []

    @property
    def machine(self):
        return self.loop.machine

    # ---- what the loop hands it ----------------------------------------------------------------
    def on_action(self, loop, action: str) -> bool:
        if action == inp.PAUSE:
            if self.open:
                self.resume()
            else:
                self.pause("paused")
            return True
        if not self.open:
            if action == "f7":
                self.pause("paused")
                return True
            return False
        if action == "f7":
            self.step()
        elif action == "f8":
            self.run_frame()
        elif action == "f9":
            self.toggle_breakpoint()
        elif action == inp.REWIND:
            self.step_back()
        elif action == inp.REWIND_END:
            pass
        elif action == inp.RESET:
            loop.reset()
            machine = self.machine
            counter = next(r.name for r in machine.REGISTERS if r.counter)
            self.status = f"reset; {counter}={dbg.address_label(machine.pc, self.symbols, machine)}"
        else:
            return False
        return True

    def on_event(self, loop, event) -> bool:
        if not (self.open and event.type == pygame.KEYDOWN):
            return False
        page = MEMORY_ROWS * MEMORY_WIDTH
        if event.key == pygame.K_PAGEUP:
            self.memory_at = (self.memory_start() - page) & dbg.address_mask(self.machine)
        elif event.key == pygame.K_PAGEDOWN:
            self.memory_at = (self.memory_start() + page) & dbg.address_mask(self.machine)
        elif event.key == pygame.K_HOME:
            self.memory_at, self.follow = None, self.follows()[0]
        elif event.key == pygame.K_TAB:
            self.memory_at = None
            follows = self.follows()
            self.follow = follows[(follows.index(self.follow) + 1) % len(follows)]
        else:
            return False
        return True

    def after_frame(self, loop, result) -> None:
        if result is not None and result.reason == Stop.BREAK and not self.open:
            self.pause(f"break at {dbg.address_label(self.machine.pc, self.symbols, self.machine)}")

    def overlay(self, loop, canvas: pygame.Surface) -> bool:
        if not self.open:
            return False
        self.draw(canvas)
        return True

    # ---- what the keys do ----------------------------------------------------------------------
    def pause(self, status: str) -> None:
        loop = self.loop
        loop.paused = True
        self.status = status
        if not self.open:
            self.open = True
            loop.display.set_canvas_size(CANVAS_WITH_PANEL)
            loop.invalidate()

    def resume(self) -> None:
        loop = self.loop
        loop.paused = False
        self.open = False
        self.status = ""
        loop.display.set_canvas_size(disp.CANVAS_SIZE)
        loop.invalidate()

    def step(self) -> None:
        decoded, reason = dbg.step(self.machine)
        if decoded is not None and reason == Stop.BUDGET:
            self.status = f"stepped {dbg.instruction_text(self.machine, decoded, self.symbols)}"
        else:
            self.status = self._stop_text(reason)

    def run_frame(self) -> None:
        loop, machine = self.loop, self.machine
        if machine.halted:
            self.status = self._stop_text(Stop.HALTED)
            return
        result = loop.run_machine_frame()
        self.status = (f"frame {machine.frames}" if result.reason in (Stop.BUDGET, Stop.WAIT)
                       else self._stop_text(result.reason))

    def step_back(self) -> None:
        """F1: the machine as it was one frame ago (after steps: at this frame's start)."""
        keys = self.loop.time_keys
        history = keys.history if keys is not None else None
        if history is None or not history.back(self.machine, 1):
            self.status = "no earlier frame"
            return
        self.loop.invalidate()
        self.status = f"back to frame {self.machine.frames}"

    def toggle_breakpoint(self) -> None:
        pc = self.machine.pc
        now_set = dbg.toggle_breakpoint(self.machine, pc)
        where = dbg.address_label(pc, self.symbols, self.machine)
        self.status = f"breakpoint {'set' if now_set else 'cleared'} at {where}"

    def _stop_text(self, reason: str) -> str:
        machine = self.machine
        if reason == Stop.BREAK:
            return f"break at {dbg.address_label(machine.pc, self.symbols, machine)}"
        if reason == Stop.END or (reason == Stop.HALTED and not machine.fault):
            return stop_note(machine) or "halted (END)"
        if reason in (Stop.FAULT, Stop.HALTED):
            return machine.fault or "fault"
        if reason == Stop.WAIT:
            return "WAIT: the frame's slice ends here"
        return reason

    # ---- the panel -----------------------------------------------------------------------------
    def follows(self) -> list[str]:
        """What the memory page can follow (Tab cycles): the traced address-wide registers,
        then the program counter (B32: X, Y, S, PC)."""
        machine: Machine = self.machine
        wide = [r.name for r in machine.REGISTERS if r.traced and not r.flags and r.bits >= 16]
        return wide + [r.name for r in machine.REGISTERS if r.counter]

    def memory_start(self) -> int:
        if self.memory_at is not None:
            return self.memory_at
        value = self.machine.get_register(self.follow)
        return value & ~(MEMORY_WIDTH - 1) & dbg.address_mask(self.machine)

    def panel_lines(self) -> list[PanelLine]:
        """The panel's rows, top to bottom (at most PANEL_ROWS)."""
        machine = self.machine
        cells = dbg.register_cells(machine)
        breaks = len(machine.breakpoints)
        title = f"{machine.name} DEBUGGER  {self.status}"
        if len(title) > PANEL_COLUMNS:  # a long note (an LBVM ending) keeps its end in view
            title = f"{machine.name}  {self.status}"
        lines = [PanelLine(title[:PANEL_COLUMNS], TITLE_FG, TITLE_BG)]
        per_row = max(1, min(REGISTERS_PER_ROW,
                             (PANEL_COLUMNS + 2) // (max(map(len, cells)) + 2)))
        lines += [PanelLine("  ".join(cells[i : i + per_row]))
                  for i in range(0, len(cells), per_row)]
        lines += [PanelLine(text) for text in dbg.flag_texts(machine)]
        lines += [PanelLine(dbg.stack_text(machine)),
                  PanelLine(f"code  {breaks} breakpoint{'s' if breaks != 1 else ''}", HEAD)]
        lines += self.code_lines()
        start = self.memory_start()
        source = "fixed" if self.memory_at is not None else f"follows {self.follow}"
        lines.append(PanelLine(f"memory {dbg.hex_address(self.machine, start)} ({source})", HEAD))
        for row in dbg.memory_rows(machine, start, MEMORY_ROWS, MEMORY_WIDTH, glyphs=True):
            lines.append(PanelLine(row))
        lines += self.sound_lines()
        lines.append(PanelLine(KEYS_HELP, DIM))
        return lines[:PANEL_ROWS]

    def sound_lines(self) -> list[PanelLine]:
        """The machine's sound (``Machine.sound_panel``): a heading, then its sources."""
        texts = self.machine.sound_panel()
        return [PanelLine(text[:PANEL_COLUMNS], HEAD if n == 0 else FG)
                for n, text in enumerate(texts)]

    def code_lines(self) -> list[PanelLine]:
        """CODE_ROWS rows of disassembly around PC, label rows included, PC's row kept in."""
        rows = dbg.disassemble_around(self.machine, CODE_BEFORE, CODE_AFTER, self.symbols)
        out: list[PanelLine] = []
        pc_index = 0
        for row in rows:
            for name in row.labels:
                out.append(PanelLine(f"   {name}:"[:PANEL_COLUMNS], HEAD))
            if row.is_pc:
                pc_index = len(out)
                colours = (PC_FG, PC_BG)
            else:
                colours = (BREAK_FG if row.is_break else FG, BG)
            out.append(PanelLine(row.format()[:PANEL_COLUMNS], *colours))
        first = max(0, min(pc_index - CODE_BEFORE, len(out) - CODE_ROWS))
        out = out[first : first + CODE_ROWS]
        return out + [PanelLine("")] * (CODE_ROWS - len(out))

    def draw(self, canvas: pygame.Surface) -> None:
        renderer = self.loop.renderer
        canvas.fill(pygame.Color(*_rgb(BG)), pygame.Rect((PANEL_X, 0), PANEL_SIZE))
        self.lines = self.panel_lines()
        x = PANEL_X + PANEL_MARGIN
        for n, line in enumerate(self.lines):
            text = line.text.ljust(PANEL_COLUMNS) if line.bg != BG else line.text
            renderer.draw_text(canvas, (x, PANEL_MARGIN + n * GLYPH_H), text, line.fg, line.bg)

    def text_rows(self) -> list[str]:
        """The rows last drawn, as plain text."""
        return [line.text for line in self.lines]


def _rgb(colour: int) -> tuple[int, int, int]:
    return PALETTE[colour]


def attach(loop, symbols: dbg.Symbols | None = None) -> DebuggerOverlay:
    """Add the debugger to ``loop``; returns it."""
    return loop.add(DebuggerOverlay(loop, symbols))
