"""Draw a machine's text screen: at 1x onto a 640 x 400 pygame Surface, and again, pre-scaled,
straight into the window. Only cells whose look changed are drawn.

A cell's look is one number, its *key*: ``character | colours << 8 | cursor << 16`` (the colours
from its attribute byte, VIDEOMODE and the blink phase; ``cursor`` when the underline shows in it).
The renderer keeps the 2000 keys it drew last; a frame redraws the cells whose key changed, each
with one blit of a glyph surface made once per key and cached (``Glyphs``). An unchanged screen
costs one 4000-byte compare.

``draw`` brings the 1x ``surface`` up to date (screenshots, the recorder and the window's canvas
come from it); ``paint`` then draws the cells that call redrew into another surface at a whole
scale, from glyphs made at that scale: the window, without scaling the canvas (the pixels are
the same: a glyph at scale N is its 1x glyph with every pixel an N x N block).

Blinking (VIDEOMODE 1, and the cursor) follows a tick the caller counts, one per presented frame:
the phase toggles every ``BLINK_FRAMES`` ticks, so 32 ticks a cycle, 1.875 Hz at 60 frames per
second (the VGA text blink rate). Blink "off" draws the foreground in the background colour.
"""

from __future__ import annotations

import sys
from itertools import compress
from operator import ne
from typing import Protocol

import pygame

from console.frontend.font import Font
from console.machines import screen as mm

BLINK_FRAMES = 16
CURSOR_ROWS = 2  # the cursor is an underline: the glyph's bottom rows in the foreground colour
CURSOR_BIT = 1 << 16  # in a key: the cell shows the cursor

CELL_W = mm.GLYPH_WIDTH
CELL_H = mm.GLYPH_HEIGHT
SCREEN_SIZE = (mm.SCREEN_WIDTH_PX, mm.SCREEN_HEIGHT_PX)
ROW_BYTES = 2 * mm.COLUMNS
SCREEN_BYTES = 2 * mm.CELLS
ALL_CELLS = range(mm.CELLS)

GLYPH_LIMIT = 4096  # glyphs a cache holds before it starts again (about 19 MB at scale 3)
NEW_GLYPHS_LIMIT = 256  # more glyphs than this to make in one paint: scale the 1x pixels instead
CACHE_LINE = 64  # bytes


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


def _row_patterns(scale: int) -> list[bytes]:
    """For each glyph row byte, its pixels at ``scale`` as palette indexes (1 = foreground)."""
    return [bytes(row >> (7 - x) & 1 for x in range(CELL_W) for _ in range(scale))
            for row in range(256)]


class Glyphs:
    """Glyph surfaces at one whole-number ``scale``, in the pixel format of ``like``: ``get(key)``
    makes a cell's look once and caches it (at most GLYPH_LIMIT; then the cache starts again).

    At scale N every pixel of the 8 x 16 glyph is an N x N block, made so directly. With
    ``pad`` each glyph lives in a surface one pixel wider than itself (see ``streams``)."""

    def __init__(self, font: Font, scale: int, like: pygame.Surface, pad: bool = False) -> None:
        self.font = font
        self.scale = scale
        self.pad = pad
        self.format = _format(like)
        self._like = like
        self._patterns = _row_patterns(scale)
        self._cache: dict[int, pygame.Surface] = {}

    def __len__(self) -> int:
        return len(self._cache)

    def get(self, key: int) -> pygame.Surface:
        surf = self._cache.get(key)
        if surf is None:
            if len(self._cache) >= GLYPH_LIMIT:
                self._cache.clear()
            surf = self._cache[key] = self._make(key)
        return surf

    def _make(self, key: int) -> pygame.Surface:
        rows = self.font.rows(key & 255)
        if key & CURSOR_BIT:
            rows = rows[: CELL_H - CURSOR_ROWS] + b"\xff" * CURSOR_ROWS
        scale = self.scale
        indexes = b"".join(self._patterns[row] * scale for row in rows)
        size = (CELL_W * scale, CELL_H * scale)
        glyph = pygame.image.frombytes(indexes, size, "P")
        glyph.set_palette([mm.PALETTE[key >> 12 & 15], mm.PALETTE[key >> 8 & 15]])
        if not self.pad:
            return glyph.convert(self._like)
        surf = pygame.Surface((size[0] + 1, size[1]), 0, self._like)
        surf.blit(glyph, (0, 0))
        return surf.subsurface(pygame.Rect((0, 0), size))

    def blit(self, target: pygame.Surface, positions: list[tuple[int, int]],
             keys: list[int]) -> None:
        """Blit the glyph of ``keys[n]`` at ``positions[n]`` of ``target``."""
        surfs = list(map(self._cache.get, keys))
        if None in surfs:
            surfs = [self.get(key) if surf is None else surf
                     for surf, key in zip(surfs, keys, strict=True)]
        target.fblits(zip(surfs, positions, strict=True))

    def missing(self, keys: list[int]) -> int:
        """How many different ``keys`` have no glyph made yet."""
        return len(set(keys).difference(self._cache))


