"""pygame events -> plain input for the core: key codes, button bits, console actions.

``map_event`` is a pure function of one event, so the mapping is testable without a window.
Key state comes only from key-down/up and text events, never from polling, so a press and
release between two frames still queues its code and shows in PRESSED.

Characters are queued from TEXTINPUT events (layout and shift aware, as code page 437 bytes);
KEYDOWN queues only the keys that type no text (Enter, Tab, Backspace, Delete, Escape, arrows),
so no character is queued twice. Buttons are held per source (a key, a pad's button, stick or
hat): ``ButtonTracker`` ORs the sources, so releasing Space while Z is held keeps A down.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Hashable

import pygame

from console.machines import keys

# pygame key -> the name in console.machines.keys (the queue code and button bits come from there)
_KEY_NAMES = {
    pygame.K_UP: "up",
    pygame.K_DOWN: "down",
    pygame.K_LEFT: "left",
    pygame.K_RIGHT: "right",
    pygame.K_SPACE: "space",
    pygame.K_RETURN: "return",
    pygame.K_KP_ENTER: "return",
    pygame.K_ESCAPE: "escape",
    pygame.K_TAB: "tab",
    pygame.K_BACKSPACE: "backspace",
    pygame.K_DELETE: "delete",
}
_KEY_NAMES.update({pygame.K_a + n: chr(ord("a") + n) for n in range(26)})
_KEY_NAMES.update({pygame.K_0 + n: str(n) for n in range(10)})

# Console actions (handled by the frame loop, not the cart). Other function keys come through
# as "f2".."f10" so a shell or debugger can claim them; the plain loop ignores those. F1, F3, F4
# and Ctrl+1..4 are the save states and rewind (console.frontend.timekeys).
FULLSCREEN = "fullscreen"
SCREENSHOT = "screenshot"
RESET = "reset"
PAUSE = "pause"
QUIT = "quit"
MUTE = "mute"  # Ctrl+M: the sound off and on
RELEASE_ALL = "release-all"  # the window lost focus: no key-up events will come
RECORD = "record"  # Ctrl+F12: start / stop a recording
CLIP = "clip"  # Shift+F12: save the last seconds
REWIND = "rewind"  # F1 went down: run time backwards while it is held
REWIND_END = "rewind-end"  # F1 came up
SAVE_STATE = "save-state"  # F3
LOAD_STATE = "load-state"  # F4
STATE_SLOTS = 4
SLOT_ACTIONS = tuple(f"slot{n}" for n in range(1, STATE_SLOTS + 1))  # Ctrl+1 .. Ctrl+4

_FUNCTION_KEYS = {pygame.K_F1 + n: f"f{n + 1}" for n in range(12)}
_FUNCTION_KEYS.update({pygame.K_F5: RESET, pygame.K_F6: PAUSE,
                       pygame.K_F11: FULLSCREEN, pygame.K_F12: SCREENSHOT,
                       pygame.K_F1: REWIND, pygame.K_F3: SAVE_STATE, pygame.K_F4: LOAD_STATE})
_SLOT_KEYS = {pygame.K_1 + n: action for n, action in enumerate(SLOT_ACTIONS)}

# Keys a shell tracks as held by name (Escape held to leave a cart, a kiosk's exit chord):
# the names of console.machines.keys, the modifiers (either side) and the function keys.
_HELD_NAMES = dict(_KEY_NAMES)
_HELD_NAMES.update({pygame.K_LCTRL: "ctrl", pygame.K_RCTRL: "ctrl", pygame.K_LALT: "alt",
                    pygame.K_RALT: "alt", pygame.K_LSHIFT: "shift", pygame.K_RSHIFT: "shift"})
_HELD_NAMES.update({pygame.K_F1 + n: f"f{n + 1}" for n in range(12)})


def key_name(key: int) -> str | None:
    """The console name of a pygame key (``"escape"``, ``"q"``, ``"ctrl"``, ``"f10"``), or None."""
    return _HELD_NAMES.get(key)


# SDL game controllers have a standard layout; plain joysticks get a common guess.
_CONTROLLER_BUTTONS = {
    pygame.CONTROLLER_BUTTON_A: keys.BUTTON_A,
    pygame.CONTROLLER_BUTTON_B: keys.BUTTON_B,
    pygame.CONTROLLER_BUTTON_X: keys.BUTTON_A,
    pygame.CONTROLLER_BUTTON_Y: keys.BUTTON_B,
    pygame.CONTROLLER_BUTTON_START: keys.BUTTON_START,
    pygame.CONTROLLER_BUTTON_BACK: keys.BUTTON_SELECT,
    pygame.CONTROLLER_BUTTON_DPAD_UP: keys.BUTTON_UP,
    pygame.CONTROLLER_BUTTON_DPAD_DOWN: keys.BUTTON_DOWN,
    pygame.CONTROLLER_BUTTON_DPAD_LEFT: keys.BUTTON_LEFT,
    pygame.CONTROLLER_BUTTON_DPAD_RIGHT: keys.BUTTON_RIGHT,
}
_JOYSTICK_BUTTONS = {0: keys.BUTTON_A, 1: keys.BUTTON_B, 2: keys.BUTTON_A, 3: keys.BUTTON_B,
                     6: keys.BUTTON_SELECT, 7: keys.BUTTON_START}
STICK_DEADZONE = 0.5  # of full deflection


@dataclass(frozen=True)
class Mapped:
    """What one event means: key codes to queue, the button bits its source now holds (when
    ``source`` is set), or a console action."""

    codes: bytes = b""
    source: Hashable | None = None
    buttons: int = 0
    action: str | None = None


def _axis_bits(value: float, negative: int, positive: int) -> int:
    if value <= -STICK_DEADZONE:
        return negative
    if value >= STICK_DEADZONE:
        return positive
    return 0


def _key_event(event: pygame.event.Event, down: bool) -> Mapped | None:
    key = event.key
    mod = getattr(event, "mod", 0)
    if down:
        if key == pygame.K_F12 and mod & pygame.KMOD_CTRL:
            return Mapped(action=RECORD)
        if key == pygame.K_F12 and mod & pygame.KMOD_SHIFT:
            return Mapped(action=CLIP)
        if key in _FUNCTION_KEYS:
            return Mapped(action=_FUNCTION_KEYS[key])
        if key in (pygame.K_RETURN, pygame.K_KP_ENTER) and mod & pygame.KMOD_ALT:
            return Mapped(action=FULLSCREEN)
        if key == pygame.K_q and mod & pygame.KMOD_CTRL:
            return Mapped(action=QUIT)
        if key in _SLOT_KEYS and mod & pygame.KMOD_CTRL:
            return Mapped(action=_SLOT_KEYS[key])
        if key == pygame.K_m and mod & pygame.KMOD_CTRL:
            return Mapped(action=MUTE)
    elif key == pygame.K_F1:
        return Mapped(action=REWIND_END)
    name = _KEY_NAMES.get(key)
    if name is None:
        return None
    code, bits = keys.lookup(name)
    # printable codes arrive as TEXTINPUT; queue here only what types no text
    queued = bytes([code]) if down and not 0x20 <= code < 0x7F else b""
    if not queued and not bits:
        return None
    return Mapped(codes=queued, source=("key", key) if bits else None,
                  buttons=bits if down else 0)


def map_repeat(event: pygame.event.Event) -> Mapped | None:
    """The meaning of a held key's auto-repeat (a KEYDOWN for a key already down, see
    ``HeldKeys``): its code queued again and nothing else: no console action, no button change
    (BUTTONS is the plain held state). Keys that type text repeat through TEXTINPUT instead."""
    mapped = _key_event(event, True)
    return Mapped(codes=mapped.codes) if mapped is not None and mapped.codes else None


def map_event(event: pygame.event.Event, controller_ids: frozenset | set = frozenset()
              ) -> Mapped | None:
    """The meaning of ``event`` for the console, or None when it has none.

    ``controller_ids``: joystick instance ids opened as game controllers, whose raw JOY* events
    are ignored (their CONTROLLER* events are used instead)."""
    kind = event.type
    if kind == pygame.KEYDOWN:
        return _key_event(event, True)
    if kind == pygame.KEYUP:
        return _key_event(event, False)
    if kind == pygame.TEXTINPUT:
        codes = bytes(c for c in map(keys.encode_char, event.text) if c is not None)
        return Mapped(codes=codes) if codes else None
    if kind == pygame.QUIT:
        return Mapped(action=QUIT)
    if kind == pygame.WINDOWFOCUSLOST:
        return Mapped(action=RELEASE_ALL)
    if kind in (pygame.CONTROLLERBUTTONDOWN, pygame.CONTROLLERBUTTONUP,
                pygame.CONTROLLERAXISMOTION):
        return _controller_event(event)
    if kind in (pygame.JOYBUTTONDOWN, pygame.JOYBUTTONUP, pygame.JOYAXISMOTION,
                pygame.JOYHATMOTION):
        return None if event.instance_id in controller_ids else _joystick_event(event)
    return None


def _controller_event(event: pygame.event.Event) -> Mapped | None:
    """A game controller's button or left stick."""
    kind = event.type
    if kind == pygame.CONTROLLERAXISMOTION:
        value = event.value / 32767
        if event.axis == pygame.CONTROLLER_AXIS_LEFTX:
            bits = _axis_bits(value, keys.BUTTON_LEFT, keys.BUTTON_RIGHT)
        elif event.axis == pygame.CONTROLLER_AXIS_LEFTY:
            bits = _axis_bits(value, keys.BUTTON_UP, keys.BUTTON_DOWN)
        else:
            return None
        return Mapped(source=("pad", event.instance_id, "axis", event.axis), buttons=bits)
    bits = _CONTROLLER_BUTTONS.get(event.button, 0)
    if not bits:
        return None
    down = kind == pygame.CONTROLLERBUTTONDOWN
    return Mapped(source=("pad", event.instance_id, "button", event.button),
                  buttons=bits if down else 0)


