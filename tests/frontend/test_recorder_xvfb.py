"""The recording keys in a real window: ``b32 run`` on an X server (Xvfb), keys sent by xdotool,
the title read back by xwininfo, the files by Pillow; none of those is the console's code."""

import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
TOOLS = ("Xvfb", "xdotool", "xwininfo")

pytestmark = [pytest.mark.slow,  # a real X server: seconds of waiting on windows
              pytest.mark.skipif(not all(map(shutil.which, TOOLS)),
                                 reason="needs Xvfb, xdotool and xwininfo")]


@pytest.fixture
def x_env():
    """An environment whose DISPLAY is a fresh Xvfb (the server picks a free number)."""
    read, write = os.pipe()
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                               "-nolisten", "tcp"], pass_fds=(write,),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        ready, _, _ = select.select([read], [], [], 30)
        number = os.read(read, 32).decode().strip() if ready else ""
        if not number:
            pytest.skip("Xvfb did not start")
        yield dict(os.environ, DISPLAY=f":{number}", SDL_VIDEODRIVER="x11",
                   SDL_AUDIODRIVER="dummy")
    finally:
        os.close(read)
        server.terminate()
        server.wait(timeout=10)


def window(env):
    """(id, title) of the console's window, or (None, "")."""
    tree = subprocess.run(["xwininfo", "-root", "-children"], env=env, capture_output=True,
                          text=True).stdout
    match = re.search(r'(0x[0-9a-f]+) "(B32 - [^"]*)"', tree)
    return match.groups() if match else (None, "")


def wait_for(check, what, limit=60.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def test_recording_keys_in_a_real_x_window(x_env, tmp_path):
    shots = tmp_path / "shots"
    game = subprocess.Popen([sys.executable, "-m", "console", "run",
                             str(ROOT / "carts" / "snake.b32"), "--scale", "1",
                             "--screenshot-dir", str(shots), "--clip-seconds", "1"],
                            env=x_env, stderr=subprocess.PIPE, text=True, cwd=tmp_path)
    try:
        wid = wait_for(lambda: window(x_env)[0], "the window")

        def key(name):
            subprocess.run(["xdotool", "windowfocus", wid], env=x_env, check=True)
            subprocess.run(["xdotool", "key", name], env=x_env, check=True)

        def saved(previous=()):
            match = re.search(r"saved (\S+\.gif)", window(x_env)[1])
            return match and match.group(1) not in previous and match.group(1)

        key("ctrl+F12")
        wait_for(lambda: "recording (Ctrl+F12 stops)" in window(x_env)[1], "recording")
        time.sleep(0.5)
        key("ctrl+F12")
        first = wait_for(saved, "the recording saved")
        key("shift+F12")
        clip = wait_for(lambda: saved({first}), "the clip saved")
        key("ctrl+F12")  # and quit while it records: the file is still saved
        wait_for(lambda: "recording (" in window(x_env)[1], "the second recording")
        key("ctrl+q")
        assert game.wait(timeout=60) == 0
        err = game.stderr.read()
    finally:
        if game.poll() is None:
            game.kill()
    last = re.search(r"b32: saved (\S+\.gif)", err).group(1)
    files = sorted(shots.glob("*.gif"))
    assert sorted(map(str, files)) == sorted([first, clip, last])
    assert all(re.fullmatch(r"snake-\d{8}-\d{6}(-\d+)?\.gif", f.name) for f in files)
    for path in files:
        with Image.open(path) as gif:
            assert gif.size == (640, 400) and gif.n_frames >= 1
            total = 0
            for n in range(gif.n_frames):
                gif.seek(n)
                total += gif.info["duration"]
            if str(path) == clip:
                assert total <= 1010  # at most --clip-seconds 1 (and the last frame's 10 ms)
    assert not list(shots.glob(".*"))  # no temporary files left
