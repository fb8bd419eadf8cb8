"""The game carts (snake, breakout, invaders), replayed headless with scripted keys.

Each game is checked against stored screens (``tests/screens/GAME-title.txt``, ``-play``, ``-over``:
all 25 lines, exactly), for a sound effect on the sound chip on the frame of a game event (the
tones of the block the frame makes), and for a working restart.
Runs are deterministic: a fixed seed for RANDOM and a fixed key script.

To rewrite the stored screens after a deliberate change to a game:
``B32_UPDATE_GOLDEN=1 python -m pytest tests/carts/test_games.py``, then look at the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from console.machines.b32 import cart as cartfile
from console.machines.b32 import memmap as mm
from console.machines.b32.devices.sound import Tone
from console.machines.b32.machine import Machine
from console.machines.script import InputScript

ROOT = Path(__file__).resolve().parents[2]
CARTS = ROOT / "carts"
SCREENS = Path(__file__).resolve().parents[1] / "screens"
SEED = 1

# screen_lines() decodes code page 437 bytes below $20 as control characters; the console draws
# them as these glyphs, which also keeps the stored screens readable.
CP437_LOW = " ☺☻♥♦♣♠•◘○◙♂♀♪♫☼►◄↕‼¶§▬↨↑↓→←∟↔▲▼"


def glyphs(line: str) -> str:
    return "".join(CP437_LOW[ord(ch)] if ord(ch) < 32 else ch for ch in line)


class Run:
    """One cart on a fresh machine, fed a key script frame by frame."""

    def __init__(self, game: str, presses: list[str], seed: int = SEED) -> None:
        self.machine = Machine(seed=seed)
        self.machine.load(cartfile.read(CARTS / f"{game}.b32"))
        self.script = InputScript.parse(presses)
        self.frame = 0
        self.beeps: dict[int, int] = {}  # frame -> the beeper's frequency sounding after it
        self.sounds: dict[int, dict[int, Tone]] = {}  # frame -> {voice: tone} in its block
        self.machine.on_sound = self._heard

    def until(self, frame: int) -> Run:
        """Run up to (not including) ``frame``."""
        m = self.machine
        while self.frame < frame:
            self.script.apply(m, self.frame)
            m.run_frame()
            assert m.fault is None, m.fault
            assert not m.halted, f"the cart ended at frame {self.frame}"
            if m.beeper.frequency:
                self.beeps[self.frame] = m.beeper.frequency
            self.frame += 1
        return self

    def _heard(self, tones) -> None:
        voices = {n: tone for n, tone in enumerate(tones[:4]) if tone.level}
        if voices:
            self.sounds[self.frame] = voices

    def effect(self, frame: int, voice: int) -> tuple[str, int]:
        """(wave name, FREQ) of ``voice`` in ``frame``'s block."""
        tone = self.sounds[frame][voice]
        return mm.WAVES[tone.wave], tone.freq

    def screen(self) -> list[str]:
        return [glyphs(line) for line in self.machine.screen_lines()]


def screen_after(game: str, frames: int, presses: list[str]) -> list[str]:
    """The screen after running ``frames`` frames of ``game`` with ``presses``."""
    return Run(game, presses).until(frames).screen()


def screen_file(lines: list[str]) -> str:
    assert len(lines) == 25
    return "\n".join(lines) + "\n"


# ---- the scripts: frame:key[:frames] -----------------------------------------------------------
# Snake: start, head right along row 12, turn down at column 41 onto the heart at (20, 41),
# then keep going down into the bottom wall.
SNAKE = ["30:return", "256:down"]
SNAKE_EAT = 318  # the frame the head reaches the heart
SNAKE_OVER = 400  # the game over box is up (the crash is at frame 350)
# Breakout: start, move left 5, serve; the ball flies off, nobody moves: three balls lost.
BREAKOUT = ["30:return", "60:left:5", "90:space", "400:space", "800:space"]
BREAKOUT_HIT = 142  # the ball knocks out its first brick
BREAKOUT_OVER = 1320  # (the third ball is lost at frame 1232)
# Invaders: start, fire straight up three times between the shields (one hit), then stand still.
INVADERS = ["30:return", "50:space", "90:space", "130:space"]
INVADERS_HIT = 100  # the first shot hits an invader
INVADERS_OVER = 3000


@pytest.mark.parametrize("game", ["snake", "breakout", "invaders"])
def test_title_screen_says_which_keys_to_press(game, golden):
    lines = screen_after(game, 20, [])
    golden(f"screens/{game}-title.txt", screen_file(lines))
    text = "\n".join(lines)
    assert "PRESS START" in text
    assert "←" in text or "Arrow" in text


def test_snake_play_screen(golden):
    golden("screens/snake-play.txt",
           screen_file(screen_after("snake", SNAKE_EAT + 10, SNAKE)))


def test_snake_chirps_when_it_eats():
    run = Run("snake", SNAKE).until(SNAKE_EAT + 8)
    assert run.effect(SNAKE_EAT, 0) == ("PULSE25", 880)
    assert run.effect(SNAKE_EAT + 1, 0) == ("PULSE25", 940)  # sweeping up 60 Hz a frame
    assert min(run.sounds) == SNAKE_EAT and SNAKE_EAT + 6 not in run.sounds  # 6 frames long
    assert "SCORE 00010" in run.screen()[0]


