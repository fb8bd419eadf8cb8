"""``b32 monitor [CART] [--symbols FILE]``: the interactive monitor of ``console.debug.monitor``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from console.commands import exitcodes as ex
from console.commands.args import add_machine_choice, positive_int
from console.debug import debugger as dbg
from console.debug.monitor import Monitor
from console.machines import create, kind_of
from console.machines.b32 import memmap as mm
from console.machines.base import CartError


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART", nargs="?",
                        help="a .b32 cart, an .lbvm program or .asm source to load (or use "
                             "'load' later)")
    parser.add_argument("--symbols", metavar="FILE",
                        help="names for addresses (default: CART.sym beside the cart)")
    parser.add_argument("--cycles", type=positive_int, default=mm.DEFAULT_CYCLES_PER_FRAME,
                        metavar="N", help="cycle budget per frame (default 100000)")
    parser.add_argument("--seed", type=int, default=None, metavar="N",
                        help="seed the RANDOM register")
    add_machine_choice(parser)


def run(args: argparse.Namespace) -> int:
    kind = kind_of(args.cart, args.machine) if args.cart else (args.machine or "b32")
    machine = create(kind, args.cycles, args.seed)
    symbols = dbg.Symbols()
    if args.cart:
        try:
            cart = machine.read_cart(args.cart)
        except FileNotFoundError:
            print(f"b32 monitor: {args.cart}: no such file", file=sys.stderr)
            return ex.EX_NOINPUT
        except CartError as err:
            print(err, file=sys.stderr)
            return ex.EX_DATAERR
        machine.load(cart)
    try:
        symbols = dbg.load_symbols(machine, args.cart, args.symbols)
    except FileNotFoundError as err:
        print(f"b32 monitor: {err.filename}: no such file", file=sys.stderr)
        return ex.EX_NOINPUT
    except dbg.DebugError as err:
        print(f"b32 monitor: {err}", file=sys.stderr)
        return ex.EX_DATAERR
    monitor = Monitor(machine, symbols=symbols,
                      cart_path=str(Path(args.cart)) if args.cart else None)
    return monitor.run()
