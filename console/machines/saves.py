"""Where the console keeps a player's things on disk: cart saves and save-state files.

No pygame and no argparse: the commands, the window and the shell only call this.

- The folders: ``$XDG_DATA_HOME/b32/saves`` and ``.../b32/states`` on Linux (``platformdirs``
  picks the platform's data folder), or one folder the person names (``--save-dir DIR``).
- A cart's **key** is its file name without the suffix plus 8 hex digits of a hash of the
  folder it is in: a cart rebuilt in place (``.b32`` or ``.asm`` of the same name) keeps its
  save, and carts of the same name in different folders never share one (docs/DECISIONS.md).
- Every write is atomic (``atomic_write``: a temporary file beside the target, fsync, rename,
  fsync of the folder), so a kill at any moment leaves the old file or the new one.
- A cart that stores its save every frame causes at most one write a second (``SaveSlot``);
  the last save is written by ``SaveStore.close``, which the commands call in a ``finally``.
- A damaged or foreign save file is reported in one line and treated as no save; it is never
  deleted: when the cart next saves, the old file is first renamed to ``NAME.bad``.
"""

from __future__ import annotations

import glob
import hashlib
import os
import re
import struct
import sys
import tempfile
import time
import zlib
from pathlib import Path
from typing import Callable

import platformdirs

from console.machines.files import UnreadableFile, file_mode, read_bounded

APP_NAME = "b32"
SAVE_SUFFIX = ".sav"
STATE_SUFFIX = ".state"
SAVE_MAGIC = b"B32SAVE\x00"
SAVE_VERSION = 1
PAGE_SIZE = 256
MAX_SAVE_FILE = 4096  # anything longer is not one of ours
WRITE_INTERVAL = 1.0  # seconds between two writes of one save, at least
STALE_TEMP_SECONDS = 600  # a temporary file this old was left by a killed console

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def data_root() -> Path:
    """The platform's data folder for the console (``~/.local/share/b32`` on Linux)."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def saves_dir(save_dir: str | os.PathLike | None = None) -> Path:
    """Where cart saves go: ``save_dir`` if given, else ``DATA/saves``."""
    return Path(save_dir) if save_dir is not None else data_root() / "saves"


def states_dir(save_dir: str | os.PathLike | None = None) -> Path:
    """Where the window's save-state slots go: ``save_dir`` if given, else ``DATA/states``."""
    return Path(save_dir) if save_dir is not None else data_root() / "states"


def cart_key(path: str | os.PathLike) -> str:
    """The key of the cart file at ``path``: ``NAME-HHHHHHHH`` (name and folder, see above)."""
    path = Path(path)
    folder = str(path.resolve().parent)
    digest = hashlib.sha256(folder.encode("utf-8", "surrogateescape")).hexdigest()[:8]
    name = _UNSAFE.sub("_", path.stem)[:64] or "cart"
    return f"{name}-{digest}"


def warn(text: str) -> None:
    """The one-line warning every problem with a save gets (on standard error)."""
    print(f"b32: warning: {text}", file=sys.stderr, flush=True)


# ---- atomic files ------------------------------------------------------------------------------
def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return  # a platform without directory handles
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)



