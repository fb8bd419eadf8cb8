"""The renderer's pixels: glyph shapes, colours, VIDEOMODE blink and bright background, the
cursor, and that only changed cells are redrawn from a glyph cache."""

import pygame
import pytest

from console.frontend.font import DEFAULT_FONT, FontError, load_font
from console.frontend.renderer import BLINK_FRAMES, Renderer, colour_table
from console.machines.b32 import memmap as mm
from console.machines.b32.devices.video import Video
from tests import frontend_helpers  # noqa: F401  (headless SDL drivers first)

FONT = load_font()
BLANK = bytes([mm.BLANK_CHAR, mm.BLANK_ATTR]) * mm.CELLS
ON, OFF = 0, BLINK_FRAMES  # ticks in the blink's on and off phases


def screen_with(cells: dict[int, tuple[int, int]]) -> bytearray:
    screen = bytearray(BLANK)
    for index, (char, attr) in cells.items():
        screen[2 * index : 2 * index + 2] = bytes([char, attr])
    return screen


def cell_pixels(surface: pygame.Surface, index: int) -> list[list[tuple]]:
    x0, y0 = 8 * (index % 80), 16 * (index // 80)
    return [[tuple(surface.get_at((x0 + x, y0 + y)))[:3] for x in range(8)] for y in range(16)]


def expected(char: int, fg: int, bg: int, underline: bool = False) -> list[list[tuple]]:
    rows = []
    for y in range(16):
        full = underline and y >= 14
        rows.append([mm.PALETTE[fg] if full or FONT.pixel(char, x, y) else mm.PALETTE[bg]
                     for x in range(8)])
    return rows


def test_font_is_256_glyphs_of_16_rows():
    assert len(FONT.data) == 4096
    # 'A' has a top row blank and a crossbar; the full block is all set
    assert FONT.rows(0xDB) == b"\xff" * 16
    assert FONT.rows(0x20) == b"\x00" * 16
    assert any(FONT.rows(ord("A")))


def test_missing_or_short_font_is_a_one_line_error(tmp_path):
    with pytest.raises(FontError, match="no such file"):
        load_font(tmp_path / "nope.bin")
    short = tmp_path / "short.bin"
    short.write_bytes(DEFAULT_FONT.read_bytes()[:100])
    with pytest.raises(FontError, match="100 bytes, expected 4096"):
        load_font(short)


def test_glyph_shape_and_colours():
    renderer = Renderer(FONT)
    renderer.draw(screen_with({0: (ord("A"), 0x1E), 81: (0x82, 0x4F)}), Video(), ON)
    assert cell_pixels(renderer.surface, 0) == expected(ord("A"), 14, 1)  # yellow on blue
    assert cell_pixels(renderer.surface, 81) == expected(0x82, 15, 4)  # é, white on red
    assert cell_pixels(renderer.surface, 1999) == expected(0x20, 7, 0)


@pytest.mark.parametrize("mode,tick,fg,bg", [
    (0, ON, 14, 1), (0, OFF, 14, 1),  # bit 7 ignored
    (1, ON, 14, 1), (1, OFF, 1, 1),  # blink: the foreground disappears in the off phase
    (2, ON, 14, 9), (2, OFF, 14, 9),  # bright background: bits 4-7
    (7, OFF, 14, 1),  # an undefined mode draws as mode 0
])
def test_attribute_bit_7_by_videomode(mode, tick, fg, bg):
    video = Video()
    video.video_mode = mode
    renderer = Renderer(FONT)
    renderer.draw(screen_with({5: (ord("W"), 0x9E)}), video, tick)
    assert cell_pixels(renderer.surface, 5) == expected(ord("W"), fg, bg)


def test_blink_redraws_only_blinking_cells_when_the_phase_turns():
    video = Video()
    video.video_mode = 1
    renderer = Renderer(FONT)
    screen = screen_with({10: (ord("B"), 0x8F), 20: (ord("S"), 0x0F)})
    renderer.draw(screen, video, 0)
    assert renderer.draw(screen, video, BLINK_FRAMES - 1) is None  # same phase: nothing
    rect = renderer.draw(screen, video, BLINK_FRAMES)
    assert rect == pygame.Rect(80, 0, 8, 16)
    assert cell_pixels(renderer.surface, 10) == expected(ord("B"), 0, 0)
    assert cell_pixels(renderer.surface, 20) == expected(ord("S"), 15, 0)
    renderer.draw(screen, video, 2 * BLINK_FRAMES)
    assert cell_pixels(renderer.surface, 10) == expected(ord("B"), 15, 0)


def test_cursor_is_a_blinking_underline_in_the_cell_foreground():
    video = Video()
    video.cursor = 1
    video.cursor_pos = 81
    renderer = Renderer(FONT)
    screen = screen_with({81: (ord("c"), 0x2E)})
    renderer.draw(screen, video, ON)
    assert cell_pixels(renderer.surface, 81) == expected(ord("c"), 14, 2, underline=True)
    assert renderer.draw(screen, video, OFF) == pygame.Rect(8, 16, 8, 16)
    assert cell_pixels(renderer.surface, 81) == expected(ord("c"), 14, 2)
    # moving it redraws the old and the new cell
    renderer.draw(screen, video, ON)
    video.cursor_pos = 82
    assert renderer.draw(screen, video, ON) == pygame.Rect(8, 16, 16, 16)
    assert cell_pixels(renderer.surface, 81) == expected(ord("c"), 14, 2)
    assert cell_pixels(renderer.surface, 82) == expected(0x20, 7, 0, underline=True)


@pytest.mark.parametrize("cursor,pos", [(0, 5), (2, 5), (1, 2000), (1, 0xFFFF)])
def test_no_cursor_when_off_or_off_screen(cursor, pos):
    video = Video()
    video.cursor, video.cursor_pos = cursor, pos
    renderer = Renderer(FONT)
    renderer.draw(BLANK, video, ON)
    assert cell_pixels(renderer.surface, 5) == expected(0x20, 7, 0)


def test_only_changed_cells_are_redrawn_and_glyphs_are_cached():
    renderer = Renderer(FONT)
    video = Video()
    screen = bytearray(BLANK)
    assert renderer.draw(screen, video, 0) == pygame.Rect(0, 0, 640, 400)
    assert renderer.glyph_count == 1  # 2000 blank cells, one glyph
    assert renderer.draw(screen, video, 1) is None
    # paint over a cell behind the renderer's back: an unchanged screen leaves it alone
    renderer.surface.fill((1, 2, 3), pygame.Rect(0, 0, 8, 16))
    assert renderer.draw(screen, video, 2) is None
    assert renderer.surface.get_at((0, 0))[:3] == (1, 2, 3)
    screen[2 * 163] = ord("Q")  # row 2, col 3
    screen[2 * 170 + 1] = 0x1F  # row 2, col 10: attribute only
    assert renderer.draw(screen, video, 3) == pygame.Rect(24, 32, 64, 16)
    assert renderer.glyph_count == 3
    assert renderer.surface.get_at((0, 0))[:3] == (1, 2, 3)
    renderer.invalidate()
    assert renderer.draw(screen, video, 4) == pygame.Rect(0, 0, 640, 400)
    assert renderer.surface.get_at((0, 0))[:3] == (0, 0, 0)


def test_mode_change_redraws_everything():
    renderer = Renderer(FONT)
    video = Video()
    renderer.draw(BLANK, video, 0)
    video.video_mode = 2
    assert renderer.draw(BLANK, video, 1) == pygame.Rect(0, 0, 640, 400)


def test_colour_tables():
    assert colour_table(0, True)[0xF4] == 4 | 7 << 4
    assert colour_table(2, False)[0xF4] == 4 | 15 << 4
    assert colour_table(1, False)[0xF4] == 7 | 7 << 4
    assert colour_table(1, True)[0xF4] == 4 | 7 << 4


def test_draw_text_writes_in_the_console_font():
    renderer = Renderer(FONT)
    target = pygame.Surface((64, 16), 0, 32)
    renderer.draw_text(target, (8, 0), "Hi", 15, 4)
    assert cell_pixels(target, 1) == expected(ord("H"), 15, 4)
