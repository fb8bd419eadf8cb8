"""``INCLUDE "file"``: splice another source file in place of the line, before parsing.

The assembler then sees one stream of lines; ``origins`` remembers which file and line each
came from, so that every error still names the file and line the person wrote.

Bounds, each with its own error at the INCLUDE line: files nest at most ``MAX_DEPTH`` deep; a
file already being included is a cycle; the whole program, every included line counted each
time it is spliced in, is at most ``MAX_LINES`` lines (so a fan-out of files including each
other many times ends); with a ``root`` (the folder ``b32 browse`` or ``b32 kiosk`` shows), only
files inside it can be included. Every file is read with
``console.machines.files.read_text``: regular files only, at most ``SOURCE_LIMIT`` bytes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from console.machines.files import SOURCE_LIMIT, UnreadableFile, inside, read_text
from console.machines.text import source_lines

MAX_DEPTH = 16  # files nested inside each other (the top file is depth 0)
MAX_LINES = 100_000  # lines of the whole program, included ones counted each time

_INCLUDE = re.compile(r'^([ \t]+)(include)\b[ \t]*(?:"([^"]*)"[ \t]*)?(;.*)?$', re.IGNORECASE)


@dataclass
class Expanded:
    filename: str  # the file that was assembled
    lines: list[str] = field(default_factory=list)
    origins: list[tuple[str, int]] = field(default_factory=list)  # (file, line) per line
    errors: list[tuple[int, int, str]] = field(default_factory=list)  # (expanded line, col, msg)
    included: set[str] = field(default_factory=set)  # names of the files spliced in
    files: list[str] = field(default_factory=list)  # every file INCLUDE named, found or not
    over_budget: bool = False

    def place(self, line: int) -> tuple[str, int]:
        """The (file, line) an expanded line number came from."""
        if 1 <= line <= len(self.origins):
            return self.origins[line - 1]
        return self.origins[-1] if self.origins else (self.filename, line)


@dataclass
class _Context:
    out: Expanded
    root: str | None
    cache: dict[str, str] = field(default_factory=dict)  # real path -> text
    real: dict[str, str] = field(default_factory=dict)  # path -> real path
    allowed: dict[str, bool] = field(default_factory=dict)  # real path -> inside root

    def real_of(self, path: str) -> str:
        found = self.real.get(path)
        if found is None:
            found = self.real[path] = _real(path)
        return found


def expand(source: str, filename: str, root: str | os.PathLike | None = None) -> Expanded:
    """``source`` with its INCLUDE lines replaced by the files they name (relative to the
    including file's folder). A missing, unreadable, recursive, too deep, outside-``root`` or
    over-budget include is an error at the INCLUDE line, which is then kept as a blank line."""
    out = Expanded(filename)
    context = _Context(out, os.fspath(root) if root is not None else None)
    _splice(source, filename, context, (_real(filename),), 0)
    return out


def _real(name: str) -> str:
    try:
        return os.path.realpath(name)
    except (OSError, ValueError):
        return name


def _splice(source: str, filename: str, context: _Context, stack: tuple[str, ...],
            depth: int) -> None:
    out = context.out
    folder = Path(filename).parent
    for number, text in enumerate(source_lines(source), 1):
        if len(out.lines) >= MAX_LINES:
            if not out.over_budget:
                out.over_budget = True
                out.errors.append((len(out.lines), 1, f"the program is over {MAX_LINES:,} lines "
                                   "with its INCLUDEs; expected fewer (is a file included "
                                   "many times?)"))
            return
        match = _INCLUDE.match(text)
        out.lines.append("" if match else text)  # the INCLUDE line itself holds no statement
        out.origins.append((filename, number))
        if match is None:
            continue
        here = len(out.lines)
        col = len(match.group(1)) + 1
        problem, path = _check(match.group(3), folder, context, stack, depth)
        if path is not None and str(path) not in out.files:
            out.files.append(str(path))
        if problem is not None:
            out.errors.append((here, col, problem))
            continue
        name = match.group(3)
        key = context.real_of(str(path))
        included = context.cache.get(key)
        if included is None:
            try:
                included = read_text(path, SOURCE_LIMIT, "a source file")
            except (OSError, UnreadableFile) as err:
                reason = ("no such file" if isinstance(err, FileNotFoundError) else
                          err.reason if isinstance(err, UnreadableFile) else
                          (err.strerror or str(err)))
                out.errors.append((here, col, f"cannot INCLUDE {name!r}: {reason}; expected a "
                                              f"source file beside {Path(filename).name}"))
                continue
            context.cache[key] = included
        out.included.add(str(path))
        _splice(included, str(path), context, stack + (key,), depth + 1)


def _check(name: str | None, folder: Path, context: _Context, stack: tuple[str, ...],
           depth: int) -> tuple[str | None, Path | None]:
    """(why ``INCLUDE name`` cannot be followed, or None; the path it names)."""
    if name is None:
        return 'INCLUDE needs a file name; expected INCLUDE "file"', None
    if not name or "\x00" in name:
        return f"INCLUDE {name!r} is not a file name; expected INCLUDE \"file\"", None
    path = folder / name
    real = context.real_of(str(path))
    root = context.root
    if root is not None and not context.allowed.setdefault(real, inside(real, root)):
        return (f"INCLUDE {name!r} is outside the folder {Path(context.root).name}; expected a "
                "file inside the folder being browsed"), None
    if real in stack:
        return (f"INCLUDE {name!r} includes itself; expected a file that is not already "
                "being included"), path
    if depth >= MAX_DEPTH:
        return (f"INCLUDE {name!r} nests too deep: more than {MAX_DEPTH} files inside each "
                "other; expected fewer levels"), path
    return None, path


def source_files(path: str | Path) -> list[Path]:
    """``path`` and every file its INCLUDEs name, nested ones too, found or not (what a watcher
    watches: a missing include that appears is a change). A source that cannot be read is
    just itself."""
    path = Path(path)
    try:
        text = read_text(path, SOURCE_LIMIT, "a source file")
    except (OSError, UnreadableFile):
        return [path]
    return [path] + [Path(name) for name in expand(text, str(path)).files]
