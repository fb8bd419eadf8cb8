"""``b32 asm SRC.asm [-o OUT.b32] [--origin HEX] [--listing FILE] [--symbols FILE|--no-symbols]``.

LBVM source (it includes ``instructions.asm``, or ``--machine lbvm``) becomes a flat ``.lbvm``
program (LBVM.md section 7); it sets its origin with ``org``, so ``--origin`` is B32's only.

The symbols (every name and its value, for the debugger and ``--trace``) go to ``CART.sym``
beside the cart unless ``--symbols`` says where or ``--no-symbols`` says not at all.

Exit codes: 0 done, 64 bad arguments, 65 the source has errors (each printed on stderr, nothing
written), 66 the source is missing, 73 an output file cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

from console.commands import exitcodes as ex
from console.commands.args import add_machine_choice
from console.commands.outputs import STDOUT, OutputError, Outputs
from console.machines import kind_of, program_suffix
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
    add_machine_choice(parser)


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


@dataclass(frozen=True)
class Product:
    """What an assembly writes, whichever machine it is for."""

    blob: bytes
    listing: str
    symbols: dict[str, int]
    included: list
    summary: str  # after the name of the file written: "123 bytes at $1000, exec $1000"


def run(args: argparse.Namespace) -> int:
    source = Path(args.source)
    if args.no_symbols and args.symbols:
        print("b32 asm: --symbols and --no-symbols cannot go together", file=sys.stderr)
        return ex.EX_USAGE
    kind = kind_of(source, args.machine)
    if kind == "lbvm" and args.origin != mm.DEFAULT_ORIGIN:
        print("b32 asm: --origin is for B32; LBVM source sets it with org", file=sys.stderr)
        return ex.EX_USAGE
    cart_name = args.output or str(source.with_suffix(program_suffix(kind)))
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
    status, product = (_assemble_lbvm(source) if kind == "lbvm" else
                       _assemble(source, args.origin))
    if product is None:
        return status
    try:
        outputs.refuse_inputs(product.included)
        for target, what in targets:
            outputs.put(target, product.blob if what == "cart" else
                        product.listing if what == "--listing" else
                        format_symbols(product.symbols))
        outputs.commit()
    except OutputError as err:
        outputs.abort()
        print(err, file=sys.stderr)
        return err.code
    cart_target = targets[0][0]
    if cart_target.name != STDOUT:
        print(printable(f"{cart_target.name}: {product.summary}"))
    return ex.EX_OK


def _assemble(source: Path, origin: int):
    """(0, the product), or (exit code, None) after printing why."""
    try:
        assembly = assemble_file(source, origin)
    except FileNotFoundError:
        return _missing(source), None
    except AsmError as err:
        return _report_errors(err.errors), None
    cart = assembly.cart
    return ex.EX_OK, Product(cart.to_bytes(), assembly.listing, assembly.symbols,
                             assembly.included, f"{len(cart.data)} bytes at "
                             f"${cart.load_address:04X}, exec ${cart.exec_address:04X}")


def _assemble_lbvm(source: Path):
    """LBVM source into a flat program: (0, the product), or (exit code, None)."""
    from console.machines.lbvm.asm import AsmError as LbvmAsmError
    from console.machines.lbvm.asm import assemble_file as assemble_lbvm

    try:
        assembly = assemble_lbvm(source)
    except FileNotFoundError:
        return _missing(source), None
    except LbvmAsmError as err:
        return _report_errors(err.errors), None
    for warning in assembly.warnings:
        print(warning, file=sys.stderr)
    return ex.EX_OK, Product(assembly.data, assembly.listing, assembly.symbols, [],
                             f"{len(assembly.data)} bytes (LBVM)")


def _missing(source: Path) -> int:
    print(printable(f"b32 asm: {source}: no such file"), file=sys.stderr)
    return ex.EX_NOINPUT


def _report_errors(errors: list[str]) -> int:
    for line in errors:
        print(line, file=sys.stderr)
    count = len(errors)
    print(f"b32 asm: {count} error{'s' if count != 1 else ''}; nothing written", file=sys.stderr)
    return ex.EX_DATAERR
