"""What the carts show: selftest passes every group, and tutorial, hello, charset, palette and
typewriter (with scripted typing, Backspace and Enter) reach stored screens.

The expected screens live in ``tests/screens/NAME.txt`` (and ``NAME.attr.txt`` for the
attributes where colour is the point): 25 lines, control-code bytes drawn as their code page
437 glyphs so the files stay readable. After a deliberate change to a cart, rewrite them with
``B32_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/carts/test_carts_demos.py`` and review the
diff before committing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from console.machines.b32 import cart as cartmod
from console.machines.b32.machine import Machine
from console.machines.script import InputScript

ROOT = Path(__file__).resolve().parents[2]
CARTS = ROOT / "carts"
SCREENS = Path(__file__).resolve().parents[1] / "screens"
SEED = 1234

# the glyphs code page 437 draws for bytes $00-$1F and $7F (Python's codec gives control codes)
_LOW_GLYPHS = " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"
_GLYPHS = [
    _LOW_GLYPHS[b] if b < 32 else "⌂" if b == 0x7F else bytes([b]).decode("cp437")
    for b in range(256)
]


def screen_text(machine: Machine) -> str:
    """The 25 rows as glyphs, trailing spaces stripped, one line each."""
    chars = machine.screen_bytes()[::2]
    rows = ["".join(_GLYPHS[b] for b in chars[r * 80 : (r + 1) * 80]).rstrip(" ")
            for r in range(25)]
    return "\n".join(rows) + "\n"


def attr_text(machine: Machine) -> str:
    return "\n".join(machine.attribute_lines()) + "\n"


def run(name: str, frames: int, presses=(), types=()) -> Machine:
    machine = Machine(seed=SEED)
    machine.load(cartmod.read(CARTS / f"{name}.b32"))
    script = InputScript.parse(list(presses), list(types))
    for frame in range(frames):
        script.apply(machine, frame)
        machine.run_frame()
        assert machine.fault is None, machine.fault
    return machine


# ---- selftest ---------------------------------------------------------------------------------
def test_selftest_passes_every_group():
    machine = run("selftest", 60)
    assert machine.halted, "selftest ends with END"
    lines = machine.screen_lines()
    groups = [line for line in lines if line[:2] == "  " and line[2:4].isdigit()]
    assert len(groups) == 14
    for line in groups:
        assert line.endswith("PASS"), line
    assert not any("FAIL" in line for line in lines), "\n".join(lines)
    assert any("ALL GROUPS PASS" in line for line in lines)


# ---- tutorial -----------------------------------------------------------------------------------
def test_tutorial_screen(golden):
    machine = run("tutorial", 5)
    assert machine.halted
    lines = machine.screen_lines()
    assert lines[0] == "A"
    assert lines[4] == " HIJKL"  # JLT counts up while less (the swapped original: " H")
    assert lines[5] == " LKJIH"  # JGT counts down while greater
    assert lines[9] == "10110101"  # 181
    assert lines[10] == "00101010"  # 42
    golden("screens/tutorial.txt", screen_text(machine))


# ---- hello --------------------------------------------------------------------------------------
def test_hello_before_a_key(golden):
    machine = run("hello", 10)
    golden("screens/hello.txt", screen_text(machine))


def test_hello_echoes_a_key(golden):
    machine = run("hello", 30, types=["12:Q"])
    assert machine.screen_lines()[15].strip() == "You pressed: Q"
    golden("screens/hello_key.txt", screen_text(machine))


# ---- charset ------------------------------------------------------------------------------------
def test_charset_grid(golden):
    machine = run("charset", 5)
    screen = machine.screen_bytes()
    for code in range(256):
        row, col = 4 + code // 16, 10 + 4 * (code % 16)
        assert screen[2 * (80 * row + col)] == code
    golden("screens/charset.txt", screen_text(machine))


# ---- palette ------------------------------------------------------------------------------------
def test_palette_grid_and_modes(golden):
    machine = run("palette", 5)
    assert machine.video.video_mode == 0
    attrs = machine.screen_bytes()[1::2]
    for attr in range(256):
        grid_row = 3 + (attr & 0x70) // 16 + (10 if attr & 0x80 else 0)
        col = 9 + 4 * (attr & 15)
        for dx in range(4):
            assert attrs[80 * grid_row + col + dx] == attr
    golden("screens/palette.txt", screen_text(machine))
    golden("screens/palette.attr.txt", attr_text(machine))


@pytest.mark.parametrize("key,mode", [("1", 1), ("2", 2), ("space", 1)])
def test_palette_keys_switch_videomode(key, mode, golden):
    machine = run("palette", 20, presses=[f"5:{key}"])
    assert machine.video.video_mode == mode
    assert machine.screen_lines()[22].strip().startswith(f"VIDEOMODE {mode}:")
    if key == "2":
        golden("screens/palette_mode2.txt", screen_text(machine))


# ---- typewriter ---------------------------------------------------------------------------------
TYPED = "Hello, B32 typewriter!\nSecond linx\be.\n\tTabbed.\nOops\b\b\b\bFixed"


def test_typewriter_typing(golden):
    machine = run("typewriter", 90, types=["5:" + TYPED])
    lines = machine.screen_lines()
    assert lines[1] == "Hello, B32 typewriter!"
    assert lines[2] == "Second line."
    assert lines[3] == "        Tabbed."
    assert lines[4] == "Fixed"
    assert machine.video.cursor & 1
    assert machine.video.cursor_pos == 80 * 4 + 5
    golden("screens/typewriter.txt", screen_text(machine))


def test_typewriter_backspace_joins_lines_and_scrolls():
    text = "".join(f"line {n}\n" for n in range(1, 27)) + "x" * 85 + "\b" * 6
    machine = run("typewriter", 240, types=["5:" + text])
    lines = machine.screen_lines()
    assert lines[1] == "line 6"  # 28 lines of text on a 23-line page: 5 scrolled off
    assert lines[21] == "line 26"
    assert lines[22] == "x" * 79  # 85 typed and wrapped; 6 rubbed out, one across the wrap
    assert lines[23] == ""
    assert machine.video.cursor_pos == 80 * 22 + 79
    assert lines[24].startswith(" Row 22  Col 80")
