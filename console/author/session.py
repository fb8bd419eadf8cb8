"""Watch mode (``b32 run SRC --watch``): reassemble when the source or an INCLUDEd file is
saved, and say what the window should do.

``WatchSession.poll(frame)`` is called once per frame. When the files changed and settled
(``console.author.watch``), it rebuilds and returns a ``WatchEvent``: RELOADED with the new
``Build``, FAILED with every error as ``file:line:col: message``, or MISSING when the source is
gone or cannot be read (watching goes on; its return is a change like any other). The session
keeps what the window shows: the errors or the note, the reload count and the time of the last
reload.

``keep_ram_problem`` and ``keep_ram`` are ``--keep-ram``: the new code goes into the running
machine without a reset when that is safe, that is when every instruction and datum of the old
build is at the same address in the new one (same load and start addresses, the same sequence
of (address, size) for the lines that emit bytes; lines may be added just before END). Then only
the bytes the new build changed are written, so variables the cart keeps inside its own bytes
keep their values, and the CPU's registers, the stack, the screen and the devices stay as they
were.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from console.author.watch import POLL_FRAMES, SETTLE_FRAMES, FileWatcher
from console.machines.base import CartError
from console.machines.build import Build
from console.machines.kinds import build_file, waiting_cart, watched_files

__all__ = ["Build", "WatchEvent", "WatchSession", "build_file", "keep_ram", "keep_ram_problem",
           "waiting_cart", "RELOADED", "FAILED", "MISSING"]

RELOADED = "reloaded"
FAILED = "failed"
MISSING = "missing"


@dataclass(frozen=True)
class WatchEvent:
    kind: str  # RELOADED, FAILED or MISSING
    build: Build | None = None
    errors: tuple[str, ...] = ()
    note: str = ""


def _unreadable(path: Path) -> str | None:
    """Why ``path`` cannot be read (missing, a folder, no permission), or None when it can."""
    try:
        with open(path, "rb"):
            return None
    except FileNotFoundError:
        return "no such file (deleted or renamed?)"
    except IsADirectoryError:
        return "is a folder"
    except OSError as err:
        return f"cannot be read: {err.strerror or err}"


class WatchSession:
    """Watches ``path`` (a ``.asm`` source and its INCLUDEs, or a ``.b32``) for the window.

    State for the window: ``build`` (the last good one, None before any), ``errors`` (of the
    last save; empty when it built), ``note`` (the source is missing or unreadable),
    ``reloads`` (builds loaded after the first), ``last_reload`` (its time, HH:MM:SS)."""

    def __init__(self, path: str | Path, *, poll_every: int = POLL_FRAMES,
                 settle: int = SETTLE_FRAMES,
                 clock: Callable[[], datetime] = datetime.now) -> None:
        self.path = Path(path)
        self.clock = clock
        self.watcher = FileWatcher([self.path], poll_every, settle)
        self.build: Build | None = None
        self.errors: list[str] = []
        self.note = ""
        self.reloads = 0
        self.rebuilds = 0  # every rebuild after the first, good or not
        self.last_reload = ""

    @property
    def files(self) -> list[Path]:
        """The files watched now: the source and what it INCLUDEs."""
        return list(self.watcher.paths)

    def start(self) -> WatchEvent:
        """The first build. Raises FileNotFoundError when the source is missing (a command
        reports that before any window opens); errors are an event like later ones."""
        if not self.path.exists():
            raise FileNotFoundError(2, "no such file", str(self.path))
        return self._rebuild(first=True)

    def poll(self, frame: int) -> WatchEvent | None:
        """Call every frame; an event when a save settled and was rebuilt, else None."""
        if not self.watcher.poll(frame):
            return None
        self.rebuilds += 1
        return self._rebuild(first=False)

    def _rebuild(self, first: bool) -> WatchEvent:
        watcher = self.watcher
        why = _unreadable(self.path)
        if why is not None:
            watcher.loaded(watcher.snapshot())
            self.note = f"{self.path.name}: {why}; still watching it"
            return WatchEvent(MISSING, note=self.note)
        watcher.set_paths(watched_files(self.path))
        snapshot = watcher.snapshot()
        try:
            build = build_file(self.path)
        except FileNotFoundError:  # gone between the check and the read: the next poll sees it
            watcher.loaded(snapshot)
            self.note = f"{self.path.name}: no such file (deleted or renamed?); still watching it"
            return WatchEvent(MISSING, note=self.note)
        except CartError as err:
            errors = str(err).splitlines() or [f"{self.path}: cannot be loaded"]
        else:
            watcher.loaded(snapshot)
            self.build, self.errors, self.note = build, [], ""
            if not first:
                self.reloads += 1
                self.last_reload = self.clock().strftime("%H:%M:%S")
            return WatchEvent(RELOADED, build=build)
        watcher.loaded(snapshot)
        self.errors, self.note = errors, ""
        return WatchEvent(FAILED, errors=tuple(errors))

    # ---- what the window shows -------------------------------------------------------------
    @property
    def title_text(self) -> str:
        """For the window title: ``reload 3 at 08:12:05`` (empty before the first reload)."""
        if not self.reloads:
            return "watching"
        return f"reload {self.reloads} at {self.last_reload}"

    @property
    def showing_panel(self) -> bool:
        return bool(self.errors or self.note)

    def panel_lines(self, width: int) -> list[str]:
        """The error panel's text, each line at most ``width`` characters: a heading, then
        every error (long ones wrapped, the rest indented) or the note."""
        if self.note:
            heading = "The source is not there"
            body = [self.note]
        elif self.errors:
            count = len(self.errors)
            heading = (f"{count} error{'s' if count != 1 else ''} in {self.path.name}"
                       + (" - the cart shown is the last good build" if self.build else ""))
            body = self.errors
        else:
            return []
        lines = textwrap.wrap(heading, width) or [""]
        for text in body:
            lines += textwrap.wrap(text, width, subsequent_indent="  ", break_on_hyphens=False,
                                   drop_whitespace=True) or [""]
        return lines


# ---- --keep-ram --------------------------------------------------------------------------------
def keep_ram_problem(machine, old: Build | None, new: Build) -> str | None:
    """Why the new build cannot go into the running machine with its RAM and registers kept
    (then it is reset), or None when it can."""
    if old is None:
        return "there was no good build running"
    if machine.fault:
        return "the cart had faulted"
    if machine.halted:
        return "the cart had ended"
    if old.layout is None or new.layout is None:
        return "a .b32 cart has no source layout to compare"
    a, b = old.cart, new.cart
    if (a.load_address, a.exec_address) != (b.load_address, b.exec_address):
        return (f"the cart moved (load ${a.load_address:04X} start ${a.exec_address:04X} -> "
                f"load ${b.load_address:04X} start ${b.exec_address:04X})")
    for (was, size), (now, new_size) in zip(old.layout, new.layout, strict=False):
        if (was, size) != (now, new_size):
            where = min(was, now)
            return f"the code at ${where:04X} moved or changed size"
    if len(new.layout) < len(old.layout):
        return f"code at ${old.layout[len(new.layout)][0]:04X} and after is gone"
    return None


def keep_ram(machine, old: Build, new: Build) -> int:
    """Write the bytes ``new`` changed into ``machine`` (RAM, registers and devices otherwise
    untouched) and make it the cart a reset loads. Returns how many bytes were written."""
    start = new.cart.load_address
    before, after = old.cart.data, new.cart.data
    written = 0
    offset = 0
    while offset < len(after):
        if offset < len(before) and before[offset] == after[offset]:
            offset += 1
            continue
        end = offset  # a run of changed bytes, written at once (translated code of it is dropped)
        while end < len(after) and (end >= len(before) or before[end] != after[end]):
            end += 1
        machine.poke(start + offset, after[offset:end])
        written += end - offset
        offset = end
    machine.cart = new.cart  # what F5 and the next reset load
    return written
