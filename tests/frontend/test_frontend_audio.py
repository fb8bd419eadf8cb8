"""The window's sound: the blocks it plays are the recorder's, through SDL's mixer without a gap;
Ctrl+M and --mute, the kiosk's --volume, and a window without an audio device."""

from __future__ import annotations

import os
import subprocess
import sys
import wave

import numpy as np
import pygame
import pytest

from console import commands as cli
from console.commands import main
from console.frontend import audio, window
from console.frontend.options import WindowOptions
from console.machines.b32.cart import write
from console.machines.b32.machine import Machine
from console.machines.script import InputScript
from tests.commands.test_sound_wav import voice_source
from tests.frontend_helpers import demo_cart, window_loops

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture
def make_loop(tmp_path):
    with window_loops() as keep:

        def make(cart, script=None, options=None, **kw):
            machine = Machine(seed=1)
            machine.load(cart)
            loop = window.open_loop(machine, options or WindowOptions(scale=1), script=script, **kw)
            return keep(loop)

        yield make


class Played(pygame.mixer.Sound):
    """pygame.mixer.Sound that keeps every buffer the speaker hands the mixer."""

    buffers: list[bytes] = []

    def __init__(self, buffer: bytes) -> None:
        Played.buffers.append(bytes(buffer))
        super().__init__(buffer=buffer)


def test_the_window_plays_exactly_what_the_recorder_writes(make_loop, monkeypatch, tmp_path):
    """demo_cart beeps 660 Hz for 4 frames on each typed key: the window and a headless
    recording of the same script give the same samples."""
    Played.buffers = []
    monkeypatch.setattr(audio.pygame.mixer, "Sound", Played)
    cart_path = tmp_path / "demo.b32"
    write(cart_path, demo_cart())
    loop = make_loop(demo_cart(), InputScript.parse(types=["2:ab"]))
    loop.run(frames=12, realtime=False)
    assert loop.audio.blocks == 12
    wav = tmp_path / "demo.wav"
    assert main(["run", str(cart_path), "--headless", "--frames", "12", "--seed", "1",
                 "--type", "2:ab", "--record-audio", str(wav)]) == 0
    with wave.open(str(wav)) as recorded:
        expected = recorded.readframes(recorded.getnframes())
    assert len(Played.buffers) == 12
    assert b"".join(Played.buffers) == expected
    samples = np.frombuffer(expected, "<i2").reshape(12, -1)
    assert np.abs(samples[:2]).max() == 0 and np.abs(samples[3]).max() > 6000  # the beep


@pytest.mark.slow  # a whole program in a subprocess
def test_through_sdls_mixer_every_block_arrives_in_order_without_a_gap(tmp_path):
    """SDL's disk audio driver writes what the mixer outputs to a file, at a sound card's pace:
    the file holds the synthesized blocks back to back, sample for sample."""
    program = f"""
import os, sys
sys.path.insert(0, {ROOT!r})
import pygame
from console.frontend import window
from console.machines.b32.asm import assemble
from console.machines.b32.machine import Machine
machine = Machine()
machine.load(assemble(open(sys.argv[1]).read()).cart)
loop = window.open_loop(machine)
made = []
render = loop.audio.synth.render_bytes
loop.audio.synth.render_bytes = lambda tones: made.append(render(tones)) or made[-1]
loop.run(frames=40)
pygame.time.wait(150)
loop.audio.close()
open(sys.argv[2], "wb").write(b"".join(made))
"""
    source = tmp_path / "notes.asm"
    source.write_text(voice_source("0 440 15 0 20 0 9", "1 300 10 3 0 1 0", "2 2000 8 5 0 0 0"))
    env = dict(os.environ, SDL_AUDIODRIVER="disk", SDL_VIDEODRIVER="dummy",
               SDL_DISKAUDIOFILE=str(tmp_path / "heard.raw"))
    subprocess.run([sys.executable, "-c", program, str(source), str(tmp_path / "made.raw")],
                   env=env, check=True, capture_output=True, timeout=60)
    made = (tmp_path / "made.raw").read_bytes()
    heard = (tmp_path / "heard.raw").read_bytes()
    size = 735 * 2
    assert len(made) == 40 * size
    # every block arrives whole and in order; between two blocks there is nothing, except
    # silence where the loop fell behind the sound card (on a loaded machine: an underrun)
    at, gapless = heard.index(made[:size]), 0
    for k in range(1, 40):
        block = made[k * size : (k + 1) * size]
        found = heard.index(block, at + size)
        assert heard[at + size : found] == bytes(found - at - size)  # silence, if anything
        gapless += found == at + size
        at = found
    assert gapless >= 30  # and mostly nothing at all (all 39 when the machine is not loaded)


