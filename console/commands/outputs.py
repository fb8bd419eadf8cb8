"""The one way a command writes its outputs: all or nothing, never over its own inputs.

A command names every output before it does any work (``Outputs.add``); each is checked at once:
a target that is one of the command's inputs (the same file by inode, or the same resolved path)
or another output of the same run is refused (exit 64), a folder, a missing folder or a folder
that cannot be written is refused (exit 73). The work then fills the outputs (``put`` for a
whole text or blob, ``stream`` for a trace written as the run goes) and ``commit`` puts them in
place:

- a regular file (or a new name) is written to a temporary file beside it and renamed over it
  only when every output has been written, so a failure leaves every existing file as it was;
- anything else that already exists (``-`` for standard output, ``/dev/null``, a FIFO, a
  terminal) is written in place, before any rename, and never renamed over: a device node stays
  a device node.

Every failure is an ``OutputError`` with a one-line message naming the target.
"""

from __future__ import annotations

import errno
import io
import os
import stat
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from console.commands import exitcodes as ex
from console.machines.files import file_mode, same_file
from console.machines.text import printable

STDOUT = "-"


class OutputError(Exception):
    """An output that cannot be written, or must not be; ``code`` is the exit code."""

    def __init__(self, message: str, code: int = ex.EX_CANTCREAT) -> None:
        super().__init__(printable(message))
        self.code = code


@dataclass
class Target:
    option: str  # how the command line named it ("-o", "--listing")
    name: str  # as given
    path: Path | None  # where a regular file goes (symlinks followed); None for a special one
    special: bool  # standard output, a device, a FIFO: written in place
    data: bytes | None = None
    stream: object | None = None  # a _Stream for ``stream`` outputs
    temp: str | None = None

    @property
    def label(self) -> str:
        return "standard output" if self.name == STDOUT else self.name


@dataclass
class Outputs:
    """The outputs of one command run, refusing to overwrite any of ``inputs``."""

    command: str
    inputs: list[str] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)

    def add(self, option: str, name: str, binary: bool = False) -> Target:
        """Check one output target now; raises OutputError. ``binary``: a cart or a PNG, which
        standard output takes only when it is not a terminal."""
        if name == STDOUT and binary and _is_terminal(sys.stdout):
            raise OutputError(f"b32 {self.command}: {option} -: will not write binary data to "
                              "a terminal; redirect it to a file", ex.EX_USAGE)
        if name == STDOUT:
            target = Target(option, name, None, True)
            self.targets.append(target)
            return target
        if not name or "\x00" in name:
            raise OutputError(f"b32 {self.command}: {option} {name!r} is not a file name",
                              ex.EX_USAGE)
        self._refuse_inputs(option, name, self.inputs)
        for other in self.targets:
            if other.name != STDOUT and same_file(name, other.name):
                raise OutputError(f"b32 {self.command}: {option} {name} is also the "
                                  f"{other.option} output; give each output its own file",
                                  ex.EX_USAGE)
        target = self._classify(option, name)
        self.targets.append(target)
        return target

    def get(self, option: str) -> Target | None:
        """The target added for ``option`` (the last, if several)."""
        found = [target for target in self.targets if target.option == option]
        return found[-1] if found else None

    def refuse_inputs(self, inputs) -> None:
        """Check the outputs again against inputs found while working (included sources)."""
        for target in self.targets:
            if target.name != STDOUT:
                self._refuse_inputs(target.option, target.name, inputs)

    def _refuse_inputs(self, option: str, name: str, inputs) -> None:
        for source in inputs:
            if source and same_file(name, source):
                raise OutputError(f"b32 {self.command}: {option} {name} would overwrite the "
                                  f"input {source}; choose another file", ex.EX_USAGE)

    def _classify(self, option: str, name: str) -> Target:
        try:
            mode = os.stat(name).st_mode
        except FileNotFoundError:
            mode = None
        except OSError as err:
            raise OutputError(f"b32 {self.command}: cannot write {name}: "
                              f"{err.strerror or err}") from None
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"b32 {self.command}: cannot write {name}: is a folder")
        if mode is not None and not stat.S_ISREG(mode):
            return Target(option, name, None, True)
        path = Path(os.path.realpath(name))
        folder = path.parent
        if not folder.is_dir():
            raise OutputError(f"b32 {self.command}: cannot write {name}: no folder "
                              f"{Path(name).parent}")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"b32 {self.command}: cannot write {name}: the folder "
                              f"{Path(name).parent} is not writable")
        return Target(option, name, path, False)

    # ---- filling ---------------------------------------------------------------------------
    def put(self, target: Target, data: bytes | str) -> None:
        """Text (a str) or bytes for ``target``. Bytes (a cart, a PNG) are refused for standard
        output when it is a terminal: they would reach it raw."""
        if isinstance(data, bytes) and target.name == STDOUT and _is_terminal(sys.stdout):
            raise OutputError(f"b32 {self.command}: {target.option} -: will not write binary "
                              "data to a terminal; redirect it to a file", ex.EX_USAGE)
        target.data = data.encode("utf-8") if isinstance(data, str) else data

    def stream(self, target: Target):
        """A text stream for ``target`` written during the run (a trace). Write errors are
        kept, not raised: ``commit`` reports them."""
        if target.name == STDOUT:
            raw = sys.stdout
        elif target.special:
            raw = _open_special(target.name, "w")
        else:
            target.temp = _temp_beside(target.path)
            raw = open(target.temp, "w", encoding="utf-8")
        target.stream = _Stream(raw, own=target.name != STDOUT)
        return target.stream

    # ---- putting in place ------------------------------------------------------------------
    def commit(self) -> None:
        """Write everything and put it in place; on failure nothing regular is changed."""
        try:
            for target in self.targets:
                if not target.special:
                    _stage(target)
                if target.stream is not None:
                    target.stream.finish(target)
            for target in self.targets:
                if target.special and target.data is not None:
                    _write_special(target)
        except _Failed as err:
            self.abort()
            raise OutputError(f"b32 {self.command}: cannot write {err.target.label}: "
                              f"{err.strerror}") from None
        for target in self.targets:
            if target.temp is not None:
                os.chmod(target.temp, file_mode(target.path))
                os.replace(target.temp, target.path)
                target.temp = None

    def abort(self) -> None:
        """Remove every temporary file; nothing is put in place."""
        for target in self.targets:
            if target.stream is not None:
                target.stream.close_quietly()
            if target.temp is not None:
                _unlink(target.temp)
                target.temp = None


