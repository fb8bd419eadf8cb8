"""The console window's frame loop, and ``play`` for ``b32 run``.

Each frame: take the window's events (input into the machine, console keys to the loop), run the
CPU for one frame's cycle budget, draw the cells that changed, present, and wait for the next
1/60 s (``console.frontend.pacing.Pacer``: deadlines, so the loop averages 60.0 frames per
second; a loop that fell behind runs the machine frames it owes and presents only the last).
The budget bounds every frame, so a cart that never WAITs cannot stall the window.

``stats`` (``pacing.FrameStats``) times every presented frame: the machine (cpu), drawing and
presenting. F2 shows the figures live in the title and under the screen; ``--stats`` prints
them on stderr when the window closes.

``FrameLoop`` is extended one way: ``loop.add(plugin)`` with a ``Plugin``
(``console.frontend.plugin``, which lists the hooks). The save-state and rewind keys
(``timekeys.TimeKeys``), the recorder, the debugger panel, the author tools and the cart browser /
kiosk (``shell_window.ShellWindow``, whose frames step a shell instead of the machine) are all
plugins; nothing subclasses ``FrameLoop``.

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
from console.frontend.plugin import NOTE_BG, NOTE_FG, STATUS_BG, STATUS_FG, Plugin
from console.frontend.recorder import add_recorder
from console.frontend.renderer import SCREEN_SIZE, Renderer
from console.frontend.screenshot import ScreenshotError, Screenshots
from console.frontend.timekeys import TimeKeys
from console.machines import screen as mm
from console.machines.rewind import History
from console.machines.saves import state_slot_path

NOTICE_FRAMES = 4 * mm.FRAMES_PER_SECOND  # how long the title shows where a screenshot went
STATS_KEY = "f2"  # shows the frame figures live
STATS_REFRESH = 30  # frames between two updates of the live figures


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
        self.held_keys = inp.HeldKeys()  # keys down now (an auto-repeat only queues its code)
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
        """Carry ``plugin`` from now on, after those added before it, unless its ``order`` is
        lower (the time keys come after every panel); returns it."""
        at = len(self.plugins)
        while at and self.plugins[at - 1].order > plugin.order:
            at -= 1
        self.plugins.insert(at, plugin)
        return plugin

    def _ask(self, hook: str, *args):
        """The first answer of the plugins' ``hook`` that is not None, else None."""
        for plugin in self.plugins:
            answer = getattr(plugin, hook)(self, *args)
            if answer is not None:
                return answer
        return None

    @property
    def time_keys(self) -> TimeKeys | None:
        """The save-state and rewind keys this loop carries, if any."""
        return next((p for p in self.plugins if isinstance(p, TimeKeys)), None)

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
        text = self._ask("window_title")
        if text is None:
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

    def status(self) -> tuple[str, tuple[int, int]]:
        """The line under the screen and its (foreground, background): a plugin's, else the
        fault, or how the program ended (LBVM), if any, else a note of the state keys, else the
        live figures (F2). White on red for trouble, white on blue for news (a program that
        ended on its own, a note, the live figures)."""
        answer = self._ask("status_line")
        if answer is not None:
            return answer
        machine = self.machine
        if machine.fault:
            return machine.fault, (STATUS_FG, STATUS_BG)
        if self._time_note and self.tick < self._notice_until:
            text = self.notice
        else:
            text = f"ended: {machine.ended}" if machine.ended else self.stats_text()
        return text, (NOTE_FG, NOTE_BG)

    def status_line(self) -> str:
        return self.status()[0]

    def status_colours(self) -> tuple[int, int]:
        return self.status()[1]

    def show_note(self, text: str) -> None:
        """Show ``text`` (a note of the state keys) in the title and under the screen."""
        self.show_notice(text)
        self._time_note = True

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
        elif name == STATS_KEY:
            self.toggle_stats()
        elif name == inp.MUTE:
            self.toggle_mute()
        elif name == inp.RELEASE_ALL:
            self.held_keys.clear()
            self.give_input(b"", *self.tracker.release())

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
        for plugin in self.plugins:
            plugin.on_reset(self)
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
    def give_input(self, codes: bytes, down: int, up: int) -> None:
        """Input for the cart: key codes, button bits that went down and up. A plugin may take
        it (the shell gathers it for its next step); else the machine gets it."""
        if not any(plugin.on_input(self, codes, down, up) for plugin in self.plugins):
            inp.feed(self.machine, codes, down, up)

    def window_event(self, event: pygame.event.Event) -> inp.Mapped | None:
        """What the loop does with an event: the plugins first, game pads coming and going,
        the window exposed, console actions. Returns the input left for the cart, if any.
        ``held_keys`` tells a held key's auto-repeat, which only queues its code again."""
        if any(plugin.on_event(self, event) for plugin in self.plugins):
            return None
        if event.type in (pygame.JOYDEVICEADDED, pygame.JOYDEVICEREMOVED):
            gone = self.gamepads.handle(event)
            if gone is not None:
                self.give_input(b"", *self.tracker.release(gone))
            return None
        if event.type in (pygame.WINDOWEXPOSED, pygame.VIDEOEXPOSE, pygame.WINDOWRESIZED):
            self.display.needs_full = True
            return None
        if self.held_keys.see(event):
            return inp.map_repeat(event)
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
        self.give_input(*inp.edges(mapped, self.tracker))

    def take_events(self, events: list[pygame.event.Event] | None) -> bool:
        """Handle ``events`` (default: the window's queue); False when the loop was stopped."""
        for event in pygame.event.get() if events is None else events:
            self.handle_event(event)
            if not self.running:
                return False
        return True

    def frame(self, events: list[pygame.event.Event] | None = None, catch_up: int = 0) -> None:
        """One frame: events (default: the window's queue), the machine (or a plugin's
        ``run_frames``), drawing, presenting. ``catch_up`` more machine frames run first, not
        presented (the loop fell behind)."""
        if not self.take_events(events):
            return
        start = time.perf_counter()
        result = None
        emulated = self._ask("run_frames", 1 + catch_up)
        if emulated is None:
            emulated = 0 if self.paused else 1 + catch_up
            for _ in range(emulated):
                result = self.run_machine_frame()
            self.report_fault()
        if not self.running:  # a plugin's frame ended the loop (the shell finished)
            return
        self._times = FrameTimes(cpu=time.perf_counter() - start)
        self.finish_frame(result, emulated)

    def run_machine_frame(self):
        """One machine frame, with the script's input for it; the plugins' ``machine_frame``
        hear of it. Returns the ``RunResult``."""
        if self.script is not None:
            self.script.apply(self.machine, self.frames_run)
        result = self.machine.run_frame()
        self.frames_run += 1
        self.last_result = result
        for plugin in self.plugins:
            plugin.machine_frame(self, result)
        return result

    def report_fault(self, again: bool = False) -> None:
        """A new fault goes to stderr once (``again``: even if it was reported before)."""
        if again:
            self._reported_fault = None
        fault = self.machine.fault
        if fault and fault != self._reported_fault:
            print(f"b32: {self.name}: {fault}", file=sys.stderr)
            self._reported_fault = fault

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
        status, colours = self.status()
        colours = colours if status else (NOTE_FG, NOTE_BG)
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
    keys = time_keys(machine, options)
    if keys is not None:
        loop.add(keys)
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
