"""Symbols everywhere: the bundled carts ship CART.sym, so the debugger panel (F6) names the
routines of a bundled cart instead of showing bare addresses."""

from pathlib import Path

import pygame

from console.debug import debugger as dbg
from console.frontend import debugger_overlay as ov
from console.frontend import window
from console.frontend.options import WindowOptions
from console.machines.b32.cart import read
from console.machines.b32.machine import Machine
from tests import frontend_helpers  # noqa: F401  (dummy SDL drivers, before pygame)

CARTS = Path(__file__).resolve().parents[2] / "carts"


def test_f6_shows_the_labels_of_a_bundled_cart(tmp_path):
    machine = Machine(seed=1)
    symbols = dbg.load_symbols(machine, CARTS / "snake.b32")  # as `b32 run carts/snake.b32`
    cls = symbols.address_of("CLS")
    cart = read(CARTS / "snake.b32")
    machine.load(cart)
    call = cart.load_address + bytes(cart.data).index(bytes([0x46, cls & 0xFF, cls >> 8]))
    machine.cpu.pc = call  # JSR CLS
    loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=tmp_path), sound=False)
    try:
        pygame.event.clear()
        overlay = ov.attach(loop, symbols)
        overlay.pause("paused")
        loop.run(frames=1, realtime=False)
        rows = overlay.text_rows()
    finally:
        loop.audio.close()
        window.close()
    pc_row = next(row for row in rows if f"{call:04X}" in row and "JSR" in row)
    assert "JSR CLS" in pc_row and f"${cls:04X}" not in pc_row.split("JSR", 1)[1].split(";")[0]
