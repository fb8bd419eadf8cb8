"""The game carts (snake, breakout, invaders), replayed headless with scripted keys.

Each game is checked against stored screens (``tests/screens/GAME-title.txt``, ``-play``, ``-over``:
all 25 lines, exactly), for a beep on the frame of a game event, and for a working restart.
Runs are deterministic: a fixed seed for RANDOM and a fixed key script.

To rewrite the stored screens after a deliberate change to a game:
``B32_UPDATE_GOLDEN=1 python -m pytest tests/test_games.py``, then look at the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from console.machines.b32 import cart as cartfile
from console.machines.b32.machine import Machine
from console.machines.script import InputScript

ROOT = Path(__file__).resolve().parent.parent
CARTS = ROOT / "carts"
SCREENS = Path(__file__).resolve().parent / "screens"
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
        self.beeps: dict[int, int] = {}  # frame -> frequency sounding after it

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


def test_snake_beeps_when_it_eats():
    run = Run("snake", SNAKE).until(SNAKE_EAT + 1)
    assert run.beeps.get(SNAKE_EAT) == 880
    assert min(run.beeps) == SNAKE_EAT  # silent before
    assert "SCORE 00010" in run.screen()[0]


def test_snake_game_over_and_restart(golden):
    run = Run("snake", SNAKE + [f"{SNAKE_OVER + 20}:space"]).until(SNAKE_OVER)
    golden("screens/snake-over.txt", screen_file(run.screen()))
    assert run.beeps[350] == 110  # the crash
    run.until(SNAKE_OVER + 30)
    lines = run.screen()
    assert "SCORE 00000" in lines[0] and "HI 00010" in lines[0]
    assert "G A M E" not in "\n".join(lines)


def test_breakout_play_screen(golden):
    golden("screens/breakout-play.txt",
           screen_file(screen_after("breakout", 150, BREAKOUT)))


def test_breakout_beeps_on_a_brick():
    run = Run("breakout", BREAKOUT).until(BREAKOUT_HIT + 1)
    assert run.beeps.get(BREAKOUT_HIT) == 659  # the bottom row's note
    assert "00001" in run.screen()[4]


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


def test_invaders_beep_on_fire_and_hit():
    run = Run("invaders", INVADERS).until(INVADERS_HIT + 1)
    assert run.beeps[50] == 1400  # the shot
    assert run.beeps[INVADERS_HIT] == 600  # the invader
    assert "SCORE 00010" in run.screen()[0]


def test_invaders_game_over_and_restart(golden):
    run = Run("invaders", INVADERS + [f"{INVADERS_OVER + 20}:return"]).until(INVADERS_OVER)
    golden("screens/invaders-over.txt", screen_file(run.screen()))
    run.until(INVADERS_OVER + 30)
    lines = run.screen()
    assert "G A M E" not in "\n".join(lines)
    assert "SCORE 00000" in lines[0] and "HI 00010" in lines[0]
    assert lines[0].count("▄█▄") == 3
