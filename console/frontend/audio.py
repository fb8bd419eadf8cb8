"""The beeper through pygame's mixer: a looping square wave at the beeper's frequency and volume.

The sound is rebuilt only when the frequency changes; a volume change only sets the channel
volume. Without an audio device (mixer init fails) everything here is a no-op, after one quiet
note on stderr (the sound libraries' own complaints are kept off the terminal).
"""

from __future__ import annotations

import sys
from array import array

import pygame

from console.frontend import quiet_stderr

SAMPLE_RATE = 44100
LOOP_SECONDS = 0.2  # a loop holds whole periods, about this long
MASTER_VOLUME = 0.25  # VOLUME 15 at this level: square waves are loud
MIN_HZ = 20


def square_wave(frequency: int, rate: int = SAMPLE_RATE, channels: int = 1,
                amplitude: int = 12000) -> array:
    """Signed 16-bit samples of a square wave: whole periods, about LOOP_SECONDS long,
    interleaved for ``channels``."""
    frequency = max(MIN_HZ, min(frequency, rate // 2))
    periods = max(1, round(frequency * LOOP_SECONDS))
    count = max(2, round(periods * rate / frequency))
    samples = array("h")
    for n in range(count):
        level = amplitude if (2 * frequency * n // rate) % 2 == 0 else -amplitude
        samples.extend([level] * channels)
    return samples


_noted = False


def note_no_sound() -> None:
    """One quiet line on stderr, once per run: the console plays on without sound."""
    global _noted
    if not _noted:
        _noted = True
        print("b32: no sound device; playing without sound", file=sys.stderr)


class BeeperSound:
    """Plays a machine's ``beeper`` (``console.machines.base.Sound``): call
    ``update(frequency, volume)`` each frame."""

    def __init__(self, enabled: bool = True) -> None:
        self.available = False
        self._sound: pygame.mixer.Sound | None = None
        self._channel: pygame.mixer.Channel | None = None
        self._frequency = 0
        self._volume = -1
        if not enabled:
            return
        with quiet_stderr():  # ALSA and SDL print several lines when there is no device
            try:
                pygame.mixer.init(SAMPLE_RATE, -16, 1, 512)
                init = pygame.mixer.get_init()
            except pygame.error:
                init = None
        if init:
            self._rate, _format, self._channels = init
            self.available = True
        else:
            note_no_sound()

    @property
    def playing_frequency(self) -> int:
        """The frequency sounding now (0 when silent)."""
        return self._frequency

    def update(self, frequency: int, volume: int) -> None:
        """Make the sound match the beeper: ``frequency`` Hz (0 = silent), ``volume`` 0-15."""
        volume &= 15
        if not volume:
            frequency = 0
        if not self.available:
            self._frequency = frequency
            return
        if frequency != self._frequency:
            self.silence()
            if frequency:
                wave = square_wave(frequency, self._rate, self._channels)
                self._sound = pygame.mixer.Sound(buffer=wave.tobytes())
                self._channel = self._sound.play(loops=-1)
                self._volume = -1
            self._frequency = frequency
        if frequency and volume != self._volume and self._channel is not None:
            self._channel.set_volume(MASTER_VOLUME * volume / 15)
            self._volume = volume

    def silence(self) -> None:
        if self._sound is not None:
            self._sound.stop()
        self._sound = self._channel = None
        self._frequency = 0

    def close(self) -> None:
        self.silence()
        if self.available:
            pygame.mixer.quit()
            self.available = False
