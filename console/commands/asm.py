"""``b32 asm SRC.asm [-o OUT.b32] [--origin HEX] [--listing FILE] [--symbols FILE|--no-symbols]``.

The symbols (every name and its value, for the debugger and ``--trace``) go to ``CART.sym``
beside the cart unless ``--symbols`` says where or ``--no-symbols`` says not at all.

Exit codes: 0 done, 64 bad arguments, 65 the source has errors (each printed on stderr, nothing
written), 66 the source is missing, 73 an output file cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from console.commands import exitcodes as ex
from console.commands.outputs import STDOUT, OutputError, Outputs
from console.machines.b32 import memmap as mm
from console.machines.b32.asm.assembler import assemble_file
from console.machines.b32.asm.errors import AsmError
from console.machines.symbols import format_symbols
from console.machines.text import printable


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("source", metavar="SRC.asm", help="assembly source (UTF-8)")
    parser.add_argument(
        "-o", "--output", metavar="OUT.b32", help="cart to write (default: SRC.b32)"
    )
    parser.add_argument(
        "--origin",
        metavar="HEX",
        type=parse_origin,
        default=mm.DEFAULT_ORIGIN,
        help="address of the first byte when the source has no ORG (default 1000)",
    )
    parser.add_argument("--listing", metavar="FILE", help="also write a listing")
    parser.add_argument("--symbols", metavar="FILE|-",
                        help="where to write the names and their values, for the debugger "
                             "(default: CART.sym beside the cart)")
    parser.add_argument("--no-symbols", action="store_true", help="write no symbols file")


def parse_origin(text: str) -> int:
    """``1000``, ``$1000`` or ``0x1000`` as an address; argparse reports anything else."""
    digits = (
        text[1:] if text.startswith("$") else text[2:] if text.lower().startswith("0x") else text
    )
    try:
        value = int(digits, 16)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a hex address: {text[:20]!r}") from None
    if not 0 <= value <= 0xFFFF:
        raise argparse.ArgumentTypeError(f"origin {text[:20]!r} is outside $0000-$FFFF")
    return value


def run(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if args.no_symbols and args.symbols:
        print("b32 asm: --symbols and --no-symbols cannot go together", file=sys.stderr)
        return ex.EX_USAGE
    cart_name = args.output or str(source.with_suffix(".b32"))
    symbols = args.symbols
    if symbols is None and not args.no_symbols and cart_name != STDOUT:
        symbols = str(Path(cart_name).with_suffix(".sym"))
    outputs = Outputs("asm", [str(source)])
    try:
        targets = [(outputs.add("-o", cart_name, binary=True), "cart")]
        targets += [(outputs.add(option, name), option) for option, name in
                    (("--listing", args.listing), ("--symbols", symbols)) if name]
    except OutputError as err:
        print(err, file=sys.stderr)
        return err.code
    status, assembly = _assemble(source, args.origin)
    if assembly is None:
        return status
    try:
        outputs.refuse_inputs(assembly.included)
        for target, what in targets:
            outputs.put(target, assembly.cart.to_bytes() if what == "cart" else
                        assembly.listing if what == "--listing" else
                        format_symbols(assembly.symbols))
        outputs.commit()
    except OutputError as err:
        outputs.abort()
        print(err, file=sys.stderr)
        return err.code
    cart = assembly.cart
    cart_target = targets[0][0]
    if cart_target.name != STDOUT:
        print(printable(f"{cart_target.name}: {len(cart.data)} bytes at "
                        f"${cart.load_address:04X}, exec ${cart.exec_address:04X}"))
    return ex.EX_OK


def _assemble(source: Path, origin: int):
    """(0, the assembly), or (exit code, None) after printing why."""
    try:
        return ex.EX_OK, assemble_file(source, origin)
    except FileNotFoundError:
        print(printable(f"b32 asm: {source}: no such file"), file=sys.stderr)
        return ex.EX_NOINPUT, None
    except AsmError as err:
        for line in err.errors:
            print(line, file=sys.stderr)
        count = len(err.errors)
        print(f"b32 asm: {count} error{'s' if count != 1 else ''}; nothing written",
              file=sys.stderr)
        return ex.EX_DATAERR, None
