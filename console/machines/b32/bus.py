"""64 KiB of memory and the I/O page's port table (HARDWARE.md sections 2 and 6).

Plain RAM is a ``bytearray`` the CPU indexes directly; every address that needs more than that
is flagged in ``watch``: the I/O page always, and bytes the CPU has translated into Python (so
that a write there throws the stale translation away). A write goes through ``write`` only when
``watch`` flags its address, which keeps ordinary stores at one index and one test.

The I/O page is a table of ports the machine fills with ``attach(address, device)``: each
address of the page is a port of one device (``console.machines.b32.devices.Device``) or of
none (reads 0, ignores writes).
"""

from __future__ import annotations

from typing import Callable, TypeVar

from console.machines.b32 import memmap as mm
from console.machines.b32.devices import Device

WATCH_IO = 1
WATCH_CODE = 2

D = TypeVar("D", bound=Device)


class Bus:
    def __init__(self) -> None:
        self.mem = bytearray(mm.MEMORY_SIZE)
        self.watch = bytearray(mm.MEMORY_SIZE)
        self.watch[mm.IO_START : mm.IO_END] = bytes([WATCH_IO]) * (mm.IO_END - mm.IO_START)
        self.devices: list[Device] = []
        # I/O address - IO_START -> (device, port), or None for an unused address
        self._ports: list[tuple[Device, int] | None] = [None] * (mm.IO_END - mm.IO_START)
        # Called with an address when a write lands on translated code (set by the CPU).
        self.on_code_write: Callable[[int], None] = lambda addr: None
        self.reset()

    def attach(self, address: int, device: D) -> D:
        """Give ``device`` the ``device.SIZE`` I/O addresses from ``address``; returns it."""
        first = address - mm.IO_START
        if first < 0 or first + device.SIZE > len(self._ports):
            raise ValueError(f"${address:04X}+{device.SIZE} is not on the I/O page")
        for port in range(device.SIZE):
            if self._ports[first + port] is not None:
                raise ValueError(f"${address + port:04X} already belongs to a device")
            self._ports[first + port] = (device, port)
        self.devices.append(device)
        return device

    def reset(self) -> None:
        """The reset state of section 2: RAM zero, a blank screen, devices cleared."""
        mem = self.mem
        mem[:] = bytes(mm.MEMORY_SIZE)
        mem[mm.SCREEN : mm.SCREEN_END] = bytes([mm.BLANK_CHAR, mm.BLANK_ATTR]) * mm.CELLS
        for device in self.devices:
            device.reset()

    # ---- access as the CPU sees it ------------------------------------------------------------
    def read(self, addr: int) -> int:
        addr &= 0xFFFF
        if mm.IO_START <= addr < mm.IO_END:
            return self.io_read(addr)
        return self.mem[addr]

    def peek(self, addr: int) -> int:
        """What ``read`` would return, without side effects (each device's ``peek``)."""
        addr &= 0xFFFF
        if not mm.IO_START <= addr < mm.IO_END:
            return self.mem[addr]
        entry = self._ports[addr - mm.IO_START]
        return 0 if entry is None else entry[0].peek(entry[1])

    def read16(self, addr: int) -> int:
        return self.read(addr) | self.read(addr + 1) << 8

    def write(self, addr: int, value: int) -> bool:
        """Store a byte; returns True when it landed on translated code (the CPU must re-read)."""
        addr &= 0xFFFF
        value &= 0xFF
        flag = self.watch[addr]
        if flag & WATCH_IO:
            self.io_write(addr, value)
            return False
        self.mem[addr] = value
        if flag & WATCH_CODE:
            self.on_code_write(addr)
            return True
        return False

    def write16(self, addr: int, value: int) -> bool:
        low = self.write(addr, value & 0xFF)
        return self.write(addr + 1, value >> 8) or low

    # ---- the I/O page ------------------------------------------------------------------------
    def io_read(self, addr: int) -> int:
        entry = self._ports[addr - mm.IO_START]
        return 0 if entry is None else entry[0].read(entry[1])

    def io_write(self, addr: int, value: int) -> None:
        entry = self._ports[addr - mm.IO_START]
        if entry is not None:
            entry[0].write(entry[1], value)

    # ---- frame boundaries --------------------------------------------------------------------
    def start_frame(self) -> None:
        for device in self.devices:
            device.start_frame()

    def end_frame(self) -> None:
        for device in self.devices:
            device.end_frame()
