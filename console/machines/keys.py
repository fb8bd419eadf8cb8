"""Key names, their queue codes and button bits: the input every machine takes
(``Machine.queue_key``, ``button_down``, ``button_up``); shared by scripted input and the window.

Input crosses into a machine as these plain codes, never as window-system events.
"""

from __future__ import annotations

# BUTTONS / PRESSED bits
BUTTON_UP = 0x01
BUTTON_DOWN = 0x02
BUTTON_LEFT = 0x04
BUTTON_RIGHT = 0x08
BUTTON_A = 0x10
BUTTON_B = 0x20
BUTTON_START = 0x40
BUTTON_SELECT = 0x80

# key codes queued for special keys
KEY_ENTER = 0x0D
KEY_BACKSPACE = 0x08
KEY_TAB = 0x09
KEY_ESCAPE = 0x1B
KEY_DELETE = 0x7F
KEY_UP = 0x11
KEY_DOWN = 0x12
KEY_LEFT = 0x13
KEY_RIGHT = 0x14

# name -> (key code queued when it goes down, button bits it holds)
SPECIAL_KEYS: dict[str, tuple[int, int]] = {
    "up": (KEY_UP, BUTTON_UP),
    "down": (KEY_DOWN, BUTTON_DOWN),
    "left": (KEY_LEFT, BUTTON_LEFT),
    "right": (KEY_RIGHT, BUTTON_RIGHT),
    "space": (0x20, BUTTON_A),
    "return": (KEY_ENTER, BUTTON_START),
    "escape": (KEY_ESCAPE, 0),
    "tab": (KEY_TAB, BUTTON_SELECT),
    "backspace": (KEY_BACKSPACE, 0),
    "delete": (KEY_DELETE, 0),
}

# letter keys that are also buttons
LETTER_BUTTONS = {"z": BUTTON_A, "x": BUTTON_B}

KEY_NAMES = sorted(
    list(SPECIAL_KEYS)
    + [chr(c) for c in range(ord("a"), ord("z") + 1)]
    + [str(d) for d in range(10)]
)


# Keys only the console sees (a shell's back-to-menu key, modifiers of a kiosk's exit chord):
# they queue no code and hold no button. Scripts accept them where a command asks for them.
MODIFIER_KEYS = ("ctrl", "alt", "shift")
FUNCTION_KEYS = tuple(f"f{n}" for n in range(1, 13))
CONSOLE_KEYS = MODIFIER_KEYS + FUNCTION_KEYS


def lookup(name: str) -> tuple[int, int]:
    """(key code, button bits) for a key name; raises KeyError for an unknown name."""
    key = name.lower()
    if key in SPECIAL_KEYS:
        return SPECIAL_KEYS[key]
    if len(key) == 1 and (key.isdigit() or "a" <= key <= "z"):
        return ord(key), LETTER_BUTTONS.get(key, 0)
    raise KeyError(name)


def encode_char(ch: str) -> int | None:
    """The code page 437 byte for a typed character, or None if it has none."""
    if ch == "\n":
        return KEY_ENTER
    try:
        data = ch.encode("cp437")
    except UnicodeEncodeError:
        return None
    return data[0] if len(data) == 1 else None
