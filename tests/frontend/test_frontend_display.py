"""Scale and letterbox arithmetic, and a present that scales sharply (every canvas pixel becomes
a scale x scale block of the same colour)."""

import pygame
import pytest

from console.frontend import display as disp
from tests import frontend_helpers  # noqa: F401


@pytest.mark.parametrize("available,max_scale,scale", [
    ((1920, 1080), None, 2), ((1920, 1080), 3, 2), ((3840, 2160), 3, 3), ((3840, 2160), None, 4),
    ((800, 600), 3, 1), ((300, 200), 3, 1),  # never below 1
])
def test_fit_scale(available, max_scale, scale):
    assert disp.fit_scale(disp.CANVAS_SIZE, available, max_scale) == scale


@pytest.mark.parametrize("desktop,scale", [
    ((1920, 1080), 2), ((2560, 1440), 3), ((2560, 1600), 3), ((3840, 2160), 3), ((1366, 768), 1),
    ((1280, 1024), 1), ((1600, 1200), 2),
])
def test_default_window_scale_fits_the_desktop_up_to_3(desktop, scale):
    assert disp.default_scale(desktop) == scale


@pytest.mark.parametrize("window,scale,rect", [
    ((1920, 1080), 2, (256, 92, 1408, 896)),
    ((3840, 2160), 4, (512, 184, 2816, 1792)),
    ((1280, 720), 1, (288, 136, 704, 448)),
    ((704, 448), 1, (0, 0, 704, 448)),
    ((640, 480), 1, (-32, 16, 704, 448)),  # smaller than the canvas: centred, border cropped
])
def test_letterbox_is_integer_scaled_and_centred(window, scale, rect):
    got_scale, got_rect = disp.letterbox(window, disp.CANVAS_SIZE)
    assert (got_scale, tuple(got_rect)) == (scale, rect)


def test_canvas_places_the_screen_inside_the_border():
    assert disp.CANVAS_SIZE == (704, 448)
    assert disp.SCREEN_POS == (32, 24)
    x, y = disp.STATUS_POS
    assert 24 + 400 <= y and y + 16 <= 448  # the status line fits under the screen


def test_window_is_canvas_times_scale_and_present_is_sharp():
    display = disp.Display(scale=2)
    try:
        assert display.window.get_size() == (1408, 896)
        canvas = display.canvas
        canvas.fill((0, 170, 170))
        canvas.set_at((40, 30), (255, 255, 85))
        canvas.set_at((41, 30), (0, 0, 170))
        display.present(None, (0, 170, 170), full=True)
        win = display.window
        for dx in (0, 1):
            for dy in (0, 1):
                assert win.get_at((80 + dx, 60 + dy))[:3] == (255, 255, 85)
                assert win.get_at((82 + dx, 60 + dy))[:3] == (0, 0, 170)
        # a partial present scales only that rectangle
        canvas.set_at((100, 100), (255, 0, 0))
        canvas.set_at((40, 30), (0, 0, 0))  # outside the rectangle: not presented
        display.present(pygame.Rect(96, 96, 8, 16), (0, 170, 170))
        assert win.get_at((201, 201))[:3] == (255, 0, 0)
        assert win.get_at((80, 60))[:3] == (255, 255, 85)
    finally:
        pygame.display.quit()


def test_fullscreen_fills_the_letterbox_in_the_border_colour():
    display = disp.Display(scale=1, fullscreen=True)
    try:
        size = display.window.get_size()
        scale, rect = disp.letterbox(size)
        assert (display.scale, display.dest) == (scale, rect)
        display.canvas.fill((170, 0, 0))
        display.present(None, (170, 0, 0), full=True)
        assert display.window.get_at((0, 0))[:3] == (170, 0, 0)
        display.toggle_fullscreen()
        assert not display.fullscreen
        assert display.window.get_size() == (704, 448)
        assert display.needs_full
    finally:
        pygame.display.quit()
