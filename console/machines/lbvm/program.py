"""LBVM programs (LBVM.md section 2): a flat binary with no header, loaded at address 0, IP = 0;
or LBVM source, assembled in memory."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from console.machines import base
from console.machines.files import read_program
from console.machines.lbvm.isa import MEMORY_SIZE

SUFFIX = ".lbvm"
SOURCE_SUFFIXES = (".asm", ".nasm", ".s")


class CartError(base.CartError):
    """A file that cannot be an LBVM program; the message names it and the reason."""


@dataclass(frozen=True)
class Program:
    data: bytes
    name: str = "program"
    load_address: int = 0
    exec_address: int = 0
    description: str = ""  # for the cart browser: the first comment of its source

    @property
    def end_address(self) -> int:
        return len(self.data)


def parse(blob: bytes, name: str = "program") -> Program:
    if len(blob) > MEMORY_SIZE:
        raise CartError(f"{name}: not an LBVM program: {len(blob)} bytes, more than the 1 MiB "
                        "of memory")
    return Program(bytes(blob), name)


def read(path: str | Path, root: str | Path | None = None) -> Program:
    """The program (or source, assembled) at ``path``. Raises FileNotFoundError or CartError.
    ``root``: a source's ``%include`` reaches only files inside this folder (browse, kiosk)."""
    path = Path(path)
    if path.suffix.lower() in SOURCE_SUFFIXES:
        from console.machines.lbvm.asm import AsmError, assemble_file

        try:
            return Program(assemble_file(path, root).data, path.stem,
                           description=description(path))
        except AsmError as err:
            raise CartError(str(err)) from None
    blob = read_program(path, MEMORY_SIZE, "a program", "not an LBVM program",
                        "more than the 1 MiB of memory", CartError)
    return Program(parse(blob, str(path)).data, path.stem, description=description(path))


def description(path: str | Path) -> str:
    """A line for the cart browser: the first comment of the program's source (beside a
    ``.lbvm``, or the source itself) after its "name.asm - ", else ''."""
    path = Path(path)
    source = path if path.suffix.lower() in SOURCE_SUFFIXES else path.with_suffix(".asm")
    try:
        with open(source, encoding="utf-8", errors="replace") as stream:
            first = stream.readline(200).strip()
    except OSError:
        return ""
    if not first.startswith(";"):
        return ""
    text = first.lstrip("; ").strip()
    name, dash, rest = text.partition(" - ")
    return rest.strip() if dash and name.lower().endswith(SOURCE_SUFFIXES) else text