def _format(surface: pygame.Surface) -> tuple:
    return surface.get_bitsize(), surface.get_masks()


def streams(target: pygame.Surface, origin_x: int, scale: int) -> bool:
    """Whether SDL copies the glyph rows of a screen at ``origin_x`` in ``target`` with
    streaming stores, and whole cache lines at a time. SDL copies rows whose source and
    destination are 16-byte aligned with streaming stores, 64 bytes at a time (SDL_BlitCopy);
    that is the fastest copy when every row is whole 64-byte cache lines and about ten times
    slower than a plain one when rows end inside a line (scale 3: 96 bytes a row). A glyph
    whose rows would stream badly is padded, which makes its source rows unaligned and the
    copy plain (bench/present_bench.py: options glyphs and glyphs-unpadded)."""
    size = target.get_bytesize()
    row = CELL_W * scale * size
    return (row % CACHE_LINE == 0 and origin_x * size % CACHE_LINE == 0
            and target.get_pitch() % CACHE_LINE == 0)


def _pad(target: pygame.Surface, origin_x: int, scale: int) -> bool:
    """Whether glyphs for ``target`` at ``scale`` should be padded (``streams``): rows of a
    cache line or more that would not stream whole lines."""
    return CELL_W * scale * target.get_bytesize() >= CACHE_LINE and not streams(
        target, origin_x, scale)


