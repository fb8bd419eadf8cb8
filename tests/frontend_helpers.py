"""Shared by the front-end tests and benchmarks: headless SDL drivers, and carts built from bytes
(the assembler lives on another branch, so these carts are written as opcodes with labels).

Import this module before pygame is imported anywhere.
"""

from __future__ import annotations

import contextlib
import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from console.machines.b32 import memmap as mm  # noqa: E402
from console.machines.b32.cart import Cart  # noqa: E402

# the opcodes these carts use (HARDWARE.md section 5)
LDA_I, LDX_I, STA_X, END, CMPA_I, CMPX_I = 0x01, 0x02, 0x03, 0x04, 0x05, 0x07
JMP, JEQ, JNE, INCA, INCB, INCX = 0x0A, 0x0B, 0x0C, 0x0F, 0x10, 0x11
LDB_I, LDA_A, STA_A, STD_A, LDA_X, STB_X, LDD_I, WAIT = (
    0x22, 0x24, 0x29, 0x2B, 0x2E, 0x30, 0x35, 0x4F)


class Program:
    """Bytes with forward-referencable labels: ``p.op(JNE, word="loop")``."""

    def __init__(self, origin: int = mm.DEFAULT_ORIGIN) -> None:
        self.origin = origin
        self.code = bytearray()
        self.labels: dict[str, int] = {}
        self.fixups: list[tuple[int, str]] = []

    @property
    def here(self) -> int:
        return self.origin + len(self.code)

    def label(self, name: str) -> None:
        self.labels[name] = self.here

    def op(self, opcode: int, byte: int | None = None, word: int | str | None = None) -> None:
        self.code.append(opcode)
        if byte is not None:
            self.code.append(byte & 0xFF)
        if isinstance(word, str):
            self.fixups.append((len(self.code), word))
            self.code += b"\0\0"
        elif word is not None:
            self.code += (word & 0xFFFF).to_bytes(2, "little")

    def assemble(self) -> bytes:
        for at, name in self.fixups:
            self.code[at : at + 2] = self.labels[name].to_bytes(2, "little")
        return bytes(self.code)

    def cart(self, name: str = "test", exec_address: int | None = None) -> Cart:
        data = self.assemble()
        return Cart(self.origin, self.origin if exec_address is None else exec_address, data, name)


def fill_screen_cart(name: str = "fill") -> Cart:
    """Fills all 2000 cells every frame with char = attr = a counter that grows by one per
    frame, then WAITs: a full-screen change each frame."""
    p = Program()
    p.op(LDA_I, 0x41)
    p.label("frame")
    p.op(LDX_I, word=mm.SCREEN)
    p.label("cell")
    p.op(STA_X)
    p.op(INCX)
    p.op(STA_X)
    p.op(INCX)
    p.op(CMPX_I, word=mm.SCREEN_END)
    p.op(JNE, word="cell")
    p.op(INCA)
    p.op(WAIT)
    p.op(JMP, word="frame")
    return p.cart(name)


def spin_cart(name: str = "spin") -> Cart:
    """A cart that never WAITs: an endless loop (the budget must end each frame)."""
    p = Program()
    p.label("top")
    p.op(INCA)
    p.op(JMP, word="top")
    return p.cart(name)


def key_echo_cart(name: str = "echo") -> Cart:
    """Each frame: copies every queued key to the next cell of row 0 and BUTTONS / PRESSED to
    the characters of cells (1, 0) and (1, 1), then WAITs."""
    p = Program()
    p.op(LDX_I, word=mm.SCREEN)
    p.label("frame")
    p.op(LDA_A, word=mm.BUTTONS)
    p.op(STA_A, word=mm.cell_address(1, 0))
    p.op(LDA_A, word=mm.PRESSED)
    p.op(STA_A, word=mm.cell_address(1, 1))
    p.label("key")
    p.op(LDA_A, word=mm.KEY)
    p.op(CMPA_I, 0)
    p.op(JEQ, word="done")
    p.op(STA_X)
    p.op(INCX)
    p.op(INCX)
    p.op(JMP, word="key")
    p.label("done")
    p.op(WAIT)
    p.op(JMP, word="frame")
    return p.cart(name)


def fault_cart(name: str = "crash") -> Cart:
    """Writes 'X' to cell 0, then runs into an undefined opcode ($00)."""
    p = Program()
    p.op(LDA_I, ord("X"))
    p.op(STA_A, word=mm.SCREEN)
    p.op(WAIT)
    p.code.append(0x00)
    return p.cart(name)


def _put(screen: bytearray, row: int, col: int, text: str | bytes, attr: int) -> None:
    data = text.encode("cp437") if isinstance(text, str) else text
    for n, ch in enumerate(data):
        at = 2 * (row * mm.COLUMNS + col + n)
        screen[at] = ch
        screen[at + 1] = attr


