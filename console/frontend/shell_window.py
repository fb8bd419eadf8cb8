"""The browser and the kiosk in a window: ``ShellLoop`` is the window's ``FrameLoop`` driving a
``console.shell.session.Shell`` instead of one machine.

Each frame the window's events become one ``ShellInput`` (key codes, button edges, the names of
held keys, console actions); the shell steps; the renderer draws whichever screen the shell shows
(the menu or the cart) with the shell's status on the line under it. In a kiosk the window is
fullscreen, the mouse hidden, and window close, F5, F6, F11, F12 and Ctrl+Q do nothing.
"""

from __future__ import annotations

import time

import pygame

from console.frontend import input as inp
from console.frontend.audio import Speaker
from console.frontend.display import Display
from console.frontend.font import load_font
from console.frontend.options import WindowOptions
from console.frontend.pacing import FrameTimes
from console.frontend.recorder import add_recorder
from console.frontend.renderer import Renderer
from console.frontend.screenshot import Screenshots
from console.frontend.window import (
    NOTE_BG,
    NOTE_FG,
    STATS_KEY,
    STATUS_BG,
    STATUS_FG,
    FrameLoop,
    open_window,
    run_in_window,
)
from console.shell.session import BACK, PAUSE, QUIT, RESET, STOPPED, Shell, ShellInput, ShellScript

# window actions -> shell actions
_SHELL_ACTIONS = {"f10": BACK, inp.RESET: RESET, inp.PAUSE: PAUSE, inp.QUIT: QUIT}


class ShellLoop(FrameLoop):
    """A ``FrameLoop`` whose frames step ``shell``; ``script`` (a ``ShellScript``) adds scripted
    input, as in a headless replay."""

    def __init__(self, shell: Shell, display: Display, renderer: Renderer, *,
                 audio: Speaker | None = None, script: ShellScript | None = None,
                 screenshots: Screenshots | None = None) -> None:
        super().__init__(shell.screen, display, renderer, audio=audio,
                         screenshots=screenshots, name="browse")
        self.shell = shell
        self.kiosk = shell.kiosk
        self.shell_script = script
        self._held_keys = inp.HeldKeys()
        self._codes = bytearray()
        self._down = 0
        self._up = 0
        self._actions: list[str] = []
        if audio is not None:
            audio.listen(shell.machine)  # every cart runs on this machine; the menu is silent

    # ---- input ---------------------------------------------------------------------------------
    def handle_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame.DROPFILE:  # a file dropped on the browser plays; a kiosk ignores it
            self.shell.open_file(event.file)
            return
        mapped = self.window_event(event, self._held_keys)
        if mapped is None:
            return
        self._codes += mapped.codes
        if mapped.source is not None:
            self._buttons(*self.tracker.set(mapped.source, mapped.buttons))

    def _buttons(self, down: int, up: int) -> None:
        self._down |= down
        self._up |= up

    def action(self, name: str) -> None:
        if any(plugin.on_action(self, name) for plugin in self.plugins):
            return
        if name == inp.RELEASE_ALL:
            self._held_keys.clear()
            self._buttons(*self.tracker.release())
        elif name in _SHELL_ACTIONS:
            self._actions.append(_SHELL_ACTIONS[name])  # the shell ignores all but BACK in a kiosk
        elif self.kiosk:
            return  # a kiosk has no fullscreen toggle, no screenshots and no live figures
        elif name == STATS_KEY:
            self.toggle_stats()
        elif name == inp.FULLSCREEN:
            self.toggle_fullscreen()
        elif name == inp.MUTE:
            self.toggle_mute()
        elif name == inp.SCREENSHOT:
            self.save_screenshot()

    def take_input(self) -> ShellInput:
        """The input gathered since the previous frame, with the script's for this frame."""
        held = frozenset(n for n in map(inp.key_name, self._held_keys) if n)
        result = ShellInput(bytes(self._codes), self._down, self._up & ~self.tracker.held,
                            self.tracker.held, held, tuple(self._actions))
        self._codes.clear()
        self._down = self._up = 0
        self._actions.clear()
        if self.shell_script is not None:
            s = self.shell_script.input(self.frames_run, self.shell.key_room())
            result = ShellInput(result.codes + s.codes, result.down | s.down,
                                (result.up | s.up) & ~(result.buttons | s.buttons),
                                result.buttons | s.buttons, result.held | s.held,
                                result.actions + s.actions)
        return result

    # ---- one frame -------------------------------------------------------------------------------
    def frame(self, events: list[pygame.event.Event] | None = None, catch_up: int = 0) -> None:
        for event in pygame.event.get() if events is None else events:
            self.handle_event(event)
        shell = self.shell
        start = time.perf_counter()
        for _ in range(1 + catch_up):
            shell.step(self.take_input())
            self.frames_run += 1
            if shell.finished:
                self.running = False
                return
        self._times = FrameTimes(cpu=time.perf_counter() - start)
        screen = shell.screen
        if screen is not self.machine:
            self.machine = screen
            self.invalidate()
            if self.audio is not None:  # a cart of another machine runs on a machine of its own
                self.audio.listen(shell.machine)
        self.finish_frame(None, 1 + catch_up)

    def status_line(self) -> str:
        return self.shell.status or self.stats_text()

    def status_colours(self) -> tuple[int, int]:
        """Red for a cart that stopped; blue for the shell's notes (demo, hold Esc, paused, a
        dropped file) and for a program that ended on its own (LBVM)."""
        if self.shell.state == STOPPED and not self.shell.note and not self.shell.stop_was_news:
            return STATUS_FG, STATUS_BG
        return NOTE_FG, NOTE_BG

    def title(self) -> str:
        text = self.shell.title
        if self.notice and self.tick < self._notice_until:
            text += f" - {self.notice}"
        return text + self.stats_suffix()


def open_shell_loop(shell: Shell, options: WindowOptions | None = None, *,
                    script: ShellScript | None = None, font=None,
                    sound: bool = True) -> ShellLoop:
    """A window showing ``shell`` (fullscreen, mouse hidden, for a kiosk). Raises FontError and
    pygame.error as ``open_loop`` does."""
    options = options or WindowOptions()
    font = font or load_font()
    display, renderer, audio = open_window(options, font, sound,
                                           options.fullscreen or shell.kiosk)
    if shell.kiosk:
        pygame.mouse.set_visible(False)
    loop = ShellLoop(shell, display, renderer, audio=audio, script=script,
                     screenshots=Screenshots(options.screenshot_dir, options.screenshot_scale))
    loop.print_stats = options.stats
    if not shell.kiosk:  # a kiosk records nothing: Ctrl+F12 and Shift+F12 do nothing there
        add_recorder(loop, options, font)
    return loop


def play_shell(shell: Shell, options: WindowOptions | None = None,
               script: ShellScript | None = None, frames: int | None = None) -> ShellLoop:
    """``b32 browse`` / ``b32 kiosk`` in a window, until the person quits (or holds the exit
    chord). Raises FontError and WindowError as ``run_in_window`` does."""
    return run_in_window(
        lambda font: open_shell_loop(shell, options, script=script, font=font), frames=frames)
