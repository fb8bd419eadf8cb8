"""Rewind: the last seconds of a machine's life, a compressed snapshot per frame.

Any machine with ``snapshot()`` / ``restore()`` can be rewound: the window records after every
frame it runs; holding the rewind key steps back a frame per frame shown, and play resumes
from there (what came after is forgotten); the debugger steps back one frame with the same
history. The machines are deterministic, so a snapshot per frame is exactly the state of that
frame; zlib at its fastest level makes one in about a tenth of a millisecond and a few KiB
(bench/rewind_bench.py measures both).

The history is bounded twice: ``frames`` entries (default 30 s at 60 fps) and ``max_bytes``
of compressed snapshots (default 64 MiB); the oldest go first.
"""

from __future__ import annotations

import zlib
from collections import deque

from console.machines.screen import FRAMES_PER_SECOND

DEFAULT_SECONDS = 30
MAX_BYTES = 64 * 1024 * 1024
LEVEL = 1  # zlib's fastest: the snapshots are mostly zero bytes and the same screen
PAGE = 4096  # snapshots are compared and compressed in pages of this many bytes
_OVERHEAD = 48  # bytes a Python bytes object costs beyond its contents (counted in the bound)


def _pages(snapshot: bytes) -> list[bytes]:
    """``snapshot`` cut into pages counted from its end (so that a header whose length changes
    from frame to frame does not shift the memory behind it): a short first page, then PAGE
    bytes each."""
    first = len(snapshot) % PAGE
    cuts = ([snapshot[:first]] if first else [])
    return cuts + [snapshot[i : i + PAGE] for i in range(first, len(snapshot), PAGE)]


class History:
    """Snapshots of the frames recorded, oldest first; the newest is the machine's present.

    Each entry is a tuple of compressed pages. A page equal to the same page of the frame
    before is not compressed again: the entry holds the same object, counted once in
    ``bytes``. So a frame costs a compare per page plus compressing the pages that changed.
    """

    def __init__(self, frames: int = DEFAULT_SECONDS * FRAMES_PER_SECOND,
                 max_bytes: int = MAX_BYTES) -> None:
        if frames < 1 or max_bytes < 1:
            raise ValueError("a history holds at least one frame")
        self.max_frames = frames
        self.max_bytes = max_bytes
        self._entries: deque[tuple[bytes, ...]] = deque()
        self._raw: list[bytes] = []  # the newest entry's pages, uncompressed
        self.bytes = 0  # compressed pages held (each once), with their object overhead

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def seconds(self) -> float:
        """How far back it reaches, in seconds of play."""
        return max(0, len(self._entries) - 1) / FRAMES_PER_SECOND

    def clear(self) -> None:
        self._entries.clear()
        self._raw = []
        self.bytes = 0

    def record(self, machine) -> None:
        """Remember ``machine`` as it is now (call after each frame it ran)."""
        raw = _pages(machine.snapshot())
        last_raw = self._raw
        last = self._entries[-1] if self._entries and len(last_raw) == len(raw) else None
        packed = []
        for n, page in enumerate(raw):
            if last is not None and page == last_raw[n]:
                packed.append(last[n])
            else:
                page_packed = zlib.compress(page, LEVEL)
                self.bytes += len(page_packed) + _OVERHEAD
                packed.append(page_packed)
        self._entries.append(tuple(packed))
        self._raw = raw
        while len(self._entries) > 1 and (len(self._entries) > self.max_frames
                                          or self.bytes > self.max_bytes):
            self._drop(self._entries.popleft(), self._entries[0])

    def _drop(self, entry: tuple[bytes, ...], neighbour: tuple[bytes, ...] | None) -> None:
        """Count out the pages of ``entry`` (just removed) that ``neighbour`` does not share."""
        for n, page in enumerate(entry):
            if neighbour is None or n >= len(neighbour) or neighbour[n] is not page:
                self.bytes -= len(page) + _OVERHEAD

    def back(self, machine, frames: int = 1) -> int:
        """Put ``machine`` back ``frames`` frames (as far as the history reaches) and forget
        the later ones; returns how many frames it went back (0: nothing older is held).

        A machine that changed since the newest snapshot (a debugger stepped into a frame)
        goes back to that snapshot first, counted as one frame."""
        entries = self._entries
        if not entries:
            return 0
        moved = machine.snapshot() != b"".join(self._raw)
        steps = min(frames - moved, len(entries) - 1)
        if steps < 0 or (steps == 0 and not moved):
            return 0
        for _ in range(steps):
            gone = entries.pop()
            self._drop(gone, entries[-1])
        self._raw = [zlib.decompress(page) for page in entries[-1]]
        machine.restore(b"".join(self._raw))
        return steps + moved
