"""The sound chip's registers (HARDWARE.md section 6): read-back, reset, the end-of-frame update,
and the tones the synthesizer is handed, register by register."""

from __future__ import annotations

import pytest

from console.machines.b32 import memmap as mm
from console.machines.b32.asm import assemble
from console.machines.b32.devices.sound import Tone
from console.machines.b32.machine import Machine
from tests.cpu_helpers import make_machine

WAIT_LOOP = b"\x4F\x0A\x00\x10"  # WAIT ; JMP $1000
FIELDS = mm.VOICE_FIELDS


def at(voice: int, field: str) -> int:
    return mm.VOICES + mm.VOICE_SIZE * voice + FIELDS[field]


def idle() -> Machine:
    return make_machine(WAIT_LOOP)


def note(m: Machine, voice: int = 0, freq: int = 440, vol: int = 15, wave: int = 0,
         time: int = 0, decay: int = 0, sweep: int = 0) -> None:
    for field, value in (("WAVE", wave), ("DECAY", decay), ("SWEEP", sweep & 0xFF),
                         ("VOL", vol), ("TIME", time)):
        m.bus.write(at(voice, field), value)
    m.bus.write16(at(voice, "FREQ"), freq)


def read(m: Machine, voice: int, field: str) -> int:
    if field == "FREQ":
        return m.bus.read16(at(voice, field))
    return m.bus.read(at(voice, field))


# ---- the addresses -------------------------------------------------------------------------


def test_the_map_puts_four_voices_of_eight_bytes_at_afc0():
    assert (mm.VOICES, mm.VOICES_END, mm.VOICE_SIZE) == (0xAFC0, 0xAFE0, 8)
    assert FIELDS == {"FREQ": 0, "VOL": 2, "WAVE": 3, "TIME": 4, "DECAY": 5, "SWEEP": 6}
    assert [mm.IO_NAMES[f"VOICE{n}"] for n in range(4)] == [0xAFC0, 0xAFC8, 0xAFD0, 0xAFD8]
    assert mm.SAMPLES_PER_FRAME == 735


@pytest.mark.parametrize("voice", range(4))
@pytest.mark.parametrize("field,value", [("VOL", 0x3C), ("WAVE", 9), ("TIME", 200),
                                         ("DECAY", 7), ("SWEEP", 0xF6)])
def test_each_byte_register_reads_back_the_byte_written(voice, field, value):
    m = idle()
    m.bus.write(at(voice, field), value)
    assert read(m, voice, field) == value
    others = [v for v in range(4) if v != voice]
    assert all(read(m, v, field) == 0 for v in others)  # the other voices are untouched


@pytest.mark.parametrize("voice", range(4))
def test_freq_is_a_little_endian_word(voice):
    m = idle()
    m.bus.write(at(voice, "FREQ"), 0xB8)
    m.bus.write(at(voice, "FREQ") + 1, 0x01)
    assert read(m, voice, "FREQ") == 440
    assert m.sound.voices[voice].freq == 440
    assert m.bus.read(at(voice, "FREQ")) == 0xB8 and m.bus.read(at(voice, "FREQ") + 1) == 1


@pytest.mark.parametrize("voice", range(4))
def test_the_eighth_byte_reads_zero_and_ignores_writes(voice):
    m = idle()
    addr = mm.VOICES + 8 * voice + 7
    m.bus.write(addr, 0x55)
    assert m.bus.read(addr) == 0 and m.mem[addr] == 0


def test_reset_clears_every_register():
    m = idle()
    for voice in range(4):
        note(m, voice, freq=1000 + voice, vol=9, wave=3, time=5, decay=2, sweep=-3)
    m.run_frame()
    m.reset()
    assert all(m.bus.read(addr) == 0 for addr in range(mm.VOICES, mm.VOICES_END))
    assert m.tones()[:4] == (Tone(0, 0, 0),) * 4


def test_the_cpu_reaches_the_registers_by_their_assembler_names():
    source = """
START   LDD #440
        STB VOICE2+V_FREQ
        STA VOICE2+V_FREQ+1
        LDA #W_TRIANGLE
        STA VOICE2+V_WAVE
        LDA #12
        STA VOICE2+V_VOL
        LDA VOICE2+V_VOL
        STA $0200
        LDA VOICE2+7
        STA $0201
        WAIT
        END START
"""
    m = Machine()
    m.load(assemble(source).cart)
    m.run_frame()
    assert m.sound.voices[2].freq == 440 and m.sound.voices[2].wave == 3
    assert (m.mem[0x200], m.mem[0x201]) == (12, 0)
    assert m.tones()[2] == Tone(3, 440, 12)


# ---- the end-of-frame update ---------------------------------------------------------------


def test_time_counts_down_and_the_note_falls_silent_until_rewritten():
    m = idle()
    note(m, time=3)
    levels = []
    for _ in range(5):
        levels.append(m.tones()[0].level)
        m.run_frame()
    assert levels == [15, 15, 15, 0, 0]
    assert read(m, 0, "TIME") == 0 and read(m, 0, "FREQ") == 440 and read(m, 0, "VOL") == 15
    m.bus.write(at(0, "VOL"), 15)  # writing VOL (or FREQ, or TIME) starts it again
    assert m.tones()[0].level == 15 and read(m, 0, "TIME") == 0  # now without a limit
    for _ in range(300):
        m.run_frame()
    assert m.tones()[0].level == 15


