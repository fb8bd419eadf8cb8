"""The cart author's window: files dropped on it, and watch mode's reloads and error panel.

``attach_author(loop, session=None, keep_ram=False, debugger=None)`` adds ``AuthorTools`` to a
``b32 run`` ``FrameLoop`` as a plugin. It does what ``console.author.session`` decides:

- every frame it polls the ``WatchSession`` (when watching); a good save reloads the cart (a
  reset, or with ``keep_ram`` the new bytes under the running program when that is safe; the
  title says which, stderr says why not); a bad one leaves the running cart on screen and opens
  the error panel over it, every ``file:line:col: message`` in the console's font, Page Up /
  Page Down / Home / End and the mouse wheel scrolling it; the errors go to stderr once per save;
- a file dropped on the window runs (through ``console.machines.kinds.load_file``); anything
  else, or a cart that cannot run, is a one-line note on the status line. While watching, a
  dropped cart becomes the file watched.

``lines`` holds the panel's text last drawn, row by row, for tests.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pygame

from console.author.session import (
    FAILED,
    MISSING,
    RELOADED,
    WatchEvent,
    WatchSession,
    keep_ram,
    keep_ram_problem,
)
from console.debug.debugger import DebugError, Symbols, load_symbols
from console.frontend import display as disp
from console.frontend.plugin import NOTE_BG, NOTE_FG, Plugin
from console.frontend.renderer import CELL_H
from console.machines import screen as mm
from console.machines.base import CartError
from console.machines.kinds import load_file

PANEL_TOP = 12  # the screen row where the error panel starts; it covers the rows below
PANEL_TEXT_ROWS = mm.ROWS - PANEL_TOP - 2  # a heading row, the text, a row of keys
HEAD_FG, HEAD_BG = 15, 4  # the heading: white on red
TEXT_FG, TEXT_BG = 15, 0  # the errors: white on black
KEYS_FG, KEYS_BG = 0, 7  # the keys row: black on light grey
NOTE_FRAMES = 4 * mm.FRAMES_PER_SECOND
WHEEL_LINES = 3


class AuthorTools(Plugin):
    """Drops and watch mode: a plugin of the run window's ``FrameLoop``."""

    def __init__(self, loop, session: WatchSession | None = None, keep_ram: bool = False,
                 debugger=None) -> None:
        self.loop = loop
        self.session = session
        self.keep_ram = keep_ram
        self.debugger = debugger  # a DebuggerOverlay whose names follow the cart, or None
        self.running = session.build if session is not None else None  # the build in the machine
        self.scroll = 0
        self.lines: list[str] = []
        self.note = ""
        self._note_until = 0
        self._note_drawn = ""
        self.drops = 0
        self._update_title()

    # ---- what the loop hands it ----------------------------------------------------------------
    def on_event(self, loop, event) -> bool:
        if event.type == pygame.DROPFILE:
            self.open_dropped(event.file)
            return True
        return bool(self.panel_text()) and self._scroll_event(event)

    def after_frame(self, loop, result) -> None:
        if self.session is not None:
            event = self.session.poll(loop.tick)
            if event is not None:
                self.apply(event)
        self._update_title()

    def overlay(self, loop, canvas: pygame.Surface) -> bool:
        """Draw the panel and the note over every frame's canvas; report a drawing (which makes
        the loop present the whole canvas) only when what they show changed: otherwise only
        the cells the cart changed are presented, with the panel already drawn over them."""
        drew = False
        lines = self.panel_text()
        shown = self.draw_panel(canvas, lines) if lines else []
        note = self.note if loop.tick < self._note_until and not loop.machine.fault else ""
        if note:
            loop.renderer.draw_text(canvas, disp.STATUS_POS, note[: mm.COLUMNS].ljust(mm.COLUMNS),
                                    NOTE_FG, NOTE_BG)
        if (shown, note) != (self.lines, self._note_drawn):
            if not shown and not note:
                loop.invalidate()  # the panel or the note went away: redraw what they covered
            drew = True
        self.lines, self._note_drawn = shown, note
        return drew

    def covers_screen(self, loop) -> bool:
        return bool(self.lines)  # the error panel, over the screen's lower rows

    # ---- watching --------------------------------------------------------------------------------
    def apply(self, event: WatchEvent) -> None:
        """Do what a rebuild of the watched file says."""
        loop = self.loop
        name = self.session.path.name
        self.scroll = 0
        loop.invalidate()
        if event.kind == RELOADED:
            self._reload(event.build)
        elif event.kind == FAILED:
            for line in event.errors:
                print(line, file=sys.stderr)
            count = len(event.errors)
            print(f"b32: {name}: {count} error{'s' if count != 1 else ''}; "
                  "the last good build keeps running", file=sys.stderr)
        elif event.kind == MISSING:
            print(f"b32: {event.note}", file=sys.stderr)

    def _reload(self, build) -> None:
        loop = self.loop
        problem = None
        if self.keep_ram:
            problem = keep_ram_problem(loop.machine, self.running, build)
        if self.keep_ram and problem is None:
            keep_ram(loop.machine, self.running, build)
            loop.show_notice("reloaded, RAM kept")
        else:
            if problem is not None:
                print(f"b32: {self.session.path.name}: RAM not kept ({problem}); reset",
                      file=sys.stderr)
            self._load(build.cart)
            loop.show_notice(f"reloaded; reset: {problem}" if problem else "reloaded")
        self.running = build
        self._set_symbols(Symbols(build.symbols))

    def _load(self, cart, machine_class: type | None = None) -> None:
        loop = self.loop
        if machine_class is not None and not isinstance(loop.machine, machine_class):
            loop.machine = machine_class()
        loop.machine.load(cart)
        loop.reset()  # keeps held buttons held and redraws everything
        loop.name = cart.name

    def _set_symbols(self, symbols: Symbols) -> None:
        if self.debugger is not None:
            self.debugger.symbols = symbols

    def _update_title(self) -> None:
        if self.session is not None:
            self.loop.title_extra = self.session.title_text

    # ---- dropping files --------------------------------------------------------------------------
    def say(self, text: str) -> None:
        """A one-line note on the status line, in the title (and on stderr) for a few seconds."""
        self.note = text
        self._note_until = self.loop.tick + NOTE_FRAMES
        self.loop.show_notice(text, NOTE_FRAMES)
        print(f"b32: {text}", file=sys.stderr)

    def open_dropped(self, filename: str) -> bool:
        """Run the file dropped on the window; True when it runs."""
        path = Path(filename)
        self.drops += 1
        if self.session is not None and path.suffix.lower() == ".asm":
            return self._watch_instead(path)
        try:
            kind, cart = load_file(path)
        except FileNotFoundError:
            self.say(f"{path.name}: no such file")
            return False
        except CartError as err:
            lines = str(err).splitlines() or [path.name]
            more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
            self.say(f"{lines[0]}{more}")
            return False
        self._load(cart, kind.machine)
        self.running = None
        if self.session is not None:  # a dropped .b32 ends watching the source
            self.session = None
            self.loop.title_extra = ""
        try:
            self._set_symbols(load_symbols(self.loop.machine, path))
        except (OSError, DebugError):
            self._set_symbols(Symbols())
        self.say(f"playing {path.name}")
        return True

    def _watch_instead(self, path: Path) -> bool:
        session = WatchSession(path, poll_every=self.session.watcher.poll_every,
                               settle=self.session.watcher.settle)
        try:
            event = session.start()
        except FileNotFoundError:
            self.say(f"{path.name}: no such file")
            return False
        self.session = session
        self.running = None
        self.loop.name = path.stem
        if event.kind == RELOADED:
            self._load(event.build.cart)
            self.running = event.build
            self._set_symbols(Symbols(event.build.symbols))
            self.say(f"watching {path.name}")
            return True
        self.apply(event)
        self.say(f"watching {path.name}: it does not build yet")
        return False

    # ---- the error panel -------------------------------------------------------------------------
    def panel_text(self) -> list[str]:
        """Every line the panel would show (all of them; the panel shows a window of them)."""
        if self.session is None:
            return []
        return self.session.panel_lines(mm.COLUMNS)

    def _scroll_event(self, event) -> bool:
        page = PANEL_TEXT_ROWS - 1
        if event.type == pygame.MOUSEWHEEL:
            self.scroll_by(-event.y * WHEEL_LINES)
            return True
        if event.type != pygame.KEYDOWN:
            return False
        moves = {pygame.K_PAGEUP: -page, pygame.K_PAGEDOWN: page,
                 pygame.K_HOME: -10**6, pygame.K_END: 10**6}
        if event.key not in moves:
            return False
        self.scroll_by(moves[event.key])
        return True

    def scroll_by(self, lines: int) -> None:
        body = len(self.panel_text()) - 1  # the heading stays put
        self.scroll = max(0, min(self.scroll + lines, max(0, body - PANEL_TEXT_ROWS)))

    def draw_panel(self, canvas: pygame.Surface, lines: list[str]) -> list[str]:
        """Draw the panel's rows for ``lines`` (the heading, the window of text the scroll
        position shows, the keys row); returns the rows' text."""
        heading, body = lines[0], lines[1:]
        self.scroll = max(0, min(self.scroll, max(0, len(body) - PANEL_TEXT_ROWS)))
        shown = body[self.scroll : self.scroll + PANEL_TEXT_ROWS]
        first, last = self.scroll + 1, self.scroll + len(shown)
        keys = (f" lines {first}-{last} of {len(body)}   PgUp PgDn Home End, wheel: scroll"
                if len(body) > PANEL_TEXT_ROWS else " save the file to try again")
        rows = ([(heading, HEAD_FG, HEAD_BG)] + [(text, TEXT_FG, TEXT_BG) for text in shown]
                + [("", TEXT_FG, TEXT_BG)] * (PANEL_TEXT_ROWS - len(shown))
                + [(keys, KEYS_FG, KEYS_BG)])
        renderer = self.loop.renderer
        x, y = disp.SCREEN_POS
        for n, (text, fg, bg) in enumerate(rows):
            renderer.draw_text(canvas, (x, y + (PANEL_TOP + n) * CELL_H),
                               text[: mm.COLUMNS].ljust(mm.COLUMNS), fg, bg)
        return [text for text, _, _ in rows]


def attach_author(loop, session: WatchSession | None = None, keep_ram: bool = False,
                  debugger=None) -> AuthorTools:
    """Add drops (and, with a session, watching) to ``loop``; ``debugger`` (a DebuggerOverlay)
    gets each new cart's names. Returns the tools."""
    return loop.add(AuthorTools(loop, session, keep_ram, debugger))
