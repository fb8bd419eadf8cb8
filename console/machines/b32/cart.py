"""Read and write ``.b32`` cart files (HARDWARE.md section 3)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from console.machines import base
from console.machines.b32 import memmap as mm
from console.machines.files import CART_LIMIT, read_program
from console.machines.text import printable

MAGIC = b"B32"
HEADER_SIZE = 7


class CartError(base.CartError):
    """A cart that cannot be loaded; the message names the file and the reason, escaped (it may
    hold a hostile file name or text): one line, or ``lines`` already escaped one by one (an
    assembler's errors)."""

    def __init__(self, message: str = "", lines: list[str] | None = None) -> None:
        super().__init__("\n".join(lines) if lines is not None else printable(message))


@dataclass(frozen=True)
class Cart:
    load_address: int
    exec_address: int
    data: bytes
    name: str = "cart"

    def to_bytes(self) -> bytes:
        return (
            MAGIC
            + self.load_address.to_bytes(2, "little")
            + self.exec_address.to_bytes(2, "little")
            + self.data
        )

    @property
    def end_address(self) -> int:
        """One past the last loaded byte."""
        return self.load_address + len(self.data)


def parse(blob: bytes, name: str = "cart") -> Cart:
    """Check and decode a cart image; raises CartError naming ``name`` and the reason."""
    if len(blob) < HEADER_SIZE:
        raise CartError(f"{name}: not a B32 cart: {len(blob)} bytes, "
                        "shorter than the 7-byte header")
    if blob[:3] != MAGIC:
        shown = blob[:3].decode("latin-1")
        raise CartError(f'{name}: not a B32 cart: starts with "{shown}", not "B32"')
    load = int.from_bytes(blob[3:5], "little")
    start = int.from_bytes(blob[5:7], "little")
    data = bytes(blob[HEADER_SIZE:])
    end = load + len(data)
    if end > mm.MEMORY_SIZE:
        raise CartError(
            f"{name}: {len(data)} bytes loaded at ${load:04X} would run past $FFFF"
        )
    if data and load < mm.IO_END and end > mm.IO_START:
        raise CartError(
            f"{name}: bytes ${load:04X}-${end - 1:04X} would land on the I/O page "
            f"(${mm.IO_START:04X}-${mm.IO_END - 1:04X})"
        )
    return Cart(load, start, data, name)


def cart_name(path: str | Path) -> str:
    return Path(path).stem


def read(path: str | Path) -> Cart:
    """Read a cart file. Raises FileNotFoundError for a missing file (the CLI's exit 66),
    CartError for a file that is not a valid cart (exit 65)."""
    path = Path(path)
    blob = read_program(path, CART_LIMIT, "a cart", "not a B32 cart",
                        f"a cart is at most {CART_LIMIT:,}", CartError)
    cart = parse(blob, str(path))
    return Cart(cart.load_address, cart.exec_address, cart.data, cart_name(path))


def write(path: str | Path, cart: Cart) -> None:
    Path(path).write_bytes(cart.to_bytes())


# ---- title and description -------------------------------------------------------------------
# A cart may carry its title and a one-line description for the cart browser in an info block
# anywhere in its bytes (the assembler's TITLE and DESCRIPTION directives put it at the end):
#     "B32INFO" 0  title 0  description 0        (code page 437 text)
# The bytes load into memory like any others, so such a cart still runs on the original B32.
INFO_MARK = b"B32INFO\x00"


def info_block(title: str, description: str = "") -> bytes:
    """The info block for a title and description (code page 437, NUL-terminated)."""
    return INFO_MARK + title.encode("cp437") + b"\x00" + description.encode("cp437") + b"\x00"


def cart_info(cart: Cart) -> tuple[str | None, str | None]:
    """The (title, description) a cart carries, or (None, None) when it has no info block."""
    at = cart.data.rfind(INFO_MARK)
    if at < 0:
        return None, None
    fields = cart.data[at + len(INFO_MARK) :].split(b"\x00")
    title = fields[0].decode("cp437") if fields else ""
    description = fields[1].decode("cp437") if len(fields) > 1 else ""
    return title or None, description or None
