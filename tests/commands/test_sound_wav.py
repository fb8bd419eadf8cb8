"""The sound as heard: ``b32 run CART --headless --record-audio FILE.wav``, measured from the WAV
(read back with Python's ``wave`` module): frequency by zero crossings and FFT, TIME, DECAY,
SWEEP, no clipping, phase continuity, band-limiting, identical runs, and the exit codes."""

from __future__ import annotations

import wave

import numpy as np
import pytest

from console.commands import main
from console.machines.b32 import memmap as mm
from console.machines.b32.devices.sound import Tone
from console.machines.b32.synth import AMPLITUDE, RAMP, Synth

BLOCK = mm.SAMPLES_PER_FRAME
RATE = mm.SAMPLE_RATE


def voice_source(*notes: str, beeper: str = "") -> str:
    """A cart that sets voices during frame 0 and then waits forever. Each note is
    'VOICE FREQ VOL WAVE TIME DECAY SWEEP'."""
    lines = ["START   NOP"]
    for text in notes:
        voice, freq, vol, wave_, time, decay, sweep = (int(v) for v in text.split())
        base = f"VOICE{voice}"
        lines += [f"        LDD #{freq}", f"        STB {base}+V_FREQ",
                  f"        STA {base}+V_FREQ+1"]
        for field, value in (("WAVE", wave_), ("DECAY", decay), ("SWEEP", sweep),
                             ("TIME", time), ("VOL", vol)):
            lines += [f"        LDA #{value}", f"        STA {base}+V_{field}"]
    if beeper:
        freq, vol = (int(v) for v in beeper.split())
        lines += [f"        LDD #{freq}", "        STD TONE", f"        LDA #{vol}",
                  "        STA VOLUME"]
    lines += ["LOOP    WAIT", "        JMP LOOP", "        END START"]
    return "\n".join(lines) + "\n"


def record(tmp_path, source: str, frames: int, name: str = "out.wav") -> np.ndarray:
    cart = tmp_path / "sound.asm"
    cart.write_text(source)
    target = tmp_path / name
    status = main(["run", str(cart), "--headless", "--frames", str(frames),
                   "--record-audio", str(target)])
    assert status == 0
    with wave.open(str(target), "rb") as wav:
        assert (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) == (1, 2, RATE)
        assert wav.getnframes() == frames * BLOCK
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2").astype(np.int64)


def zero_crossings_per_second(samples: np.ndarray) -> float:
    signs = np.signbit(samples[samples != 0])
    return np.count_nonzero(signs[1:] != signs[:-1]) * RATE / len(samples)


def peak_frequency(samples: np.ndarray) -> float:
    """The strongest frequency, to a fraction of a hertz (zero-padded FFT)."""
    size = 1 << 20
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples)), size))
    return float(np.argmax(spectrum) * RATE / size)


def blocks(samples: np.ndarray) -> np.ndarray:
    return samples.reshape(-1, BLOCK)


# ---- frequency, per waveform ---------------------------------------------------------------


def test_a_440_hz_square_crosses_zero_880_times_a_second(tmp_path):
    samples = record(tmp_path, voice_source("0 440 15 0 0 0 0"), 61)[BLOCK:]
    assert len(samples) == RATE
    assert zero_crossings_per_second(samples) == pytest.approx(880, rel=0.01)
    assert peak_frequency(samples) == pytest.approx(440, abs=1)


@pytest.mark.parametrize("wave_number", [0, 1, 2, 3, 4, 6])
@pytest.mark.parametrize("voice", [0, 3])
def test_every_tonal_wave_sounds_at_its_freq(tmp_path, wave_number, voice):
    samples = record(tmp_path, voice_source(f"{voice} 523 15 {wave_number} 0 0 0"), 31)[BLOCK:]
    assert zero_crossings_per_second(samples) == pytest.approx(2 * 523, rel=0.01)
    assert peak_frequency(samples) == pytest.approx(523, abs=1)


def test_wave_shapes_differ_as_named(tmp_path):
    """Pulse widths by the time spent high; the sine has no harmonics; the saw has every
    harmonic, the square only odd ones."""
    def shape(number):
        samples = record(tmp_path, voice_source(f"0 441 15 {number} 0 0 0"), 11)[BLOCK:]
        spectrum = np.abs(np.fft.rfft(samples[: 100 * 60]))  # 60 whole periods: bins of 7.35 Hz
        harmonic = [spectrum[60 * k] for k in range(1, 5)]
        return samples, [h / harmonic[0] for h in harmonic]

    square, h_square = shape(0)
    saw, h_saw = shape(4)
    sine, h_sine = shape(6)
    assert h_square[1] < 0.01 and h_square[2] == pytest.approx(1 / 3, rel=0.05)
    assert h_saw[1] == pytest.approx(1 / 2, rel=0.05) and h_saw[2] == pytest.approx(1 / 3, rel=0.05)
    assert max(h_sine[1:]) < 0.01
    high = {}
    for number in (0, 1, 2):
        samples, _ = shape(number)
        high[number] = np.mean(samples > samples.mean())
    assert high[0] == pytest.approx(0.5, abs=0.03)
    assert high[1] == pytest.approx(0.25, abs=0.03)
    assert high[2] == pytest.approx(0.125, abs=0.03)


