"""The music cart and carts/lib/music.asm: three voices and a noise drum line, the notes on
screen as they play, the song looping, Space and Enter; measured from the machine's tones and
from a recorded WAV."""

from __future__ import annotations

import wave

import numpy as np

from console.commands import main
from console.machines.b32 import cart as cartfile
from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble_file
from console.machines.b32.machine import Machine
from console.machines.script import InputScript
from tests.carts.test_games import CARTS, glyphs

SONG_FRAMES = 8 * 96  # eight bars of eight 12-frame eighth notes


class Player:
    """The music cart on a fresh machine; ``tones[f]`` is the block of frame f."""

    def __init__(self, presses: list[str] | None = None) -> None:
        self.machine = Machine(seed=1)
        self.machine.load(cartfile.read(CARTS / "music.b32"))
        self.script = InputScript.parse(presses or [])
        self.tones: list[tuple] = []
        self.machine.on_sound = self.tones.append

    def until(self, frames: int) -> Player:
        while len(self.tones) < frames:
            self.script.apply(self.machine, len(self.tones))
            self.machine.run_frame()
            assert self.machine.fault is None
        return self

    def screen(self) -> list[str]:
        return [glyphs(line) for line in self.machine.screen_lines()]


def note_hz(note: int) -> int:
    """Note 1 is C2 (MIDI 36); equal temperament from A4 = 440 Hz."""
    return round(440 * 2 ** ((note + 35 - 69) / 12))


def test_the_note_table_is_equal_temperament_from_c2_to_b7():
    symbols = assemble_file(CARTS / "music.asm").symbols
    machine = Machine()
    machine.load(cartfile.read(CARTS / "music.b32"))
    table = symbols["NOTES"]
    words = [machine.mem[table + 2 * n] | machine.mem[table + 2 * n + 1] << 8 for n in range(73)]
    assert words[0] == 0
    assert words[1:] == [note_hz(n) for n in range(1, 73)]
    assert (symbols["N_C4"], symbols["N_A4"], words[symbols["N_A4"]]) == (25, 34, 440)


def test_three_voices_and_a_noise_drum_line_play_from_the_first_frame():
    player = Player().until(2)
    melody, bass, chords, drums, beeper = player.tones[0]
    assert (mm.WAVES[melody.wave], melody.freq, melody.level) == ("PULSE25", 659, 11)  # E5
    assert (mm.WAVES[bass.wave], bass.freq, bass.level) == ("TRIANGLE", 110, 15)  # A2
    assert (mm.WAVES[chords.wave], chords.freq, chords.level) == ("SAW", 220, 6)  # A3
    assert (mm.WAVES[drums.wave], drums.freq) == ("NOISE", 165)  # the kick: E3's rate
    assert beeper.level == 0


def test_each_note_lasts_its_frames_less_one_and_the_song_loops():
    player = Player().until(SONG_FRAMES + 30)
    melody = [t[0] for t in player.tones]
    assert [m.freq for m in melody[:24]] == [659] * 23 + [0]  # a quarter note, then a gap
    assert melody[24].freq == 880 and melody[36].freq == 784  # A5, G5: two eighths
    chords = [t[2].freq for t in player.tones]
    assert chords[0:12:11] == [220, 0] and chords[12] == 262  # A3 ... C4
    for frame in range(30):  # after eight bars it starts again
        assert player.tones[SONG_FRAMES + frame] == player.tones[frame]


def test_the_notes_are_shown_on_screen_as_they_play():
    player = Player().until(1)
    lines = player.screen()
    assert "B32 MUSIC BOX" in lines[1]
    rows = {0: 7, 1: 11, 2: 15, 3: 19}  # each voice's keyboard line
    names = {0: "E-5", 1: "A-2", 2: "A-3", 3: "E-3"}
    for voice, row in rows.items():
        assert f"playing:  {names[voice]}" in lines[row - 1]
        note = {0: 41, 1: 10, 2: 22, 3: 17}[voice]  # E5, A2, A3, E3
        assert lines[row][3 + note] == "♫" and lines[row].count("♫") == 1
    player.until(25)  # the melody moved up to A5, the mark with it
    lines = player.screen()
    assert "playing:  A-5" in lines[6] and lines[7][3 + 46] == "♫"


def test_space_stops_the_tune_and_enter_plays_it_from_the_start():
    player = Player(["100:space", "200:return"]).until(230)
    playing = [any(t.level for t in tones[:4]) for tones in player.tones]
    assert all(playing[:100:12])
    assert not any(playing[101:200])  # silent while stopped
    assert player.tones[201][:4] == Player().until(1).tones[0][:4]  # from the start again


def test_the_recorded_tune_has_its_notes_in_the_wav(tmp_path):
    target = tmp_path / "music.wav"
    assert main(["run", str(CARTS / "music.b32"), "--headless", "--frames", "96",
                 "--record-audio", str(target)]) == 0
    with wave.open(str(target)) as wav:
        samples = np.frombuffer(wav.readframes(wav.getnframes()), "<i2").astype(float)
    first_beat = samples[: 23 * 735]
    spectrum = np.abs(np.fft.rfft(first_beat * np.hanning(len(first_beat))))
    freqs = np.fft.rfftfreq(len(first_beat), 1 / mm.SAMPLE_RATE)

    def level(hz: float) -> float:
        return spectrum[np.abs(freqs - hz) < 4].max()

    floor = np.median(spectrum)
    for hz in (110, 659):  # the bass and the melody sound through the whole beat
        assert level(hz) > 50 * floor
    assert np.abs(samples).max() < 32767


def test_the_readme_wav_is_what_the_cart_plays(tmp_path):
    """docs/audio/music.wav, linked from the README gallery, is a current recording."""
    target = tmp_path / "music.wav"
    assert main(["run", str(CARTS / "music.b32"), "--headless", "--frames", "384",
                 "--record-audio", str(target)]) == 0
    committed = CARTS.parent / "docs" / "audio" / "music.wav"
    assert committed.read_bytes() == target.read_bytes()