def test_the_beeper_sounds_in_the_window(make_loop):
    loop = make_loop(demo_cart())
    heard = []
    play = loop.audio.play_block
    loop.audio.play_block = lambda tones: (heard.append(tones), play(tones))
    loop.machine.on_sound = loop.audio.play_block
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="a"))
    loop.run(frames=8, realtime=False)
    beeper = [tones[4] for tones in heard]
    assert [t.freq for t in beeper[:5]] == [660] * 4 + [0]  # TONETIME 4


def test_ctrl_m_mutes_and_unmutes(make_loop):
    loop = make_loop(demo_cart())
    assert loop.audio.available and not loop.audio.muted
    channel = pygame.mixer.Channel(0)
    assert channel.get_volume() == pytest.approx(1.0)
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=pygame.KMOD_LCTRL))
    loop.run(frames=1, realtime=False)
    assert loop.audio.muted and channel.get_volume() == 0
    assert "muted" in loop.title()
    assert loop.audio.blocks == 1  # the sound still flows, unheard
    pygame.event.post(pygame.event.Event(pygame.KEYUP, key=pygame.K_m, mod=pygame.KMOD_LCTRL))
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_m, mod=pygame.KMOD_LCTRL))
    loop.run(frames=1, realtime=False)
    assert not loop.audio.muted and channel.get_volume() == pytest.approx(1.0)
    assert "sound on" in loop.title()
    assert loop.machine.keyboard.queue == type(loop.machine.keyboard.queue)()  # not the cart's


def test_mute_and_volume_options_reach_the_channel(make_loop):
    loop = make_loop(demo_cart(), options=WindowOptions(scale=1, muted=True))
    assert loop.audio.muted and pygame.mixer.Channel(0).get_volume() == 0
    loop.audio.close()
    loop = make_loop(demo_cart(), options=WindowOptions(scale=1, volume=0.5))
    assert pygame.mixer.Channel(0).get_volume() == pytest.approx(0.5, abs=0.01)


def test_run_has_mute_and_the_kiosk_a_volume():
    from console.commands.args import window_options

    parser = cli.build_parser()
    args = parser.parse_args(["run", "x.b32", "--mute"])
    assert window_options(args).muted and window_options(args).volume == 1.0
    args = parser.parse_args(["kiosk", "--volume", "40"])
    assert window_options(args).volume == pytest.approx(0.4) and not window_options(args).muted


@pytest.mark.parametrize("value", ["101", "-1", "loud"])
def test_a_bad_kiosk_volume_exits_64(value, capsys):
    assert main(["kiosk", "--volume", value]) == 64
    assert "--volume" in capsys.readouterr().err


def test_no_audio_device_is_one_quiet_note_and_the_window_plays_on(monkeypatch, make_loop,
                                                                   capsys):
    def broken(*args, **kw):
        raise pygame.error("no available audio device")

    monkeypatch.setattr(audio.pygame.mixer, "init", broken)
    monkeypatch.setattr(audio.pygame.mixer, "get_init", lambda: None)
    loop = make_loop(demo_cart())
    assert not loop.audio.available
    assert capsys.readouterr().err == "b32: no sound: no available audio device\n"
    assert "no sound" in loop.title()
    pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text="a"))
    loop.run(frames=5, realtime=False)
    assert "a" in loop.machine.screen_lines()[19]  # the cart runs on
    assert loop.machine.on_sound is None  # nothing is synthesized for nobody
    assert capsys.readouterr().err == ""  # said once


def test_pacing_falls_back_to_the_clock_when_nothing_plays():
    speaker = audio.Speaker(enabled=False)
    assert not speaker.wait_for_room()
    speaker.close()


def test_sdls_dummy_audio_driver_does_not_pace_the_loop(make_loop):
    # the dummy driver plays nothing and keeps no time (it ran the loop at 67 frames a second):
    # sound keeps flowing to it, but the deadline clock paces
    loop = make_loop(demo_cart())
    assert pygame.mixer.get_driver() == "dummy" and loop.audio.available
    loop.run(frames=5, realtime=False)
    assert loop.audio.blocks == 5 and loop.audio._channel.get_busy()
    assert not loop.audio.clocked and not loop.audio.wait_for_room()


def test_the_shell_window_listens_to_the_cart_machine(tmp_path):
    from console.frontend.shell_window import open_shell_loop
    from console.shell.session import Shell, ShellOptions, scan_library

    (tmp_path / "beep.asm").write_text(voice_source("0 440 15 0 0 0 0"))
    shell = Shell(scan_library(tmp_path, None), ShellOptions(kiosk=False))
    loop = open_shell_loop(shell, WindowOptions(scale=1))
    try:
        assert shell.machine.on_sound == loop.audio.play_block
        assert getattr(shell.menu, "on_sound", None) is None
    finally:
        loop.audio.close()
        window.close()
