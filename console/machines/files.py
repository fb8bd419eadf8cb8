"""Load a file as a cart: one table says which machine runs which kind of file.

Everything that opens a file the person named or dropped (``b32 run``, a file dropped on the
window or on the cart browser, ``--watch``) goes through ``load_file``, so a new machine is one
row of ``KINDS``: its suffixes, the function that loads such a file, and its machine class.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from console.machines.b32.cart import CartError
from console.machines.b32.loader import load_cart
from console.machines.b32.machine import Machine as B32Machine


@dataclass(frozen=True)
class CartKind:
    """One kind of cart file: ``load(path)`` returns the cart (raising FileNotFoundError or a
    one-line CartError), ``machine`` is the class whose instances run it."""

    name: str
    suffixes: tuple[str, ...]
    load: Callable[[Path], object]
    machine: type


KINDS: tuple[CartKind, ...] = (
    CartKind("B32", (".b32", ".asm"), load_cart, B32Machine),
)


class NotACartFile(CartError):
    """A file of a kind no machine runs; the message is one line naming the kinds that are."""


def cart_suffixes() -> tuple[str, ...]:
    """Every suffix some machine runs (lower case, with the dot)."""
    return tuple(suffix for kind in KINDS for suffix in kind.suffixes)


def kind_of(path: str | Path) -> CartKind | None:
    """The kind of cart ``path`` is by its suffix, or None."""
    suffix = Path(path).suffix.lower()
    return next((kind for kind in KINDS if suffix in kind.suffixes), None)


def load_file(path: str | Path) -> tuple[CartKind, object]:
    """(kind, cart) for the file at ``path``. Raises NotACartFile for a file no machine runs,
    FileNotFoundError when it is missing and CartError (one line per problem) when it cannot
    be run."""
    path = Path(path)
    kind = kind_of(path)
    if kind is None:
        known = " ".join(cart_suffixes())
        raise NotACartFile(f"{path.name}: not a cart (carts are {known} files)")
    return kind, kind.load(path)
