"""The console's sound through pygame's mixer: exactly the synthesizer's samples, block by block.

``Speaker.listen(machine)`` makes the machine hand it every frame's tones; each becomes its
735-sample block (``console.machines.b32.synth``, the same code ``--record-audio`` uses) and a
``pygame.mixer.Sound`` queued on one channel behind the block playing, so blocks follow each
other without a gap and the waves run on across them. The mixer is opened at exactly 44,100 Hz,
16-bit, mono (SDL converts for the device if it must), so nothing is resampled here.

Timing: the frame loop waits (``wait_for_room``) until the queued block has started playing
before it runs the next frame, so the console runs at the sound card's 60 blocks a second and at
most one block waits in the queue. A register write reaches the speaker after at most one block
(16.7 ms) in the queue plus two of the mixer's buffers (``MIXER_BUFFER`` samples, 5.8 ms each):
bench/audio_latency.py measures it.

Mute (Ctrl+M, ``--mute``) and the volume (the kiosk's ``--volume``) set the channel's volume:
the blocks still flow, so unmuting is immediate and the frame timing stays. Without an audio
device (the mixer cannot open) the window plays silently and ``note`` says why, once.
"""

from __future__ import annotations

import sys
import time

import pygame

from console.frontend import quiet_stderr
from console.machines.b32 import memmap as mm
from console.machines.b32.synth import Synth

SAMPLE_RATE = mm.SAMPLE_RATE
MIXER_BUFFER = 256  # samples the mixer hands the device at a time (5.8 ms)
WAIT_LIMIT = 0.05  # seconds: never wait longer than this for room in the queue


class Speaker:
    """Plays a machine's sound. ``enabled=False`` (or no audio device) makes it silent."""

    def __init__(self, enabled: bool = True, muted: bool = False, volume: float = 1.0) -> None:
        self.available = False
        self.note = ""  # why there is no sound, for the person
        self.muted = muted
        self.volume = min(1.0, max(0.0, volume))
        self.synth = Synth()
        self.clocked = False  # a device whose playing keeps time (not SDL's dummy driver)
        self.blocks = 0  # blocks made
        self.dropped = 0  # blocks made while the queue was full (a loop not paced by sound)
        self._machine = None
        self._channel: pygame.mixer.Channel | None = None
        if not enabled:
            return
        with quiet_stderr():  # ALSA and SDL print several lines when there is no device
            try:
                if pygame.mixer.get_init() != (SAMPLE_RATE, -16, 1):
                    pygame.mixer.quit()  # pygame.init() may have opened it with its defaults
                pygame.mixer.init(SAMPLE_RATE, -16, 1, MIXER_BUFFER, allowedchanges=0)
                ready = pygame.mixer.get_init()
                reason = "the mixer did not start"
            except pygame.error as err:
                ready, reason = None, str(err) or "no audio device"
        if not ready:
            self.note = f"no sound: {reason}"
            return
        self.available = True
        # SDL's dummy driver takes samples as fast as they come, with no clock behind it:
        # the deadline clock paces the loop there, as with no sound
        self.clocked = pygame.mixer.get_driver() != "dummy"
        self._channel = pygame.mixer.Channel(0)
        self._apply_volume()

    # ---- the machine -------------------------------------------------------------------------
    def listen(self, machine) -> None:
        """Play ``machine``'s sound from its next frame on (and stop listening to the last one)."""
        if machine is self._machine:
            return
        self.stop_listening()
        self._machine = machine
        if self.available and hasattr(machine, "on_sound"):  # a menu's screen makes no sound
            machine.on_sound = self.play_block

    def stop_listening(self) -> None:
        machine = self._machine
        if machine is not None and getattr(machine, "on_sound", None) == self.play_block:
            machine.on_sound = None
        self._machine = None

    def play_block(self, tones) -> None:
        """Make one frame's block from ``tones`` and queue it to play."""
        samples = self.synth.render_bytes(tones)
        self.blocks += 1
        channel = self._channel
        if channel is None:
            return
        sound = pygame.mixer.Sound(buffer=samples)
        if not channel.get_busy():
            channel.play(sound)
        elif channel.get_queue() is None:
            channel.queue(sound)
        else:
            self.dropped += 1

    def wait_for_room(self) -> bool:
        """Wait until the queued block has started playing (at most WAIT_LIMIT). True when the
        sound is what paces the loop; False when nothing is playing or the device keeps no
        time (SDL's dummy driver): use the deadline clock instead."""
        channel = self._channel
        if channel is None or not self.clocked or not channel.get_busy():
            return False
        deadline = time.perf_counter() + WAIT_LIMIT
        while channel.get_queue() is not None and time.perf_counter() < deadline:
            time.sleep(0.0005)
        return True

    # ---- mute and volume ---------------------------------------------------------------------
    def toggle_mute(self) -> bool:
        """Ctrl+M: mute or unmute; returns whether it is now muted."""
        self.muted = not self.muted
        self._apply_volume()
        return self.muted

    def _apply_volume(self) -> None:
        if self._channel is not None:
            self._channel.set_volume(0.0 if self.muted else self.volume)

    def close(self) -> None:
        self.stop_listening()
        if self.available and pygame.mixer.get_init():  # pygame.quit() may have closed it
            self._channel.stop()
            pygame.mixer.quit()
        self.available = False
        self._channel = None


def open_speaker(options, enabled: bool = True) -> Speaker:
    """The speaker for a window with ``options`` (``WindowOptions``: muted, volume); prints
    ``b32: no sound: REASON`` once when there is no audio device (the window plays on)."""
    speaker = Speaker(enabled, muted=options.muted, volume=options.volume)
    if speaker.note:
        note_once(speaker.note)
    return speaker


_noted: set[str] = set()


def note_once(note: str) -> None:
    """One quiet line on stderr, once per run (a browser opens a speaker per window)."""
    if note not in _noted:
        _noted.add(note)
        print(f"b32: {note}", file=sys.stderr)
