"""SAVE ($AFB4) and the save page ($9F00-$9FFF): what a cart keeps between runs (HARDWARE.md
section 6).

The register reads 1 while the page holds this cart's save (restored at reset, or just stored),
else 0. Writing $01 makes the page's bytes the cart's save; $02 erases it (the page is left as it
is); other values are ignored.

Where a save lives is the console's business, not the machine's: the device holds the cart's
save in memory (``saved``) and hands every change to a ``slot`` (``console.machines.base.SaveSlot``,
e.g. ``console.machines.saves``), which keeps it on disk. Without a slot a save lasts as long as the
machine (a headless run touches no file).
"""

from __future__ import annotations

from console.machines.b32 import memmap as mm
from console.machines.b32.devices.device import Device


class SaveRegister(Device):
    SIZE = 1
    NOT_STATE = ("mem", "saved", "slot")  # a snapshot keeps only what SAVE reads

    def __init__(self, mem: bytearray) -> None:
        self.mem = mem
        self.flag = 0  # what SAVE reads
        self.saved: bytes | None = None  # the cart's save, as the console holds it
        self.slot = None  # where the save is kept (a SaveSlot), or None: this machine only

    def use_slot(self, slot) -> None:
        """Keep this cart's save in ``slot`` (None: in this machine only, starting with none)."""
        self.slot = slot
        self.saved = None

    def reset(self) -> None:
        self.flag = 0

    def restore_page(self) -> None:
        """At reset, after the cart's bytes were loaded: the cart's save (if it has one) into the
        page, and SAVE reads 1; otherwise the page keeps what the cart loaded there."""
        if self.slot is not None:
            self.saved = self.slot.load()
        if self.saved is not None:
            self.mem[mm.SAVE_PAGE : mm.SAVE_PAGE_END] = self.saved
            self.flag = 1
        else:
            self.flag = 0

    def read(self, port: int = 0) -> int:
        return self.flag

    def peek(self, port: int = 0) -> int:
        return self.flag

    def write(self, port: int, value: int) -> None:
        if value == mm.SAVE_STORE:
            self.saved = bytes(self.mem[mm.SAVE_PAGE : mm.SAVE_PAGE_END])
            self.flag = 1
            if self.slot is not None:
                self.slot.store(self.saved)
        elif value == mm.SAVE_ERASE:
            self.saved = None
            self.flag = 0
            if self.slot is not None:
                self.slot.erase()

    def end_frame(self) -> None:
        """Let the slot write what is due (it writes at most about once a second)."""
        if self.slot is not None:
            self.slot.poll()
