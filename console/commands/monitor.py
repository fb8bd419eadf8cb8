"""``b32 monitor [CART] [--symbols FILE]``: the interactive monitor of ``console.debug.monitor``."""

from __future__ import annotations

import argparse
import sys

from console.commands import exitcodes as ex
from console.commands.args import (
    MAX_CYCLES,
    add_machine_choice,
    bounded,
    find_cart,
    load_or_report,
)
from console.debug import debugger as dbg
from console.debug.monitor import Monitor
from console.machines import create, kind_of
from console.machines.b32 import memmap as mm
from console.machines.text import printable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART", nargs="?",
                        help="a .b32 cart, an .lbvm program or .asm source to load (or use "
                             "'load' later)")
    parser.add_argument("--symbols", metavar="FILE",
                        help="names for addresses (default: CART.sym beside the cart)")
    parser.add_argument("--cycles", type=bounded(MAX_CYCLES),
                        default=mm.DEFAULT_CYCLES_PER_FRAME,
                        metavar="N", help="cycle budget per frame (default 100000)")
    parser.add_argument("--seed", type=bounded(2**64, -2**64), default=None, metavar="N",
                        help="seed the RANDOM register")
    add_machine_choice(parser)


def run(args: argparse.Namespace) -> int:
    path = find_cart(args.cart) if args.cart is not None else None
    kind = kind_of(path, args.machine) if path else (args.machine or "b32")
    machine = create(kind, args.cycles, args.seed)
    if path is not None:
        cart, status = load_or_report(path, "monitor", kind)
        if cart is None:
            return status
        machine.load(cart)
    try:
        symbols = dbg.load_symbols(machine, path, args.symbols)
    except FileNotFoundError as err:
        print(printable(f"b32 monitor: {err.filename}: no such file"), file=sys.stderr)
        return ex.EX_NOINPUT
    except dbg.DebugError as err:
        print(printable(f"b32 monitor: {err}"), file=sys.stderr)
        return ex.EX_DATAERR
    monitor = Monitor(machine, symbols=symbols, cart_path=path)
    return monitor.run()
