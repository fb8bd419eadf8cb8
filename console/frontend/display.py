"""The window: a canvas (the screen inside its border, and a status line) scaled by a whole number.

Everything is drawn at 1x onto ``Display.canvas``; ``present`` scales it with
``pygame.transform.scale`` (nearest neighbour: whole-number scales stay sharp, never smoothed)
into the window. Windowed, the window is exactly canvas x scale. Fullscreen runs at the desktop's
resolution with the largest whole scale that fits, centred, the rest letterboxed in the border
colour. Only the part of the canvas that changed is scaled and updated.

A frame where only the screen's cells changed does not scale the canvas: ``present_screen`` has
the renderer paint those cells straight into the window from glyphs made at the window's scale
(the same pixels; the canvas holds them at 1x too, for the next whole present).

Under X11 the window surface is an X shared-memory image (``SDL_FRAMEBUFFER_ACCELERATION=0``,
unless the environment sets that hint): by default SDL would keep it as an OpenGL texture, and
without a GPU that is Mesa's software rasteriser, several times slower at scale 2 and more
(bench/present_bench.py measures every way; docs/WINDOW.md has the figures).
"""

from __future__ import annotations

import os
import re
import socket

import pygame

from console.frontend import quiet_stderr
from console.frontend.renderer import Renderer, scale_into
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


def _set_mode(size: tuple[int, int], flags: int, at: tuple[int, int] | None) -> pygame.Surface:
    """``pygame.display.set_mode`` with the window placed at ``at`` (None: where SDL puts a new
    window). pygame may make a new window for a new size or mode, placed by
    SDL_VIDEO_WINDOW_POS, so the place is given there and also set afterwards."""
    if at is None:
        return pygame.display.set_mode(size, flags)
    previous = os.environ.get("SDL_VIDEO_WINDOW_POS")
    os.environ["SDL_VIDEO_WINDOW_POS"] = f"{at[0]},{at[1]}"
    try:
        window = pygame.display.set_mode(size, flags)
    finally:
        if previous is None:
            os.environ.pop("SDL_VIDEO_WINDOW_POS", None)
        else:
            os.environ["SDL_VIDEO_WINDOW_POS"] = previous
    pygame.display.set_window_position(at)
    return window


def _no_desktop() -> bool:
    return (pygame.display.get_driver() or "").lower() in HEADLESS_DRIVERS


def _window_position() -> tuple[int, int] | None:
    try:
        return tuple(pygame.display.get_window_position())
    except (pygame.error, AttributeError):
        return None
FRAMEBUFFER_HINT = "SDL_FRAMEBUFFER_ACCELERATION"


def prefer_shared_memory_surface() -> None:
    """Under X11, present the window surface with XShmPutImage rather than through OpenGL
    (after ``pygame.display.init``, before the window opens; a hint already set wins). Other
    drivers keep SDL's choice (Wayland and macOS have no plain framebuffer to fall back to)."""
    if pygame.display.get_driver() == "x11":
        os.environ.setdefault(FRAMEBUFFER_HINT, "0")


def desktop_size() -> tuple[int, int]:
    """The first desktop's resolution (after ``pygame.display.init``)."""
    sizes = pygame.display.get_desktop_sizes()
    return sizes[0] if sizes else (1024, 768)


class NoDisplay(pygame.error):
    """No usable display: SDL fell back to its offscreen or dummy driver without being asked
    to, or the X server does not answer."""


X_PROBE_SECONDS = 3.0


def check_x_server(display: str | None = None, timeout: float = X_PROBE_SECONDS) -> None:
    """Raise NoDisplay when ``$DISPLAY`` names an X server that accepts a connection but does
    not answer the connection setup within ``timeout`` (a stopped or hung server, which would
    hang SDL forever). A display with no socket at all is left to SDL, which fails at once."""
    display = os.environ.get("DISPLAY") if display is None else display
    match = re.fullmatch(r"(?:(unix)|([^:/]*))?(?:/unix)?:(\d+)(?:\.\d+)?", display or "")
    if match is None:
        return
    number = int(match.group(3))
    host = match.group(2)
    try:
        if host:
            sock = socket.create_connection((host, 6000 + number), timeout=timeout)
        else:
            path = f"/tmp/.X11-unix/X{number}"
            if not os.path.exists(path):
                return
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(timeout)
            sock.connect(path)
    except OSError:
        return  # nothing listening: SDL fails at once and the driver check says so
    try:
        with sock:
            sock.sendall(b"l\x00\x0b\x00\x00\x00\x00\x00\x00\x00\x00\x00")  # setup, LSB first
            if sock.recv(1):
                return
    except socket.timeout:
        raise NoDisplay(f"the X server {display} does not answer") from None
    except OSError:
        return


