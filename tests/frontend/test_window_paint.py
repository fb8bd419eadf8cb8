"""Drawing the screen straight into the window at its scale (``Renderer.paint``,
``Display.present_screen``) gives exactly the pixels of scaling the 1x screen: at every scale,
with padded and unpadded glyphs, after partial redraws, and when the renderer falls back to
scaling; and the window loop shows exactly its canvas scaled, frame after frame."""

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from console.frontend import display as disp
from console.frontend import renderer as rnd
from console.frontend.font import load_font
from console.frontend.options import WindowOptions
from console.machines.b32 import memmap as mm
from console.machines.b32.devices.video import Video
from console.machines.b32.machine import Machine
from tests import frontend_helpers  # noqa: F401  (headless SDL drivers first)
from tests.frontend_helpers import demo_cart, fill_screen_cart, window_loops

FONT = load_font()


def rgb(surface: pygame.Surface) -> bytes:
    return pygame.image.tobytes(surface, "RGB")


def scaled_1x(renderer: rnd.Renderer, scale: int) -> bytes:
    w, h = rnd.SCREEN_SIZE
    return rgb(pygame.transform.scale(renderer.surface, (w * scale, h * scale)))


def painted(target: pygame.Surface, origin: tuple[int, int], scale: int) -> bytes:
    w, h = rnd.SCREEN_SIZE
    return rgb(target.subsurface(pygame.Rect(origin, (w * scale, h * scale))))


def video(mode: int, cursor: int) -> Video:
    v = Video()
    v.video_mode = mode
    v.cursor = 1 if cursor >= 0 else 0
    v.cursor_pos = max(cursor, 0)
    return v


changes = st.dictionaries(st.integers(0, mm.CELLS - 1),
                          st.tuples(st.integers(0, 255), st.integers(0, 255)), max_size=300)


@settings(max_examples=12, deadline=None)
@given(scale=st.integers(1, 3), origin_x=st.sampled_from([0, 16, 32, 3, 7, 40]), first=changes,
       later=st.lists(st.tuples(changes, st.integers(0, 2), st.integers(-1, 1999),
                                st.integers(0, 3 * rnd.BLINK_FRAMES)), min_size=1, max_size=3))
def test_painting_changed_cells_equals_scaling_the_1x_screen(scale, origin_x, first, later):
    screen = bytearray(bytes([mm.BLANK_CHAR, mm.BLANK_ATTR]) * mm.CELLS)
    w, h = rnd.SCREEN_SIZE
    target = pygame.Surface((w * scale + 48, h * scale + 8), 0, 32)
    origin = (origin_x, 5)
    renderer = rnd.Renderer(FONT)
    steps = [(first, 0, -1, 0)] + later
    for cells, mode, cursor, tick in steps:
        for index, pair in cells.items():
            screen[2 * index : 2 * index + 2] = bytes(pair)
        renderer.draw(screen, video(mode, cursor), tick)
        renderer.paint(target, origin, scale)
        assert painted(target, origin, scale) == scaled_1x(renderer, scale)


@pytest.mark.parametrize("scale,origin_x,pitch_px,streams", [
    (1, 0, 704, False),  # 32-byte rows: always a plain copy
    (2, 64, 1408, True),  # 64-byte rows on cache-line boundaries
    (2, 66, 1408, False),  # ... not on a boundary
    (3, 96, 2112, False),  # 96-byte rows end inside a line
    (4, 128, 2816, True),
])
def test_which_glyph_rows_stream_whole_cache_lines(scale, origin_x, pitch_px, streams):
    target = pygame.Surface((pitch_px, 8), 0, 32)
    assert rnd.streams(target, origin_x, scale) == streams


