"""Draw a machine's text screen onto a 640 x 400 pygame Surface, redrawing only what changed.

What a cell looks like depends on its two bytes, VIDEOMODE, the blink phase and the cursor. The
renderer keeps the screen bytes it drew last; a frame where they are unchanged costs one 4000-byte
compare. Each (character, foreground, background, cursor) glyph is built once and then blitted
from a cache.

Blinking (VIDEOMODE 1, and the cursor) follows a tick the caller counts, one per presented frame:
the phase toggles every ``BLINK_FRAMES`` ticks, so 32 ticks a cycle, 1.875 Hz at 60 frames per
second (the VGA text blink rate). Blink "off" draws the foreground in the background colour.
"""

from __future__ import annotations

import sys
from typing import Protocol

import pygame

from console.frontend.font import Font
from console.machines import screen as mm

BLINK_FRAMES = 16
CURSOR_ROWS = 2  # the cursor is an underline: the glyph's bottom rows in the foreground colour

CELL_W = mm.GLYPH_WIDTH
CELL_H = mm.GLYPH_HEIGHT
SCREEN_SIZE = (mm.SCREEN_WIDTH_PX, mm.SCREEN_HEIGHT_PX)
ROW_BYTES = 2 * mm.COLUMNS
SCREEN_BYTES = 2 * mm.CELLS

