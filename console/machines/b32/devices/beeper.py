"""The beeper's registers: a square-wave tone, how long it lasts, and its volume.

The core only stores and counts; making the sound belongs to the window. TONE and VOLUME read
back what was written. TONETIME reads the frames left; when a count runs out the tone stops
(``expired``) while TONE still reads back its value, until TONE or TONETIME is written again.

Ports: TONE (low, high), TONETIME, VOLUME.
"""

from console.machines.b32.devices.device import Device


class Beeper(Device):
    SIZE = 4

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.tone = 0  # Hz, 0 = silent
        self.tone_time = 0  # frames left; 0 = until TONE is set to 0
        self.volume = 0  # 0-15
        self.expired = False

    def read(self, port: int) -> int:
        return (self.tone & 0xFF, self.tone >> 8, self.tone_time, self.volume)[port]

    def write(self, port: int, value: int) -> None:
        if port == 0:
            self.write_tone(self.tone & 0xFF00 | value)
        elif port == 1:
            self.write_tone(self.tone & 0xFF | value << 8)
        elif port == 2:
            self.write_tone_time(value)
        else:
            self.volume = value

    def write_tone(self, hz: int) -> None:
        self.tone = hz & 0xFFFF
        self.expired = False

    def write_tone_time(self, frames: int) -> None:
        self.tone_time = frames & 0xFF
        self.expired = False

    def end_frame(self) -> None:
        if self.tone_time > 0:
            self.tone_time -= 1
            if self.tone_time == 0:
                self.expired = True

    @property
    def frequency(self) -> int:
        """The frequency sounding now, in Hz; 0 when silent."""
        if self.expired or self.volume & 15 == 0:
            return 0
        return self.tone
