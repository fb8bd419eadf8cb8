"""The console window's frame loop, and ``play`` for ``b32 run``.

Each frame: take the window's events (input into the machine, console keys to the loop), run the
CPU for one frame's cycle budget, draw the cells that changed, present, and wait for the next
1/60 s. The budget bounds every frame, so a cart that never WAITs cannot stall the window.

``FrameLoop`` is extended one way: ``loop.add(plugin)`` with a ``Plugin`` (the debugger panel
is one). Every plugin sees, in the order they were added:

- ``on_event(loop, event) -> bool``: every pygame event first; True swallows it.
- ``on_action(loop, action) -> bool``: every console action ("fullscreen", "screenshot",
  "reset", "pause", "quit", "f1".."f10", ...) first; True means handled (later plugins and the
  loop do not see it).
- ``overlay(loop, canvas) -> bool``: draws over or beside the screen after each frame's drawing;
  True when it drew (the whole canvas is then recomposed and presented).
- ``after_frame(loop, result)``: after the machine ran (``result`` is None when paused).

(``console.frontend.shell_window.ShellLoop`` is not an extension but another loop: its frames
step the shell instead of one machine.)

``run(frames=N, realtime=False)`` runs the real loop for N frames without the clock, for tests.
"""

from __future__ import annotations

import sys
from typing import Callable

import pygame

from console.frontend import display as disp
from console.frontend import input as inp
from console.frontend.audio import BeeperSound
from console.frontend.font import Font, load_font
from console.frontend.options import WindowOptions
from console.frontend.renderer import SCREEN_SIZE, Renderer
from console.frontend.screenshot import Screenshots
from console.machines import screen as mm

NOTICE_FRAMES = 4 * mm.FRAMES_PER_SECOND  # how long the title shows where a screenshot went
STATUS_FG, STATUS_BG = 15, 4  # the fault line: white on red, readable on any border
NOTE_FG, NOTE_BG = 15, 1  # a line that is news, not trouble: white on blue


class Plugin:
    """Something a ``FrameLoop`` carries (see the module's docstring); override what it needs."""

    def on_event(self, loop: FrameLoop, event: pygame.event.Event) -> bool:
        return False

    def on_action(self, loop: FrameLoop, action: str) -> bool:
        return False

    def overlay(self, loop: FrameLoop, canvas: pygame.Surface) -> bool:
        return False

    def after_frame(self, loop: FrameLoop, result) -> None:
        return None


