"""The sound chip's registers: four voices of eight bytes at $AFC0-$AFDF (HARDWARE.md section 6).

The chip only stores and counts; ``console.machines.b32.synth`` turns what it says is sounding
into samples. Each voice is FREQ (a word), VOL, WAVE, TIME, DECAY, SWEEP and a byte that reads 0.
At the end of every frame the machine first takes the frame's ``tones()`` (what block k sounds
like), then calls ``end_frame`` to count TIME down, add SWEEP to FREQ and let VOL decay. The
registers read back their current values, so a decayed VOL reads lower than it was written.

Ports: the 32 bytes from VOICES, port 8n + offset being voice n's field at that offset.
"""

from __future__ import annotations

from typing import NamedTuple

from console.machines.b32 import memmap as mm
from console.machines.b32.devices.device import Device

FREQ, VOL, WAVE, TIME, DECAY, SWEEP = (mm.VOICE_FIELDS[name] for name in
                                       ("FREQ", "VOL", "WAVE", "TIME", "DECAY", "SWEEP"))
WAVE_COUNT = len(mm.WAVES)
MAX_FREQ = 0xFFFF


class Tone(NamedTuple):
    """What one source sounds like during one block: ``level`` 0 is silence. ``ending`` says
    the frame's update will silence it (a timed note's last block, a sweep reaching 0, a decay
    reaching 0), so it fades out at the block's end."""

    wave: int  # 0-6 (mm.WAVES)
    freq: int  # Hz
    level: int  # 0-15
    ending: bool = False


SILENT = Tone(0, 0, 0)


class Voice:
    """One voice's registers and the two counters that go with them."""

    __slots__ = ("freq", "vol", "wave", "time", "decay", "sweep", "expired", "age")

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.freq = self.vol = self.wave = self.time = self.decay = self.sweep = 0
        self.expired = False  # a timed note ran out: silent until TIME, FREQ or VOL is written
        self.age = 0  # frames since VOL or TIME was last written (DECAY counts these)

    # ---- the bytes --------------------------------------------------------------------------
    def read(self, offset: int) -> int:
        if offset == FREQ:
            return self.freq & 0xFF
        if offset == FREQ + 1:
            return self.freq >> 8
        if offset == VOL:
            return self.vol
        if offset == WAVE:
            return self.wave
        if offset == TIME:
            return self.time
        if offset == DECAY:
            return self.decay
        if offset == SWEEP:
            return self.sweep
        return 0

    def write(self, offset: int, value: int) -> None:
        if offset == FREQ:
            self.freq = self.freq & 0xFF00 | value
            self.expired = False
        elif offset == FREQ + 1:
            self.freq = self.freq & 0xFF | value << 8
            self.expired = False
        elif offset == VOL:
            self.vol = value
            self.expired, self.age = False, 0
        elif offset == WAVE:
            self.wave = value
        elif offset == TIME:
            self.time = value
            self.expired, self.age = False, 0
        elif offset == DECAY:
            self.decay = value
        elif offset == SWEEP:
            self.sweep = value
        # offset 7 reads 0 and ignores writes

    # ---- what it sounds like, and the end of a frame ---------------------------------------
    @property
    def level(self) -> int:
        """The volume sounding now, 0-15 (0 while silent)."""
        if self.expired or self.freq == 0:
            return 0
        return self.vol & 15

    def current_tone(self) -> Tone:
        level = self.level
        if level == 0:
            return SILENT
        wave = self.wave if self.wave < WAVE_COUNT else 0
        return Tone(wave, self.freq, level, self._last_block())

    def _last_block(self) -> bool:
        """Will this frame's update silence the voice? (TIME runs out, SWEEP reaches 0, or
        DECAY takes VOL to 0.)"""
        if self.time == 1 or self.freq + self._step() <= 0:
            return True
        return self.vol & 15 == 1 and self._decays()

    def _step(self) -> int:
        return self.sweep - 256 if self.sweep & 0x80 else self.sweep

    def _decays(self) -> bool:
        return bool(self.decay) and (self.age + 1) % self.decay == 0

    def end_frame(self) -> None:
        if self.time > 0:
            self.time -= 1
            if self.time == 0:
                self.expired = True
        if self.sweep and self.freq:
            self.freq = min(MAX_FREQ, max(0, self.freq + self._step()))
        decays = self._decays()
        self.age += 1
        if decays and self.vol & 15:
            self.vol -= 1  # the low nibble drops; bits 4-7 stay as written


class SoundChip(Device):
    SIZE = mm.VOICES_END - mm.VOICES

    def __init__(self) -> None:
        self.voices = tuple(Voice() for _ in range(mm.VOICE_COUNT))

    def reset(self) -> None:
        for voice in self.voices:
            voice.reset()

    def read(self, port: int) -> int:
        index, offset = divmod(port, mm.VOICE_SIZE)
        return self.voices[index].read(offset)

    def write(self, port: int, value: int) -> None:
        index, offset = divmod(port, mm.VOICE_SIZE)
        self.voices[index].write(offset, value & 0xFF)

    def tones(self) -> tuple[Tone, ...]:
        """The four voices' tones for the block being made."""
        return tuple(voice.current_tone() for voice in self.voices)

    def end_frame(self) -> None:
        for voice in self.voices:
            voice.end_frame()
