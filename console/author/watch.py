"""Polling a set of files for changes, counted in frames of the loop that calls it.

Each poll stats every file (modification time in nanoseconds, size, inode: a rename over the
file changes the inode even when time and size do not) and checksums its bytes (CRC-32: two
saves within one tick of the file system's clock, of the same size, still differ; sources are a
few kilobytes, so reading them ten times a second costs nothing to speak of). A change is
reported once the stamps have stayed the same for ``settle`` frames, so an editor's burst (write
a temporary, rename it over the file, touch it) is one change, and a file still being written is
not read half done. A missing or unreadable file is a state like any other: its appearance is a
change.
"""

from __future__ import annotations

import os
import zlib
from pathlib import Path

POLL_FRAMES = 6  # stat the files every 6 frames: 10 times a second at 60 frames per second
SETTLE_FRAMES = 12  # report a change once nothing changed for 12 frames (0.2 s)

Stamp = tuple[int, int, int, int] | None  # (mtime_ns, size, inode, crc32); None: not readable


def stamp(path: Path) -> Stamp:
    """What a poll compares for one file."""
    try:
        st = os.stat(path)
        with open(path, "rb") as stream:
            crc = zlib.crc32(stream.read())
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size, st.st_ino, crc


class FileWatcher:
    """Watches ``paths``. Call ``poll(frame)`` every frame (it stats only every ``poll_every``
    frames); it returns True once when the files changed and then settled. The caller then
    takes ``snapshot()`` before reading the files and hands it back with ``loaded``, so a save
    made while it was reading is seen next time."""

    def __init__(self, paths: list[Path], poll_every: int = POLL_FRAMES,
                 settle: int = SETTLE_FRAMES) -> None:
        self.poll_every = max(1, poll_every)
        self.settle = max(0, settle)
        self.paths = list(paths)
        self.polls = 0
        self._loaded = self.snapshot()
        self._seen = self._loaded
        self._changed_at = 0
        self._last_poll: int | None = None

    def snapshot(self) -> tuple[Stamp, ...]:
        return tuple(stamp(path) for path in self.paths)

    def set_paths(self, paths: list[Path]) -> None:
        """Watch ``paths`` from now on (take the next ``snapshot`` after this)."""
        self.paths = list(paths)

    def loaded(self, snapshot: tuple[Stamp, ...]) -> None:
        """The files were read as they were at ``snapshot`` (of the current ``paths``)."""
        self._loaded = self._seen = snapshot

    def poll(self, frame: int) -> bool:
        """True once when a change has settled (and not before ``poll_every`` frames passed
        since the previous stat)."""
        if self._last_poll is not None and frame - self._last_poll < self.poll_every:
            return False
        self._last_poll = frame
        self.polls += 1
        now = self.snapshot()
        if now != self._seen:
            self._seen = now
            self._changed_at = frame
            return False
        return now != self._loaded and frame - self._changed_at >= self.settle