def test_noise_is_a_15_bit_lfsr_stepped_freq_times_a_second(tmp_path):
    samples = record(tmp_path, voice_source("1 4410 15 5 0 0 0"), 31)[BLOCK:]
    # held for 10 samples per step, two levels
    assert set(np.unique(samples)) == {-AMPLITUDE, AMPLITUDE}
    changes = np.flatnonzero(samples[1:] != samples[:-1]) + 1
    assert np.all(np.diff(changes) % 10 == 0)
    # the sequence is the maximal 15-bit LFSR's: about as many highs as lows, and no run
    # longer than 15 steps
    steps = samples[::10]
    assert abs(np.mean(steps > 0) - 0.5) < 0.05
    runs = np.diff(np.flatnonzero(np.diff(np.signbit(steps)))).max()
    assert runs <= 15


def test_the_beeper_is_mixed_in_as_a_square(tmp_path):
    samples = record(tmp_path, voice_source(beeper="660 15"), 31)[BLOCK:]
    assert peak_frequency(samples) == pytest.approx(660, abs=1)
    assert np.abs(samples).max() == pytest.approx(AMPLITUDE, abs=2)


# ---- TIME, DECAY, SWEEP --------------------------------------------------------------------


def test_time_30_sounds_in_exactly_blocks_0_to_29(tmp_path):
    loud = np.abs(blocks(record(tmp_path, voice_source("2 440 15 0 30 0 0"), 40))).max(axis=1)
    assert np.all(loud[:30] > AMPLITUDE * 0.9)
    assert np.all(loud[30:] == 0)


