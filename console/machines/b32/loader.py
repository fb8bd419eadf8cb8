"""Load what the person named: a ``.b32`` cart, or ``.asm`` source assembled in memory."""

from __future__ import annotations

from pathlib import Path

from console.machines.b32.cart import Cart, CartError, cart_name, read


def load_cart(path: str | Path, root: str | Path | None = None) -> Cart:
    """The cart at ``path``. Raises FileNotFoundError for a missing file, CartError (a one-line
    message, or one line per assembly error) for anything that cannot be run. ``root``: a
    source may INCLUDE only files inside this folder (browse and kiosk)."""
    path = Path(path)
    if path.suffix.lower() == ".asm":
        from console.machines.b32.asm import AsmError, assemble_file

        try:
            assembly = assemble_file(path, root=root)
        except AsmError as err:
            raise CartError(lines=err.errors) from None
        cart = assembly.cart
        return Cart(cart.load_address, cart.exec_address, cart.data, cart_name(path))
    return read(path)
