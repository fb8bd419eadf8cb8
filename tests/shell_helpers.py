"""A folder of carts for the shell tests: good ones, one that faults, one that loops forever, one
that halts, and two that cannot be loaded. Built from bytes (and one small .asm source)."""

from __future__ import annotations

from pathlib import Path

from console.machines.b32 import memmap as mm
from console.machines.b32.cart import Cart, info_block, write
from console.machines.script import InputScript
from console.shell.session import Shell, ShellOptions, ShellScript, replay, scan_library
from tests.frontend_helpers import (
    END,
    JMP,
    LDA_I,
    STA_A,
    WAIT,
    Program,
    fault_cart,
    key_echo_cart,
    spin_cart,
)

HELLO_ASM = """\
    TITLE "Hello"
    DESCRIPTION "Says hello and waits"
START:
    LDA #'H'
    STA $A000
    LDA #'I'
    STA $A002
LOOP:
    WAIT
    JMP LOOP
    END START
"""


def with_info(cart: Cart, title: str, description: str) -> Cart:
    return Cart(cart.load_address, cart.exec_address, cart.data + info_block(title, description),
                cart.name)


def halt_cart(name: str = "stop") -> Cart:
    """Writes 'S' to cell 0, waits one frame, then ENDs."""
    p = Program()
    p.op(LDA_I, ord("S"))
    p.op(STA_A, word=mm.SCREEN)
    p.op(WAIT)
    p.op(END)
    return p.cart(name)


def counter_cart(name: str = "count") -> Cart:
    """Increments the character of cell 0 every frame: shows that a cart keeps running."""
    p = Program()
    p.label("top")
    p.op(0x24, word=mm.SCREEN)  # LDA addr
    p.op(0x0F)  # INCA
    p.op(STA_A, word=mm.SCREEN)
    p.op(WAIT)
    p.op(JMP, word="top")
    return p.cart(name)


# the menu order (by file name) and what each is
NAMES = ["bad", "broken", "count", "crash", "echo", "hello", "spin", "stop"]
AVAILABLE = ["count", "crash", "echo", "hello", "spin", "stop"]


def make_library(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bad.asm").write_text("START:\n    FOO #1\n    END START\n")
    (folder / "broken.b32").write_bytes(b"NOTACART")
    write(folder / "count.b32", with_info(counter_cart(), "Counter", "Counts the frames"))
    write(folder / "crash.b32", with_info(fault_cart(), "Crash", "Runs into a bad opcode"))
    write(folder / "echo.b32", with_info(key_echo_cart(), "Key Echo", "Shows the keys you press"))
    (folder / "hello.asm").write_text(HELLO_ASM)
    write(folder / "spin.b32", with_info(spin_cart(), "Spinner", "Loops forever, never WAITs"))
    write(folder / "stop.b32", with_info(halt_cart(), "Stopper", "Ends after one frame"))
    (folder / "notes.txt").write_text("not a cart")
    return folder


def make_shell(folder: Path, kiosk: bool = False, **options) -> Shell:
    return Shell(scan_library(folder), ShellOptions(kiosk=kiosk, seed=1, **options))


def script(*presses: str, types: tuple[str, ...] = ()) -> ShellScript:
    return ShellScript(InputScript.parse(list(presses), list(types), console_keys=True))


def run(shell: Shell, frames: int, *presses: str, types: tuple[str, ...] = ()) -> Shell:
    """Replay ``frames`` more frames; the presses' frames count from the first of them."""
    replay(shell, script(*presses, types=types), frames)
    return shell
