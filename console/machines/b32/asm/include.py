"""``INCLUDE "file"``: splice another source file in place of the line, before parsing.

The assembler then sees one stream of lines; ``origins`` remembers which file and line each
came from, so that every error still names the file and line the person wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MAX_DEPTH = 16

_INCLUDE = re.compile(r'^([ \t]+)(include)\b[ \t]*(?:"([^"]*)"[ \t]*)?(;.*)?$', re.IGNORECASE)


@dataclass
class Expanded:
    filename: str  # the file that was assembled
    lines: list[str] = field(default_factory=list)
    origins: list[tuple[str, int]] = field(default_factory=list)  # (file, line) per line
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (expanded line, col, msg)
    files: list[str] = field(default_factory=list)  # every file INCLUDE named, found or not

    def place(self, line: int) -> tuple[str, int]:
        """The (file, line) an expanded line number came from."""
        if 1 <= line <= len(self.origins):
            return self.origins[line - 1]
        return self.origins[-1] if self.origins else (self.filename, line)


def expand(source: str, filename: str) -> Expanded:
    """``source`` with its INCLUDE lines replaced by the files they name (relative to the
    including file's folder). A missing, unreadable or recursive include is an error at the
    INCLUDE line, which is then kept as a blank line."""
    out = Expanded(filename)
    _splice(source, filename, out, (str(Path(filename).resolve()),), 0)
    return out


def _splice(source: str, filename: str, out: Expanded, stack: tuple[str, ...], depth: int) -> None:
    folder = Path(filename).parent
    for number, text in enumerate(source.splitlines(), 1):
        match = _INCLUDE.match(text)
        if match is None:
            out.lines.append(text)
            out.origins.append((filename, number))
            continue
        out.lines.append("")  # the INCLUDE line itself holds no statement
        out.origins.append((filename, number))
        here = len(out.lines)
        name = match.group(3)
        col = len(match.group(1)) + 1
        if name is None:
            out.errors.append((here, col, 'INCLUDE needs a file name; expected INCLUDE "file"'))
            continue
        path = folder / name
        if str(path) not in out.files:
            out.files.append(str(path))
        key = str(path.resolve())
        if key in stack or depth >= MAX_DEPTH:
            out.errors.append((here, col, f"INCLUDE {name!r} includes itself; expected a file "
                                          "that is not already being included"))
            continue
        try:
            text_included = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as err:
            reason = "not UTF-8 text" if isinstance(err, UnicodeDecodeError) else (
                "no such file" if isinstance(err, FileNotFoundError) else
                (err.strerror or str(err)))
            out.errors.append((here, col, f"cannot INCLUDE {name!r}: {reason}; expected a "
                                          f"source file beside {Path(filename).name}"))
            continue
        if text_included.startswith("\ufeff"):
            text_included = text_included[1:]
        _splice(text_included, str(path), out, stack + (key,), depth + 1)


def source_files(path: str | Path) -> list[Path]:
    """``path`` and every file its INCLUDEs name, nested ones too, found or not (what a watcher
    watches: a missing include that appears is a change). A source that cannot be read is
    just itself."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return [path]
    return [path] + [Path(name) for name in expand(text.lstrip("\ufeff"), str(path)).files]
