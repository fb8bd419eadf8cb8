"""The one way the console reads a file somebody named: a cart, a source, an INCLUDE, a symbols
file, a font, a state. A folder may be hostile (a kiosk's is), so every read here

- follows the name to what it is, and refuses anything but a regular file (a FIFO would block
  forever, ``/dev/zero`` never ends, a folder is not a file), checked again on the open file so
  a name swapped in between changes nothing;
- opens without blocking (a FIFO put in place after the check cannot stall the open);
- reads at most ``limit`` bytes, and says "too big" past that.

``FileNotFoundError`` passes through unchanged (the commands' "no such file", exit 66); every
other failure is an ``UnreadableFile`` whose message is one line for a person (the file is
named by the caller).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from console.machines.base import CartError

CART_LIMIT = 7 + 0x10000  # the 7-byte header and at most 64 KiB (65,543 bytes)
SOURCE_LIMIT = 1 << 20  # one assembly source file (1 MiB; the bundled ones are under 40 KiB)
SYMBOLS_LIMIT = 1 << 20  # a symbols file
STATE_LIMIT = 1 << 20  # a saved state
FONT_LIMIT = 1 << 16  # a font file (4 KiB expected)

_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class UnreadableFile(Exception):
    """A file that exists but cannot be read as one: not a regular file, too big, a symlink
    loop, a bad name, or an error while reading. ``reason`` is the one-line why, without the
    file name."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def kind_of(mode: int) -> str:
    """What a non-regular file is, for a message: "a folder", "a FIFO (named pipe)"..."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _not_regular(mode: int, what: str) -> UnreadableFile:
    kind = kind_of(mode)
    return UnreadableFile(f"is {kind}, not {what}" if kind.startswith("a") else kind)


def read_bounded(path: str | os.PathLike, limit: int, what: str = "a file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them. Raises
    FileNotFoundError when it is missing, UnreadableFile for anything else that goes wrong
    (``what`` names what the file should have been: "is a FIFO (named pipe), not a cart")."""
    fd = _open_regular(os.fspath(path), what)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):  # swapped after the check
            raise _not_regular(info.st_mode, what)
        if info.st_size > limit:
            raise too_big(limit)
        return _read_at_most(fd, limit)
    except BlockingIOError:
        raise UnreadableFile("cannot be read now (it would block)") from None
    except OSError as err:
        raise UnreadableFile(f"cannot be read: {err.strerror or err}") from None
    finally:
        os.close(fd)


def read_program(path: Path, limit: int, what: str, not_a: str, why: str,
                 error: type[CartError] = CartError) -> bytes:
    """A cart's or program's bytes, as ``read_bounded`` reads them, with ``error`` (the
    machine's CartError) "PATH: reason" for a file that cannot be read; when it is too big, the
    reason says what it is not and why (``not_a``: "not a B32 cart", ``why``: "a cart is at
    most 65,543")."""
    try:
        return read_bounded(path, limit, what)
    except UnreadableFile as err:
        reason = err.reason
        if reason.startswith("too big"):
            reason = f"{not_a}: {reason} ({why})"
        raise error(f"{path}: {reason}") from None


def _open_regular(name: str, what: str) -> int:
    """A descriptor on ``name`` when it names a regular file (checked before opening)."""
    if not name:
        raise UnreadableFile("an empty file name")
    if "\x00" in name:
        raise UnreadableFile("a file name with a NUL character")
    try:
        mode = os.stat(name).st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(mode, what)
        return os.open(name, _READ_FLAGS)
    except FileNotFoundError:
        raise
    except OSError as err:
        raise UnreadableFile(f"cannot be read: {err.strerror or err}") from None


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks = []
    total = 0
    while total <= limit:
        chunk = os.read(fd, min(1 << 16, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise too_big(limit)
    return b"".join(chunks)


def too_big(limit: int) -> UnreadableFile:
    return UnreadableFile(f"too big: more than {limit:,} bytes")


def read_text(path: str | os.PathLike, limit: int, what: str = "a text file") -> str:
    """``read_bounded`` decoded as UTF-8 (a leading byte-order mark dropped). A file that is
    not UTF-8 is an UnreadableFile saying on which line; its bytes are never quoted."""
    blob = read_bounded(path, limit, what)
    try:
        text = blob.decode("utf-8")
    except UnicodeDecodeError as err:
        line = blob.count(b"\n", 0, err.start) + 1
        raise UnreadableFile(f"line {line}: not UTF-8 text (byte ${blob[err.start]:02X})") from None
    return text[1:] if text.startswith("\ufeff") else text


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two names are the same file (the same inode when both exist, else the same
    resolved path). Never raises."""
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        pass
    try:
        return Path(os.path.realpath(a)) == Path(os.path.realpath(b))
    except (OSError, ValueError):
        return False


def inside(path: str | os.PathLike, folder: str | os.PathLike) -> bool:
    """Whether ``path``, with every symlink followed, lies inside ``folder`` (also resolved)."""
    try:
        real = Path(os.path.realpath(path))
        root = Path(os.path.realpath(folder))
    except (OSError, ValueError):
        return False
    return real == root or root in real.parents


def file_mode(path: str | os.PathLike) -> int:
    """The permissions a file written at ``path`` should get: those of the file it replaces,
    else what the umask gives a plain new file (``mkstemp`` would make it 0600)."""
    try:
        return os.stat(path).st_mode & 0o777
    except (OSError, ValueError):
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