def test_snake_game_over_and_restart(golden):
    run = Run("snake", SNAKE + [f"{SNAKE_OVER + 20}:space"]).until(SNAKE_OVER)
    golden("screens/snake-over.txt", screen_file(run.screen()))
    assert run.effect(350, 2) == ("SAW", 220)  # the crash: a falling growl
    assert run.effect(351, 2) == ("SAW", 216)
    run.until(SNAKE_OVER + 30)
    lines = run.screen()
    assert "SCORE 00000" in lines[0] and "HI 00010" in lines[0]
    assert "G A M E" not in "\n".join(lines)


def test_breakout_play_screen(golden):
    golden("screens/breakout-play.txt",
           screen_file(screen_after("breakout", 150, BREAKOUT)))


def test_breakout_sounds_a_brick_and_the_paddle():
    run = Run("breakout", BREAKOUT).until(BREAKOUT_HIT + 1)
    assert run.effect(BREAKOUT_HIT, 1) == ("PULSE12", 659)  # the bottom row's note
    assert "00001" in run.screen()[4]
    run.until(600)
    assert run.effect(194, 2) == ("SAW", 300)  # the first ball is lost: a falling groan
    assert run.effect(195, 2) == ("SAW", 292)
    bounces = [f for f, voices in run.sounds.items() if 0 in voices]  # walls and the paddle
    assert bounces and all(run.effect(f, 0)[0] == "TRIANGLE" for f in bounces)


def test_breakout_game_over_and_restart(golden):
    run = Run("breakout", BREAKOUT + [f"{BREAKOUT_OVER + 20}:space"]).until(BREAKOUT_OVER)
    golden("screens/breakout-over.txt", screen_file(run.screen()))
    run.until(BREAKOUT_OVER + 30)
    lines = run.screen()
    assert "GAME  OVER" not in "\n".join(lines)
    assert lines[4].endswith("00000") and lines[7].endswith("00012")  # score, high score
    assert lines[13].count("♥") == 3


def test_invaders_play_screen(golden):
    golden("screens/invaders-play.txt",
           screen_file(screen_after("invaders", 400, INVADERS)))


def test_invaders_sound_the_shot_and_the_hit():
    run = Run("invaders", INVADERS).until(INVADERS_HIT + 1)
    assert run.effect(50, 0) == ("SQUARE", 1400)  # the shot: a zap falling 100 Hz a frame
    assert run.effect(51, 0) == ("SQUARE", 1300)
    assert run.effect(INVADERS_HIT, 1) == ("NOISE", 1800)  # the invader bursts
    assert run.beeps and set(run.beeps.values()) == {110, 82}  # the march stays on the beeper
    assert "SCORE 00010" in run.screen()[0]


def test_invaders_game_over_and_restart(golden):
    run = Run("invaders", INVADERS + [f"{INVADERS_OVER + 20}:return"]).until(INVADERS_OVER)
    golden("screens/invaders-over.txt", screen_file(run.screen()))
    run.until(INVADERS_OVER + 30)
    lines = run.screen()
    assert "G A M E" not in "\n".join(lines)
    assert "SCORE 00000" in lines[0] and "HI 00010" in lines[0]
    assert lines[0].count("▄█▄") == 3


# ---- high scores kept with SAVE (HARDWARE.md section 6) ----------------------------------------
def _high_score_line(game: str, frames: int, presses: list[str], store, cart_file) -> list[str]:
    run = Run(game, presses)
    run.machine.load(cartfile.read(cart_file), store.slot(cart_file))
    run.until(frames)
    return run.screen()


@pytest.mark.parametrize("game, over, presses, row, shown", [
    ("snake", SNAKE_OVER, SNAKE, 0, "HI 00010"),
    ("breakout", BREAKOUT_OVER, BREAKOUT, 7, "00012"),
    ("invaders", INVADERS_OVER, INVADERS, 0, "HI 00010"),
])
def test_the_high_score_survives_a_restart(tmp_path, game, over, presses, row, shown):
    from console.machines.saves import SaveStore

    cart_file = CARTS / f"{game}.b32"
    store = SaveStore(tmp_path)
    assert shown in _high_score_line(game, over, presses, store, cart_file)[row]
    store.close()  # the window closes
    assert len(list(tmp_path.glob(f"{game}-*.sav"))) == 1
    # a new run: the title screen's start, before any score, already shows the high score
    lines = _high_score_line(game, 60, presses, SaveStore(tmp_path), cart_file)
    assert shown in "\n".join(lines)
    fresh = Run(game, presses).until(60).screen()  # without the save: zeros
    assert shown not in "\n".join(fresh)


def test_the_kiosk_keeps_high_scores_across_restarts(tmp_path):
    from console import commands as cli

    folder = tmp_path / "carts"
    folder.mkdir()
    (folder / "snake.b32").write_bytes((CARTS / "snake.b32").read_bytes())
    base = ["kiosk", str(folder), "--no-bundled", "--headless", "--seed", str(SEED),
            "--save-dir", str(tmp_path / "saves"), "--press", "10:return", "--press", "40:return"]
    out = tmp_path / "screen.txt"
    assert cli.main(base + ["--press", "266:down", "--frames", "420",
                            "--dump-screen", str(out)]) == 0
    assert "HI 00010" in out.read_text().splitlines()[0]
    assert cli.main(base + ["--frames", "60", "--dump-screen", str(out)]) == 0  # restarted
    first = out.read_text().splitlines()[0]
    assert "SCORE 00000" in first and "HI 00010" in first
