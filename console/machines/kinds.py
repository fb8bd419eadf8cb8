"""Load a file as a cart: one table says which machine runs which kind of file.

Everything that opens a file the person named or dropped (``b32 run``, a file dropped on the
window or on the cart browser, ``--watch``) goes through ``load_file``, so a new machine is one
row of ``KINDS``: its suffixes, the function that loads such a file, and its machine class
(and, for watch mode, optionally how to build a file with its names and layout, which files a
build reads, and a cart that only waits; without them a file is loaded as it is, watched
alone, and the machine's reset state waits). A machine may also claim assembly sources by
their content (``claims``): LBVM source includes ``instructions.asm``, whatever its suffix.
``console.machines.kind_of`` / ``create`` (the commands' ``--machine``) read this same table.
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
from console.machines.files import SOURCE_LIMIT, UnreadableFile, read_bounded
from console.machines.lbvm import program as lbvm_program
from console.machines.lbvm.machine import Machine as LbvmMachine

#: suffixes of assembly source, whichever machine it is for (a machine may claim it by content)
SOURCE_SUFFIXES = (".asm", ".nasm", ".s")


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
    claims: Callable[[str], bool] | None = None

    @property
    def key(self) -> str:
        """The name ``--machine`` takes: "b32", "lbvm"."""
        return self.name.lower()

    @property
    def program_suffix(self) -> str:
        return self.suffixes[0]


def _claims_lbvm(text: str) -> bool:
    from console.machines.lbvm.asm import is_lbvm_source

    return is_lbvm_source(text)


KINDS: tuple[CartKind, ...] = (
    CartKind("B32", (".b32", ".asm"), load_cart, B32Machine, b32_authoring.build,
             b32_authoring.watched_files, b32_authoring.waiting_cart),
    CartKind("LBVM", (".lbvm",), lbvm_program.read, LbvmMachine, claims=_claims_lbvm),
)


class NotACartFile(CartError):
    """A file of a kind no machine runs; the message is one line naming the kinds that are."""


def cart_suffixes() -> tuple[str, ...]:
    """Every suffix some machine runs (lower case, with the dot)."""
    return tuple(suffix for kind in KINDS for suffix in kind.suffixes)


def kind_of(path: str | Path) -> CartKind | None:
    """The kind of cart ``path`` is: a source some machine claims by its content, else by its
    suffix; None for a file no machine runs."""
    suffix = Path(path).suffix.lower()
    if suffix in SOURCE_SUFFIXES and any(kind.claims for kind in KINDS):
        head = _source_head(path)
        claimed = next((kind for kind in KINDS if kind.claims and kind.claims(head)), None)
        if claimed is not None:
            return claimed
    return next((kind for kind in KINDS if suffix in kind.suffixes), None)


def by_key(key: str) -> CartKind:
    """The kind ``--machine KEY`` names ("b32", "lbvm"); KeyError for another."""
    for kind in KINDS:
        if kind.key == key:
            return kind
    raise KeyError(key)


def _source_head(path: str | Path) -> str:
    """The text of a source file for ``claims``; '' when it cannot be read (a folder, a FIFO,
    too big: the loader then says why)."""
    try:
        return read_bounded(path, SOURCE_LIMIT, "a source file").decode("utf-8", "replace")
    except (OSError, UnreadableFile):
        return ""


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