def test_decay_2_from_vol_15_is_silent_after_30_frames(tmp_path):
    loud = np.abs(blocks(record(tmp_path, voice_source("0 440 15 6 0 2 0"), 40))).max(axis=1)
    assert np.all(loud[30:] == 0) and np.all(loud[:30] > 0)
    # each pair of blocks is one step quieter: VOL 15, 15, 14, 14, ... 1, 1 (measured after
    # the first RAMP samples, where the level glides from the previous block's)
    loud = np.abs(blocks(record(tmp_path, voice_source("0 440 15 6 0 2 0"), 40))[:, RAMP:])
    loud = loud.max(axis=1)
    for frame in range(2, 30):
        expected = AMPLITUDE * (15 - frame // 2) / 15
        assert loud[frame] == pytest.approx(expected, abs=AMPLITUDE / 15 * 0.05)


@pytest.mark.parametrize("sweep", [20, -20])
def test_sweep_moves_the_frequency_by_sweep_hz_a_frame(tmp_path, sweep):
    samples = blocks(record(tmp_path, voice_source(f"0 1000 15 6 0 0 {sweep & 0xFF}"), 45))
    # frames 5-14 average FREQ 1000 + sweep * 9.5, frames 30-39 1000 + sweep * 34.5
    first = peak_frequency(samples[5:15].ravel())
    later = peak_frequency(samples[30:40].ravel())
    assert first == pytest.approx(1000 + sweep * 9.5, abs=3)
    assert (later - first) / 25 == pytest.approx(sweep, rel=0.03)


# ---- the mix ------------------------------------------------------------------------------


def test_five_sources_at_full_volume_never_clip(tmp_path):
    source = voice_source("0 4000 15 0 0 0 0", "1 3000 15 4 0 0 0", "2 100 15 2 0 0 0",
                          "3 9000 15 5 0 0 0", beeper="4001 15")
    samples = record(tmp_path, source, 60)
    assert np.abs(samples).max() < 32767
    # and all five are in there: far louder than any one
    assert np.abs(samples).max() > 3 * AMPLITUDE


def test_every_combination_of_peaks_stays_inside_16_bits():
    synth = Synth()
    worst = 0
    for freq in (20, 55, 440, 1000, 4000, 11000, 20000):
        tones = tuple(Tone(wave, freq + wave, 15) for wave in (0, 3, 4, 6)) + (Tone(0, freq, 15),)
        for _ in range(3):
            worst = max(worst, int(np.abs(synth.render(tones).astype(np.int64)).max()))
    assert worst <= 5 * AMPLITUDE < 32767


def test_waves_are_phase_continuous_across_blocks(tmp_path):
    """A 441 Hz sine has a period of exactly 100 samples: the recording is that sine with no
    step at any block boundary."""
    samples = record(tmp_path, voice_source("0 441 15 6 0 0 0"), 20)[BLOCK:]
    n = np.arange(BLOCK, BLOCK + len(samples))
    expected = AMPLITUDE * np.sin(2 * np.pi * 441 * n / RATE)
    assert np.abs(samples - expected).max() <= 2


def test_a_4_khz_square_does_not_alias(tmp_path):
    samples = record(tmp_path, voice_source("0 4000 15 0 0 0 0"), 61)[BLOCK:]
    spectrum = np.abs(np.fft.rfft(samples * np.hanning(len(samples))))
    freqs = np.fft.rfftfreq(len(samples), 1 / RATE)
    harmonics = np.zeros(len(freqs), dtype=bool)
    for k in (1, 3, 5):
        harmonics |= np.abs(freqs - 4000 * k) < 20
    worst = spectrum[~harmonics].max() / spectrum.max()
    assert 20 * np.log10(worst) < -80  # a naive square's first alias is at -19 dB


def test_two_runs_give_identical_wavs(tmp_path):
    source = voice_source("0 440 15 0 20 0 3", "1 300 12 5 0 3 0", "2 97 9 3 0 0 0",
                          "3 1234 15 4 0 0 -7", beeper="880 5")
    record(tmp_path, source, 90, "one.wav")
    record(tmp_path, source, 90, "two.wav")
    assert (tmp_path / "one.wav").read_bytes() == (tmp_path / "two.wav").read_bytes()


def test_the_recorder_writes_what_the_synthesizer_makes(tmp_path):
    samples = record(tmp_path, voice_source("0 440 15 3 10 0 0", beeper="700 8"), 12)
    synth = Synth()
    tones = [(Tone(3, 440, 15, frame == 9) if frame < 10 else Tone(0, 0, 0),) + (Tone(0, 0, 0),) * 3
             + (Tone(0, 700, 8),) for frame in range(12)]
    expected = np.concatenate([synth.render(t) for t in tones]).astype(np.int64)
    assert np.array_equal(samples, expected)


# ---- the command ---------------------------------------------------------------------------


def test_record_audio_needs_headless(tmp_path, capsys):
    cart = tmp_path / "a.asm"
    cart.write_text(voice_source())
    assert main(["run", str(cart), "--record-audio", str(tmp_path / "x.wav")]) == 64
    assert "--record-audio needs --headless" in capsys.readouterr().err
    assert not (tmp_path / "x.wav").exists()


@pytest.mark.parametrize("where", ["missing/out.wav", "."])
def test_an_unwritable_wav_exits_73_and_leaves_nothing(tmp_path, capsys, where):
    cart = tmp_path / "a.asm"
    cart.write_text(voice_source())
    before = sorted(p.name for p in tmp_path.iterdir())
    target = tmp_path / where
    assert main(["run", str(cart), "--headless", "--frames", "3",
                 "--record-audio", str(target)]) == 73
    err = capsys.readouterr().err
    assert err.startswith("b32 run: cannot write") and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before


def test_a_failed_run_keeps_the_old_wav(tmp_path, monkeypatch, capsys):
    cart = tmp_path / "a.asm"
    cart.write_text(voice_source("0 440 15 0 0 0 0"))
    target = tmp_path / "keep.wav"
    target.write_bytes(b"old")
    from console.machines.b32 import recorder

    def broken(self, tones):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(recorder.AudioRecorder, "record", broken)
    assert main(["run", str(cart), "--headless", "--frames", "3",
                 "--record-audio", str(target)]) == 73
    assert "No space left on device" in capsys.readouterr().err
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.asm", "keep.wav"]


def test_no_clicks_level_changes_glide_and_notes_fade_in_and_out(tmp_path):
    """A square decaying a step every frame, timed to 12 frames: at no block boundary does the
    output jump further than the square's own edges do inside a block, the note starts from 0
    and its last block ends at 0."""
    samples = record(tmp_path, voice_source("0 441 15 0 12 1 0"), 14)
    steps = np.abs(np.diff(samples))
    inside = max(steps[k * BLOCK + 1 : (k + 1) * BLOCK - 1].max() for k in range(11))
    boundaries = [steps[k * BLOCK - 1] for k in range(1, 14)]
    assert max(boundaries) <= inside
    assert samples[0] == 0 and np.abs(samples[:RAMP]).max() < AMPLITUDE  # fading in
    assert samples[12 * BLOCK - 1] == 0 and np.all(samples[12 * BLOCK :] == 0)  # faded out
