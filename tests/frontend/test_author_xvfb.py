"""``b32 watch`` in a real X server (Xvfb): the window's title counts the reloads, and a save with
errors draws the red panel heading over the running cart, read back from the X server's
pixels. Skipped when Xvfb, xwininfo or ImageMagick's ``import`` are missing."""

import os
import shutil
import subprocess
import sys
import time

import pygame
import pytest

from console.frontend import author
from console.frontend import display as disp
from console.machines.b32 import memmap as mm

TOOLS = ("Xvfb", "xwininfo", "import")
pytestmark = [pytest.mark.slow,  # a real X server: seconds of waiting on windows
              pytest.mark.skipif(not all(shutil.which(t) for t in TOOLS),
                                 reason="needs Xvfb, xwininfo and ImageMagick")]

SOURCE = """\
START:
 LDA #'{c}'
 STA SCREEN
LOOP:
 WAIT
 JMP LOOP
 END START
"""


def window_of(display, pattern, timeout=10.0):
    """(id, title) of the first window whose title contains ``pattern``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        tree = subprocess.run(["xwininfo", "-root", "-tree"], env={**os.environ,
                              "DISPLAY": display}, capture_output=True, text=True).stdout
        for line in tree.splitlines():
            if '"B32 - ' in line and pattern in line:
                return line.split()[0], line.split('"')[1]
        time.sleep(0.1)
    raise AssertionError(f"no window titled with {pattern!r}:\n{tree}")


@pytest.fixture
def xserver():
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1024x768x24"],
                              pass_fds=(write,), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as stream:
        number = stream.readline().strip()
    yield f":{number}"
    server.terminate()
    server.wait(timeout=10)


def test_watch_in_a_real_window(tmp_path, xserver):
    source = tmp_path / "game.asm"
    source.write_text(SOURCE.format(c="A"))
    env = {**os.environ, "DISPLAY": xserver, "SDL_VIDEODRIVER": "x11",
           "SDL_AUDIODRIVER": "dummy"}
    proc = subprocess.Popen([sys.executable, "-m", "console", "watch", "game.asm", "--scale", "1"],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        window_of(xserver, "game (B32) - running - watching")
        source.write_text(SOURCE.format(c="B"))
        _, title = window_of(xserver, "reload 1 at ")
        assert title.startswith("B32 - game (B32) - running - reload 1 at ")
        source.write_text(SOURCE.replace(" WAIT", " WAIT,X").format(c="C"))
        time.sleep(1.0)
        wid, _ = window_of(xserver, "reload 1 at ")
        shot = tmp_path / "shot.png"
        subprocess.run(["import", "-window", wid, str(shot)], env=env, check=True,
                       capture_output=True)
        image = pygame.image.load(str(shot))
        x, y = disp.SCREEN_POS
        assert image.get_at((x + 4, y + 2))[:3] != mm.PALETTE[author.HEAD_BG]  # row 0: the cart
        heading = image.get_at((x + 8 * 79 + 4, y + 16 * author.PANEL_TOP + 2))[:3]
        assert heading == mm.PALETTE[author.HEAD_BG]
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=10)
    assert "game.asm:5:6: WAIT does not take ',X'; expected no operand\n" in err
