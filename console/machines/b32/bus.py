"""64 KiB of memory and the I/O page's device hooks (HARDWARE.md sections 2 and 6).

Plain RAM is a ``bytearray`` the CPU indexes directly; every address that needs more than that
is flagged in ``watch``: the I/O page always, and bytes the CPU has translated into Python (so
that a write there throws the stale translation away). A write goes through ``write`` only when
``watch`` flags its address, which keeps ordinary stores at one index and one test.
"""

from __future__ import annotations

from typing import Callable

from console.machines.b32 import memmap as mm
from console.machines.b32.devices import Beeper, Keyboard, Random, SoundChip, Video

WATCH_IO = 1
WATCH_CODE = 2


class Bus:
    def __init__(self, seed: int | None = None) -> None:
        self.mem = bytearray(mm.MEMORY_SIZE)
        self.watch = bytearray(mm.MEMORY_SIZE)
        self.watch[mm.IO_START : mm.IO_END] = bytes([WATCH_IO]) * (mm.IO_END - mm.IO_START)
        self.keyboard = Keyboard()
        self.random = Random(seed)
        self.video = Video()
        self.beeper = Beeper()
        self.sound = SoundChip()
        self.frame = 0  # frames completed since reset (FRAME)
        self._seed = seed
        # Called with an address when a write lands on translated code (set by the CPU).
        self.on_code_write: Callable[[int], None] = lambda addr: None
        self.reset()

    def reset(self) -> None:
        """The reset state of section 2: RAM zero, a blank screen, devices cleared."""
        mem = self.mem
        mem[:] = bytes(mm.MEMORY_SIZE)
        mem[mm.SCREEN : mm.SCREEN_END] = bytes([mm.BLANK_CHAR, mm.BLANK_ATTR]) * mm.CELLS
        self.keyboard.reset()
        self.video.reset()
        self.beeper.reset()
        self.sound.reset()
        self.random.seed(self._seed)
        self.frame = 0

    # ---- access as the CPU sees it ------------------------------------------------------------
    def read(self, addr: int) -> int:
        addr &= 0xFFFF
        if mm.IO_START <= addr < mm.IO_END:
            return self.io_read(addr)
        return self.mem[addr]

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
        if mm.VOICES <= addr < mm.VOICES_END:
            return self.sound.read(addr)
        kb = self.keyboard
        if addr == mm.KEY:
            return kb.read_key()
        if addr == mm.KEYCOUNT:
            return len(kb.queue)
        if addr == mm.BUTTONS:
            return kb.held
        if addr == mm.PRESSED:
            return kb.pressed
        if addr == mm.FRAME:
            return self.frame & 0xFF
        if addr == mm.FRAME + 1:
            return self.frame >> 8 & 0xFF
        if addr == mm.RANDOM:
            return self.random.next_byte()
        video, beeper = self.video, self.beeper
        if addr == mm.CURSOR:
            return video.cursor
        if addr == mm.CURSORPOS:
            return video.cursor_pos & 0xFF
        if addr == mm.CURSORPOS + 1:
            return video.cursor_pos >> 8
        if addr == mm.BORDER:
            return video.border
        if addr == mm.VIDEOMODE:
            return video.video_mode
        if addr == mm.TONE:
            return beeper.tone & 0xFF
        if addr == mm.TONE + 1:
            return beeper.tone >> 8
        if addr == mm.TONETIME:
            return beeper.tone_time
        if addr == mm.VOLUME:
            return beeper.volume
        return 0

    def io_write(self, addr: int, value: int) -> None:
        if mm.VOICES <= addr < mm.VOICES_END:
            return self.sound.write(addr, value)
        video, beeper = self.video, self.beeper
        if addr == mm.KEY:
            self.keyboard.queue.clear()
        elif addr == mm.RANDOM:
            self.random.seed(value)
        elif addr == mm.CURSOR:
            video.cursor = value
        elif addr == mm.CURSORPOS:
            video.cursor_pos = video.cursor_pos & 0xFF00 | value
        elif addr == mm.CURSORPOS + 1:
            video.cursor_pos = video.cursor_pos & 0xFF | value << 8
        elif addr == mm.BORDER:
            video.border = value
        elif addr == mm.VIDEOMODE:
            video.video_mode = value
        elif addr == mm.TONE:
            beeper.write_tone(beeper.tone & 0xFF00 | value)
        elif addr == mm.TONE + 1:
            beeper.write_tone(beeper.tone & 0xFF | value << 8)
        elif addr == mm.TONETIME:
            beeper.write_tone_time(value)
        elif addr == mm.VOLUME:
            beeper.volume = value
        # read-only and unused addresses ignore writes

    # ---- frame boundaries --------------------------------------------------------------------
    def start_frame(self) -> None:
        self.keyboard.latch()

    def end_frame(self) -> None:
        self.frame = (self.frame + 1) & 0xFFFF
        self.beeper.end_frame()
        self.sound.end_frame()
