"""B32's part of watch mode (``console.author``): build a file with its names and layout, say
which files a source reads, and a cart that only waits."""

from __future__ import annotations

import re
from pathlib import Path

from console.machines.b32.asm import AsmError, assemble, assemble_file
from console.machines.b32.asm.include import source_files
from console.machines.b32.cart import Cart, CartError, cart_name, read
from console.machines.build import Build
from console.machines.symbols import SymbolFileError, read_symbols

# END's $04 byte never runs in a cart that is still running, and code added just before END
# moves it: it is left out of the layout.
_END = re.compile(r"^(?:[A-Za-z_]\w*:?)?\s+END\b", re.IGNORECASE)
_WAITING = "IDLE:\n WAIT\n JMP IDLE\n END IDLE\n"


def build(path: Path) -> Build:
    """Assemble ``.asm`` source (its layout from the listing), or read a ``.b32`` (its names
    from ``CART.sym`` beside it, no layout). Raises FileNotFoundError, or CartError with one
    line per problem."""
    if path.suffix.lower() != ".asm":
        try:
            symbols = read_symbols(path.with_suffix(".sym"))
        except (OSError, SymbolFileError):
            symbols = {}
        return Build(read(path), symbols, None)
    try:
        assembly = assemble_file(path)
    except AsmError as err:
        raise CartError(lines=err.errors) from None
    cart = assembly.cart
    layout = tuple((line.address, len(line.data)) for line in assembly.lines
                   if line.address is not None and line.data and not _END.match(line.source))
    return Build(Cart(cart.load_address, cart.exec_address, cart.data, cart_name(path)),
                 dict(assembly.symbols), layout)


def watched_files(path: Path) -> list[Path]:
    """The files a build of ``path`` reads: a source and everything it INCLUDEs (found or
    not), or the cart alone."""
    return source_files(path) if path.suffix.lower() == ".asm" else [path]


def waiting_cart(name: str) -> Cart:
    """A cart that only WAITs: what runs while a watched source has never built."""
    cart = assemble(_WAITING, "<waiting>").cart
    return Cart(cart.load_address, cart.exec_address, cart.data, name)
