"""The symbols file: one ``NAME $XXXX`` per line, sorted by name, for debuggers to read back.

Format: a name, spaces, and its value as ``$`` and at least four hex digits (``-$0005`` for a
negative EQU value). Blank lines and lines starting with ``;`` are ignored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from console.machines.files import SYMBOLS_LIMIT, UnreadableFile, read_text
from console.machines.text import printable, source_lines

_LINE = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s+(?:=\s*)?(-?)\$([0-9A-Fa-f]+)\s*(?:;.*)?")


class SymbolFileError(ValueError):
    """A symbols file line that is not ``NAME $XXXX``; the message names file and line."""


def format_symbols(symbols: dict[str, int]) -> str:
    """The text of a symbols file for ``symbols`` (name -> value), sorted by name."""
    rows = []
    for name in sorted(symbols):
        value = symbols[name]
        sign = "-" if value < 0 else ""
        rows.append(f"{name} {sign}${abs(value):04X}")
    return "".join(row + "\n" for row in rows)


def parse_symbols(text: str, filename: str = "<symbols>") -> dict[str, int]:
    """Names and values from symbols-file text (names upper-cased); raises SymbolFileError."""
    symbols: dict[str, int] = {}
    for number, line in enumerate(source_lines(text), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith(";"):
            continue
        match = _LINE.fullmatch(line)
        if match is None:
            shown = stripped if len(stripped) <= 40 else stripped[:40] + "..."
            raise SymbolFileError(
                printable(f"{filename}:{number}: expected 'NAME $XXXX', found {shown!r}"))
        name, sign, digits = match.groups()
        if len(digits.lstrip("0")) > 8:
            raise SymbolFileError(
                printable(f"{filename}:{number}: the value of {name} is beyond 32 bits"))
        value = int(digits, 16)
        symbols[name.upper()] = -value if sign else value
    return symbols


def read_symbols(path: str | Path) -> dict[str, int]:
    """Read a symbols file. Raises FileNotFoundError when missing, SymbolFileError when it
    cannot be read or a line is malformed."""
    path = Path(path)
    try:
        text = read_text(path, SYMBOLS_LIMIT, "a symbols file")
    except UnreadableFile as err:
        raise SymbolFileError(printable(f"{path}: {err.reason}")) from None
    return parse_symbols(text, str(path))


def source_names(path: str | Path, assemble_file: Callable, errors: type[Exception]
                 ) -> dict[str, int]:
    """The names a source defines, as a machine's ``source_symbols`` gives them: what
    ``assemble_file(path).symbols`` finds, {} when the file cannot be read or assembled
    (``errors``: the machine's assembler error)."""
    try:
        return assemble_file(path).symbols
    except (OSError, errors):
        return {}
