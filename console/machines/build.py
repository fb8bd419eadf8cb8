"""What watch mode gets from a machine's tools for one file: ``Build``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Build:
    """One good build of a cart file: the cart (for ``Machine.load``), its names (for the
    debugger), and its layout, the (address, size) of every source line that emits bytes in
    source order, or None when unknown (a built cart has no source to lay out). ``--keep-ram``
    compares layouts."""

    cart: object
    symbols: dict[str, int]
    layout: tuple[tuple[int, int], ...] | None