def demo_screen() -> bytearray:
    """A title picture: a box, the palette, the 256 glyphs, blinking text."""
    screen = bytearray([mm.BLANK_CHAR, 0x07]) * mm.CELLS
    box_attr = 0x0F
    _put(screen, 1, 2, "\u2554" + "\u2550" * 74 + "\u2557", box_attr)
    for row in range(2, 22):
        _put(screen, row, 2, "\u2551", box_attr)
        _put(screen, row, 77, "\u2551", box_attr)
    _put(screen, 22, 2, "\u255a" + "\u2550" * 74 + "\u255d", box_attr)
    _put(screen, 3, 28, " B32 FANTASY CONSOLE ", 0x4E)
    _put(screen, 5, 6, "The 16 colours:", 0x0B)
    for c in range(16):
        _put(screen, 6, 6 + 4 * c, f"{c:>2}", 0x07)
        _put(screen, 7, 6 + 4 * c, "\u2588\u2588\u2588", c)
    _put(screen, 9, 6, "Code page 437, 8 x 16 glyphs:", 0x0B)
    for n in range(256):
        _put(screen, 10 + n // 64, 8 + n % 64, bytes([n]), 0x0E)
    _put(screen, 15, 6, "Backgrounds:", 0x0B)
    for c in range(8):
        _put(screen, 16, 6 + 8 * c, f" bg {c}  ", (c << 4) | (15 if c != 7 else 0))
    _put(screen, 18, 6, "Type, or press the arrows; the keys echo here:", 0x0A)
    _put(screen, 20, 30, " PRESS ENTER TO START ", 0xCE)  # bit 7: blinks in VIDEOMODE 1
    _put(screen, 24, 0, "\u2591" * 80, 0x19)
    return screen


ECHO_ROW = 19
ECHO_COL = 6


def demo_cart(name: str = "demo") -> Cart:
    """A title screen (loaded straight into screen memory) and a loop that cycles the colours
    of the bottom row, echoes typed keys onto row 19 with a beep, and keeps the cursor after
    them. Loads at $9F00 so its bytes run on into the screen at $A000."""
    origin = 0x9F00
    p = Program(origin)
    p.op(LDA_I, 3)
    p.op(STA_A, word=mm.BORDER)  # a cyan border
    p.op(LDA_I, 1)
    p.op(STA_A, word=mm.VIDEOMODE)  # attribute bit 7 blinks
    p.op(STA_A, word=mm.CURSOR)
    p.op(LDA_I, 15)
    p.op(STA_A, word=mm.VOLUME)
    p.op(LDA_I, (ECHO_ROW * mm.COLUMNS + ECHO_COL) & 0xFF)
    p.op(STA_A, word=mm.CURSORPOS)
    p.op(LDA_I, (ECHO_ROW * mm.COLUMNS + ECHO_COL) >> 8)
    p.op(STA_A, word=mm.CURSORPOS + 1)
    p.op(LDX_I, word=mm.cell_address(ECHO_ROW, ECHO_COL))
    p.op(STX_A := 0x2C, word="echo_at")  # STX addr: remember where the next key goes
    p.label("frame")
    # cycle the bottom row's attributes
    p.op(LDX_I, word=mm.cell_address(24, 0) + 1)
    p.label("bar")
    p.op(LDA_X)
    p.op(INCA)
    p.op(STA_X)
    p.op(INCX)
    p.op(INCX)
    p.op(CMPX_I, word=mm.SCREEN_END + 1)
    p.op(JNE, word="bar")
    # echo keys
    p.label("key")
    p.op(LDA_A, word=mm.KEY)
    p.op(CMPA_I, 0)
    p.op(JEQ, word="wait")
    p.op(0x27, word="echo_at")  # LDX addr
    p.op(STA_X)
    p.op(INCX)
    p.op(INCX)
    p.op(STX_A, word="echo_at")
    p.op(0x26, word=mm.CURSORPOS)  # LDD addr: the cursor follows the echo
    p.op(0x3E, word=1)  # ADDD #1
    p.op(STD_A, word=mm.CURSORPOS)
    p.op(LDD_I, word=660)
    p.op(STD_A, word=mm.TONE)
    p.op(LDA_I, 4)
    p.op(STA_A, word=mm.TONETIME)
    p.op(JMP, word="key")
    p.label("wait")
    p.op(WAIT)
    p.op(JMP, word="frame")
    p.label("echo_at")
    p.code += b"\0\0"
    code = p.assemble()
    assert origin + len(code) <= mm.SCREEN, "demo code runs into the screen"
    data = code + bytes(mm.SCREEN - origin - len(code)) + bytes(demo_screen())
    return Cart(origin, origin, data, name)


@contextlib.contextmanager
def window_loops():
    """For a fixture that opens window loops: yields ``keep(loop)``, which clears the event
    queue and returns the loop; afterwards every kept loop's sound is closed and the window
    shut."""
    import pygame

    from console.frontend import window

    loops = []

    def keep(loop):
        loops.append(loop)
        pygame.event.clear()
        return loop

    try:
        yield keep
    finally:
        for loop in loops:
            loop.audio.close()
        window.close()
