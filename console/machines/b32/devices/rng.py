"""RANDOM: a 16-bit xorshift generator, seedable so tests and replays are repeatable."""

from __future__ import annotations

import os

from console.machines.b32.devices.device import Device


class Random(Device):
    """Reading takes the next byte; writing a byte seeds the sequence with it; peeking shows 0
    (it cannot show the next byte without taking it)."""

    def __init__(self, seed: int | None = None) -> None:
        self.initial_seed = seed  # what reset goes back to (None: fresh entropy)
        self.seed(seed)

    def reset(self) -> None:
        self.seed(self.initial_seed)

    def read(self, port: int) -> int:
        return self.next_byte()

    def peek(self, port: int) -> int:
        return 0

    def write(self, port: int, value: int) -> None:
        self.seed(value)

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
