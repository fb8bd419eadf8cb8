"""The sound chip and the beeper as text, for the monitor's ``v`` and the debugger panel
(``Machine.sound_lines`` / ``Machine.sound_panel``): their registers as they read back, and
whether each source is heard."""

from __future__ import annotations

from console.machines.b32 import memmap as mm

#: byte $0D as text: the console's font draws it as a note (♪), the panel's "it sounds" mark
SOUNDING_MARK = bytes([0x0D]).decode("cp437")
VOICES_PER_ROW = 2  # in the panel


def wave_name(wave: int, short: bool = False) -> str:
    """WAVE's name (values above 6 sound as SQUARE); ``short``: three letters (SQU P25 P12 TRI
    SAW NOI SIN)."""
    name = mm.WAVES[wave] if wave < len(mm.WAVES) else mm.WAVES[0]
    if not short:
        return name
    return name[0] + name[-2:] if name[-1].isdigit() else name[:3]


def _sweep(voice) -> int:
    return voice.sweep - 256 if voice.sweep & 0x80 else voice.sweep


def voice_line(voice, number: int) -> str:
    """``VOICE0 $AFC0 SQUARE    FREQ   440 VOL 15 TIME  30 DECAY   2 SWEEP  +10 sounding``"""
    state = "sounding" if voice.level else "silent"
    return (f"VOICE{number} ${mm.VOICES + mm.VOICE_SIZE * number:04X} "
            f"{wave_name(voice.wave):<9} FREQ {voice.freq:>5} VOL {voice.vol & 15:>2} "
            f"TIME {voice.time:>3} DECAY {voice.decay:>3} SWEEP {_sweep(voice):+4d} {state}")


def voice_brief(voice, number: int) -> str:
    """``0♪SQU   440 v15 t 30``: a voice in 20 characters (the note mark while it sounds)."""
    mark = SOUNDING_MARK if voice.level else " "
    return (f"{number}{mark}{wave_name(voice.wave, short=True)} {voice.freq:>5} "
            f"v{voice.vol & 15:<2} t{voice.time:>3}")


def beeper_line(beeper) -> str:
    """``beeper TONE   660 VOLUME 15 TONETIME   4 sounding``"""
    state = "sounding" if beeper.current_tone().level else "silent"
    return (f"beeper TONE {beeper.tone:>5} VOLUME {beeper.volume & 15:>2} "
            f"TONETIME {beeper.tone_time:>3} {state}")


def sound_lines(chip, beeper) -> list[str]:
    """The four voices and the beeper, a line each."""
    return [voice_line(v, n) for n, v in enumerate(chip.voices)] + [beeper_line(beeper)]


def sound_panel(chip, beeper) -> list[str]:
    """A heading with the beeper, then the voices two to a row: 44 characters at most."""
    heard = SOUNDING_MARK if beeper.current_tone().level else " "
    lines = [f"sound  beeper{heard}{beeper.tone:>5} v{beeper.volume & 15:<2} "
             f"t{beeper.tone_time:>3}"]
    voices = chip.voices
    for first in range(0, len(voices), VOICES_PER_ROW):
        lines.append("  ".join(voice_brief(voices[n], n)
                               for n in range(first, first + VOICES_PER_ROW)))
    return lines
