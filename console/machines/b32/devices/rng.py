"""RANDOM: a 16-bit xorshift generator, seedable so tests and replays are repeatable."""

from __future__ import annotations

import os


class Random:
    def __init__(self, seed: int | None = None) -> None:
        self.seed(seed)

    def seed(self, seed: int | None = None) -> None:
        """Start the sequence from ``seed`` (any integer), or from the OS's entropy if None."""
        if seed is None:
            seed = int.from_bytes(os.urandom(2), "little")
        # Spread the seed so nearby seeds give different sequences; never the stuck state 0.
        state = (seed * 0x9E37 + 0x7F4A) & 0xFFFF
        self.state = state or 0xACE1

    def next_byte(self) -> int:
        s = self.state
        s ^= (s << 7) & 0xFFFF
        s ^= s >> 9
        s ^= (s << 8) & 0xFFFF
        self.state = s
        return (s ^ (s >> 8)) & 0xFF
