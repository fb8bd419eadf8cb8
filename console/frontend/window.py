"""The console window's frame loop, and ``play`` for ``b32 run``.

Each frame: take the window's events (input into the machine, console keys to the loop), run the
CPU for one frame's cycle budget, draw the cells that changed, present, and wait for the next
1/60 s (``console.frontend.pacing.Pacer``: deadlines, so the loop averages 60.0 frames per
second; a loop that fell behind runs the machine frames it owes and presents only the last).
The budget bounds every frame, so a cart that never WAITs cannot stall the window.

``stats`` (``pacing.FrameStats``) times every presented frame: the machine (cpu), drawing and
presenting. F2 shows the figures live in the title and under the screen; ``--stats`` prints
them on stderr when the window closes.

``FrameLoop`` is extended one way: ``loop.add(plugin)`` with a ``Plugin`` (the debugger panel
is one). Every plugin sees, in the order they were added:

- ``on_event(loop, event) -> bool``: every pygame event first; True swallows it.
- ``on_action(loop, action) -> bool``: every console action ("fullscreen", "screenshot",
  "reset", "pause", "quit", "f1".."f10", ...) first; True means handled (later plugins and the
  loop do not see it).
- ``overlay(loop, canvas) -> bool``: draws over or beside the screen after each frame's drawing;
  True when it drew (the whole canvas is then recomposed and presented).
- ``covers_screen(loop) -> bool``: True while what it draws covers part of the screen; then
  the cells that change are presented from the canvas, under it (otherwise they are drawn
  straight into the window: ``Display.present_screen``).
- ``after_frame(loop, result)``: after the machine ran (``result`` is None when paused).
- ``on_close(loop)``: the window is closing (a recorder saves what it was recording).

(``console.frontend.shell_window.ShellLoop`` is not an extension but another loop: its frames
step the shell instead of one machine.)

``time_keys`` (``console.frontend.timekeys.TimeKeys``, or None) takes the save-state and rewind
keys after the plugins: it records each frame run, and while F1 is held a frame goes back
instead of running.

``run(frames=N, realtime=False)`` runs the real loop for N frames without the clock, for tests.
"""

from __future__ import annotations

import functools
import sys
import time
from typing import Callable

import pygame

from console.frontend import display as disp
from console.frontend import input as inp
from console.frontend.audio import Speaker, open_speaker
from console.frontend.font import Font, load_font
from console.frontend.options import WindowOptions
from console.frontend.pacing import FrameStats, FrameTimes, Pacer
from console.frontend.renderer import SCREEN_SIZE, Renderer
from console.frontend.screenshot import ScreenshotError, Screenshots
from console.frontend.timekeys import TimeKeys
from console.machines import screen as mm
from console.machines.rewind import History
from console.machines.saves import state_slot_path

NOTICE_FRAMES = 4 * mm.FRAMES_PER_SECOND  # how long the title shows where a screenshot went
STATUS_FG, STATUS_BG = 15, 4  # the fault line: white on red, readable on any border
NOTE_FG, NOTE_BG = 15, 1  # a line that is news, not trouble: white on blue
STATS_KEY = "f2"  # shows the frame figures live
STATS_REFRESH = 30  # frames between two updates of the live figures


class Plugin:
    """Something a ``FrameLoop`` carries (see the module's docstring); override what it needs."""

    def on_event(self, loop: FrameLoop, event: pygame.event.Event) -> bool:
        return False

    def on_action(self, loop: FrameLoop, action: str) -> bool:
        return False

    def overlay(self, loop: FrameLoop, canvas: pygame.Surface) -> bool:
        return False

    def covers_screen(self, loop: FrameLoop) -> bool:
        return False

    def after_frame(self, loop: FrameLoop, result) -> None:
        return None

    def on_close(self, loop: FrameLoop) -> None:
        return None


