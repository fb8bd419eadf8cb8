"""Scripted input for headless runs and replays: ``--press FRAME:KEY[:FRAMES]`` and
``--type FRAME:TEXT``.

Frames are counted from 0 (the first frame the cart runs). A pressed key goes down before its
frame runs: its code is queued and its buttons held for FRAMES frames (default 1), then released.
Typed text is queued a character at a time as the 16-key queue has room, starting at FRAME, so
a long text is never dropped.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from console.machines import keys


class ScriptError(ValueError):
    """A press or type argument that cannot be read; the message says why."""


@dataclass(frozen=True)
class Press:
    frame: int
    name: str
    code: int
    buttons: int
    frames: int = 1


@dataclass(frozen=True)
class Typed:
    frame: int
    codes: bytes


def _frame_number(text: str, what: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ScriptError(f"{what}: {text!r} is not a whole number") from None
    if value < 0:
        raise ScriptError(f"{what}: {value} is negative")
    return value


def parse_press(spec: str, console_keys: bool = False) -> Press:
    """``FRAME:KEY[:FRAMES]`` -> Press; raises ScriptError. With ``console_keys``, the names in
    ``keys.CONSOLE_KEYS`` (``f10``, ``ctrl``...) are accepted too, with no code and no buttons."""
    parts = spec.split(":")
    if len(parts) not in (2, 3):
        raise ScriptError(f"--press {spec!r}: expected FRAME:KEY or FRAME:KEY:FRAMES")
    frame = _frame_number(parts[0], f"--press {spec!r}: frame")
    known = keys.KEY_NAMES + list(keys.CONSOLE_KEYS) if console_keys else keys.KEY_NAMES
    try:
        if console_keys and parts[1].lower() in keys.CONSOLE_KEYS:
            code, buttons = 0, 0
        else:
            code, buttons = keys.lookup(parts[1])
    except KeyError:
        raise ScriptError(
            f"--press {spec!r}: unknown key {parts[1]!r} (known: {', '.join(known)})"
        ) from None
    held = _frame_number(parts[2], f"--press {spec!r}: frames") if len(parts) == 3 else 1
    if held < 1:
        raise ScriptError(f"--press {spec!r}: a key is held for at least 1 frame")
    return Press(frame, parts[1].lower(), code, buttons, held)


def parse_type(spec: str) -> Typed:
    """``FRAME:TEXT`` -> Typed; raises ScriptError."""
    frame_text, sep, text = spec.partition(":")
    if not sep:
        raise ScriptError(f"--type {spec!r}: expected FRAME:TEXT")
    frame = _frame_number(frame_text, f"--type {spec!r}: frame")
    codes = []
    for ch in text:
        code = keys.encode_char(ch)
        if code is None:
            raise ScriptError(f"--type {spec!r}: {ch!r} has no code page 437 code")
        codes.append(code)
    return Typed(frame, bytes(codes))


@dataclass(frozen=True)
class ScriptStep:
    """What a script does before one frame."""

    started: tuple[Press, ...]  # presses that go down now, in order
    up: int  # button bits of the presses that end now (another press may still hold them)
    buttons: int  # button bits the script holds from now on
    held: frozenset[str]  # names of the keys it holds from now on
    held_before: frozenset[str]  # ...and before this frame's presses went down
    typed: bytes  # typed codes to queue now (as many as the queue had room for)

    @property
    def down(self) -> int:
        bits = 0
        for press in self.started:
            bits |= press.buttons
        return bits


@dataclass
class InputScript:
    """Scripted presses and typing, frame by frame: the one engine behind ``b32 run`` (``apply``
    feeds a machine) and the shell's replays (``console.shell.session.ShellScript`` reads
    ``step``)."""

    presses: list[Press] = field(default_factory=list)
    typed: list[Typed] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._starts: dict[int, list[Press]] = {}
        for press in self.presses:
            self._starts.setdefault(press.frame, []).append(press)
        self._typed: dict[int, bytes] = {}
        for typed in self.typed:
            self._typed[typed.frame] = self._typed.get(typed.frame, b"") + typed.codes
        self._ends: dict[int, list[Press]] = {}
        self._holding: dict[int, Press] = {}  # id -> press
        self._pending: deque[int] = deque()

    @classmethod
    def parse(cls, presses: list[str] | None = None, types: list[str] | None = None,
              console_keys: bool = False) -> InputScript:
        return cls([parse_press(p, console_keys) for p in presses or []],
                   [parse_type(t) for t in types or []])

    @property
    def last_frame(self) -> int:
        """The last frame at which the script still does something."""
        ends = [p.frame + p.frames for p in self.presses]
        ends += [t.frame + len(t.codes) for t in self.typed]
        return max(ends, default=0)

    def step(self, frame: int, room: int) -> ScriptStep | None:
        """What happens before ``frame`` (call once per frame, in order), typed codes taking
        what is left of ``room`` (free places in the key queue) after the presses' codes; None
        when the script has nothing left to do."""
        if not (self._starts or self._ends or self._holding or self._pending or self._typed):
            return None
        up = 0
        for press in self._ends.pop(frame, ()):
            self._holding.pop(id(press), None)
            up |= press.buttons
        held_before = frozenset(p.name for p in self._holding.values())
        started = tuple(self._starts.pop(frame, ()))
        for press in started:
            self._holding[id(press)] = press
            self._ends.setdefault(frame + press.frames, []).append(press)
        self._pending.extend(self._typed.pop(frame, b""))
        room -= sum(1 for press in started if press.code)
        typed = bytearray()
        while self._pending and room > 0:
            typed.append(self._pending.popleft())
            room -= 1
        buttons = 0
        for press in self._holding.values():
            buttons |= press.buttons
        return ScriptStep(started, up, buttons, frozenset(p.name for p in self._holding.values()),
                          held_before, bytes(typed))

    def apply(self, machine, frame: int) -> None:
        """Feed what the script does before ``frame`` into ``machine`` (a
        ``console.machines.base.Machine``; call once per frame, in order)."""
        step = self.step(frame, machine.key_room())
        if step is None:
            return
        if step.up:
            machine.button_up(step.up)
        for press in step.started:
            machine.queue_key(press.code)
            if press.buttons:
                machine.button_down(press.buttons)
        for code in step.typed:
            machine.queue_key(code)