def atomic_write(path: str | os.PathLike, data: bytes) -> None:
    """Replace ``path`` with ``data`` so that, whatever happens, the file is the old one or the
    new one: a temporary file in the same folder, written, fsynced and renamed over it. The
    folder is made if missing. Raises OSError; nothing is left behind then."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, file_mode(path))
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise
    _sync_folder(path.parent)


def remove_stale_temps(path: Path, age: float = STALE_TEMP_SECONDS) -> None:
    """Remove the temporary files ``atomic_write`` left beside ``path`` when it was killed
    mid-write, once they are ``age`` seconds old (a younger one may be another console's)."""
    now = time.time()
    for temp in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        try:
            if now - temp.stat().st_mtime >= age:
                temp.unlink()
        except OSError:
            pass



# ---- the save file ---------------------------------------------------------------------------
class SaveFileError(ValueError):
    """A save file that is not this cart's save; the message says why (a few words)."""


def encode_save(key: str, page: bytes) -> bytes:
    """The file for ``page`` (256 bytes) as the save of the cart ``key``:
    magic, version, key length, key (UTF-8), the page, CRC-32 of all before it."""
    name = key.encode("utf-8")
    body = SAVE_MAGIC + struct.pack("<BB", SAVE_VERSION, len(name)) + name + bytes(page)
    return body + struct.pack("<I", zlib.crc32(body))


def decode_save(key: str, blob: bytes) -> bytes:
    """The page stored in ``blob`` for the cart ``key``; raises SaveFileError."""
    if len(blob) > MAX_SAVE_FILE or not blob.startswith(SAVE_MAGIC):
        raise SaveFileError("not a B32 save file")
    head = len(SAVE_MAGIC)
    if len(blob) < head + 2 + PAGE_SIZE + 4:
        raise SaveFileError("damaged save (too short)")
    version, name_length = blob[head], blob[head + 1]
    if version != SAVE_VERSION:
        raise SaveFileError(f"save format {version}, this console reads {SAVE_VERSION}")
    body, crc = blob[:-4], struct.unpack("<I", blob[-4:])[0]
    if len(body) != head + 2 + name_length + PAGE_SIZE or zlib.crc32(body) != crc:
        raise SaveFileError("damaged save (bad length or checksum)")
    name = body[head + 2 : head + 2 + name_length].decode("utf-8", "replace")
    if name != key:
        raise SaveFileError(f"the save of another cart ({name})")
    return bytes(body[head + 2 + name_length :])


class SaveSlot:
    """One cart's save on disk (``console.machines.base.SaveSlot``): read once, then held in
    memory; changes are written at most once every ``interval`` seconds (``poll``) and at
    ``flush``."""

    def __init__(self, path: Path, key: str, *, interval: float = WRITE_INTERVAL,
                 clock: Callable[[], float] = time.monotonic,
                 report: Callable[[str], None] = warn) -> None:
        self.path = path
        self.key = key
        self.interval = interval
        self.clock = clock
        self.report = report
        self.writes = 0  # files written (or erased) so far
        self._loaded = False
        self._data: bytes | None = None
        self._dirty = False
        self._bad = False  # the file on disk is not this cart's save: keep it aside
        self._last_write = float("-inf")
        self._failed = False

    # ---- what the SAVE device calls ----------------------------------------------------------
    def load(self) -> bytes | None:
        """The cart's save (256 bytes), or None when it has none."""
        if not self._loaded:
            self._loaded = True
            self._data = self._read()
        return self._data

    def store(self, page: bytes) -> None:
        self.load()
        self._data = bytes(page)
        self._dirty = True
        self.poll()

    def erase(self) -> None:
        self.load()
        self._data = None
        self._dirty = True
        self.poll()

    def poll(self) -> None:
        """Write the latest change if the last write was at least ``interval`` seconds ago."""
        if self._dirty and self.clock() - self._last_write >= self.interval:
            self.flush()

    def flush(self) -> None:
        """Write the latest change now (when the window closes)."""
        if not self._dirty:
            return
        self._last_write = self.clock()
        try:
            self._write()
        except OSError as err:
            if not self._failed:
                self.report(f"{self.path}: cannot write the save: {err.strerror or err}")
            self._failed = True
            return
        self._dirty = self._failed = False
        self.writes += 1

    # ---- the file ------------------------------------------------------------------------------
    def _read(self) -> bytes | None:
        try:
            blob = read_bounded(self.path, MAX_SAVE_FILE, "a save file")
        except FileNotFoundError:
            return None
        except (OSError, UnreadableFile) as err:
            self._bad = True
            reason = err.reason if isinstance(err, UnreadableFile) else err.strerror or err
            if str(reason).startswith("too big"):  # longer than any save: someone else's file
                self.report(f"{self.path}: not a B32 save file ({reason}); treated as no save "
                            "(the file is kept)")
            else:
                self.report(f"{self.path}: cannot read the save ({reason}); playing without it")
            return None
        try:
            return decode_save(self.key, blob)
        except SaveFileError as err:
            self._bad = True
            self.report(f"{self.path}: {err}; treated as no save (the file is kept)")
            return None

    def _write(self) -> None:
        if self._bad and self.path.exists():
            aside = _free_name(self.path.with_name(self.path.name + ".bad"))
            os.replace(self.path, aside)
            self.report(f"{self.path}: the old file was kept as {aside.name}")
        self._bad = False
        if self.writes == 0:
            remove_stale_temps(self.path)
        if self._data is not None:
            atomic_write(self.path, encode_save(self.key, self._data))
        else:
            try:
                os.unlink(self.path)  # the cart erased its save (SAVE = $02)
            except FileNotFoundError:
                pass
            _sync_folder(self.path.parent)


def _free_name(path: Path) -> Path:
    """``path``, or ``path.1``, ``path.2`` ... whichever does not exist yet."""
    candidate, n = path, 0
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}.{n}")
    return candidate


class SaveStore:
    """The saves of every cart played in one session, in ``folder``."""

    def __init__(self, folder: str | os.PathLike, *, interval: float = WRITE_INTERVAL,
                 clock: Callable[[], float] = time.monotonic,
                 report: Callable[[str], None] = warn) -> None:
        self.folder = Path(folder)
        self.interval = interval
        self.clock = clock
        self.report = report
        self._slots: dict[str, SaveSlot] = {}

    def slot(self, cart_path: str | os.PathLike) -> SaveSlot:
        """The save of the cart file at ``cart_path`` (one slot per cart, kept for the session)."""
        key = cart_key(cart_path)
        slot = self._slots.get(key)
        if slot is None:
            slot = self._slots[key] = SaveSlot(self.folder / f"{key}{SAVE_SUFFIX}", key,
                                               interval=self.interval, clock=self.clock,
                                               report=self.report)
        return slot

    def close(self) -> None:
        """Write every save not written yet."""
        for slot in self._slots.values():
            slot.flush()


def state_slot_path(folder: str | os.PathLike, cart_path: str | os.PathLike, slot: int) -> Path:
    """The window's save-state file ``slot`` (1-4) of the cart at ``cart_path``."""
    return Path(folder) / f"{cart_key(cart_path)}-{slot}{STATE_SUFFIX}"
