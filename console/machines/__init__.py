"""The machines the console runs. Which machine runs which file is ONE table,
``console.machines.kinds.KINDS`` (suffixes, loader, machine class; LBVM also claims a source
that includes ``instructions.asm``); this module answers the commands' questions from it by the
``--machine`` names ("b32", "lbvm"), which override it. The table is imported when first asked
(it imports the machines, which import this package).
"""

from __future__ import annotations

from pathlib import Path


def _kinds():
    from console.machines import kinds

    return kinds


def __getattr__(name: str):
    if name == "MACHINES":  # "b32" -> its CartKind, in the table's order
        return {kind.key: kind for kind in _kinds().KINDS}
    if name == "SOURCE_SUFFIXES":
        return _kinds().SOURCE_SUFFIXES
    raise AttributeError(name)


def kind_of(path: str | Path, forced: str | None = None) -> str:
    """The machine that runs ``path`` ("b32", "lbvm"): ``forced`` when given, else the kinds
    table's (B32 for a file no machine claims; its loader then says why)."""
    if forced:
        return forced
    kind = _kinds().kind_of(path)
    return kind.key if kind is not None else "b32"


def machine_class(kind: str):
    return _kinds().by_key(kind).machine


def create(kind: str, cycles_per_frame: int | None = None, seed: int | None = None):
    """A new machine of ``kind`` with the cycle budget (None: the machine's default)."""
    cls = machine_class(kind)
    return cls(seed=seed) if cycles_per_frame is None else cls(cycles_per_frame, seed)


def program_suffix(kind: str) -> str:
    return _kinds().by_key(kind).program_suffix


def display_name(kind: str) -> str:
    return _kinds().by_key(kind).name
