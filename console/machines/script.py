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


@dataclass
class InputScript:
    """Feeds scripted presses and typing into a machine, frame by frame."""

    presses: list[Press] = field(default_factory=list)
    typed: list[Typed] = field(default_factory=list)
    _pending: deque = field(default_factory=deque)
    _releases: dict[int, int] = field(default_factory=dict)

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

    def apply(self, machine, frame: int) -> None:
        """Feed what the script does before ``frame`` runs (call once per frame, in order)."""
        release = self._releases.pop(frame, 0)
        if release:
            machine.button_up(release)
        for press in self.presses:
            if press.frame == frame:
                machine.queue_key(press.code)
                if press.buttons:
                    machine.button_down(press.buttons)
                    end = frame + press.frames
                    self._releases[end] = self._releases.get(end, 0) | press.buttons
        for typed in self.typed:
            if typed.frame == frame:
                self._pending.extend(typed.codes)
        while self._pending and machine.queue_key(self._pending[0]):
            self._pending.popleft()
