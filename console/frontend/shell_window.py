"""The browser and the kiosk in a window: ``ShellWindow`` is the plugin that makes a ``FrameLoop``
drive a ``console.shell.session.Shell`` instead of one machine.

Each frame the window's events become one ``ShellInput`` (key codes, button edges, the names of
held keys, console actions); the plugin steps the shell in the loop's place (``run_frames``); the
loop draws whichever screen the shell shows (the menu or the cart) with the shell's status on
the line under it. In a kiosk the window is fullscreen, the mouse hidden, and window close, F5,
F6, F11, F12 and Ctrl+Q do nothing.
"""

from __future__ import annotations

import pygame

from console.frontend import input as inp
from console.frontend.font import load_font
from console.frontend.options import WindowOptions
from console.frontend.plugin import NOTE_BG, NOTE_FG, STATUS_BG, STATUS_FG, Plugin
from console.frontend.recorder import add_recorder
from console.frontend.screenshot import Screenshots
from console.frontend.window import FrameLoop, open_window, run_in_window
from console.shell.session import BACK, PAUSE, QUIT, RESET, STOPPED, Shell, ShellInput, ShellScript

# window actions -> shell actions
_SHELL_ACTIONS = {"f10": BACK, inp.RESET: RESET, inp.PAUSE: PAUSE, inp.QUIT: QUIT}


class ShellWindow(Plugin):
    """The plugin whose frames step ``shell`` (the loop shows ``shell.screen``); ``script`` (a
    ``ShellScript``) adds scripted input, as in a headless replay. Add it before any other."""

    def __init__(self, loop: FrameLoop, shell: Shell, script: ShellScript | None = None) -> None:
        self.loop = loop
        self.shell = shell
        self.script = script
        self._codes = bytearray()
        self._down = 0
        self._up = 0
        self._actions: list[str] = []
        loop.machine = shell.screen
        if loop.audio is not None:
            loop.audio.listen(shell.machine)  # every cart runs on this machine; the menu is silent

    # ---- input ---------------------------------------------------------------------------------
    def on_event(self, loop, event) -> bool:
        if event.type == pygame.DROPFILE:  # a file dropped on the browser plays; a kiosk ignores it
            self.shell.open_file(event.file)
            return True
        return False

    def on_input(self, loop, codes: bytes, down: int, up: int) -> bool:
        """Gathered for the shell's next step."""
        self._codes += codes
        self._down |= down
        self._up |= up
        return True

    def on_action(self, loop, action: str) -> bool:
        if action in _SHELL_ACTIONS:
            self._actions.append(_SHELL_ACTIONS[action])  # a kiosk's shell takes only BACK
            return True
        # a kiosk has no fullscreen toggle, no screenshots and no live figures; the loop does
        # those in the browser, and lets go of everything held (RELEASE_ALL) in both
        return self.shell.kiosk and action != inp.RELEASE_ALL

    def take_input(self) -> ShellInput:
        """The input gathered since the previous frame, with the script's for this frame."""
        loop = self.loop
        held = frozenset(n for n in map(inp.key_name, loop.held_keys) if n)
        result = ShellInput(bytes(self._codes), self._down, self._up & ~loop.tracker.held,
                            loop.tracker.held, held, tuple(self._actions))
        self._codes.clear()
        self._down = self._up = 0
        self._actions.clear()
        if self.script is not None:
            s = self.script.input(loop.frames_run, self.shell.key_room())
            result = ShellInput(result.codes + s.codes, result.down | s.down,
                                (result.up | s.up) & ~(result.buttons | s.buttons),
                                result.buttons | s.buttons, result.held | s.held,
                                result.actions + s.actions)
        return result

    # ---- one frame -------------------------------------------------------------------------------
    def run_frames(self, loop, count: int) -> int | None:
        """The shell steps in the machine's place (``count`` steps, the catch-up included); the
        loop ends when the shell has finished."""
        shell = self.shell
        for _ in range(count):
            shell.step(self.take_input())
            loop.frames_run += 1
            if shell.finished:
                loop.running = False
                return count
        screen = shell.screen
        if screen is not loop.machine:
            loop.machine = screen
            loop.invalidate()
            if loop.audio is not None:  # a cart of another machine runs on a machine of its own
                loop.audio.listen(shell.machine)
        return count

    def status_line(self, loop) -> tuple[str, tuple[int, int]]:
        """Red for a cart that stopped; blue for the shell's notes (demo, hold Esc, paused, a
        dropped file), for a program that ended on its own (LBVM) and for the live figures."""
        shell = self.shell
        text = shell.status or loop.stats_text()
        if shell.state == STOPPED and not shell.note and not shell.stop_was_news:
            return text, (STATUS_FG, STATUS_BG)
        return text, (NOTE_FG, NOTE_BG)

    def window_title(self, loop) -> str:
        return self.shell.title


def shell_of(loop: FrameLoop) -> Shell:
    """The shell a loop from ``open_shell_loop`` drives."""
    return next(p for p in loop.plugins if isinstance(p, ShellWindow)).shell


def open_shell_loop(shell: Shell, options: WindowOptions | None = None, *,
                    script: ShellScript | None = None, font=None,
                    sound: bool = True) -> FrameLoop:
    """A window showing ``shell`` (fullscreen, mouse hidden, for a kiosk). Raises FontError and
    pygame.error as ``open_loop`` does."""
    options = options or WindowOptions()
    font = font or load_font()
    display, renderer, audio = open_window(options, font, sound,
                                           options.fullscreen or shell.kiosk)
    if shell.kiosk:
        pygame.mouse.set_visible(False)
    loop = FrameLoop(shell.screen, display, renderer, audio=audio, name="browse",
                     screenshots=Screenshots(options.screenshot_dir, options.screenshot_scale))
    loop.add(ShellWindow(loop, shell, script))
    loop.print_stats = options.stats
    if not shell.kiosk:  # a kiosk records nothing: Ctrl+F12 and Shift+F12 do nothing there
        add_recorder(loop, options, font)
    return loop


def play_shell(shell: Shell, options: WindowOptions | None = None,
               script: ShellScript | None = None, frames: int | None = None) -> FrameLoop:
    """``b32 browse`` / ``b32 kiosk`` in a window, until the person quits (or holds the exit
    chord). Raises FontError and WindowError as ``run_in_window`` does."""
    return run_in_window(
        lambda font: open_shell_loop(shell, options, script=script, font=font), frames=frames)