class FrameLoop:
    """Drives ``machine`` at 60 frames per second in ``display``.

    State others read: ``paused``, ``running``, ``tick`` (frames presented), ``frames_run``
    (machine frames run by this loop), ``last_result`` (the last ``RunResult``)."""

    def __init__(self, machine, display: disp.Display, renderer: Renderer, *,
                 audio: BeeperSound | None = None, script=None,
                 screenshots: Screenshots | None = None, name: str | None = None) -> None:
        self.machine = machine
        self.display = display
        self.renderer = renderer
        self.audio = audio
        self.script = script
        self.screenshots = screenshots or Screenshots()
        self.name = name or (machine.cart.name if machine.cart else "b32")
        self.tracker = inp.ButtonTracker()
        self.gamepads = inp.Gamepads()
        self.paused = False
        self.running = True
        self.tick = 0
        self.frames_run = 0
        self.last_result = None
        self.notice = ""
        self._notice_until = 0
        self._reported_fault: str | None = None
        self._status = ""
        self._border = -1
        self._overlaid = False
        self.plugins: list[Plugin] = []

    def add(self, plugin: Plugin) -> Plugin:
        """Carry ``plugin`` from now on (after those added before it); returns it."""
        self.plugins.append(plugin)
        return plugin

    # ---- state shown to the person -----------------------------------------------------------
    @property
    def state_text(self) -> str:
        machine = self.machine
        if machine.fault:
            return machine.fault
        if self.paused:
            return "paused"
        if machine.ended:
            return "ended"
        if machine.halted:
            return "halted"
        return "running"

    def title(self) -> str:
        text = f"B32 - {self.name} ({self.machine.name}) - {self.state_text}"
        if self.notice and self.tick < self._notice_until:
            text += f" - {self.notice}"
        return text

    def show_notice(self, text: str, frames: int = NOTICE_FRAMES) -> None:
        """Put ``text`` in the title for ``frames`` frames."""
        self.notice = text
        self._notice_until = self.tick + frames

    def status_line(self) -> str:
        """The line under the screen: the fault, or how the program ended (LBVM), if any."""
        machine = self.machine
        if machine.fault:
            return machine.fault
        return f"ended: {machine.ended}" if machine.ended else ""

    def status_colours(self) -> tuple[int, int]:
        """(foreground, background) of the status line: white on red for trouble, white on
        blue for news (a program that ended on its own)."""
        if self.machine.ended and not self.machine.fault:
            return NOTE_FG, NOTE_BG
        return STATUS_FG, STATUS_BG

    # ---- console actions ---------------------------------------------------------------------
    def action(self, name: str) -> None:
        if any(plugin.on_action(self, name) for plugin in self.plugins):
            return
        if name == inp.QUIT:
            self.running = False
        elif name == inp.FULLSCREEN:
            self.toggle_fullscreen()
        elif name == inp.SCREENSHOT:
            self.save_screenshot()
        elif name == inp.RESET:
            self.reset()
        elif name == inp.PAUSE:
            self.paused = not self.paused
        elif name == inp.RELEASE_ALL:
            self._buttons(*self.tracker.release())

    def toggle_fullscreen(self) -> None:
        self.display.toggle_fullscreen()
        self.invalidate()

    def reset(self) -> None:
        """F5: the cart from the start; buttons still held stay held."""
        self.machine.reset()
        if self.tracker.held:
            self.machine.button_down(self.tracker.held)
        self._reported_fault = None
        self.invalidate()

    def save_screenshot(self):
        """F12: the screen as a PNG; the title says where it went. Returns the path or None."""
        try:
            path, note = self.screenshots.save(self.renderer.surface, self.name)
        except OSError as err:
            self.show_notice(f"screenshot failed: {err.strerror or err}")
            return None
        self.show_notice(f"saved {path}" + (f" ({note})" if note else ""))
        return path

    def invalidate(self) -> None:
        """Redraw and present everything next frame."""
        self.renderer.invalidate()
        self._border = -1

    # ---- one frame -----------------------------------------------------------------------------
    def _buttons(self, down: int, up: int) -> None:
        if down:
            self.machine.button_down(down)
        if up:
            self.machine.button_up(up)

    def window_event(self, event: pygame.event.Event) -> inp.Mapped | None:
        """What every loop does with an event: the plugins first, game pads coming and going,
        the window exposed, console actions. Returns the input left for the cart, if any."""
        if any(plugin.on_event(self, event) for plugin in self.plugins):
            return None
        if event.type in (pygame.JOYDEVICEADDED, pygame.JOYDEVICEREMOVED):
            gone = self.gamepads.handle(event)
            if gone is not None:
                self._buttons(*self.tracker.release(gone))
            return None
        if event.type in (pygame.WINDOWEXPOSED, pygame.VIDEOEXPOSE, pygame.WINDOWRESIZED):
            self.display.needs_full = True
            return None
        mapped = inp.map_event(event, self.gamepads.controller_ids)
        if mapped is not None and mapped.action:
            self.action(mapped.action)
            return None
        return mapped

    def handle_event(self, event: pygame.event.Event) -> None:
        mapped = self.window_event(event)
        if mapped is None:
            return
        if self.paused:  # keys typed while paused are not the cart's; held buttons still count
            mapped = inp.Mapped(source=mapped.source, buttons=mapped.buttons)
        inp.apply(mapped, self.machine, self.tracker)

    def frame(self, events: list[pygame.event.Event] | None = None) -> None:
        """One frame: events (default: the window's queue), the machine, drawing, presenting."""
        for event in pygame.event.get() if events is None else events:
            self.handle_event(event)
            if not self.running:
                return
        machine = self.machine
        result = None
        if not self.paused:
            if self.script is not None:
                self.script.apply(machine, self.frames_run)
            result = machine.run_frame()
            self.frames_run += 1
            self.last_result = result
        if machine.fault and machine.fault != self._reported_fault:
            print(f"b32: {self.name}: {machine.fault}", file=sys.stderr)
            self._reported_fault = machine.fault
        self.finish_frame(machine.beeper, self.paused, result)

    def finish_frame(self, beeper, silent: bool, result) -> None:
        """The end of every frame: the sound, the plugins' ``after_frame``, drawing, the
        title."""
        if self.audio is not None:
            if silent:
                self.audio.update(0, 0)
            else:
                self.audio.update(beeper.frequency, beeper.volume)
        for plugin in self.plugins:
            plugin.after_frame(self, result)
        self.draw()
        self.display.set_title(self.title())
        self.tick += 1

    def draw(self) -> None:
        """Draw what changed onto the canvas and present it."""
        machine = self.machine
        display = self.display
        canvas = display.canvas
        border = machine.video.border & 15
        border_rgb = mm.PALETTE[border]
        changed = self.renderer.draw_machine(machine, self.tick)
        status = self.status_line()
        full = border != self._border or status != self._status or self._overlaid
        if full:
            canvas.fill(border_rgb)
            canvas.blit(self.renderer.surface, disp.SCREEN_POS)
            if status:
                text = status[: mm.COLUMNS].ljust(mm.COLUMNS)
                self.renderer.draw_text(canvas, disp.STATUS_POS, text, *self.status_colours())
            self._border, self._status = border, status
        elif changed is not None:
            canvas.blit(self.renderer.surface, changed.move(disp.SCREEN_POS), changed)
        drew = any([plugin.overlay(self, canvas) for plugin in self.plugins])  # each draws
        if drew or self._overlaid:
            full = True
        self._overlaid = drew
        if full:
            display.present(None, border_rgb, full=True)
        else:
            display.present(changed.move(disp.SCREEN_POS) if changed else None, border_rgb)

    # ---- the loop ------------------------------------------------------------------------------
    def run(self, frames: int | None = None, realtime: bool = True) -> None:
        """Run until quit (or for ``frames`` frames); ``realtime=False`` skips the 60 Hz wait."""
        clock = pygame.time.Clock() if realtime else None
        count = 0
        while self.running and (frames is None or count < frames):
            self.frame()
            count += 1
            if clock is not None:
                clock.tick(mm.FRAMES_PER_SECOND)


