"""Load a file as a cart: one table says which machine runs which kind of file.

Everything that opens a file the person named or dropped (``b32 run``, a file dropped on the
window or on the cart browser, ``--watch``) goes through ``load_file``, so a new machine is one
row of ``KINDS``: its suffixes, the function that loads such a file, and its machine class
(and, for watch mode, optionally how to build a file with its names and layout, which files a
build reads, and a cart that only waits; without them a file is loaded as it is, watched
alone, and the machine's reset state waits).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from console.machines.b32 import authoring as b32_authoring
from console.machines.b32.cart import CartError
from console.machines.b32.loader import load_cart
from console.machines.b32.machine import Machine as B32Machine
from console.machines.build import Build


@dataclass(frozen=True)
class CartKind:
    """One kind of cart file: ``load(path, root=None)`` returns the cart (raising
    FileNotFoundError or a one-line CartError; a source may INCLUDE only files inside ``root``
    when it is given), ``machine`` is the class whose instances run it."""

    name: str
    suffixes: tuple[str, ...]
    load: Callable[[Path], object]
    machine: type
    build: Callable[[Path], Build] | None = None
    watched: Callable[[Path], list[Path]] | None = None
    waiting: Callable[[str], object] | None = None


KINDS: tuple[CartKind, ...] = (
    CartKind("B32", (".b32", ".asm"), load_cart, B32Machine, b32_authoring.build,
             b32_authoring.watched_files, b32_authoring.waiting_cart),
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


def load_file(path: str | Path, root: str | Path | None = None) -> tuple[CartKind, object]:
    """(kind, cart) for the file at ``path``. Raises NotACartFile for a file no machine runs,
    FileNotFoundError when it is missing and CartError (one line per problem) when it cannot
    be run. ``root``: sources may INCLUDE only files inside it (browse and kiosk)."""
    path = Path(path)
    kind = _kind(path)
    return kind, kind.load(path, root=root)


def _kind(path: Path) -> CartKind:
    kind = kind_of(path)
    if kind is None:
        raise NotACartFile(f"{path.name}: not a cart (carts are {' '.join(cart_suffixes())} "
                           "files)")
    return kind


def build_file(path: str | Path) -> Build:
    """A build of ``path`` for watch mode. Raises as ``load_file`` does."""
    path = Path(path)
    kind = _kind(path)
    if kind.build is not None:
        return kind.build(path)
    return Build(kind.load(path), {}, None)


def watched_files(path: str | Path) -> list[Path]:
    """The files a build of ``path`` reads (``path`` first)."""
    path = Path(path)
    kind = kind_of(path)
    return kind.watched(path) if kind is not None and kind.watched else [path]


def waiting_cart(path: str | Path):
    """A cart for ``path``'s machine that only waits, or None (its reset state)."""
    path = Path(path)
    kind = kind_of(path)
    return kind.waiting(path.stem) if kind is not None and kind.waiting else None
