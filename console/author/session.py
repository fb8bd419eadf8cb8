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
of (address, size) for the lines that emit bytes; lines may be added after the end). Then only
the bytes the new build changed are written, so variables the cart keeps inside its own bytes
keep their values, and the CPU's registers, the stack, the screen and the devices stay as they
were.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from console.author.watch import POLL_FRAMES, SETTLE_FRAMES, FileWatcher
from console.machines.b32.asm.assembler import assemble, assemble_file
from console.machines.b32.asm.errors import AsmError
from console.machines.b32.asm.include import source_files
from console.machines.b32.cart import Cart, CartError, cart_name
from console.machines.files import load_file
from console.machines.symbols import SymbolFileError, read_symbols

_END = re.compile(r"^(?:[A-Za-z_]\w*:?)?\s+END\b", re.IGNORECASE)  # END's $04 byte never runs

RELOADED = "reloaded"
FAILED = "failed"
MISSING = "missing"


@dataclass(frozen=True)
class Build:
    """One good build of the watched file: the cart, its names (for the debugger), and its
    layout, the (address, size) of every source line that emits bytes (None for a ``.b32``,
    whose layout is unknown). END's own byte is left out: it never runs in a cart that is
    still running, and code added just before END moves it."""

    cart: Cart
    symbols: dict[str, int]
    layout: tuple[tuple[int, int], ...] | None


@dataclass(frozen=True)
class WatchEvent:
    kind: str  # RELOADED, FAILED or MISSING
    build: Build | None = None
    errors: tuple[str, ...] = ()
    note: str = ""


def build_file(path: Path) -> Build:
    """Build ``path``: assemble a ``.asm``, read anything else with ``load_file``. Raises
    FileNotFoundError, AsmError (every error) or CartError (one line)."""
    if path.suffix.lower() == ".asm":
        assembly = assemble_file(path)
        cart = assembly.cart
        layout = tuple((line.address, len(line.data)) for line in assembly.lines
                       if line.address is not None and line.data and not _END.match(line.source))
        return Build(Cart(cart.load_address, cart.exec_address, cart.data, cart_name(path)),
                     dict(assembly.symbols), layout)
    _, cart = load_file(path)
    try:
        symbols = read_symbols(path.with_suffix(".sym"))
    except (OSError, SymbolFileError):
        symbols = {}
    return Build(cart, symbols, None)


WAITING_SOURCE = "IDLE:\n WAIT\n JMP IDLE\n END IDLE\n"


def waiting_cart(name: str) -> Cart:
    """A cart that only WAITs: what the window runs while the watched source has never built."""
    cart = assemble(WAITING_SOURCE, "<waiting>").cart
    return Cart(cart.load_address, cart.exec_address, cart.data, name)


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
        if self.path.suffix.lower() == ".asm":
            watcher.set_paths(source_files(self.path))
        snapshot = watcher.snapshot()
        try:
            build = build_file(self.path)
        except FileNotFoundError:  # gone between the check and the read: the next poll sees it
            watcher.loaded(snapshot)
            self.note = f"{self.path.name}: no such file (deleted or renamed?); still watching it"
            return WatchEvent(MISSING, note=self.note)
        except AsmError as err:
            errors = list(err.errors)
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