def _joystick_event(event: pygame.event.Event) -> Mapped | None:
    """A raw joystick's hat, first two axes or buttons."""
    kind, pad = event.type, event.instance_id
    if kind == pygame.JOYHATMOTION:
        x, y = event.value
        bits = ((keys.BUTTON_LEFT if x < 0 else keys.BUTTON_RIGHT if x > 0 else 0)
                | (keys.BUTTON_DOWN if y < 0 else keys.BUTTON_UP if y > 0 else 0))
        return Mapped(source=("pad", pad, "hat", event.hat), buttons=bits)
    if kind == pygame.JOYAXISMOTION:
        if event.axis == 0:
            bits = _axis_bits(event.value, keys.BUTTON_LEFT, keys.BUTTON_RIGHT)
        elif event.axis == 1:
            bits = _axis_bits(event.value, keys.BUTTON_UP, keys.BUTTON_DOWN)
        else:
            return None
        return Mapped(source=("pad", pad, "axis", event.axis), buttons=bits)
    bits = _JOYSTICK_BUTTONS.get(event.button, 0)
    if not bits:
        return None
    down = kind == pygame.JOYBUTTONDOWN
    return Mapped(source=("pad", pad, "button", event.button), buttons=bits if down else 0)


class ButtonTracker:
    """The buttons held by each source; ``set`` returns which bits of the whole went down/up."""

    def __init__(self) -> None:
        self._sources: dict[Hashable, int] = {}
        self.held = 0

    def _update(self) -> tuple[int, int]:
        old = self.held
        new = 0
        for bits in self._sources.values():
            new |= bits
        self.held = new
        return new & ~old, old & ~new

    def set(self, source: Hashable, bits: int) -> tuple[int, int]:
        """Source ``source`` now holds ``bits``; returns (bits that went down, bits that went
        up)."""
        if bits:
            self._sources[source] = bits
        else:
            self._sources.pop(source, None)
        return self._update()

    def release(self, pad: int | None = None) -> tuple[int, int]:
        """Forget every source (or, given ``pad``, that pad's); returns (down, up) as ``set``."""
        if pad is None:
            self._sources.clear()
        else:
            for source in [s for s in self._sources if s[:2] == ("pad", pad)]:
                del self._sources[source]
        return self._update()


