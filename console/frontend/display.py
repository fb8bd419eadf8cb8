"""The window: a canvas (the screen inside its border, and a status line) scaled by a whole number.

Everything is drawn at 1x onto ``Display.canvas``; ``present`` scales it with
``pygame.transform.scale`` (nearest neighbour: whole-number scales stay sharp, never smoothed)
into the window. Windowed, the window is exactly canvas x scale. Fullscreen runs at the desktop's
resolution with the largest whole scale that fits, centred, the rest letterboxed in the border
colour. Only the part of the canvas that changed is scaled and updated.
"""

from __future__ import annotations

import pygame

from console.machines import screen as mm

BORDER_X = 32  # canvas pixels of border left and right of the screen
BORDER_Y = 24  # above and below; the status line sits in the bottom border
CANVAS_SIZE = (mm.SCREEN_WIDTH_PX + 2 * BORDER_X, mm.SCREEN_HEIGHT_PX + 2 * BORDER_Y)  # 704 x 448
SCREEN_POS = (BORDER_X, BORDER_Y)
STATUS_POS = (BORDER_X, BORDER_Y + mm.SCREEN_HEIGHT_PX + (BORDER_Y - mm.GLYPH_HEIGHT) // 2)
MAX_DEFAULT_SCALE = 3
# room a desktop keeps for panels and window decorations when choosing the default scale
DESKTOP_MARGIN = (32, 96)


def fit_scale(content: tuple[int, int], available: tuple[int, int],
              max_scale: int | None = None) -> int:
    """The largest whole scale at which ``content`` fits ``available`` (at least 1, at most
    ``max_scale`` when given)."""
    scale = max(1, min(available[0] // content[0], available[1] // content[1]))
    return min(scale, max_scale) if max_scale else scale


def default_scale(desktop: tuple[int, int], canvas: tuple[int, int] = CANVAS_SIZE) -> int:
    """The window scale when none is asked for: the largest that fits the desktop, at most 3."""
    room = (desktop[0] - DESKTOP_MARGIN[0], desktop[1] - DESKTOP_MARGIN[1])
    return fit_scale(canvas, room, MAX_DEFAULT_SCALE)


def letterbox(window: tuple[int, int], canvas: tuple[int, int] = CANVAS_SIZE
              ) -> tuple[int, pygame.Rect]:
    """(scale, where the scaled canvas goes) to show ``canvas`` centred in ``window``.

    The rectangle may stick out of a window smaller than the canvas at scale 1 (it is then
    centred and cropped)."""
    scale = fit_scale(canvas, window)
    w, h = canvas[0] * scale, canvas[1] * scale
    return scale, pygame.Rect((window[0] - w) // 2, (window[1] - h) // 2, w, h)


def desktop_size() -> tuple[int, int]:
    """The first desktop's resolution (after ``pygame.display.init``)."""
    sizes = pygame.display.get_desktop_sizes()
    return sizes[0] if sizes else (1024, 768)


class Display:
    """The window and the canvas shown in it.

    ``canvas`` is ``canvas_size`` pixels (default 704 x 448: the 640 x 400 screen at
    ``SCREEN_POS`` in a border); draw on it, then ``present(rect)`` with the part that changed
    (None: nothing; ``full=True``: everything, with the letterbox filled in ``border_rgb``).
    """

    def __init__(self, scale: int | None = None, fullscreen: bool = False,
                 canvas_size: tuple[int, int] = CANVAS_SIZE, title: str = "B32") -> None:
        pygame.display.init()
        self.canvas_size = canvas_size
        self.requested_scale = scale
        self.fullscreen = fullscreen
        self.window: pygame.Surface | None = None
        self.scale = 1
        self.dest = pygame.Rect(0, 0, *canvas_size)
        self.needs_full = True
        self._title = None
        self.set_title(title)
        self._open()
        self.canvas = pygame.Surface(canvas_size, 0, self.window)

    def _open(self) -> None:
        if self.fullscreen:
            size = desktop_size()
            self.window = pygame.display.set_mode(size, pygame.FULLSCREEN)
        else:
            scale = self.requested_scale or default_scale(desktop_size(), self.canvas_size)
            size = (self.canvas_size[0] * scale, self.canvas_size[1] * scale)
            self.window = pygame.display.set_mode(size)
        self.scale, self.dest = letterbox(self.window.get_size(), self.canvas_size)
        self.needs_full = True

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self._open()

    def set_canvas_size(self, size: tuple[int, int]) -> None:
        """Change the canvas (e.g. a debugger panel beside the screen); reopens the window."""
        self.canvas_size = size
        self._open()
        self.canvas = pygame.Surface(size, 0, self.window)

    def set_title(self, title: str) -> None:
        if title != self._title:
            pygame.display.set_caption(title)
            self._title = title

    @property
    def title(self) -> str:
        return self._title

    def present(self, rect: pygame.Rect | None, border_rgb: tuple[int, int, int],
                full: bool = False) -> None:
        """Scale the canvas's ``rect`` into the window and show it; everything when ``full``
        (or after the window was opened or exposed)."""
        window = self.window
        scale = self.scale
        if full or self.needs_full:
            window.fill(border_rgb)
            if window.get_rect().contains(self.dest):
                pygame.transform.scale(self.canvas, self.dest.size, window.subsurface(self.dest))
            else:
                window.blit(pygame.transform.scale(self.canvas, self.dest.size), self.dest)
            pygame.display.flip()
            self.needs_full = False
            return
        if rect is None:
            return
        rect = rect.clip(self.canvas.get_rect())
        if not rect:
            return
        out = pygame.Rect(self.dest.x + rect.x * scale, self.dest.y + rect.y * scale,
                          rect.w * scale, rect.h * scale)
        if window.get_rect().contains(out):
            pygame.transform.scale(self.canvas.subsurface(rect), out.size, window.subsurface(out))
        else:
            window.blit(pygame.transform.scale(self.canvas.subsurface(rect), out.size), out)
            out = out.clip(window.get_rect())
        pygame.display.update(out)