def init_video() -> None:
    """``pygame.display.init()``, refusing a display that is not there: SDL quietly falls back
    to its offscreen driver when X is gone, and a window nobody sees would run forever. Raises
    NoDisplay (a pygame.error) with the reason."""
    requested = os.environ.get("SDL_VIDEODRIVER", "").lower()
    if not requested or "x11" in requested:
        check_x_server()
    with quiet_stderr():
        pygame.display.init()
    driver = (pygame.display.get_driver() or "").lower()
    if driver in HEADLESS_DRIVERS and driver not in requested:
        pygame.display.quit()
        where = os.environ.get("DISPLAY")
        raise NoDisplay(f"no display (DISPLAY={where})" if where else "no display (DISPLAY is "
                        "not set)")


HEADLESS_DRIVERS = ("offscreen", "dummy")


def make_icon(font, size: int = 32) -> pygame.Surface:
    """The window icon: "B" in the console's own font, bright yellow on blue (palette 14 on 1),
    drawn at twice the glyph size inside a white frame."""
    icon = pygame.Surface((size, size))
    icon.fill(mm.PALETTE[15])
    icon.fill(mm.PALETTE[1], pygame.Rect(1, 1, size - 2, size - 2))
    rows = font.rows(ord("B"))
    left = (size - 2 * 8) // 2
    for y, bits in enumerate(rows):
        for x in range(8):
            if bits & (0x80 >> x):
                icon.fill(mm.PALETTE[14], pygame.Rect(left + 2 * x, 2 * y, 2, 2))
    return icon


