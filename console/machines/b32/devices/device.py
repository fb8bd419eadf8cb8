"""What a device on the I/O page is: ``SIZE`` ports from the address the machine attaches it at
(``Bus.attach``). The bus hands each read and write of those addresses to the device with the
port number (0 for the first address).

``read`` is what the CPU sees and may have side effects (KEY pops the queue, RANDOM advances);
``peek`` is the same byte without them, for debuggers. A device whose reads have no side
effects leaves ``peek`` alone. Writes to read-only ports are ignored.
"""

from __future__ import annotations


class Device:
    SIZE = 1

    def reset(self) -> None:
        """The reset state (HARDWARE.md section 2)."""

    def read(self, port: int) -> int:
        return 0

    def peek(self, port: int) -> int:
        return self.read(port)

    def write(self, port: int, value: int) -> None:
        """Store ``value`` (0-255); read-only ports ignore it."""

    def start_frame(self) -> None:
        """Called before the CPU runs a frame."""

    def end_frame(self) -> None:
        """Called after the CPU ran a frame."""
