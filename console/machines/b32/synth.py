"""The one synthesizer: a frame's five tones (four voices and the beeper) -> its 735 samples.

Both the window's speaker and ``b32 run --record-audio`` call ``Synth.render`` once per frame,
in order, so both hear exactly the same samples; the output is a function of the tones alone.

- **Phase-continuous.** Each source keeps its phase as a whole number of 1/44100ths of a cycle
  (sample n of a block is at ``phase + FREQ * n``), exact integer arithmetic, carried from block to
  block. A source that starts sounding starts at phase 0; a silent one keeps its phase.
- **Band-limited.** The tonal waves are read (with linear interpolation) from one-period tables
  built by summing only the harmonics that stay below the Nyquist frequency (22,050 Hz) for every
  FREQ of an octave band: a 4,000 Hz square is its 1st, 3rd and 5th harmonics, with nothing to
  fold back. Tables are made once per (wave, band), when first needed, without DC.
  A tonal wave at 22,050 Hz or more has no harmonic left and is silent.
- **Noise** is a 15-bit LFSR (taps 0 and 1, as section 6's "15-bit LFSR") stepped FREQ times a
  second; its 32,767-step sequence is computed once and indexed.
- **No clicks.** A source's level moves to its new value over the first ``RAMP`` samples of a
  block (a note's start fades in from 0), and a note the frame's update will silence (its
  ``Tone.ending``) fades out over the last ``RAMP`` samples of its last block, so level steps
  and note edges never jump.
- **No clipping.** Every table peaks at 1 and each source at volume 15 gets ``AMPLITUDE``,
  a fifth of the 16-bit range: all five at full volume stay below 32,767.

numpy does the per-sample work: a block is a few dozen whole-array operations
(bench/synth_bench.py measures it).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from console.machines.b32 import memmap as mm
from console.machines.b32.devices.sound import Tone

RATE = mm.SAMPLE_RATE
BLOCK = mm.SAMPLES_PER_FRAME
NYQUIST = RATE // 2
SOURCES = mm.VOICE_COUNT + 1  # the voices and the beeper
AMPLITUDE = 32767 // SOURCES  # a source at volume 15
RAMP = 64  # samples (1.5 ms) over which a level changes
TABLE_SIZE = 4096  # samples in one period of a wave table
NOISE = mm.WAVES.index("NOISE")
SQUARE, PULSE25, PULSE12, TRIANGLE, SAW, _, SINE = range(len(mm.WAVES))
LFSR_PERIOD = (1 << 15) - 1

_N = np.arange(BLOCK, dtype=np.int64)
_UP = np.linspace(0.0, 1.0, RAMP, endpoint=False)  # a ramp's shape: 0 up to just below 1
_DOWN = 1.0 - np.linspace(0.0, 1.0, RAMP + 1)[1:]  # just below 1 down to 0


def harmonics(wave: int, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(cosine, sine) amplitudes of harmonics 1..count of one period of ``wave`` (phase 0 to 1),
    from its Fourier series: square and pulses are high first, the triangle starts at its
    lowest point, the sawtooth rises."""
    k = np.arange(1, count + 1, dtype=np.float64)
    if wave == SINE:
        return np.zeros(count), (k == 1).astype(np.float64)
    if wave == TRIANGLE:
        return np.where(k % 2 == 1, -8.0 / (np.pi * k) ** 2, 0.0), np.zeros(count)
    if wave == SAW:
        return np.zeros(count), -2.0 / (np.pi * k)
    duty = {SQUARE: 0.5, PULSE25: 0.25, PULSE12: 0.125}[wave]
    angle = 2.0 * np.pi * k * duty
    return 2.0 / (np.pi * k) * np.sin(angle), 2.0 / (np.pi * k) * (1.0 - np.cos(angle))


def band(freq: int) -> int:
    """The octave band of ``freq``: FREQ in [2**(b-1), 2**b) is band b."""
    return int(freq).bit_length()


