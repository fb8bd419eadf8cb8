"""FRAME: a 16-bit count of the frames completed since reset (read-only)."""

from __future__ import annotations

from console.machines.b32.devices.device import Device


class FrameCounter(Device):
    SIZE = 2  # low byte, high byte

    def __init__(self) -> None:
        self.count = 0

    def reset(self) -> None:
        self.count = 0

    def read(self, port: int) -> int:
        return self.count >> 8 * port & 0xFF

    def end_frame(self) -> None:
        self.count = (self.count + 1) & 0xFFFF
