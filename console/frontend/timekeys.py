"""Save states and rewind in the window (docs/WINDOW.md): F3 saves the machine to the chosen
slot, F4 loads it, Ctrl+1..Ctrl+4 choose the slot, F1 held runs time backwards.

``TimeKeys`` holds no pygame: it is a plugin of the frame loop (``console.frontend.plugin``),
which hands it the console actions, lets it run a frame backwards while F1 is held, and tells it
of every machine frame run and of a reset. The files are ``console.machines.states`` state
files in the slots that ``state_path(slot)`` names (``console.machines.saves.state_slot_path``),
written atomically; a file that cannot be loaded (another cart or machine, an older format,
damaged) is refused with a one-line note and changes nothing. The history
(``console.machines.rewind.History``) is what F1 and the debugger's step back use. A kiosk has
no ``TimeKeys``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from console.frontend import input as inp
from console.frontend.plugin import Plugin
from console.machines import states
from console.machines.base import StateError
from console.machines.files import UnreadableFile, read_bounded
from console.machines.rewind import History
from console.machines.saves import atomic_write


class TimeKeys(Plugin):
    """The state and rewind keys of one window; ``note`` is the latest line to show."""

    order = 1  # after the panels: with the debugger open, F1 is its step back

    def __init__(self, machine, state_path: Callable[[int], Path] | None,
                 history: History | None = None) -> None:
        self.machine = machine
        self.state_path = state_path
        self.history = history
        self.slot = 1
        self.rewinding = False
        self.note = ""
        self.restart()

    def restart(self) -> None:
        """The history starts again from the machine as it is (after a reset or a load)."""
        if self.history is not None:
            self.history.clear()
            self.history.record(self.machine)

    # ---- the plugin ----------------------------------------------------------------------------
    def on_action(self, loop, action: str) -> bool:
        if not self.action(action):
            return False
        if action != inp.REWIND_END:
            loop.show_note(self.note)
            loop.invalidate()
        return True

    def run_frames(self, loop, count: int) -> int | None:
        """While F1 is held (and the loop is not paused) the frame goes back instead of
        running: it stands for no machine frame."""
        if not self.rewinding or loop.paused:
            return None
        self.rewind_frame()
        loop.show_note(self.note)
        loop.report_fault(again=True)
        return 0

    def machine_frame(self, loop, result) -> None:
        self.ran_frame()

    def on_reset(self, loop) -> None:
        self.restart()

    # ---- around each frame ---------------------------------------------------------------------
    def ran_frame(self) -> None:
        if self.history is not None:
            self.history.record(self.machine)

    def rewind_frame(self) -> bool:
        """One frame back while F1 is held; False when the history holds nothing older."""
        if self.history is None or not self.history.back(self.machine, 1):
            self.note = "rewind: no older frame"
            return False
        self.note = f"rewind: {self.history.seconds:.1f} s of history left"
        return True

    # ---- the keys ------------------------------------------------------------------------------
    def action(self, name: str) -> bool:
        """Handle a console action; True when it was one of these keys."""
        if name == inp.REWIND:
            self.rewinding = self.history is not None
            if not self.rewinding:
                self.note = "rewind is off"
        elif name == inp.REWIND_END:
            self.rewinding = False
        elif name == inp.SAVE_STATE:
            self.save()
        elif name == inp.LOAD_STATE:
            self.load()
        elif name in inp.SLOT_ACTIONS:
            self.slot = inp.SLOT_ACTIONS.index(name) + 1
            self.note = f"state slot {self.slot}"
        else:
            return False
        return True

    def _slot_file(self) -> Path | None:
        """The chosen slot's file; None (and a note) when save states are off."""
        if self.state_path is None:
            self.note = "save states are off"
            return None
        return self.state_path(self.slot)

    def save(self) -> None:
        path = self._slot_file()
        if path is None:
            return
        try:
            atomic_write(path, states.encode(self.machine))
        except OSError as err:
            self.note = f"state not saved: {err.strerror or err}"
            return
        self.note = f"state saved in slot {self.slot} (frame {self.machine.frames})"

    def load(self) -> None:
        path = self._slot_file()
        if path is None:
            return
        try:
            states.load(self.machine, read_bounded(path, states.MAX_STATE_FILE, "a state file"))
        except FileNotFoundError:
            self.note = f"slot {self.slot} is empty"
            return
        except UnreadableFile as err:
            self.note = f"state not loaded: {err.reason}"
            return
        except StateError as err:
            self.note = f"state not loaded: {err}"
            return
        self.restart()
        self.note = f"state {self.slot} loaded (frame {self.machine.frames})"
