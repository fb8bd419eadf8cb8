"""What a ``console.frontend.window.FrameLoop`` plugin is: the loop's one way to be extended.

Everything a window does beyond showing one running machine is a plugin: the save-state and
rewind keys (``timekeys``), the recorder, the debugger's panel, the author tools, and the cart
browser / kiosk (``shell_window``), whose frames step a shell instead of the machine. A plugin
overrides only the hooks it needs; each hook returns a "not mine" value (False or None) by
default, and the loop asks its plugins in the order they were added (``loop.add``), except that
a plugin with a higher ``order`` comes after all with a lower one (the time keys are asked after
the panels, so the debugger's F1 steps back rather than rewinds). The hooks, in the order a
frame meets them:

- ``on_event(loop, event) -> bool``: every pygame event, before the loop; True swallows it.
- ``on_action(loop, action) -> bool``: every console action ("fullscreen", "screenshot",
  "reset", "pause", "quit", "f1".."f10", ...); True means handled (later plugins and the loop
  do not see it).
- ``on_input(loop, codes, down, up) -> bool``: input meant for the cart (key codes, and the
  button bits that went down and up); True means taken (the machine does not get it).
- ``run_frames(loop, count) -> int | None``: runs this frame instead of the machine (``count``
  machine frames are due); returns how many frames it stands for, or None to leave it to the
  next plugin and finally to the loop, which runs the machine.
- ``machine_frame(loop, result)``: after each machine frame the loop ran (catch-up frames and
  the debugger's F8 included).
- ``after_frame(loop, result)``: once a presented frame, after running (``result`` is the last
  ``RunResult``, None when no machine frame ran).
- ``window_title(loop) -> str | None`` and ``status_line(loop) -> (text, (fg, bg)) | None``:
  the window's title (before any notice and the live figures) and the line under the screen,
  instead of the loop's own.
- ``overlay(loop, canvas) -> bool``: draws over or beside the screen after each frame's
  drawing; True when it drew (the whole canvas is then recomposed and presented).
- ``covers_screen(loop) -> bool``: True while what it draws covers part of the screen; the
  cells that change are then presented from the canvas, under it, instead of being drawn
  straight into the window (``Display.present_screen``).
- ``on_reset(loop)``: the loop reset the machine (F5).
- ``on_close(loop)``: the window is closing (a recorder saves what it was recording).

No pygame is imported here: a plugin's logic may be tested without a window.
"""

from __future__ import annotations

STATUS_FG, STATUS_BG = 15, 4  # the fault line: white on red, readable on any border
NOTE_FG, NOTE_BG = 15, 1  # a line that is news, not trouble: white on blue


class Plugin:
    """Something a ``FrameLoop`` carries (see the module's docstring); override what it needs."""

    order = 0  # plugins of a higher order are asked after those of a lower one

    def on_event(self, loop, event) -> bool:
        return False

    def on_action(self, loop, action: str) -> bool:
        return False

    def on_input(self, loop, codes: bytes, down: int, up: int) -> bool:
        return False

    def run_frames(self, loop, count: int) -> int | None:
        return None

    def machine_frame(self, loop, result) -> None:
        return None

    def after_frame(self, loop, result) -> None:
        return None

    def window_title(self, loop) -> str | None:
        return None

    def status_line(self, loop) -> tuple[str, tuple[int, int]] | None:
        return None

    def overlay(self, loop, canvas) -> bool:
        return False

    def covers_screen(self, loop) -> bool:
        return False

    def on_reset(self, loop) -> None:
        return None

    def on_close(self, loop) -> None:
        return None