class Display:
    """The window and the canvas shown in it.

    ``canvas`` is ``canvas_size`` pixels (default 704 x 448: the 640 x 400 screen at
    ``SCREEN_POS`` in a border); draw on it, then ``present(rect)`` with the part that changed
    (None: nothing; ``full=True``: everything, with the letterbox filled in ``border_rgb``).

    A canvas wider than the first one (a debugger panel beside the screen) keeps the screen's
    scale: the extra part is a side panel shown at the largest scale that still fits (at most
    the screen's), so opening the panel never shrinks the cart. ``note`` says when a requested
    scale did not fit the desktop and a smaller one was used.
    """

    def __init__(self, scale: int | None = None, fullscreen: bool = False,
                 canvas_size: tuple[int, int] = CANVAS_SIZE, title: str = "B32",
                 icon: pygame.Surface | None = None) -> None:
        init_video()
        prefer_shared_memory_surface()
        self.canvas_size = canvas_size
        self.main_size = canvas_size  # the screen and its border; wider canvases add a panel
        self.requested_scale = scale
        self.fullscreen = fullscreen
        self.window: pygame.Surface | None = None
        self.scale = 1
        self.side_scale = 1
        self.dest = pygame.Rect(0, 0, *canvas_size)
        self.side_dest = pygame.Rect(0, 0, 0, 0)
        self.needs_full = True
        self.note = ""
        self._windowed_at: tuple[int, int] | None = None
        self._title = None
        if icon is not None:
            pygame.display.set_icon(icon)
        self.set_title(title)
        self._open()
        self.canvas = pygame.Surface(canvas_size, 0, self.window)

    @property
    def side_width(self) -> int:
        return self.canvas_size[0] - self.main_size[0]

    def _windowed_scale(self) -> int:
        """The screen's scale in a window: the one asked for (or kept), fitted to the desktop."""
        desktop = desktop_size()
        room = (desktop[0] - DESKTOP_MARGIN[0], desktop[1] - DESKTOP_MARGIN[1])
        wanted = self.requested_scale or default_scale(desktop, self.main_size)
        fits = fit_scale(self.main_size, (room[0] - self.side_width, room[1]))
        if _no_desktop() and self.requested_scale:
            return self.requested_scale  # a dummy driver has no desktop to fit
        if self.side_width == 0 and wanted > fits and self.requested_scale:
            self.note = (f"--scale {wanted} does not fit the {desktop[0]} x {desktop[1]} "
                         f"desktop; using {fits}")
        return max(1, min(wanted, fits))

    def _open(self) -> None:
        if self.fullscreen:
            if self.window is not None and self._windowed_at is None:
                self._windowed_at = _window_position()
                # X without a window manager opens fullscreen where the window was, clipped:
                # move it to the corner first (SDL reports (0, 0) either way)
                pygame.display.set_window_position((0, 0))
                pygame.event.pump()
            size = desktop_size()
            self.window = _set_mode(size, pygame.FULLSCREEN, None)
            self._layout(self.window.get_size(), fit_scale(
                self.main_size, (size[0] - self.side_width, size[1])))
        else:
            scale = self._windowed_scale()
            side = self._side_scale(scale, desktop_size()[0] - DESKTOP_MARGIN[0])
            size = (self.main_size[0] * scale + self.side_width * side,
                    max(self.main_size[1] * scale, self.canvas_size[1] * side))
            at = self._windowed_at if self._windowed_at is not None else _window_position()
            self.window = _set_mode(size, 0, at if self.window is not None else None)
            self._windowed_at = None
            self._layout(size, scale)
            self.requested_scale = scale  # the cart's scale, kept when a panel opens
        self.needs_full = True

    def _side_scale(self, scale: int, width: int) -> int:
        if not self.side_width:
            return scale
        return max(1, min(scale, (width - self.main_size[0] * scale) // self.side_width))

    def _layout(self, window: tuple[int, int], scale: int) -> None:
        """Place the screen (and the side panel) centred in ``window`` at ``scale``."""
        if not self.side_width:
            self.scale, self.dest = letterbox(window, self.canvas_size)
            self.side_scale, self.side_dest = self.scale, pygame.Rect(0, 0, 0, 0)
            return
        side = self._side_scale(scale, window[0])
        main_w, main_h = self.main_size[0] * scale, self.main_size[1] * scale
        side_w, side_h = self.side_width * side, self.canvas_size[1] * side
        left = (window[0] - main_w - side_w) // 2
        top = (window[1] - max(main_h, side_h)) // 2
        self.scale, self.side_scale = scale, side
        self.dest = pygame.Rect(left, top, main_w, main_h)
        self.side_dest = pygame.Rect(left + main_w, top, side_w, side_h)

    def toggle_fullscreen(self) -> None:
        self.fullscreen = not self.fullscreen
        self._open()

    def set_canvas_size(self, size: tuple[int, int]) -> None:
        """Change the canvas (e.g. a debugger panel beside the screen); reopens the window,
        keeping the screen's scale."""
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
        if full or self.needs_full:
            self.window.fill(border_rgb)
            for area, dest in self._regions():
                scale_into(self.window, self.canvas.subsurface(area), dest)
            pygame.display.flip()
            self.needs_full = False
            return
        if rect is None:
            return
        updated = []
        for area, dest in self._regions():
            part = rect.clip(area)
            if not part:
                continue
            scale = dest.w // area.w
            out = pygame.Rect(dest.x + (part.x - area.x) * scale,
                              dest.y + (part.y - area.y) * scale, part.w * scale, part.h * scale)
            scale_into(self.window, self.canvas.subsurface(part), out)
            updated.append(out.clip(self.window.get_rect()))
        if updated:
            pygame.display.update(updated)

    def present_screen(self, renderer: Renderer, rect: pygame.Rect | None,
                       border_rgb: tuple[int, int, int]) -> None:
        """Show the screen's ``rect`` (screen pixels: what ``renderer.draw`` just redrew, also
        on the canvas) by painting those cells straight into the window at the scale, from
        glyphs made at that scale: the same pixels as ``present`` of that part of the canvas,
        without scaling it. (Everything, from the canvas, when the window needs it.)"""
        if self.needs_full:
            self.present(None, border_rgb, full=True)
            return
        if rect is None:
            return
        scale = self.scale
        if scale == 1:  # "scaling" the canvas is one copy of the rectangle: cheaper than glyphs
            self.present(rect.move(SCREEN_POS), border_rgb)
            return
        x, y = self.dest.x + SCREEN_POS[0] * scale, self.dest.y + SCREEN_POS[1] * scale
        renderer.paint(self.window, (x, y), scale)
        out = pygame.Rect(x + rect.x * scale, y + rect.y * scale, rect.w * scale, rect.h * scale)
        out = out.clip(self.window.get_rect())
        if out:
            pygame.display.update([out])

    def _regions(self) -> list[tuple[pygame.Rect, pygame.Rect]]:
        """(canvas area, window rectangle) for the screen and, when there is one, the panel."""
        main = pygame.Rect(0, 0, self.main_size[0], self.canvas_size[1])
        if not self.side_width:
            return [(pygame.Rect(0, 0, *self.canvas_size), self.dest)]
        main.h = self.main_size[1]
        return [(main, self.dest),
                (pygame.Rect(self.main_size[0], 0, self.side_width, self.canvas_size[1]),
                 self.side_dest)]