class FrameLoop:
    """Drives ``machine`` at 60 frames per second in ``display``.

    State others read: ``paused``, ``running``, ``tick`` (frames presented), ``frames_run``
    (machine frames run by this loop), ``last_result`` (the last ``RunResult``)."""

    def __init__(self, machine, display: disp.Display, renderer: Renderer, *,
                 audio: Speaker | None = None, script=None,
                 screenshots: Screenshots | None = None, name: str | None = None) -> None:
        self.machine = machine
        self.display = display
        self.renderer = renderer
        self.audio = audio
        self.script = script
        self.screenshots = screenshots or Screenshots()
        self.name = name or (machine.cart.name if machine.cart else "b32")
        self.tracker = inp.ButtonTracker()
        self._keys_down = inp.HeldKeys()
        self.gamepads = inp.Gamepads()
        self.paused = False
        self.running = True
        self.tick = 0
        self.frames_run = 0
        self.last_result = None
        self.stats = FrameStats()
        self.show_stats = False  # F2
        self.print_stats = False  # --stats: the summary on stderr when the window closes
        self._stats_text = ""
        self._times = FrameTimes()
        self.notice = ""
        self._notice_until = 0
        self.title_extra = ""  # shown in the title after the state (watch mode's reload count)
        self._reported_fault: str | None = None
        self._status = ""
        self._border = -1
        self._overlaid = False
        self.time_keys: TimeKeys | None = None  # save states and rewind (None: off)
        self._time_note = False  # the notice is a note of the time keys (shown under the screen)
        self.plugins: list[Plugin] = []
        if display.note:  # a --scale that did not fit: say so once, and in the title
            print(f"b32: {display.note}", file=sys.stderr)
            self.show_notice(display.note)
        if audio is not None:
            audio.listen(machine)
            if audio.note:
                self.show_notice(audio.note)

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
        if self.title_extra:
            text += f" - {self.title_extra}"
        if self.notice and self.tick < self._notice_until:
            text += f" - {self.notice}"
        return text + self.stats_suffix()

    def stats_text(self) -> str:
        """The live figures (F2) over the last second, refreshed every half second; "" when
        they are off."""
        if not self.show_stats:
            return ""
        if not self._stats_text or self.tick % STATS_REFRESH == 0:
            self._stats_text = self.stats.summary(last=60, recent=True)
        return self._stats_text

    def stats_suffix(self) -> str:
        text = self.stats_text()
        return f" - {text}" if text else ""

    def toggle_stats(self) -> None:
        """F2: the frame figures in the title and under the screen, on or off."""
        self.show_stats = not self.show_stats
        self._stats_text = ""

    def show_notice(self, text: str, frames: int = NOTICE_FRAMES) -> None:
        """Put ``text`` in the title for ``frames`` frames."""
        self.notice = text
        self._notice_until = self.tick + frames
        self._time_note = False

    def border_notice(self) -> str:
        """Fullscreen has no title bar: a notice (where F12's screenshot went) shows on the
        line under the screen instead, while it lasts and nothing else is there."""
        if self.display.fullscreen and self.notice and self.tick < self._notice_until:
            return self.notice
        return ""

    def status_line(self) -> str:
        """The line under the screen: the fault, or how the program ended (LBVM), if any, else
        a note of the state keys, else the live figures (F2)."""
        machine = self.machine
        if machine.fault:
            return machine.fault
        if self._time_note and self.tick < self._notice_until:
            return self.notice
        return f"ended: {machine.ended}" if machine.ended else self.stats_text()

    def status_colours(self) -> tuple[int, int]:
        """(foreground, background) of the status line: white on red for trouble, white on
        blue for news (a program that ended on its own, a note, the live figures)."""
        return (STATUS_FG, STATUS_BG) if self.machine.fault else (NOTE_FG, NOTE_BG)

    def show_time_note(self) -> None:
        """Show the time keys' latest note in the title and under the screen."""
        self.show_notice(self.time_keys.note)
        self._time_note = True

    # ---- console actions ---------------------------------------------------------------------
    def action(self, name: str) -> None:
        if any(plugin.on_action(self, name) for plugin in self.plugins):
            return
        if self.time_keys is not None and self.time_keys.action(name):
            if name != inp.REWIND_END:
                self.show_time_note()
                self.invalidate()
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
        elif name == STATS_KEY:
            self.toggle_stats()
        elif name == inp.MUTE:
            self.toggle_mute()
        elif name == inp.RELEASE_ALL:
            self._keys_down.clear()
            self._buttons(*self.tracker.release())

    def toggle_mute(self) -> None:
        """Ctrl+M: the sound off or on again; the title says which."""
        if self.audio is None:
            return
        self.show_notice("muted" if self.audio.toggle_mute() else "sound on")

    def toggle_fullscreen(self) -> None:
        self.display.toggle_fullscreen()
        self.invalidate()

    def reset(self) -> None:
        """F5: the cart from the start; buttons still held stay held."""
        self.machine.reset()
        if self.tracker.held:
            self.machine.button_down(self.tracker.held)
        if self.time_keys is not None:
            self.time_keys.restart()
        self._reported_fault = None
        self.invalidate()

    def save_screenshot(self):
        """F12: the screen as a PNG; the title says where it went. Returns the path or None."""
        try:
            path, note = self.screenshots.save(self.renderer.surface, self.name)
        except OSError as err:
            self.show_notice(f"screenshot failed: {err.strerror or err}")
            return None
        except ScreenshotError as err:
            self.show_notice(f"screenshot failed: {err}")
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

    def window_event(self, event: pygame.event.Event, held: inp.HeldKeys) -> inp.Mapped | None:
        """What every loop does with an event: the plugins first, game pads coming and going,
        the window exposed, console actions. Returns the input left for the cart, if any.
        ``held`` tells a held key's auto-repeat, which only queues its code again."""
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
        if held.see(event):
            return inp.map_repeat(event)
        mapped = inp.map_event(event, self.gamepads.controller_ids)
        if mapped is not None and mapped.action:
            self.action(mapped.action)
            return None
        return mapped

    def handle_event(self, event: pygame.event.Event) -> None:
        mapped = self.window_event(event, self._keys_down)
        if mapped is None:
            return
        if self.paused:  # keys typed while paused are not the cart's; held buttons still count
            mapped = inp.Mapped(source=mapped.source, buttons=mapped.buttons)
        inp.apply(mapped, self.machine, self.tracker)

    def take_events(self, events: list[pygame.event.Event] | None) -> bool:
        """Handle ``events`` (default: the window's queue); False when the loop was stopped."""
        for event in pygame.event.get() if events is None else events:
            self.handle_event(event)
            if not self.running:
                return False
        return True

    def frame(self, events: list[pygame.event.Event] | None = None, catch_up: int = 0) -> None:
        """One frame: events (default: the window's queue), the machine, drawing, presenting.
        ``catch_up`` more machine frames run first, not presented (the loop fell behind)."""
        if not self.take_events(events):
            return
        machine = self.machine
        result = None
        keys = self.time_keys
        rewinding = keys is not None and keys.rewinding and not self.paused
        if rewinding:
            keys.rewind_frame()
            self.show_time_note()
            self._reported_fault = None
        start = time.perf_counter()
        runs = 0 if self.paused or rewinding else 1 + catch_up
        for _ in range(runs):
            if self.script is not None:
                self.script.apply(machine, self.frames_run)
            result = machine.run_frame()
            self.frames_run += 1
            self.last_result = result
            if keys is not None:
                keys.ran_frame()
        self._times = FrameTimes(cpu=time.perf_counter() - start)
        if machine.fault and machine.fault != self._reported_fault:
            print(f"b32: {self.name}: {machine.fault}", file=sys.stderr)
            self._reported_fault = machine.fault
        self.finish_frame(result, runs)

    def finish_frame(self, result, emulated: int = 1) -> None:
        """The end of every frame: the plugins' ``after_frame``, drawing, the title, and the
        frame's figures (``emulated``: machine frames this one stands for). (The sound has gone
        out already: the machine hands each frame's sources to ``audio`` as it ends.)"""
        for plugin in self.plugins:
            plugin.after_frame(self, result)
        self.draw()
        start = time.perf_counter()
        self.display.set_title(self.title())
        self._times.present += time.perf_counter() - start
        self.stats.add(self._times, emulated)
        self.tick += 1

    def draw(self) -> None:
        """Draw what changed onto the canvas and present it."""
        start = time.perf_counter()
        machine = self.machine
        display = self.display
        canvas = display.canvas
        border = machine.video.border & 15
        border_rgb = mm.PALETTE[border]
        changed = self.renderer.draw_machine(machine, self.tick)
        status = self.status_line()
        colours = self.status_colours() if status else (NOTE_FG, NOTE_BG)
        status = status or self.border_notice()
        full = border != self._border or status != self._status or self._overlaid
        if full:
            canvas.fill(border_rgb)
            canvas.blit(self.renderer.surface, disp.SCREEN_POS)
            if status:
                text = status[: mm.COLUMNS].ljust(mm.COLUMNS)
                self.renderer.draw_text(canvas, disp.STATUS_POS, text, *colours)
            self._border, self._status = border, status
        elif changed is not None:
            canvas.blit(self.renderer.surface, changed.move(disp.SCREEN_POS), changed)
        drew = any([plugin.overlay(self, canvas) for plugin in self.plugins])  # each draws
        if drew or self._overlaid:
            full = True
        self._overlaid = drew
        drawn = time.perf_counter()
        if full:
            display.present(None, border_rgb, full=True)
        elif any(plugin.covers_screen(self) for plugin in self.plugins):
            display.present(changed.move(disp.SCREEN_POS) if changed else None, border_rgb)
        else:
            display.present_screen(self.renderer, changed, border_rgb)
        self._times.draw = drawn - start
        self._times.present = time.perf_counter() - drawn

    # ---- the loop ------------------------------------------------------------------------------
    def run(self, frames: int | None = None, realtime: bool = True,
            pacer: Pacer | None = None) -> None:
        """Run until quit (or for ``frames`` presented frames) at 60 frames per second
        (``pacer``, default a ``Pacer``); ``realtime=False`` skips the wait (for tests)."""
        if realtime and pacer is None:
            pacer = Pacer(mm.FRAMES_PER_SECOND)
        if not realtime:
            pacer = None
        if pacer is not None:
            pacer.start()
        count = 0
        catch_up = 0
        while self.running and (frames is None or count < frames):
            self.frame(catch_up=catch_up)
            count += 1
            if pacer is not None:
                catch_up = self.pace(pacer)

    def pace(self, pacer: Pacer) -> int:
        """Wait for the next frame; returns the machine frames to catch up. While sound plays,
        the sound card's clock paces the loop (60 blocks of 735 samples a second: the console
        keeps in step with its sound, and no block is dropped or starved) and the deadlines
        start again from there; otherwise ``pacer``'s deadlines at 60 frames a second, with
        catch-up after an overrun (docs/DECISIONS.md)."""
        if self.audio is not None and self.audio.wait_for_room():
            pacer.start()
            return 0
        return pacer.wait() - 1