@pytest.mark.parametrize("scale,origin_x", [(2, 64), (2, 66), (3, 96), (3, 97)])
def test_padded_and_unpadded_glyphs_draw_the_same_pixels(scale, origin_x):
    screen = bytes(range(256)) * (rnd.SCREEN_BYTES // 256) + bytes(rnd.SCREEN_BYTES % 256)
    w, h = rnd.SCREEN_SIZE
    renderer = rnd.Renderer(FONT)
    renderer.draw(screen, video(2, 81), 0)
    target = pygame.Surface((w * scale + 2 * origin_x, h * scale), 0, 32)
    renderer.paint(target, (origin_x, 0), scale)
    assert painted(target, (origin_x, 0), scale) == scaled_1x(renderer, scale)


def test_too_many_new_glyphs_are_drawn_by_scaling_the_1x_pixels(monkeypatch):
    monkeypatch.setattr(rnd, "NEW_GLYPHS_LIMIT", 3)
    screen = bytearray(bytes([mm.BLANK_CHAR, mm.BLANK_ATTR]) * mm.CELLS)
    screen[0:10] = b"A\x1eB\x2eC\x3eD\x4eE\x5e"  # five looks never seen
    renderer = rnd.Renderer(FONT)
    target = pygame.Surface((1280, 800), 0, 32)
    renderer.draw(screen, video(0, -1), 0)
    renderer.paint(target, (0, 0), 2)
    assert painted(target, (0, 0), 2) == scaled_1x(renderer, 2)
    assert len(renderer._scaled) == 0  # scaled, no glyph made
    screen[0:4] = b"a\x1eb\x1e"  # two new looks: made as glyphs
    renderer.draw(screen, video(0, -1), 1)
    renderer.paint(target, (0, 0), 2)
    assert painted(target, (0, 0), 2) == scaled_1x(renderer, 2)
    assert len(renderer._scaled) == 2


def test_a_glyph_cache_starts_again_when_full(monkeypatch):
    monkeypatch.setattr(rnd, "GLYPH_LIMIT", 10)
    screen = bytes(range(256)) * (rnd.SCREEN_BYTES // 256) + bytes(rnd.SCREEN_BYTES % 256)
    renderer = rnd.Renderer(FONT)
    renderer.draw(screen, video(0, -1), 0)
    assert renderer.glyph_count <= 10
    expected = rnd.Renderer(FONT, pygame.Surface(rnd.SCREEN_SIZE, 0, 32))
    monkeypatch.setattr(rnd, "GLYPH_LIMIT", 4096)
    expected.draw(screen, video(0, -1), 0)
    assert rgb(renderer.surface) == rgb(expected.surface)


def test_cells_between_two_changes_in_a_row_are_not_redrawn():
    screen = bytearray(bytes([mm.BLANK_CHAR, mm.BLANK_ATTR]) * mm.CELLS)
    renderer = rnd.Renderer(FONT)
    renderer.draw(screen, video(0, -1), 0)
    renderer.surface.fill((1, 2, 3), pygame.Rect(40, 32, 8, 16))  # cell (2, 5), behind its back
    screen[2 * 163] = ord("Q")  # (2, 3)
    screen[2 * 170 + 1] = 0x1F  # (2, 10)
    assert renderer.draw(screen, video(0, -1), 1) == pygame.Rect(24, 32, 64, 16)
    assert renderer.surface.get_at((40, 32))[:3] == (1, 2, 3)


# ---- the window loop -----------------------------------------------------------------------------
def window_is_canvas_scaled(display: disp.Display) -> bool:
    expected = pygame.transform.scale(display.canvas, display.dest.size)
    return rgb(display.window.subsurface(display.dest)) == rgb(expected)


@pytest.mark.parametrize("cart,scale,fullscreen", [
    (fill_screen_cart, 1, False), (fill_screen_cart, 2, False), (fill_screen_cart, 3, False),
    (demo_cart, 3, False), (demo_cart, 2, False), (fill_screen_cart, None, True),
])
def test_the_window_shows_its_canvas_scaled_frame_after_frame(cart, scale, fullscreen):
    with window_loops() as keep:
        machine = Machine(seed=1)
        machine.load(cart())
        loop = keep(window.open_loop(machine, WindowOptions(scale=scale, fullscreen=fullscreen)))
        painted_frames = []
        paint = loop.renderer.paint

        def spy(target, origin, at_scale):
            painted_frames.append(loop.tick)
            paint(target, origin, at_scale)

        loop.renderer.paint = spy
        for _ in range(6):
            loop.run(frames=1, realtime=False)
            assert window_is_canvas_scaled(loop.display)
        if loop.display.scale > 1:
            assert len(painted_frames) >= 4  # drawn straight into the window, not scaled
        else:
            assert painted_frames == []  # at 1x the canvas's rectangle is copied


from console.frontend import window  # noqa: E402  (after the SDL drivers are chosen)
