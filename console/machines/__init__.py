"""The machines the console runs, and the one place that picks which one runs a file.

``.b32`` files are B32 carts and ``.lbvm`` files LBVM programs; a source file is LBVM when it
includes ``instructions.asm`` (the article's convention), B32 otherwise; ``--machine`` in the
commands overrides all of that. Everything else asks ``kind_of`` / ``create``.
"""

from __future__ import annotations

import importlib
from pathlib import Path

#: machine kind -> (module with its Machine class, program suffix, what it is called)
MACHINES: dict[str, tuple[str, str, str]] = {
    "b32": ("console.machines.b32.machine", ".b32", "B32"),
    "lbvm": ("console.machines.lbvm.machine", ".lbvm", "LBVM"),
}
SOURCE_SUFFIXES = (".asm", ".nasm", ".s")
#: how much of a source is read to tell its machine
_SNIFF_BYTES = 1 << 16


def is_source(path: str | Path) -> bool:
    return Path(path).suffix.lower() in SOURCE_SUFFIXES


def source_kind(text: str) -> str:
    from console.machines.lbvm.asm import is_lbvm_source

    return "lbvm" if is_lbvm_source(text) else "b32"


def kind_of(path: str | Path, forced: str | None = None) -> str:
    """The machine that runs ``path``: ``forced`` when given, else by suffix or content."""
    if forced:
        return forced
    suffix = Path(path).suffix.lower()
    for kind, (_, program_suffix, _) in MACHINES.items():
        if suffix == program_suffix:
            return kind
    if suffix in SOURCE_SUFFIXES:
        if not Path(path).is_file():  # a folder, a device or a pipe: never read (and block) it
            return "b32"
        try:
            with open(path, "rb") as stream:
                head = stream.read(_SNIFF_BYTES).decode("utf-8", "replace")
        except OSError:
            return "b32"
        return source_kind(head)
    return "b32"


def machine_class(kind: str):
    return importlib.import_module(MACHINES[kind][0]).Machine


def create(kind: str, cycles_per_frame: int | None = None, seed: int | None = None):
    """A new machine of ``kind`` with the cycle budget (None: the machine's default)."""
    cls = machine_class(kind)
    return cls(seed=seed) if cycles_per_frame is None else cls(cycles_per_frame, seed)


def program_suffix(kind: str) -> str:
    return MACHINES[kind][1]


def display_name(kind: str) -> str:
    return MACHINES[kind][2]