class WindowError(Exception):
    """No window could be opened (no display, a dead X server)."""


def open_window(options: WindowOptions, font: Font, sound: bool, fullscreen: bool
                ) -> tuple[disp.Display, Renderer, Speaker]:
    """The window (with the console's icon), its renderer and the speaker (the synthesizer's
    blocks), with text input on and held keys repeating at the desktop's rate. Raises
    pygame.error."""
    display = disp.Display(scale=options.scale, fullscreen=fullscreen,
                           icon=disp.make_icon(font))
    renderer = Renderer(font, pygame.Surface(SCREEN_SIZE, 0, display.canvas))
    audio = open_speaker(options, sound)
    pygame.key.start_text_input()
    pygame.key.set_repeat(*inp.desktop_key_repeat())
    return display, renderer, audio


def open_loop(machine, options: WindowOptions | None = None, *, script=None,
              font: Font | None = None, sound: bool = True) -> FrameLoop:
    """A window showing ``machine``, with its loop ready to ``run``. Raises FontError (font
    missing or bad) and pygame.error (no window can be opened)."""
    options = options or WindowOptions()
    font = font or load_font()
    display, renderer, audio = open_window(options, font, sound, options.fullscreen)
    loop = FrameLoop(machine, display, renderer, audio=audio, script=script,
                     screenshots=Screenshots(options.screenshot_dir, options.screenshot_scale))
    loop.print_stats = options.stats
    loop.time_keys = time_keys(machine, options)
    from console.frontend.recorder import add_recorder  # it builds on this module

    add_recorder(loop, options, font)
    return loop


def time_keys(machine, options: WindowOptions) -> TimeKeys | None:
    """The save-state and rewind keys ``options`` ask for, or None when both are off."""
    state_path = None
    if options.state_dir is not None and options.cart_path is not None:
        state_path = functools.partial(state_slot_path, options.state_dir, options.cart_path)
    if state_path is None and not options.rewind:
        return None
    return TimeKeys(machine, state_path, History() if options.rewind else None)


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
        for plugin in loop.plugins:
            plugin.on_close(loop)
        if loop.print_stats:
            print(f"stats: {loop.stats.summary()}", file=sys.stderr)
        if loop.audio is not None:
            loop.audio.close()
        close()


def play(machine, options: WindowOptions | None = None, script=None,
         prepare: Callable[[FrameLoop], None] | None = None) -> FrameLoop:
    """``b32 run CART`` in a window. ``prepare(loop)`` may add plugins (a debugger) before
    the loop runs. Returns the finished loop."""
    return run_in_window(lambda font: open_loop(machine, options, script=script, font=font),
                         prepare)