class HeldKeys(set):
    """The keyboard keys down now, from KEYDOWN / KEYUP: a KEYDOWN for a key already in it is
    an auto-repeat (``pygame.key.set_repeat``)."""

    def see(self, event: pygame.event.Event) -> bool:
        """Track ``event``; True when it is a held key's repeat."""
        if event.type == pygame.KEYDOWN:
            if event.key in self:
                return True
            self.add(event.key)
        elif event.type == pygame.KEYUP:
            self.discard(event.key)
        return False


def desktop_key_repeat() -> tuple[int, int]:
    """(delay, interval) in milliseconds of the desktop's key auto-repeat: X's own setting
    (``xset q``) when it can be read, else the common 500 ms and 30 a second."""
    import os
    import re
    import shutil
    import subprocess

    if os.environ.get("DISPLAY") and shutil.which("xset"):
        try:
            text = subprocess.run(["xset", "q"], capture_output=True, text=True,
                                  timeout=1).stdout
        except (OSError, subprocess.SubprocessError):
            text = ""
        match = re.search(r"auto repeat delay:\s*(\d+)\s+repeat rate:\s*(\d+)", text)
        if match and int(match.group(2)) > 0:
            return int(match.group(1)), max(1, 1000 // int(match.group(2)))
    return DEFAULT_KEY_REPEAT


DEFAULT_KEY_REPEAT = (500, 33)


def edges(mapped: Mapped, tracker: ButtonTracker) -> tuple[bytes, int, int]:
    """A mapped event as input for the cart: (key codes, button bits that went down, bits that
    went up), ``tracker`` keeping which source holds which buttons (actions are the caller's)."""
    if mapped.source is None:
        return mapped.codes, 0, 0
    return (mapped.codes, *tracker.set(mapped.source, mapped.buttons))


def feed(machine, codes: bytes, down: int, up: int) -> None:
    """Key codes and button edges into ``machine``."""
    for code in codes:
        machine.queue_key(code)
    if down:
        machine.button_down(down)
    if up:
        machine.button_up(up)


class Gamepads:
    """Opens pads as they are plugged in: as SDL game controllers (standard layout) when SDL
    knows them, else as plain joysticks. Keeps them open so their events keep coming."""

    def __init__(self) -> None:
        self.controller_ids: set[int] = set()
        self._open: dict[int, object] = {}
        try:
            pygame.joystick.init()
        except pygame.error:
            pass
        try:
            from pygame._sdl2 import controller
            controller.init()
            self._controller = controller
        except (ImportError, pygame.error):
            self._controller = None

    def handle(self, event: pygame.event.Event) -> int | None:
        """Track a device event; returns the instance id of a pad that went away, else None."""
        if event.type == pygame.JOYDEVICEADDED:
            index = event.device_index
            try:
                if self._controller is not None and self._controller.is_controller(index):
                    pad = self._controller.Controller(index)
                    instance = pad.as_joystick().get_instance_id()
                    self.controller_ids.add(instance)
                else:
                    pad = pygame.joystick.Joystick(index)
                    instance = pad.get_instance_id()
            except pygame.error:
                return None
            self._open[instance] = pad
        elif event.type == pygame.JOYDEVICEREMOVED:
            self.controller_ids.discard(event.instance_id)
            self._open.pop(event.instance_id, None)
            return event.instance_id
        return None