def _positions(origin: tuple[int, int], scale: int) -> list[tuple[int, int]]:
    """Each cell's top-left pixel, by cell index, for a screen at ``origin`` drawn at ``scale``."""
    x, y = origin
    w, h = CELL_W * scale, CELL_H * scale
    return [(x + w * (i % mm.COLUMNS), y + h * (i // mm.COLUMNS)) for i in ALL_CELLS]


_CELL_POS = _positions((0, 0), 1)


class Renderer:
    """Draws 80 x 25 cells onto ``surface`` (640 x 400).

    ``draw(screen, video, tick)`` redraws the cells whose look changed since the previous call
    and returns the rectangle (in surface pixels) that covers them, or None when nothing changed.
    ``paint(target, origin, scale)`` draws the cells that call redrew into ``target`` at
    ``scale``. ``invalidate()`` makes the next draw repaint every cell (after something else
    drew on the surface, or a reset).
    """

    def __init__(self, font: Font, surface: pygame.Surface | None = None) -> None:
        self.font = font
        self.surface = surface if surface is not None else pygame.Surface(SCREEN_SIZE, 0, 32)
        self._glyphs = Glyphs(font, 1, self.surface)
        self._scaled: Glyphs | None = None  # the glyphs ``paint`` used last
        self._scaled_at: tuple[tuple[int, int], int] | None = None
        self._scaled_pos: list[tuple[int, int]] = []
        self._keys: list[int] | None = None  # every cell's key as last drawn; None: draw all
        self._last_screen = b""
        self._last_table = b""
        self._last_mode = -1
        self._last_cursor = -1  # the cell drawn with the cursor underline, -1 for none
        self._drawn: range | list[int] = range(0)  # the cells the last draw redrew
        self._drawn_keys: list[int] = []
        self._drawn_rect: pygame.Rect | None = None

    # ---- glyphs --------------------------------------------------------------------------------
    @property
    def glyph_count(self) -> int:
        """How many 1x glyph surfaces the cache holds."""
        return len(self._glyphs)

    def glyph(self, char: int, fg: int, bg: int, cursor: bool = False) -> pygame.Surface:
        """The 8 x 16 surface for ``char`` in colours ``fg`` on ``bg``, made once and cached."""
        return self._glyphs.get(char | (fg | bg << 4) << 8 | (CURSOR_BIT if cursor else 0))

    # ---- drawing -------------------------------------------------------------------------------
    def invalidate(self) -> None:
        self._keys = None

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
        table = _TABLES[mode, phase]
        pos = video.cursor_pos
        cursor = pos if video.cursor & 1 and 0 <= pos < mm.CELLS and phase else -1
        last = self._keys
        self._drawn, self._drawn_keys, self._drawn_rect = range(0), [], None
        if last is not None and (screen, table, cursor, mode) == (
                self._last_screen, self._last_table, self._last_cursor, self._last_mode):
            return None
        keys = _cell_keys(screen, table)
        if cursor >= 0:
            keys[cursor] |= CURSOR_BIT
        if last is None or mode != self._last_mode:
            dirty = ALL_CELLS
            drawn_keys = keys
            positions = _CELL_POS
        else:
            dirty = list(compress(ALL_CELLS, map(ne, keys, last)))
            drawn_keys = list(map(keys.__getitem__, dirty))
            positions = list(map(_CELL_POS.__getitem__, dirty))
        self._keys = keys
        self._last_screen, self._last_table = screen, table
        self._last_cursor, self._last_mode = cursor, mode
        if not dirty:
            return None
        self._glyphs.blit(self.surface, positions, drawn_keys)
        self._drawn, self._drawn_keys = dirty, drawn_keys
        self._drawn_rect = _bounds(dirty)
        return self._drawn_rect

    def paint(self, target: pygame.Surface, origin: tuple[int, int], scale: int) -> None:
        """Draw the cells the last ``draw`` redrew into ``target`` at ``scale``, the screen's
        top-left pixel at ``origin``: from glyphs made at that scale, or by scaling the 1x
        surface's rectangle that covers them when that is cheaper: when most of the glyphs
        would have to be made first (a screen of colours never seen before), or when the glyph
        rows do not stream (scale 3, ``streams``) and the cells fill more than half of the
        rectangle (scaling it costs less than blitting them: bench/present_bench.py)."""
        rect = self._drawn_rect
        if rect is None:
            return
        glyphs = self._glyphs_for(target, origin, scale)
        dense = 2 * len(self._drawn_keys) > (rect.w // CELL_W) * (rect.h // CELL_H)
        if (glyphs.pad and dense) or glyphs.missing(self._drawn_keys) > NEW_GLYPHS_LIMIT:
            out = pygame.Rect(origin[0] + rect.x * scale, origin[1] + rect.y * scale,
                              rect.w * scale, rect.h * scale)
            scale_into(target, self.surface.subsurface(rect), out)
            return
        cells, spots = self._drawn, self._scaled_pos
        if not isinstance(cells, range):
            spots = list(map(spots.__getitem__, cells))
        glyphs.blit(target, spots, self._drawn_keys)

    def _glyphs_for(self, target: pygame.Surface, origin: tuple[int, int], scale: int) -> Glyphs:
        """The glyphs for ``target`` at ``scale`` (made again when the scale, the padding or the
        pixel format changes: a fullscreen toggle, a panel opening), and the cells' places."""
        glyphs = self._scaled
        pad = _pad(target, origin[0], scale)
        if glyphs is None or (glyphs.scale, glyphs.pad, glyphs.format) != (
                scale, pad, _format(target)):
            glyphs = self._scaled = Glyphs(self.font, scale, target, pad)
        if (origin, scale) != self._scaled_at:
            self._scaled_at, self._scaled_pos = (origin, scale), _positions(origin, scale)
        return glyphs

    def draw_text(self, surface: pygame.Surface, pos: tuple[int, int], text: str,
                  fg: int = 15, bg: int = 0) -> None:
        """Write ``text`` (code page 437; others become '?') at pixel ``pos`` of ``surface`` in
        the console's font: for status lines and panels drawn beside the screen."""
        x, y = pos
        data = text.encode("cp437", errors="replace")
        surface.fblits([(self.glyph(c, fg, bg), (x + CELL_W * n, y)) for n, c in enumerate(data)])


def scale_into(target: pygame.Surface, source: pygame.Surface, dest: pygame.Rect) -> None:
    """``source`` scaled (nearest neighbour) to ``dest``'s size at ``dest`` in ``target``."""
    if target.get_rect().contains(dest):
        pygame.transform.scale(source, dest.size, target.subsurface(dest))
    else:
        target.blit(pygame.transform.scale(source, dest.size), dest)


def _bounds(cells: range | list[int]) -> pygame.Rect:
    """The rectangle (in 1x pixels) covering ``cells`` (indexes, ascending)."""
    top, bottom = cells[0] // mm.COLUMNS, cells[-1] // mm.COLUMNS
    if top == bottom:
        left, right = cells[0] % mm.COLUMNS, cells[-1] % mm.COLUMNS
    else:
        columns = set(map(mm.COLUMNS.__rmod__, cells))  # i % COLUMNS
        left, right = min(columns), max(columns)
    return pygame.Rect(left * CELL_W, top * CELL_H,
                       (right - left + 1) * CELL_W, (bottom - top + 1) * CELL_H)


def _cell_keys(screen: bytes, table: bytes) -> list[int]:
    """Each cell's glyph key ``char | colours << 8`` (the colours byte from ``table``): the
    screen with its attribute bytes translated, read as little-endian 16-bit numbers."""
    cells = bytearray(screen)
    cells[1::2] = screen[1::2].translate(table)
    if sys.byteorder == "little":
        return memoryview(cells).cast("H").tolist()
    return [cells[2 * i] | cells[2 * i + 1] << 8 for i in range(mm.CELLS)]


def render_screen(machine, font: Font, tick: int = 0) -> pygame.Surface:
    """A fresh 640 x 400 surface showing ``machine``'s screen (for headless screenshots)."""
    renderer = Renderer(font)
    renderer.draw_machine(machine, tick)
    return renderer.surface
