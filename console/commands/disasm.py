"""``b32 disasm CART.b32 [--symbols FILE] [-o FILE]``: a cart as source that reassembles to it.

Exit codes: 0 done, 65 not a valid cart or symbols file, 66 a missing input, 73 the output
cannot be written.
"""

from __future__ import annotations

import argparse
import sys

from console.commands import exitcodes as ex
from console.commands.args import add_machine_choice
from console.commands.outputs import STDOUT, OutputError, Outputs
from console.machines import kind_of
from console.machines.b32 import cart as carts
from console.machines.b32.disasm import disassemble_cart
from console.machines.base import CartError
from console.machines.symbols import SymbolFileError, read_symbols
from console.machines.text import printable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cart", metavar="CART", help="a .b32 cart or .lbvm program to disassemble")
    parser.add_argument(
        "--symbols", metavar="FILE", help="names for addresses (from b32 asm --symbols)"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    add_machine_choice(parser)


def run(args: argparse.Namespace) -> int:
    outputs = Outputs("disasm", [args.cart, args.symbols])
    try:
        target = outputs.add("-o", args.output if args.output is not None else STDOUT)
    except OutputError as err:
        print(err, file=sys.stderr)
        return err.code
    symbols = None
    lbvm = kind_of(args.cart, args.machine) == "lbvm"
    try:
        if lbvm:
            from console.machines.lbvm.program import read as read_program

            cart = read_program(args.cart)
        else:
            cart = carts.read(args.cart)
        if args.symbols:
            symbols = read_symbols(args.symbols)
    except FileNotFoundError as err:
        print(printable(f"b32 disasm: {err.filename}: no such file"), file=sys.stderr)
        return ex.EX_NOINPUT
    except (CartError, SymbolFileError) as err:
        print(err, file=sys.stderr)
        return ex.EX_DATAERR
    if lbvm:
        from console.machines.lbvm.disasm import disassemble_program

        outputs.put(target, disassemble_program(cart.data, symbols))
    else:
        outputs.put(target, disassemble_cart(cart, symbols))
    try:
        outputs.commit()
    except OutputError as err:
        print(err, file=sys.stderr)
        return err.code
    return ex.EX_OK