@lru_cache(maxsize=None)
def table(wave: int, band_number: int) -> np.ndarray:
    """One period of ``wave`` for the frequencies of band ``band_number``, with every harmonic
    that stays below the Nyquist frequency for the band's highest frequency, scaled to peak 1;
    TABLE_SIZE + 1 samples (the first repeated at the end, for interpolation). Empty when no
    harmonic fits."""
    highest = (1 << band_number) - 1
    count = min((NYQUIST - 1) // highest, TABLE_SIZE // 2 - 1)
    if count < 1:
        return np.zeros(0)
    cos, sin = harmonics(wave, count)
    spectrum = np.zeros(TABLE_SIZE // 2 + 1, dtype=np.complex128)
    spectrum[1 : count + 1] = (cos - 1j * sin) * (TABLE_SIZE / 2)
    period = np.fft.irfft(spectrum, TABLE_SIZE)
    period /= np.abs(period).max()
    return np.append(period, period[0])


@lru_cache(maxsize=1)
def noise_sequence() -> np.ndarray:
    """The LFSR's output, +1 or -1, for each of its 32,767 states in order from the reset state 1:
    each step shifts right, feeding bit 0 XOR bit 1 into bit 14; the output is the new bit 0."""
    out = np.empty(LFSR_PERIOD, dtype=np.float64)
    state = 1
    for i in range(LFSR_PERIOD):
        state = state >> 1 | ((state ^ state >> 1) & 1) << 14
        out[i] = 1.0 if state & 1 else -1.0
    return out


class Synth:
    """Turns each frame's tones into its block; holds the phases between blocks."""

    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.phase = [0] * SOURCES  # 1/RATE cycles (tonal) or the LFSR step's fraction (noise)
        self.steps = [0] * SOURCES  # LFSR steps taken (noise)
        self.gain = [0.0] * SOURCES  # each source's level at the end of the previous block
        self.blocks = 0

    def render(self, tones: tuple[Tone, ...]) -> np.ndarray:
        """The block of ``tones`` (one per source): BLOCK signed 16-bit samples."""
        mix = np.zeros(BLOCK, dtype=np.float64)
        for index, tone in enumerate(tones):
            wave = self._source(index, tone)
            if wave is not None:
                mix += wave
        self.blocks += 1
        return np.rint(mix).astype(np.int16)

    def render_bytes(self, tones: tuple[Tone, ...]) -> bytes:
        """The block as little-endian 16-bit bytes (a WAV file's or the mixer's format)."""
        return self.render(tones).astype("<i2").tobytes()

    def _source(self, index: int, tone: Tone) -> np.ndarray | None:
        gain = AMPLITUDE * tone.level / 15
        previous = self.gain[index]
        if gain == 0 or tone.freq == 0:
            self.gain[index] = 0.0
            return None
        if previous == 0:
            self.phase[index] = 0  # a note starts at the start of its period
        wave = self._wave(index, tone.wave, tone.freq)
        self.gain[index] = 0.0 if tone.ending else gain
        if wave is None:
            return None
        envelope = np.full(BLOCK, gain)
        if previous != gain:
            envelope[:RAMP] = previous + (gain - previous) * _UP
        if tone.ending:
            envelope[-RAMP:] *= _DOWN
        return wave * envelope

    def _wave(self, index: int, wave: int, freq: int) -> np.ndarray | None:
        """BLOCK samples of ``wave`` at ``freq`` from this source's phase, peak 1; advances it."""
        start = self.phase[index]
        position = start + freq * _N
        end = start + freq * BLOCK
        if wave == NOISE:
            steps = self.steps[index]
            self.phase[index] = end % RATE
            self.steps[index] = (steps + end // RATE) % LFSR_PERIOD
            return noise_sequence()[(steps + position // RATE) % LFSR_PERIOD]
        self.phase[index] = end % RATE
        samples = table(wave, band(freq))
        if not len(samples):
            return None
        at = (position % RATE) * (TABLE_SIZE / RATE)
        whole = at.astype(np.int64)
        low = samples[whole]
        return low + (samples[whole + 1] - low) * (at - whole)