class _Failed(OSError):
    def __init__(self, err: OSError, target: Target) -> None:
        super().__init__(err.errno, err.strerror or str(err))
        self.target = target


def _stage(target: Target) -> None:
    """A regular target's data into a temporary file beside it."""
    if target.data is None:
        return
    try:
        target.temp = _temp_beside(target.path)
        with open(target.temp, "wb") as out:
            out.write(target.data)
    except OSError as err:
        raise _Failed(err, target) from None


class _Stream(io.TextIOBase):
    """A text stream that keeps its first write error instead of raising it mid-run."""

    def __init__(self, raw, own: bool) -> None:
        self.raw = raw
        self.own = own
        self.error: OSError | None = None

    def write(self, text: str) -> int:
        if self.error is None:
            try:
                self.raw.write(text)
            except OSError as err:
                self.error = err
        return len(text)

    def flush(self) -> None:
        if self.error is None:
            try:
                self.raw.flush()
            except OSError as err:
                self.error = err

    def finish(self, target: Target) -> None:
        self.flush()
        if self.own:
            try:
                self.raw.close()
            except OSError as err:
                self.error = self.error or err
        if self.error is not None:
            if target.name == STDOUT:
                _quiet_stdout()
            raise _Failed(self.error, target)

    def close_quietly(self) -> None:
        if self.own:
            try:
                self.raw.close()
            except OSError:
                pass


def _open_special(name: str, mode: str):
    """A device or FIFO opened for writing as it is (no truncation, no rename). A FIFO nobody
    reads would block the open forever: it is opened without blocking, which fails at once
    (ENXIO, "no reader") when there is no reader, and then made blocking for the writes."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(name, flags)
    except OSError as err:
        if err.errno == errno.ENXIO:
            raise OSError(errno.ENXIO, "a FIFO with no reader") from None
        raise
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return open(fd, mode, encoding="utf-8" if "b" not in mode else None)


def _write_special(target: Target) -> None:
    try:
        if target.name == STDOUT:
            sys.stdout.flush()
            buffer = getattr(sys.stdout, "buffer", None)
            if buffer is None:
                sys.stdout.write(target.data.decode("utf-8"))
                sys.stdout.flush()
            else:
                buffer.write(target.data)
                buffer.flush()
        else:
            with _open_special(target.name, "wb") as out:
                out.write(target.data)
    except OSError as err:
        if target.name == STDOUT:
            _quiet_stdout()
        raise _Failed(err, target) from None


def write_stdout(text: str, command: str) -> None:
    """Standard output for a command's main text; raises OutputError naming it."""
    outputs = Outputs(command)
    outputs.put(outputs.add("output", STDOUT), text)
    outputs.commit()


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError, OSError):
        return False


def _quiet_stdout() -> None:
    """After standard output failed, point it at the null device so the interpreter's own
    flush at exit does not fail a second time with a traceback."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    except (OSError, ValueError, io.UnsupportedOperation):
        pass


def _temp_beside(path: Path) -> str:
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(handle)
    return temp


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass

