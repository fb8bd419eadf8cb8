"""The arcade shell: a cart browser and an unattended kiosk, as a state machine over frames.

No pygame here: the window (``console.frontend.shell_window``) and headless replays drive the
same ``Shell`` a frame at a time with plain input (``ShellInput``: key codes, button bits, the
names of held keys, console actions), so a session replays exactly. Time is counted in frames,
60 a second.

The menu is drawn in the console's own text mode into a plain screen buffer (``Shell.menu``, a
``console.shell.screen.ScreenBuffer``), which the window's renderer draws as it draws a machine
and tests read with ``screen_lines()``. Carts run one at a time on one ``Machine`` that is reused
for every cart (loading resets it and drops its translations). A stopped cart is shown as a copy
of its last screen (silent; in a kiosk with a box saying why).

States: ``menu``, ``playing`` (a cart runs), ``stopped`` (the cart halted or faulted: the reason is
shown, then the menu comes back). Attract mode is ``playing`` with ``attract`` set.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from console.machines import MACHINES, create, display_name, keys, kind_of

# B32 carts carry a title and description (cart_info); the key queue size is B32's
from console.machines.b32 import memmap as mm
from console.machines.b32.cart import Cart, cart_info
from console.machines.base import CartError, Machine, stop_note
from console.machines.kinds import KINDS, cart_suffixes, load_file
from console.machines.screen import COLUMNS, FRAMES_PER_SECOND
from console.machines.script import InputScript
from console.resources import data_dir
from console.shell.screen import ScreenBuffer

FPS = FRAMES_PER_SECOND
BACK_HOLD_FRAMES = FPS  # Escape held this long leaves a cart
EXIT_HOLD_FRAMES = 2 * FPS  # the kiosk's exit chord held this long ends the kiosk
STOPPED_FRAMES = 5 * FPS  # kiosk: how long a halted or faulted cart shows why
STOPPED_GRACE_FRAMES = FPS // 2  # a key pressed sooner after a stop does not dismiss it
REPEAT_DELAY_FRAMES = 24  # a held arrow repeats after this long...
REPEAT_EVERY_FRAMES = 4  # ...every this many frames
DEFAULT_ATTRACT_SECONDS = 60.0
DEFAULT_SWITCH_MINUTES = 3.0
DEFAULT_PLAYER_TIMEOUT_MINUTES = 5.0
DEFAULT_EXIT_CHORD = "ctrl+alt+shift+q"
LOG_SIZE = 200  # the session log keeps this many lines (a kiosk runs for days)

CART_SUFFIXES = cart_suffixes()
#: the machines' built programs, preferred over a source of the same name
BUILT_SUFFIXES = tuple(kind.program_suffix for kind in KINDS)
NOTE_FRAMES = 4 * FPS  # how long a note about a dropped file stays on the status line

# console actions the shell understands (the window's F10, F5, F6, Ctrl+Q / close)
BACK = "back"
RESET = "reset"
PAUSE = "pause"
QUIT = "quit"
# function keys in scripts -> actions (F11 and F12 are the window's own)
SCRIPT_ACTIONS = {"f10": BACK, "f5": RESET, "f6": PAUSE}

MENU = "menu"
PLAYING = "playing"
STOPPED = "stopped"


def bundled_carts_dir() -> Path:
    """The carts that come with the console (``carts/``; see ``console.resources``)."""
    return data_dir("carts")


def frames_of(seconds: float) -> int:
    """Seconds as whole frames (at least 1)."""
    return max(1, round(seconds * FPS))


# ---- the exit chord --------------------------------------------------------------------------
class ChordError(ValueError):
    """An ``--exit-chord`` that cannot be read; the message says why."""


def parse_chord(text: str) -> frozenset[str]:
    """``ctrl+alt+shift+q`` -> the set of key names that must all be held. Raises ChordError."""
    names = [part.strip().lower() for part in text.split("+")]
    if not text.strip() or any(not name for name in names):
        raise ChordError(f"--exit-chord {text!r}: expected key names joined by '+', "
                         "e.g. ctrl+alt+shift+q")
    known = set(keys.KEY_NAMES) | set(keys.CONSOLE_KEYS)
    for name in names:
        if name not in known:
            raise ChordError(f"--exit-chord {text!r}: unknown key {name!r} (known: "
                             f"{', '.join(keys.CONSOLE_KEYS[:3])}, {', '.join(keys.KEY_NAMES)}, "
                             "f1..f12)")
    return frozenset(names)


# ---- the library -----------------------------------------------------------------------------
@dataclass
class Entry:
    """One cart in the menu: ``cart`` is None when it cannot be run, and ``reason`` says why."""

    path: Path
    name: str
    title: str
    description: str
    cart: Cart | None = None
    reason: str | None = None
    bundled: bool = False
    machine: str = "b32"  # the kind of machine that runs it (console.machines)

    @property
    def available(self) -> bool:
        return self.cart is not None

    @property
    def where(self) -> str:
        """Where the file is, and the machine when it is not B32 (the console's own)."""
        where = "bundled: " + self.path.name if self.bundled else str(self.path)
        if self.machine != "b32":
            where = f"{where} ({display_name(self.machine)})"  # kept when the path is cut
        return where

    @property
    def line(self) -> str:
        """What the menu shows beside the title."""
        return self.description if self.available else f"unavailable: {self.reason}"


def _short_reason(message: str, path: Path) -> str:
    """The first line of a loader message, without the file name it starts with."""
    first = message.strip().split("\n")[0] if message.strip() else "cannot be loaded"
    for prefix in (str(path), path.name):
        if first.startswith(prefix + ":"):
            first = first[len(prefix) + 1 :].lstrip()
            break
    return re.sub(r"^(\d+):\d+: ", r"line \1: ", first)


def load_entry(path: Path, bundled: bool = False, root: Path | None = None) -> Entry:
    """The menu entry for a cart file: never raises, a cart that cannot run is unavailable.
    A source may INCLUDE only files inside ``root`` (default: the cart's own folder)."""
    name = path.stem
    kind = kind_of(path)
    try:
        _, cart = load_file(path, root=root if root is not None else path.parent)
    except FileNotFoundError:
        return Entry(path, name, name, "", None, "the file went away", bundled, kind)
    except CartError as err:
        return Entry(path, name, name, "", None, _short_reason(str(err), path), bundled, kind)
    except Exception as err:  # noqa: BLE001 - one bad file must never take the shell down
        return Entry(path, name, name, "", None, f"cannot be loaded ({type(err).__name__})",
                     bundled, kind)
    if isinstance(cart, Cart):
        title, description = cart_info(cart)
    else:  # another machine's program: the machine, and what it says it is
        told = getattr(cart, "description", "")
        title, description = None, f"{display_name(kind)}: {told}" if told else \
            f"{display_name(kind)} program"
    return Entry(path, name, title or name, description or "", cart, None, bundled, kind)


def cart_files(folder: Path) -> list[Path]:
    """The ``.b32`` and ``.asm`` files of ``folder``, by name; where a cart and its source share
    a name, only the cart (the built one). Hidden files are left out."""
    try:
        children = [p for p in folder.iterdir()
                    if p.suffix.lower() in CART_SUFFIXES and not p.name.startswith(".")]
    except OSError:
        return []
    by_stem: dict[str, Path] = {}
    for path in sorted(children, key=lambda p: (p.name.lower(), p.name)):
        key = path.stem.lower()
        if key not in by_stem or path.suffix.lower() in BUILT_SUFFIXES:
            by_stem[key] = path
    return sorted(by_stem.values(), key=lambda p: (p.stem.lower(), p.name))


def scan_library(folder: Path | None = None, bundled: Path | None = None) -> list[Entry]:
    """The bundled carts, then those of ``folder`` (skipped when it is the bundled folder)."""
    entries: list[Entry] = []
    seen: set[Path] = set()
    for where, is_bundled in ((bundled, True), (folder, False)):
        if where is None or not where.is_dir():
            continue
        resolved = where.resolve()
        if resolved in seen:
            continue
        seen.add(resolved)
        entries += [load_entry(path, is_bundled, where) for path in cart_files(where)]
        if is_bundled:  # the other machines' programs have a folder each: carts/lbvm/
            for kind in MACHINES:
                entries += [load_entry(path, True, where / kind)
                            for path in cart_files(where / kind)]
    return entries


# ---- input -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ShellInput:
    """What the person did before one frame.

    ``codes``: key codes queued (as for KEY); ``down`` / ``up``: button bits that went down / up;
    ``buttons``: the bits held now; ``held``: names of the keys held now (``escape``, ``ctrl``,
    ``q``...), for Escape-held and the exit chord; ``actions``: console actions (BACK, RESET,
    PAUSE, QUIT)."""

    codes: bytes = b""
    down: int = 0
    up: int = 0
    buttons: int = 0
    held: frozenset[str] = frozenset()
    actions: tuple[str, ...] = ()


NO_INPUT = ShellInput()


class ShellScript:
    """Scripted presses and typing (``--press``, ``--type``: a ``console.machines.script``
    ``InputScript`` parsed with console keys allowed) as ``ShellInput`` frame by frame, for
    headless replays.

    A press goes down before its frame and is held (its name, its buttons) for its FRAMES;
    ``f10`` is BACK, ``f5`` RESET, ``f6`` PAUSE, and ``q`` while ``ctrl`` is held is QUIT, as in
    the window."""

    def __init__(self, script: InputScript) -> None:
        self.script = script
        self.last_frame = script.last_frame

    def input(self, frame: int, room: int = mm.KEY_QUEUE_SIZE) -> ShellInput:
        """The input before ``frame`` (call once per frame, in order); typed text is queued as
        ``room`` allows."""
        step = self.script.step(frame, room)
        if step is None:
            return NO_INPUT
        codes = bytearray()
        down = 0
        actions: list[str] = []
        for press in step.started:
            if press.name in SCRIPT_ACTIONS:
                actions.append(SCRIPT_ACTIONS[press.name])
            elif press.name == "q" and "ctrl" in step.held_before:
                actions.append(QUIT)
            else:
                if press.code:
                    codes.append(press.code)
                down |= press.buttons
        codes += step.typed
        return ShellInput(bytes(codes), down, step.up & ~step.buttons, step.buttons, step.held,
                          tuple(actions))


# menu colours (attribute bytes: background << 4 | foreground)
BAR = 0x30  # black on cyan: the top and bottom bars
BACKGROUND = 0x17  # light grey on blue
FRAME = 0x1F  # white on blue: the box
ITEM = 0x1F
ITEM_TEXT = 0x17
SELECTED = 0x70  # black on light grey
SELECTED_UNAVAILABLE = 0x78  # dark grey on light grey
UNAVAILABLE = 0x18  # dark grey on blue
UNAVAILABLE_TEXT = 0x1C  # light red on blue
DETAIL = 0x1E  # yellow on blue
MESSAGE = 0x4F  # white on red
WHY_BOX = 0x4F

LIST_TOP, LIST_BOTTOM = 3, 18  # rows of the list inside the box
LIST_ROWS = LIST_BOTTOM - LIST_TOP + 1
TITLE_COL, TITLE_WIDTH = 4, 24
TEXT_COL = TITLE_COL + TITLE_WIDTH + 2
TEXT_WIDTH = 76 - TEXT_COL
DETAIL_TOP, DETAIL_WIDTH, DETAIL_LINES = 20, 76, 2  # under the list: title row, then the text
DETAIL_PAGE_FRAMES = 3 * FPS  # a description longer than DETAIL_LINES turns a page this often


def detail_lines(text: str, width: int = DETAIL_WIDTH) -> list[str]:
    """``text`` wrapped at spaces into lines of at most ``width`` (long words are cut)."""
    import textwrap

    return textwrap.wrap(" ".join(text.split()), width, break_long_words=True) or [""]


# ---- the shell ---------------------------------------------------------------------------------
@dataclass
class ShellOptions:
    """How a shell behaves; a kiosk sets ``kiosk`` and the attract and exit settings."""

    kiosk: bool = False
    attract_frames: int = frames_of(DEFAULT_ATTRACT_SECONDS)
    switch_frames: int = frames_of(DEFAULT_SWITCH_MINUTES * 60)
    player_timeout_frames: int = frames_of(DEFAULT_PLAYER_TIMEOUT_MINUTES * 60)  # 0: never
    exit_chord: frozenset[str] = field(default_factory=lambda: parse_chord(DEFAULT_EXIT_CHORD))
    cycles: int = mm.DEFAULT_CYCLES_PER_FRAME
    seed: int | None = None
    heading: str = ""  # what the top bar says on the right (the folder)
    # where cart saves are kept (a console.machines.saves.SaveStore; the kiosk keeps them too, so
    # the high scores survive a restart); None: in the machine only, for this session
    saves: object | None = None


class Shell:
    """The browser or kiosk. Call ``step(input)`` once per frame; show ``screen``
    with ``status`` on the line under it. ``finished`` becomes true when the person quits
    (browser) or holds the exit chord (kiosk); ``exit_reason`` says which."""

    def __init__(self, entries: list[Entry], options: ShellOptions | None = None) -> None:
        self.entries = entries
        self.options = options or ShellOptions()
        self.kiosk = self.options.kiosk
        self.menu = ScreenBuffer(border=1)
        self.stopped_screen = ScreenBuffer()  # a stopped cart's last screen
        # every cart runs on the one machine of its kind, made when first needed
        self.machines: dict[str, Machine] = {}
        self.machine = self._machine("b32")
        self.state = MENU
        self.selected = self._first_available()
        self.top = 0
        self.playing: Entry | None = None
        self.attract = False
        self.paused = False
        self.frame = 0  # frames stepped
        self.finished = False
        self.exit_reason = ""
        self.message = ""  # a line the menu shows (e.g. why a cart cannot start)
        self.note = ""  # a line under the screen for a few seconds (a dropped file)
        self._note_until = 0
        self.stop_reason = ""
        self.stop_was_news = False
        self.log: deque[str] = deque(maxlen=LOG_SIZE)
        self.starts = 0  # carts started, for soak figures
        self.start_counts: dict[str, int] = {}  # by cart name
        self.stops = 0  # carts that halted or faulted
        self._idle = 0  # menu frames without input (kiosk: attract) / play frames (timeout)
        self._played = 0  # frames the current cart has run
        self._escape = 0  # frames Escape has been held while a cart runs
        self._chord = 0  # frames the exit chord has been held
        self._stopped = 0  # frames since the cart stopped
        self._repeat = 0  # frames an arrow has been held in the menu
        self._prev_held: frozenset[str] = frozenset()
        self._menu_dirty = True
        self._detail_pages = 1
        self._drawn_countdown = -1
        self.draw_menu()

    # ---- what to show ------------------------------------------------------------------------
    @property
    def screen(self) -> Machine | ScreenBuffer:
        """What is shown: the menu, the running cart, or a stopped cart's last screen."""
        if self.state == MENU:
            return self.menu
        return self.machine if self.state == PLAYING else self.stopped_screen

    @property
    def status(self) -> str:
        """The line under the screen."""
        if self.note and self.frame < self._note_until:
            return self.note
        if self.kiosk and 0 < self._chord < EXIT_HOLD_FRAMES:
            left = (EXIT_HOLD_FRAMES - self._chord + FPS - 1) // FPS
            return f"Keep holding the exit chord: {left} s"
        if self.state == STOPPED:
            if self.kiosk:
                return f"{self.playing.title}: {self.stop_reason}"
            return f"{self.playing.title}: {self.stop_reason} - press a key for the menu"
        if self.state == PLAYING:
            if self._escape >= FPS // 4:
                return "Keep holding Esc for the menu"
            if self.attract:
                return f"DEMO: {self.playing.title} - press any key to play"
            if self.paused:
                return f"{self.playing.title}: paused (F6 resumes)"
        return ""

    @property
    def title(self) -> str:
        """The window title."""
        mode = "kiosk" if self.kiosk else "browse"
        if self.state == MENU:
            return f"B32 - {mode}"
        what = "demo" if self.attract else "paused" if self.paused else self.state
        return f"B32 - {mode} - {self.playing.name} - {what}"

    def key_room(self) -> int:
        """How many more key codes the running cart's queue takes this frame."""
        if self.state != PLAYING:
            return mm.KEY_QUEUE_SIZE
        return self.machine.key_room()

    def _say(self, text: str) -> None:
        self.log.append(f"{self.frame}: {text}")

    # ---- one frame ---------------------------------------------------------------------------
    def step(self, inp: ShellInput = NO_INPUT) -> None:
        """One frame: the input, then whatever the state does (a cart runs one frame)."""
        if self.finished:
            return
        pressed_names = inp.held - self._prev_held
        self._prev_held = inp.held
        active = bool(inp.codes or inp.down or inp.actions or pressed_names)
        if self.kiosk and self.options.exit_chord:
            if self.options.exit_chord <= inp.held:
                self._chord += 1
                if self._chord >= EXIT_HOLD_FRAMES:
                    self._finish("exit chord")
                    return
            else:
                self._chord = 0
        if QUIT in inp.actions and not self.kiosk:
            self._finish("quit")
            return
        if self.state == MENU:
            self._menu_step(inp, active)
        elif self.state == PLAYING:
            self._play_step(inp, active)
        else:
            self._stopped_step(inp, active)
        self.frame += 1

    def _finish(self, reason: str) -> None:
        self.finished = True
        self.exit_reason = reason
        self._say(f"finished: {reason}")

    # ---- menu --------------------------------------------------------------------------------
    def _first_available(self) -> int:
        return next((i for i, e in enumerate(self.entries) if e.available), 0)

    def _menu_step(self, inp: ShellInput, active: bool) -> None:
        self._idle = 0 if active else self._idle + 1
        if (self.kiosk and self.options.attract_frames and
                self._idle >= self.options.attract_frames):
            self._idle = 0
            index = self._next_available(self.selected, include=True)
            if index is not None:
                self._start(index, attract=True)
                return
        if not self.kiosk and keys.KEY_ESCAPE in inp.codes:
            self._finish("quit")
            return
        moves = {keys.BUTTON_UP: -1, keys.BUTTON_DOWN: 1,
                 keys.BUTTON_LEFT: -LIST_ROWS, keys.BUTTON_RIGHT: LIST_ROWS}
        arrows = inp.buttons & 0x0F
        if inp.down & 0x0F:
            self._repeat = 0
        elif arrows:
            self._repeat += 1
        step = 0
        for bit, delta in moves.items():
            if inp.down & bit:
                step += delta
            elif (arrows & bit and self._repeat >= REPEAT_DELAY_FRAMES and
                  (self._repeat - REPEAT_DELAY_FRAMES) % REPEAT_EVERY_FRAMES == 0):
                step += delta
        if step:
            self.move(step)
        if inp.down & (keys.BUTTON_START | keys.BUTTON_A):
            self.start_selected()
        self._redraw_menu()

    def _redraw_menu(self) -> None:
        """Draw the menu when something changed, or a long description turns a page."""
        if self._detail_pages > 1 and self.frame % DETAIL_PAGE_FRAMES == 0:
            self._menu_dirty = True
        if self._menu_dirty:
            self.draw_menu()

    def move(self, delta: int) -> None:
        """Move the selection by ``delta`` entries, stopping at the ends."""
        if not self.entries:
            return
        selected = max(0, min(len(self.entries) - 1, self.selected + delta))
        if selected != self.selected:
            self.selected = selected
            self.message = ""
            self._menu_dirty = True

    def start_selected(self) -> bool:
        """Start the selected cart; an unavailable one is refused with a message."""
        if not self.entries:
            return False
        entry = self.entries[self.selected]
        if not entry.available:
            self.message = f"{entry.name} cannot be played: {entry.reason}"
            self._menu_dirty = True
            return False
        self._start(self.selected, attract=False)
        return True

    def open_file(self, path: str | Path) -> bool:
        """A file dropped on the browser: it plays at once (added to the list, or its entry
        refreshed when listed). One that cannot play is a note under the screen, and in the menu.
        A kiosk ignores drops. True when it plays."""
        if self.kiosk:
            return False
        path = Path(path)
        entry = load_entry(path)
        resolved = path.resolve()
        index = next((i for i, e in enumerate(self.entries) if e.path.resolve() == resolved),
                     None)
        if not entry.available:
            self.note = f"{path.name} cannot be played: {entry.reason}"
            self._note_until = self.frame + NOTE_FRAMES
            self.message = self.note
            self._menu_dirty = True
            self._say(f"dropped {path.name}: {entry.reason}")
            return False
        if index is None:
            self.entries.append(entry)
            index = len(self.entries) - 1
        else:
            entry.bundled = self.entries[index].bundled
            self.entries[index] = entry
        self.note = ""
        self._say(f"dropped {path.name}")
        self._start(index, attract=False)
        return True

    def _next_available(self, index: int, include: bool = False) -> int | None:
        count = len(self.entries)
        for offset in range(0 if include else 1, count + (0 if include else 1)):
            candidate = (index + offset) % count
            if self.entries[candidate].available:
                return candidate
        return None

    def _machine(self, kind: str) -> Machine:
        if kind not in self.machines:
            self.machines[kind] = create(kind, self.options.cycles, self.options.seed)
        return self.machines[kind]

    def _start(self, index: int, attract: bool) -> None:
        entry = self.entries[index]
        self.selected = index
        self.playing = entry
        self.machine = self._machine(entry.machine)
        saves = self.options.saves
        self.machine.load(entry.cart, saves.slot(entry.path) if saves is not None else None)
        self.state = PLAYING
        self.attract = attract
        self.paused = False
        self.message = ""
        self._played = self._idle = self._escape = 0
        self._menu_dirty = True
        self.starts += 1
        self.start_counts[entry.name] = self.start_counts.get(entry.name, 0) + 1
        self._say(f"{'demo' if attract else 'start'} {entry.name}")

    def back_to_menu(self, why: str = "back") -> None:
        """Leave the cart; the menu comes back with the same entry selected."""
        if self.playing is not None:
            self._say(f"{why}: {self.playing.name} -> menu")
        self.state = MENU
        self.attract = False
        self.paused = False
        self._idle = self._escape = 0
        self._menu_dirty = True
        self.draw_menu()

    # ---- playing -----------------------------------------------------------------------------
    def _play_step(self, inp: ShellInput, active: bool) -> None:
        if self._leaves(inp, active):
            return
        if not self.kiosk:
            if RESET in inp.actions:
                self.machine.reset()
                self._played = 0
            if PAUSE in inp.actions:
                self.paused = not self.paused
        machine = self.machine
        for code in inp.codes:
            machine.queue_key(code)
        if inp.down:
            machine.button_down(inp.down)
        if inp.up:
            machine.button_up(inp.up)
        if not self.paused:
            self._run_cart()

    def _leaves(self, inp: ShellInput, active: bool) -> bool:
        """Back to the menu (F10, Escape held, a kiosk player gone quiet)? Also ends attract
        mode when someone takes over. True when the cart was left."""
        if BACK in inp.actions:
            self.back_to_menu()
            return True
        self._escape = self._escape + 1 if "escape" in inp.held else 0
        if self._escape >= BACK_HOLD_FRAMES:
            self.back_to_menu("escape held")
            return True
        if self.attract and active:
            self.attract = False
            self._say(f"player took over {self.playing.name}")
        if self.kiosk and not self.attract:
            self._idle = 0 if active else self._idle + 1
            timeout = self.options.player_timeout_frames
            if timeout and self._idle >= timeout:
                self.back_to_menu("no input")
                return True
        return False

    def _run_cart(self) -> None:
        machine = self.machine
        try:
            machine.run_frame()
        except Exception as err:  # noqa: BLE001 - no cart may take the shell down
            self._stop(f"the console failed running it ({type(err).__name__}: {err})")
            return
        self._played += 1
        if machine.halted:
            self._stop(machine.fault or stop_note(machine))
        elif self.attract and self._played >= self.options.switch_frames:
            self._attract_next()

    def _attract_next(self) -> None:
        index = self._next_available(self.selected)
        if index is None:
            self.back_to_menu("no cart to show")
        else:
            self._start(index, attract=True)

    # ---- stopped -----------------------------------------------------------------------------
    def _stop(self, reason: str) -> None:
        self.state = STOPPED
        self.stop_reason = reason
        # a program that ended on its own (LBVM) is news; a fault or a failure is trouble
        self.stop_was_news = bool(self.machine.ended) and not self.machine.fault
        self.stops += 1
        self._stopped = 0
        self._drawn_countdown = -1
        self.stopped_screen = ScreenBuffer.copy_of(self.machine)
        self._say(f"stopped {self.playing.name}: {reason}")
        if self.kiosk:
            self._draw_why()

    def _stopped_step(self, inp: ShellInput, active: bool) -> None:
        self._stopped += 1
        if BACK in inp.actions:
            self.back_to_menu()
            return
        if active and self._stopped >= STOPPED_GRACE_FRAMES:
            self.back_to_menu("dismissed")
            return
        if self.kiosk:
            if self._stopped >= STOPPED_FRAMES:
                if self.attract:
                    self._attract_next()
                else:
                    self.back_to_menu("stopped")
                return
            self._draw_why()

    def _draw_why(self) -> None:
        """Kiosk: a box over the stopped cart's screen saying why, and when the menu returns."""
        left = (STOPPED_FRAMES - self._stopped + FPS - 1) // FPS
        if left == self._drawn_countdown:
            return
        self._drawn_countdown = left
        screen = self.stopped_screen
        reason = self.stop_reason[:60]
        width = max(44, len(reason) + 6)
        col = (COLUMNS - width) // 2
        screen.box(9, col, 14, col + width - 1, WHY_BOX, f"{self.playing.title} stopped"[:40])
        screen.put(11, col + 3, reason, WHY_BOX)
        screen.put(12, col + 3, f"Back to the menu in {left} s", WHY_BOX, width - 6)
        screen.video.cursor = 0

    # ---- drawing the menu ----------------------------------------------------------------------
    def draw_menu(self) -> None:
        """Draw the menu into ``menu``'s screen memory (only when something changed)."""
        self._menu_dirty = False
        screen = self.menu
        screen.fill(BACKGROUND)
        heading = " B32 ARCADE" if self.kiosk else " B32 CART BROWSER"
        screen.fill(BAR, rows=range(0, 1))
        screen.put(0, 0, heading, BAR)
        right = f"{len(self.entries)} cart{'s' if len(self.entries) != 1 else ''} "
        if self.options.heading:
            right = f"{self.options.heading[-50:]} \u2502 {right}"
        screen.put(0, COLUMNS - len(right), right, BAR)
        screen.box(2, 1, LIST_BOTTOM + 1, 78, FRAME, "Carts")
        entries = self.entries
        if not entries:
            screen.put(LIST_TOP + 1, TITLE_COL, "No carts here.", ITEM)
            screen.put(LIST_TOP + 3, TITLE_COL,
                       "Put .b32 carts, .lbvm programs or .asm sources in the folder and "
                       "start again.", ITEM_TEXT)
        self._draw_list(screen)
        if entries:
            self._draw_detail(screen, entries[self.selected])
        if self.message:
            screen.put(23, 0, " " + self.message, MESSAGE, COLUMNS)
        if self.kiosk:
            keys_line = " \u0018\u0019 Choose   Enter Play   F10 or hold Esc: back to this menu"
        else:
            keys_line = (" \u0018\u0019 Choose   \u001b\u001a Page   Enter Play   "
                         "F10 or hold Esc: back   Esc Quit")
        screen.fill(BAR, rows=range(24, 25))
        screen.put(24, 0, keys_line, BAR)

    def _draw_list(self, screen: ScreenBuffer) -> None:
        """The carts in the box, the selected one kept in view and marked."""
        entries = self.entries
        if self.selected < self.top:
            self.top = self.selected
        elif self.selected >= self.top + LIST_ROWS:
            self.top = self.selected - LIST_ROWS + 1
        self.top = max(0, min(self.top, max(0, len(entries) - LIST_ROWS)))
        for row in range(LIST_ROWS):
            index = self.top + row
            if index >= len(entries):
                break
            entry = entries[index]
            chosen = index == self.selected
            if entry.available:
                title_attr, text_attr = (SELECTED, SELECTED) if chosen else (ITEM, ITEM_TEXT)
            else:
                title_attr, text_attr = ((SELECTED_UNAVAILABLE, SELECTED_UNAVAILABLE) if chosen
                                         else (UNAVAILABLE, UNAVAILABLE_TEXT))
            r = LIST_TOP + row
            if chosen:
                screen.put(r, 2, " \u0010", title_attr)
                screen.put(r, 76, "\u0011 ", title_attr)
            screen.put(r, TITLE_COL, entry.title, title_attr, TITLE_WIDTH + 2)
            screen.put(r, TEXT_COL, entry.line, text_attr, TEXT_WIDTH)
        if self.top > 0:
            screen.put(LIST_TOP, 78, "\u0018", FRAME)
        if self.top + LIST_ROWS < len(entries):
            screen.put(LIST_BOTTOM, 78, "\u0019", FRAME)

    def _draw_detail(self, screen: ScreenBuffer, entry: Entry) -> None:
        """Under the list: the title and file, then the whole description (or why the cart is
        unavailable) wrapped in DETAIL_LINES rows; a longer one turns its pages every
        DETAIL_PAGE_FRAMES."""
        where = entry.where
        title = entry.title[:DETAIL_WIDTH]
        room = DETAIL_WIDTH - len(title) - 3
        screen.put(DETAIL_TOP, 2, title, DETAIL, DETAIL_WIDTH)
        if room > 4:
            shown = where if len(where) <= room else "..." + where[-(room - 3):]
            screen.put(DETAIL_TOP, 2 + DETAIL_WIDTH - len(shown), shown, UNAVAILABLE)
        lines = detail_lines(entry.line)
        pages = max(1, -(-len(lines) // DETAIL_LINES))
        page = (self.frame // DETAIL_PAGE_FRAMES) % pages
        attr = ITEM_TEXT if entry.available else UNAVAILABLE_TEXT
        for row, text in enumerate(lines[page * DETAIL_LINES:(page + 1) * DETAIL_LINES]):
            screen.put(DETAIL_TOP + 1 + row, 2, text, attr, DETAIL_WIDTH)
        self._detail_pages = pages

    # ---- for dumps and tests -----------------------------------------------------------------
    def state_dict(self) -> dict:
        """The shell's state as ``--dump-state`` writes it."""
        return {
            "mode": "kiosk" if self.kiosk else "browse",
            "state": self.state,
            "attract": self.attract,
            "frames": self.frame,
            "selected": self.entries[self.selected].name if self.entries else None,
            "playing": self.playing.name if self.state != MENU and self.playing else None,
            "status": self.status,
            "finished": self.finished,
            "exit_reason": self.exit_reason,
            "starts": self.starts,
            "stops": self.stops,
            "entries": [{"name": e.name, "title": e.title, "description": e.description,
                         "available": e.available, "reason": e.reason, "path": str(e.path)}
                        for e in self.entries],
            "log": list(self.log),
            "screen": self.screen.screen_lines(),
        }


def replay(shell: Shell, script: ShellScript | None, frames: int) -> int:
    """Step ``shell`` for ``frames`` frames with ``script``'s input (or none); stops early when
    the shell finishes. Returns the frames stepped."""
    for frame in range(frames):
        inp = script.input(frame, shell.key_room()) if script is not None else NO_INPUT
        shell.step(inp)
        if shell.finished:
            return frame + 1
    return frames