class WindowError(Exception):
    """No window could be opened (no display, a dead X server)."""


def open_loop(machine, options: WindowOptions | None = None, *, script=None,
              font: Font | None = None, sound: bool = True) -> FrameLoop:
    """A window showing ``machine``, with its loop ready to ``run``. Raises FontError (font
    missing or bad) and pygame.error (no window can be opened)."""
    options = options or WindowOptions()
    font = font or load_font()
    display = disp.Display(scale=options.scale, fullscreen=options.fullscreen)
    renderer = Renderer(font, pygame.Surface(SCREEN_SIZE, 0, display.canvas))
    audio = BeeperSound(enabled=sound)
    pygame.key.start_text_input()
    return FrameLoop(machine, display, renderer, audio=audio, script=script,
                     screenshots=Screenshots(options.screenshot_dir, options.screenshot_scale))


def close() -> None:
    pygame.quit()


def run_in_window(open_fn: Callable[[Font], FrameLoop],
                  prepare: Callable[[FrameLoop], None] | None = None,
                  frames: int | None = None) -> FrameLoop:
    """Load the font, open a loop with ``open_fn(font)``, run it and close the window.
    Returns the finished loop. Raises FontError (the font is missing or bad) and WindowError
    (no window can be opened), each with a one-line message."""
    font = load_font()
    try:
        loop = open_fn(font)
    except pygame.error as err:
        close()
        raise WindowError(f"cannot open a window: {err} (try --headless)") from None
    try:
        if prepare is not None:
            prepare(loop)
        loop.run(frames=frames)
        return loop
    finally:
        if loop.audio is not None:
            loop.audio.close()
        close()


def play(machine, options: WindowOptions | None = None, script=None,
         prepare: Callable[[FrameLoop], None] | None = None) -> FrameLoop:
    """``b32 run CART`` in a window. ``prepare(loop)`` may add plugins (a debugger) before
    the loop runs. Returns the finished loop."""
    return run_in_window(lambda font: open_loop(machine, options, script=script, font=font),
                         prepare)
