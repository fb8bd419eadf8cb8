"""``b32 asm SRC.asm [-o OUT.b32] [--origin HEX] [--listing FILE] [--symbols FILE]``.

Exit codes: 0 done, 64 bad arguments, 65 the source has errors (each printed on stderr, nothing
written), 66 the source is missing, 73 an output file cannot be written.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from console.commands import exitcodes as ex
from console.commands.args import add_machine_choice
from console.machines import kind_of
from console.machines.b32 import memmap as mm
from console.machines.b32.asm.assembler import assemble_file
from console.machines.b32.asm.errors import AsmError
from console.machines.symbols import format_symbols


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
    parser.add_argument("--symbols", metavar="FILE", help="also write the names and their values")
    add_machine_choice(parser)


def parse_origin(text: str) -> int:
    """``1000``, ``$1000`` or ``0x1000`` as an address; argparse reports anything else."""
    digits = (
        text[1:] if text.startswith("$") else text[2:] if text.lower().startswith("0x") else text
    )
    try:
        value = int(digits, 16)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a hex address: {text!r}") from None
    if not 0 <= value <= 0xFFFF:
        raise argparse.ArgumentTypeError(f"origin {text!r} is outside $0000-$FFFF")
    return value


def run(args: argparse.Namespace) -> int:
    if kind_of(args.source, args.machine) == "lbvm":
        return run_lbvm(args)
    source = Path(args.source)
    output = Path(args.output) if args.output else source.with_suffix(".b32")
    if output.resolve() == source.resolve():
        print(f"b32 asm: the cart {output} would overwrite the source; use -o", file=sys.stderr)
        return ex.EX_USAGE
    try:
        assembly = assemble_file(source, args.origin)
    except FileNotFoundError:
        print(f"b32 asm: {source}: no such file", file=sys.stderr)
        return ex.EX_NOINPUT
    except AsmError as err:
        return report_errors(err.errors)
    status = write_products(args, output, assembly.cart.to_bytes(), assembly.listing,
                            assembly.symbols)
    if status:
        return status
    cart = assembly.cart
    print(
        f"{output}: {len(cart.data)} bytes at ${cart.load_address:04X}, "
        f"exec ${cart.exec_address:04X}"
    )
    return ex.EX_OK


def run_lbvm(args: argparse.Namespace) -> int:
    """LBVM source (LBVM.md section 7) into a flat ``.lbvm`` program."""
    from console.machines.lbvm.asm import AsmError as LbvmAsmError
    from console.machines.lbvm.asm import assemble_file as assemble_lbvm

    source = Path(args.source)
    output = Path(args.output) if args.output else source.with_suffix(".lbvm")
    if output.resolve() == source.resolve():
        print(f"b32 asm: the program {output} would overwrite the source; use -o",
              file=sys.stderr)
        return ex.EX_USAGE
    if args.origin != mm.DEFAULT_ORIGIN:
        print("b32 asm: --origin is for B32; LBVM source sets it with org", file=sys.stderr)
        return ex.EX_USAGE
    try:
        assembly = assemble_lbvm(source)
    except FileNotFoundError:
        print(f"b32 asm: {source}: no such file", file=sys.stderr)
        return ex.EX_NOINPUT
    except LbvmAsmError as err:
        return report_errors(err.errors)
    for warning in assembly.warnings:
        print(warning, file=sys.stderr)
    status = write_products(args, output, assembly.data, assembly.listing, assembly.symbols)
    if status:
        return status
    print(f"{output}: {len(assembly.data)} bytes (LBVM)")
    return ex.EX_OK


def report_errors(errors: list[str]) -> int:
    for line in errors:
        print(line, file=sys.stderr)
    count = len(errors)
    print(f"b32 asm: {count} error{'s' if count != 1 else ''}; nothing written", file=sys.stderr)
    return ex.EX_DATAERR


def write_products(args: argparse.Namespace, output: Path, blob: bytes, listing: str,
                   symbols: dict[str, int]) -> int:
    """Write the program and the listing and symbols asked for, all or none; 0, or 73 after a
    one-line message."""
    outputs = [(output, blob)]
    to_stdout = []
    for target, text in ((args.listing, listing),
                         (args.symbols, format_symbols(symbols) if args.symbols else "")):
        if target == "-":
            to_stdout.append(text)
        elif target:
            outputs.append((Path(target), text.encode("utf-8")))
    if not write_all(outputs):
        return ex.EX_CANTCREAT
    for text in to_stdout:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return ex.EX_OK


def write_all(outputs: list[tuple[Path, bytes]]) -> bool:
    """Write every file, or none: each goes to a temporary beside it first, and only when all
    are written are they put in place, so a failure leaves every existing file as it was.
    False (after a one-line message) when one cannot be written."""
    staged: list[tuple[str, Path]] = []
    for path, blob in outputs:
        try:
            if path.is_dir():
                raise IsADirectoryError(21, "is a folder")
            staged.append((stage(path, blob), path))
        except OSError as err:
            for temp, _ in staged:
                _unlink(temp)
            print(f"b32 asm: cannot write {path}: {err.strerror or err}", file=sys.stderr)
            return False
    for temp, path in staged:
        os.replace(temp, path)
    return True


def stage(path: Path, blob: bytes) -> str:
    """Write ``blob`` to a temporary file beside ``path`` (with the mode ``path`` would get) and
    return its name; the caller moves it into place with ``os.replace``."""
    folder = path.parent if str(path.parent) else Path(".")
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(blob)
        os.chmod(temp, _file_mode(path))
    except BaseException:
        _unlink(temp)
        raise
    return temp


def write_atomically(path: Path, blob: bytes) -> None:
    """Write through a temporary file in the same folder, so a failure leaves ``path`` as it was."""
    os.replace(stage(path, blob), path)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _file_mode(path: Path) -> int:
    """The mode ``path`` has, or the one a plain new file would get (mkstemp makes 0600)."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
