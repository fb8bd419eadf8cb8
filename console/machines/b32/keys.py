"""Key names, their queue codes and button bits: shared by scripted input and the window.

Input crosses into the core as these plain codes, never as window-system events.
"""

from __future__ import annotations

from console.machines.b32 import memmap as mm

# name -> (key code queued when it goes down, button bits it holds)
SPECIAL_KEYS: dict[str, tuple[int, int]] = {
    "up": (mm.KEY_UP, mm.BUTTON_UP),
    "down": (mm.KEY_DOWN, mm.BUTTON_DOWN),
    "left": (mm.KEY_LEFT, mm.BUTTON_LEFT),
    "right": (mm.KEY_RIGHT, mm.BUTTON_RIGHT),
    "space": (0x20, mm.BUTTON_A),
    "return": (mm.KEY_ENTER, mm.BUTTON_START),
    "escape": (mm.KEY_ESCAPE, 0),
    "tab": (mm.KEY_TAB, mm.BUTTON_SELECT),
    "backspace": (mm.KEY_BACKSPACE, 0),
    "delete": (mm.KEY_DELETE, 0),
}

# letter keys that are also buttons
LETTER_BUTTONS = {"z": mm.BUTTON_A, "x": mm.BUTTON_B}

KEY_NAMES = sorted(
    list(SPECIAL_KEYS) + [chr(c) for c in range(ord("a"), ord("z") + 1)] + [str(d) for d in range(10)]
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
        return mm.KEY_ENTER
    try:
        data = ch.encode("cp437")
    except UnicodeEncodeError:
        return None
    return data[0] if len(data) == 1 else None