_PALETTE_BYTES = [bytes(rgb) for rgb in mm.PALETTE]
# each cell's top-left pixel, by cell index
_CELL_POS = [(CELL_W * (i % mm.COLUMNS), CELL_H * (i // mm.COLUMNS)) for i in range(mm.CELLS)]


class VideoRegisters(Protocol):
    cursor: int
    cursor_pos: int
    video_mode: int


def colour_table(video_mode: int, blink_on: bool) -> list[int]:
    """For each attribute byte, its drawn colours as ``fg | bg << 4``.

    Mode 0 (and any value other than 1 and 2): bit 7 ignored, background = bits 4-6.
    Mode 1: bit 7 blinks the foreground (hidden, i.e. drawn in the background colour, while
    ``blink_on`` is False). Mode 2: background = bits 4-7, so bit 7 makes it bright.
    """
    table = []
    for attr in range(256):
        fg = attr & 0x0F
        if video_mode == 2:
            bg = attr >> 4
        else:
            bg = (attr >> 4) & 0x07
            if video_mode == 1 and attr & 0x80 and not blink_on:
                fg = bg
        table.append(fg | bg << 4)
    return table


# the tables as bytes, for ``bytes.translate``: every cell's colours in one call
_TABLES = {(mode, on): bytes(colour_table(mode, on)) for mode in (0, 1, 2) for on in (False, True)}


def blink_on(tick: int) -> bool:
    """The blink phase at ``tick``: on for BLINK_FRAMES ticks, then off for as many."""
    return (tick // BLINK_FRAMES) % 2 == 0


class Renderer:
    """Draws 80 x 25 cells onto ``surface`` (640 x 400).

    ``draw(screen, video, tick)`` redraws the cells whose look changed since the previous call
    and returns the rectangle (in surface pixels) that covers them, or None when nothing changed.
    ``invalidate()`` makes the next draw repaint every cell (after something else drew on the
    surface, or a reset).
    """

    def __init__(self, font: Font, surface: pygame.Surface | None = None) -> None:
        self.font = font
        self.surface = surface if surface is not None else pygame.Surface(SCREEN_SIZE, 0, 32)
        self._glyphs: dict[int, pygame.Surface] = {}
        self._last_screen: bytes | None = None
        self._last_mode = -1
        self._last_blink = True
        self._last_cursor = -1  # the cell drawn with the cursor underline, -1 for none

    # ---- glyphs --------------------------------------------------------------------------------
    @property
    def glyph_count(self) -> int:
        """How many glyph surfaces the cache holds."""
        return len(self._glyphs)

    def glyph(self, char: int, fg: int, bg: int, cursor: bool = False) -> pygame.Surface:
        """The 8 x 16 surface for ``char`` in colours ``fg`` on ``bg``, made once and cached."""
        key = char | (fg | bg << 4) << 8 | (cursor << 16)
        surf = self._glyphs.get(key)
        if surf is None:
            surf = self._make_glyph(char, fg, bg, cursor)
            self._glyphs[key] = surf
        return surf

    def _make_glyph(self, char: int, fg: int, bg: int, cursor: bool) -> pygame.Surface:
        fore, back = _PALETTE_BYTES[fg], _PALETTE_BYTES[bg]
        pixels = bytearray()
        for y, row in enumerate(self.font.rows(char)):
            if cursor and y >= CELL_H - CURSOR_ROWS:
                row = 0xFF
            for x in range(CELL_W):
                pixels += fore if row & (0x80 >> x) else back
        surf = pygame.image.frombytes(bytes(pixels), (CELL_W, CELL_H), "RGB")
        return surf.convert(self.surface)

    # ---- drawing -------------------------------------------------------------------------------
    def invalidate(self) -> None:
        self._last_screen = None

    def draw_machine(self, machine, tick: int) -> pygame.Rect | None:
        """``draw`` for a ``console.machines.base.Machine``."""
        return self.draw(machine.screen_bytes(), machine.video, tick)

    def draw(self, screen: bytes | bytearray | memoryview, video: VideoRegisters,
             tick: int) -> pygame.Rect | None:
        """Bring the surface up to date with ``screen`` (the 4000 bytes at $A000) and ``video``.

        Returns the bounding rectangle of the cells redrawn, or None when none were."""
        screen = bytes(screen)
        if len(screen) != SCREEN_BYTES:
            raise ValueError(f"a screen is {SCREEN_BYTES} bytes, not {len(screen)}")
        mode = video.video_mode if video.video_mode in (1, 2) else 0
        phase = blink_on(tick)
        pos = video.cursor_pos
        cursor = pos if video.cursor & 1 and 0 <= pos < mm.CELLS and phase else -1

        last = self._last_screen
        if last is None or mode != self._last_mode:
            dirty = range(mm.CELLS)
        else:
            dirty = set()
            if screen != last:
                dirty.update(_changed_cells(last, screen))
            if mode == 1 and phase != self._last_blink:
                attrs = screen[1::2]
                dirty.update(i for i, a in enumerate(attrs) if a & 0x80)
            if cursor != self._last_cursor:
                dirty.update(c for c in (cursor, self._last_cursor) if c >= 0)
            if not dirty:
                self._last_blink = phase
                return None

        keys = _cell_keys(screen, _TABLES[mode, phase])  # char | colours << 8, every cell
        if not isinstance(dirty, range):
            keys = [keys[i] for i in dirty]
        surfs = list(map(self._glyphs.get, keys))
        if None in surfs or 0 <= cursor:
            surfs = [self.glyph(key & 255, key >> 8 & 15, key >> 12, i == cursor)
                     if surf is None or i == cursor else surf
                     for i, key, surf in zip(dirty, keys, surfs, strict=True)]
        positions = _CELL_POS if isinstance(dirty, range) else [_CELL_POS[i] for i in dirty]
        self.surface.fblits(zip(surfs, positions, strict=True))

        self._last_screen = screen
        self._last_mode = mode
        self._last_blink = phase
        self._last_cursor = cursor
        if isinstance(dirty, range):
            top, bottom, left, right = 0, mm.ROWS - 1, 0, mm.COLUMNS - 1
        else:
            top, bottom = min(dirty) // mm.COLUMNS, max(dirty) // mm.COLUMNS
            columns = [i % mm.COLUMNS for i in dirty] if top != bottom else dirty
            left, right = min(columns) % mm.COLUMNS, max(columns) % mm.COLUMNS
        return pygame.Rect(left * CELL_W, top * CELL_H,
                           (right - left + 1) * CELL_W, (bottom - top + 1) * CELL_H)

    def draw_text(self, surface: pygame.Surface, pos: tuple[int, int], text: str,
                  fg: int = 15, bg: int = 0) -> None:
        """Write ``text`` (code page 437; others become '?') at pixel ``pos`` of ``surface`` in
        the console's font: for status lines and panels drawn beside the screen."""
        x, y = pos
        data = text.encode("cp437", errors="replace")
        surface.fblits([(self.glyph(c, fg, bg), (x + CELL_W * n, y)) for n, c in enumerate(data)])


def _cell_keys(screen: bytes, table: bytes) -> list[int]:
    """Each cell's glyph key ``char | colours << 8`` (the colours byte from ``table``): the
    screen with its attribute bytes translated, read as little-endian 16-bit numbers."""
    cells = bytearray(screen)
    cells[1::2] = screen[1::2].translate(table)
    if sys.byteorder == "little":
        return memoryview(cells).cast("H").tolist()
    return [cells[2 * i] | cells[2 * i + 1] << 8 for i in range(mm.CELLS)]


def _changed_cells(old: bytes, new: bytes) -> list[int]:
    """Indexes of the cells from the first to the last that differ in each row (a cell in
    between that did not change is drawn again, the same). Rows are compared whole; in a row
    that changed, the first and last differing bytes come from one exclusive-or of the row's
    bytes read as a number (no Python loop over the cells)."""
    cells: list[int] = []
    for row in range(mm.ROWS):
        start = row * ROW_BYTES
        end = start + ROW_BYTES
        a, b = old[start:end], new[start:end]
        if a == b:
            continue
        diff = int.from_bytes(a, "little") ^ int.from_bytes(b, "little")
        first = ((diff & -diff).bit_length() - 1) // 16
        last = (diff.bit_length() - 1) // 16
        base = row * mm.COLUMNS
        cells.extend(range(base + first, base + last + 1))
    return cells


def render_screen(machine, font: Font, tick: int = 0) -> pygame.Surface:
    """A fresh 640 x 400 surface showing ``machine``'s screen (for headless screenshots)."""
    renderer = Renderer(font)
    renderer.draw_machine(machine, tick)
    return renderer.surface