@pytest.mark.parametrize("field", ["FREQ", "VOL", "TIME"])
def test_a_timed_out_note_restarts_on_a_write_of(field):
    m = idle()
    note(m, time=1)
    m.run_frame()
    assert m.tones()[0].level == 0
    m.bus.write(at(0, field), m.bus.read(at(0, field)))
    assert m.tones()[0].level == 15


def test_the_last_block_of_a_timed_note_is_marked_ending():
    m = idle()
    note(m, time=2)
    assert m.tones()[0] == Tone(0, 440, 15, False)
    m.run_frame()
    assert m.tones()[0] == Tone(0, 440, 15, True)


def test_decay_drops_vol_every_n_frames_counted_from_the_vol_write():
    m = idle()
    note(m, vol=0x1F, decay=2)  # bits 4-7 are kept as written
    seen = []
    for _ in range(6):
        m.run_frame()
        seen.append(read(m, 0, "VOL"))
    assert seen == [0x1F, 0x1E, 0x1E, 0x1D, 0x1D, 0x1C]
    m.run_frame()  # 7 frames since the write
    m.bus.write(at(0, "VOL"), 0x0F)  # the count starts again
    m.run_frame()
    assert read(m, 0, "VOL") == 0x0F
    m.run_frame()
    assert read(m, 0, "VOL") == 0x0E


def test_decay_stops_at_zero_and_the_voice_is_silent():
    m = idle()
    note(m, vol=2, decay=1)
    m.run_frame()
    m.run_frame()
    assert read(m, 0, "VOL") == 0 and m.tones()[0].level == 0
    m.run_frame()
    assert read(m, 0, "VOL") == 0


@pytest.mark.parametrize("sweep,frames,expected", [(10, 3, 470), (-10, 3, 410),
                                                   (-128, 4, 0), (127, 1, 567)])
def test_sweep_adds_a_signed_step_to_freq_each_frame(sweep, frames, expected):
    m = idle()
    note(m, sweep=sweep)
    for _ in range(frames):
        m.run_frame()
    assert read(m, 0, "FREQ") == expected
    assert read(m, 0, "SWEEP") == sweep & 0xFF


def test_sweep_stops_at_zero_silent_and_at_65535():
    m = idle()
    note(m, freq=15, sweep=-10)
    m.run_frame()
    m.run_frame()
    assert read(m, 0, "FREQ") == 0 and m.tones()[0].level == 0
    m.run_frame()
    assert read(m, 0, "FREQ") == 0  # it stays at 0
    note(m, voice=1, freq=65530, sweep=100)
    m.run_frame()
    m.run_frame()
    assert read(m, 1, "FREQ") == 65535


def test_waves_above_6_sound_as_square_and_vol_high_bits_are_ignored():
    m = idle()
    note(m, wave=200, vol=0xF3)
    assert m.tones()[0] == Tone(0, 440, 3)
    assert read(m, 0, "WAVE") == 200


def test_a_voice_is_silent_with_freq_or_vol_zero():
    m = idle()
    note(m, freq=0)
    note(m, voice=1, vol=0)
    assert m.tones()[0].level == 0 and m.tones()[1].level == 0


def test_the_machine_hands_each_frame_its_tones_before_the_update():
    m = idle()
    heard = []
    m.on_sound = heard.append
    note(m, time=2, sweep=5)
    for _ in range(3):
        m.run_frame()
    assert [t[0] for t in heard] == [Tone(0, 440, 15, False), Tone(0, 445, 15, True),
                                     Tone(0, 0, 0)]
    assert all(len(t) == 5 for t in heard)


def test_the_beeper_is_the_fifth_source():
    m = idle()
    m.bus.write16(mm.TONE, 660)
    m.bus.write(mm.VOLUME, 9)
    m.bus.write(mm.TONETIME, 1)
    assert m.tones()[4] == Tone(0, 660, 9, True)
    m.run_frame()
    assert m.tones()[4].level == 0


def test_the_assembler_names_come_from_the_memmap_and_are_documented():
    from pathlib import Path

    from console.machines.b32.asm.assembler import PREDEFINED

    doc = (Path(__file__).resolve().parents[2] / "docs" / "ASSEMBLY.md").read_text()
    names = {"VOICES": 0xAFC0, **{f"VOICE{n}": 0xAFC0 + 8 * n for n in range(4)},
             **{f"V_{field}": offset for field, offset in FIELDS.items()},
             **{f"W_{wave}": n for n, wave in enumerate(mm.WAVES)}}
    assert len(names) == 5 + 6 + 7
    for name, value in names.items():
        assert PREDEFINED[name] == value
        assert f"`{name}`" in doc, f"{name} is not in docs/ASSEMBLY.md"
    # the field and wave constants are not addresses: the disassembler does not name $0000-$0006
    assert "V_FREQ" not in mm.PREDEFINED and "W_SINE" not in mm.PREDEFINED


def test_a_sweep_or_decay_about_to_silence_the_voice_marks_its_last_block():
    m = idle()
    note(m, freq=25, sweep=-10)
    assert m.tones()[0] == Tone(0, 25, 15, False)
    m.run_frame()
    assert m.tones()[0] == Tone(0, 15, 15, False)
    m.run_frame()
    assert m.tones()[0] == Tone(0, 5, 15, True)  # 5 - 10 reaches 0: the last block
    note(m, voice=1, vol=2, decay=2)
    endings = []
    for _ in range(4):
        endings.append((m.tones()[1].level, m.tones()[1].ending))
        m.run_frame()
    assert endings == [(2, False), (2, False), (1, False), (1, True)]
    assert m.tones()[1].level == 0
