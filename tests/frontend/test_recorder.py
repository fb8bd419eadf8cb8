"""Recordings read back with Pillow: frames against screenshots of the same frames, delays and
merging from the GIF's own metadata, the headless options' exit codes; and the window's keys
under SDL's dummy driver (rolling buffer, marker, names, unwritable folders, the kiosk)."""

import functools
import io
import sys
import time
from datetime import datetime

import pygame
import pytest
from PIL import Image

from console import commands as cli
from console.frontend import input as inp
from console.frontend import recorder as rec
from console.frontend import window
from console.frontend.font import load_font
from console.frontend.options import WindowOptions
from console.frontend.recorder import recorder_of
from console.frontend.renderer import render_screen
from console.frontend.screenshot import scaled
from console.frontend.shell_window import open_shell_loop
from console.machines.b32 import memmap as mm
from console.machines.b32.cart import write
from console.machines.b32.machine import Machine
from console.machines.script import InputScript
from tests import frontend_helpers  # noqa: F401
from tests.frontend_helpers import (
    JMP,
    LDA_I,
    STA_A,
    WAIT,
    Program,
    demo_cart,
    fill_screen_cart,
)
from tests.shell_helpers import make_library, make_shell

WHEN = datetime(2026, 12, 2, 7, 30, 5)


# ---- helpers ---------------------------------------------------------------------------------
def gif_frames(path):
    """[(RGB bytes of the whole picture, duration in ms)] as Pillow shows the GIF, and its size."""
    frames = []
    with Image.open(path) as image:
        assert image.format == "GIF" and image.info.get("loop") == 0
        for n in range(image.n_frames):
            image.seek(n)
            frames.append((image.convert("RGB").tobytes(), image.info["duration"]))
        return frames, image.size


@functools.cache
def _frame_at_centis() -> dict[int, int]:
    return {rec.centis(f): f for f in range(100_000)}


def source_frames(frames):
    """The recording frame each GIF frame starts at, from the delays (``centis`` inverted)."""
    starts, t = [], 0
    by_time = _frame_at_centis()
    for _, ms in frames:
        assert ms % 10 == 0
        starts.append(by_time[t // 10])  # KeyError: a frame starts off the 60 Hz clock
        t += ms
    return starts


def assert_lasts(frames, count):
    """The GIF's delays add up to ``count`` frames at 60 Hz (the last frame lasts at least 2
    hundredths, so one hundredth more is allowed), and none is under 2 hundredths."""
    total = sum(ms for _, ms in frames)
    assert rec.centis(count) * 10 <= total <= rec.centis(count) * 10 + 10
    assert all(ms >= 20 for _, ms in frames)


def screen_pixels(machine, tick, scale=1, font=None):
    """The screenshot of ``machine``'s screen at ``tick``, as RGB bytes."""
    surface = scaled(render_screen(machine, font or load_font(), tick), scale)
    return pygame.image.tobytes(surface, "RGB")


def replay(cart, frames, script=None, seed=1):
    """A machine run ``frames`` frames with ``script``, yielding after each frame."""
    machine = Machine(seed=seed)
    machine.load(cart)
    script = script or InputScript.parse([], [])
    for frame in range(frames):
        script.apply(machine, frame)
        machine.run_frame()
        yield frame, machine


def still_cart():
    """Writes 'X' once, then WAITs forever: every frame looks the same."""
    p = Program()
    p.op(LDA_I, ord("X"))
    p.op(STA_A, word=mm.SCREEN)
    p.label("idle")
    p.op(WAIT)
    p.op(JMP, word="idle")
    return p.cart("still")


@pytest.fixture
def demo_file(tmp_path):
    path = tmp_path / "demo.b32"
    write(path, demo_cart())
    return path


# ---- headless --------------------------------------------------------------------------------
DEMO_TYPED = "5:hello"  # keys echo with the cursor after them; row 24 cycles every frame


def test_headless_gif_matches_the_screenshots_frame_by_frame(demo_file, tmp_path):
    out = tmp_path / "demo.gif"
    status = cli.main(["run", str(demo_file), "--headless", "--frames", "70", "--seed", "1",
                       "--type", DEMO_TYPED, "--record", str(out)])
    assert status == 0
    frames, size = gif_frames(out)
    assert size == (640, 400)
    starts = source_frames(frames)
    assert starts[0] == 0 and len(starts) > 40  # only frames under 2 hundredths are left out
    wanted = dict.fromkeys(starts)
    font = load_font()
    for f, machine in replay(demo_cart(), 70, InputScript.parse([], [DEMO_TYPED])):
        if f in wanted:
            wanted[f] = screen_pixels(machine, f, font=font)
    for (pixels, _), f in zip(frames, starts, strict=True):
        assert pixels == wanted[f], f"GIF frame of frame {f} differs from its screenshot"
    # the blink went off at tick 16 and on at 32: both phases are in the file
    assert any(16 <= f < 32 for f in starts) and any(32 <= f < 48 for f in starts)
    assert_lasts(frames, 70)


def test_headless_gif_at_scale_two_equals_the_screenshot_at_scale_two(demo_file, tmp_path):
    out, shot = tmp_path / "demo.gif", tmp_path / "last.png"
    status = cli.main(["run", str(demo_file), "--headless", "--frames", "22", "--seed", "1",
                       "--record", str(out), "--record-scale", "2",
                       "--screenshot", str(shot), "--screenshot-scale", "2"])
    assert status == 0
    frames, size = gif_frames(out)
    assert size == (1280, 800)
    png = pygame.image.tobytes(pygame.image.load(str(shot)), "RGB")
    assert source_frames(frames)[-1] == 21
    assert frames[-1][0] == png  # the last frame is the --screenshot of frame 21 (blink off)
    font = load_font()
    blink_on = screen_pixels(next(replay(demo_cart(), 1))[1], 0, 2, font)
    assert png != blink_on


def test_a_still_screen_is_one_frame_lasting_the_whole_run(tmp_path):
    cart, out = tmp_path / "still.b32", tmp_path / "still.gif"
    write(cart, still_cart())
    assert cli.main(["run", str(cart), "--headless", "--frames", "120", "--record", str(out)]) == 0
    frames, _ = gif_frames(out)
    assert [ms for _, ms in frames] == [2000]
    assert out.stat().st_size < 4000


@pytest.mark.slow
def test_ten_seconds_are_ten_seconds_and_identical_frames_merge(demo_file, tmp_path):
    out = tmp_path / "demo.gif"
    assert cli.main(["run", str(demo_file), "--headless", "--frames", "600",
                     "--record", str(out)]) == 0
    frames, _ = gif_frames(out)
    total = sum(ms for _, ms in frames)
    assert abs(total - 10_000) <= 0.02 * 10_000
    assert_lasts(frames, 600)
    pictures = [pixels for pixels, _ in frames]
    assert all(a != b for a, b in zip(pictures, pictures[1:], strict=False))  # same: merged


def test_record_from_starts_at_that_frame(demo_file, tmp_path):
    out = tmp_path / "tail.gif"
    assert cli.main(["run", str(demo_file), "--headless", "--frames", "60", "--seed", "1",
                     "--record", str(out), "--record-from", "40"]) == 0
    frames, _ = gif_frames(out)
    assert_lasts(frames, 20)
    *_, (f, machine) = replay(demo_cart(), 41)
    assert frames[0][0] == screen_pixels(machine, 40)


def encode(snaps, rate=None, burst=0):
    """GifEncoder output for ``snaps`` (ticks = frames), read back."""
    out = io.BytesIO()
    encoder = rec.GifEncoder(out, load_font(), rate=rate, burst=burst)
    for snap in snaps:
        encoder.add(snap)
    encoder.close()
    out.seek(0)
    frames, _ = gif_frames(out)
    return frames, encoder


def fill_snaps(count):
    snaps, last = [], None
    for f, machine in replay(fill_screen_cart(), count):
        last = rec.take_snapshot(machine, f, last)
        snaps.append(last)
    return snaps


def test_frames_changing_every_frame_keep_the_clock_with_no_delay_under_two_hundredths():
    frames, encoder = encode(fill_snaps(30))
    kept = [f for f in range(30) if f % 3 != 2]  # frame 2 would last 1/100 s (2, 3, 5...)
    starts = [rec.centis(f) for f in kept] + [rec.centis(30)]
    delays = [10 * (b - a) for a, b in zip(starts, starts[1:], strict=False)]
    assert [ms for _, ms in frames] == delays
    assert source_frames(frames) == kept
    assert sum(ms for _, ms in frames) == 500  # 30 frames, exactly 0.5 s
    assert encoder.centis_written == 50
    assert encoder.frames_written == len(frames)


def test_the_data_rate_budget_drops_frames_but_never_the_clock():
    snaps = fill_snaps(30)  # half a second: a budget of 30,000 bytes
    frames, encoder = encode(snaps, rate=60_000)  # bytes a second; no burst
    free, unlimited = encode(snaps, rate=None)
    assert len(frames) < len(free) / 2
    assert sum(ms for _, ms in frames) == sum(ms for _, ms in free) == 500
    biggest = 8_000  # a frame of this cart is about 6.4 KB
    assert unlimited.bytes_written > 4 * 30_000
    assert encoder.bytes_written <= 30_000 + 2 * biggest  # the budget, and the frame over it
    font = load_font()
    by_frame = {f: screen_pixels(m, f, font=font) for f, m in replay(fill_screen_cart(), 30)}
    for (pixels, _), f in zip(frames, source_frames(frames), strict=True):
        assert pixels == by_frame[f]


def test_centis_is_the_rounded_60_hz_clock():
    assert [rec.centis(f) for f in range(7)] == [0, 2, 3, 5, 7, 8, 10]
    assert rec.centis(600) == 1000 and rec.centis(3600) == 6000


def test_a_folder_that_cannot_be_written_is_exit_73_and_no_file(demo_file, tmp_path, capsys):
    target = tmp_path / "nope" / "x.gif"
    status = cli.main(["run", str(demo_file), "--headless", "--frames", "2",
                       "--record", str(target)])
    assert status == cli.EX_CANTCREAT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot write" in err
    assert not (tmp_path / "nope").exists()


def test_a_failing_command_changes_no_file(demo_file, tmp_path, capsys):
    target = tmp_path / "keep.gif"
    target.write_bytes(b"the user's file")
    status = cli.main(["run", str(demo_file), "--headless", "--frames", "5",
                       "--record", str(target), "--dump-state", str(tmp_path / "no" / "s.json")])
    assert status == cli.EX_CANTCREAT
    assert target.read_bytes() == b"the user's file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.b32", "keep.gif"]  # no .part


def test_an_existing_file_is_replaced_only_by_a_whole_recording(demo_file, tmp_path):
    target = tmp_path / "keep.gif"
    target.write_bytes(b"old")
    assert cli.main(["run", str(demo_file), "--headless", "--frames", "5",
                     "--record", str(target)]) == 0
    assert gif_frames(target)[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.b32", "keep.gif"]


@pytest.mark.parametrize("argv, status, words", [
    (["--record", "x.png"], cli.EX_USAGE, ".gif, .mp4 or .webm"),
    (["--frames", "10", "--record", "x.gif", "--record-from", "10"], cli.EX_USAGE,
     "--record-from 10"),
    (["--record-from", "-1"], cli.EX_USAGE, "is not from 0 to"),
])
def test_bad_record_options_are_one_line_errors(demo_file, tmp_path, capsys, monkeypatch,
                                                argv, status, words):
    monkeypatch.chdir(tmp_path)
    assert cli.main(["run", str(demo_file), "--headless", *argv]) == status
    err = capsys.readouterr().err
    assert words in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.b32"]


def test_record_without_the_font_is_exit_74_and_no_file(demo_file, tmp_path, monkeypatch,
                                                        capsys):
    from console.frontend import font as font_module

    monkeypatch.setattr(font_module, "DEFAULT_FONT", tmp_path / "gone.bin")
    status = cli.main(["run", str(demo_file), "--headless", "--frames", "2",
                       "--record", str(tmp_path / "x.gif")])
    assert status == cli.EX_IOERR
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "gone.bin" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.b32"]


def test_an_interrupted_recording_leaves_no_file(demo_file, tmp_path, monkeypatch):
    from console.commands import run as run_command

    def interrupted(machine, frames, script, on_frame=None):
        on_frame(machine, 0)
        raise KeyboardInterrupt

    monkeypatch.setattr(run_command, "run_headless", interrupted)
    status = cli.main(["run", str(demo_file), "--headless", "--record", str(tmp_path / "x.gif")])
    assert status == 130
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.b32"]


def test_record_needs_headless(demo_file, capsys):
    assert cli.main(["run", str(demo_file), "--record", "x.gif"]) == cli.EX_USAGE
    assert "--record needs --headless" in capsys.readouterr().err


def test_a_cart_that_ends_before_record_from_records_nothing(tmp_path, capsys):
    p = Program()
    p.op(0x04)  # END
    cart, out = tmp_path / "end.b32", tmp_path / "end.gif"
    write(cart, p.cart("end"))
    status = cli.main(["run", str(cart), "--headless", "--frames", "50", "--record", str(out),
                       "--record-from", "10"])
    assert status == cli.EX_USAGE
    assert "nothing recorded" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["end.b32"]


def test_video_without_the_extra_names_the_package(demo_file, tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "imageio_ffmpeg", None)  # import fails as when missing
    status = cli.main(["run", str(demo_file), "--headless", "--frames", "2",
                       "--record", str(tmp_path / "x.mp4")])
    assert status == cli.EX_CANTCREAT
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pip install 'b32-console[video]'" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.b32"]


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".mp4", ".webm"])
def test_video_with_the_extra_has_every_frame_at_60_fps(demo_file, tmp_path, suffix):
    pytest.importorskip("imageio_ffmpeg")
    iio = pytest.importorskip("imageio.v3")
    out = tmp_path / f"demo{suffix}"
    assert cli.main(["run", str(demo_file), "--headless", "--frames", "30",
                     "--record", str(out)]) == 0
    frames = iio.imread(out)
    assert frames.shape == (30, 400, 640, 3)
    assert iio.immeta(out)["fps"] == 60
    *_, (f, machine) = replay(demo_cart(), 30)
    exact = screen_pixels(machine, 29)
    error = sum(abs(a - b) for a, b in zip(frames[-1].tobytes(), exact, strict=True)) / len(exact)
    assert error < 8  # lossy, but the same picture


# ---- the window --------------------------------------------------------------------------------
class ThreadRecording(rec.Recording):
    """A window's recording encoded in a thread instead of a spawned process: the same
    encoder and files, without starting an interpreter per test."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **{**kwargs, "process": False})


@pytest.fixture
def spawned_recorder():
    """Ask for this to keep the window's real worker process (one test does)."""


@pytest.fixture
def make_loop(tmp_path, request, monkeypatch):
    loops = []
    if "spawned_recorder" not in request.fixturenames:
        monkeypatch.setattr(rec, "Recording", ThreadRecording)

    def make(cart=None, **options):
        machine = Machine(seed=1)
        machine.load(cart or demo_cart())
        options.setdefault("screenshot_dir", tmp_path / "shots")
        loop = window.open_loop(machine, WindowOptions(scale=1, **options))
        loops.append(loop)
        pygame.event.clear()
        return loop

    yield make
    for loop in loops:
        if recorder_of(loop) is not None:
            recorder_of(loop).close()
        loop.audio.close()
    window.close()


def tap(k, mod=0):
    return [pygame.event.Event(pygame.KEYDOWN, key=k, mod=mod),
            pygame.event.Event(pygame.KEYUP, key=k, mod=mod)]


RECORD_KEY = tap(pygame.K_F12, pygame.KMOD_LCTRL)
CLIP_KEY = tap(pygame.K_F12, pygame.KMOD_LSHIFT)


def run_until_saved(loop, limit=10.0):
    """Run frames until the title says a file was saved; its path."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        loop.frame([])
        if loop.notice.startswith("saved "):
            return loop.notice.split()[1]
        time.sleep(0.005)
    raise AssertionError(f"nothing saved; the title says {loop.display.title!r}")


def test_the_keys_map_to_record_and_clip():
    assert inp.map_event(RECORD_KEY[0]).action == inp.RECORD
    assert inp.map_event(CLIP_KEY[0]).action == inp.CLIP
    assert inp.map_event(tap(pygame.K_F12)[0]).action == inp.SCREENSHOT


def test_shift_f12_saves_the_last_n_seconds_from_the_rolling_buffer(make_loop, tmp_path):
    loop = make_loop(clip_seconds=1)
    screens = {}
    for _ in range(100):
        loop.frame([])
        screens[loop.tick - 1] = pygame.image.tobytes(loop.renderer.surface, "RGB")
    assert len(recorder_of(loop).buffer) == 60  # bounded: one second of 4 KB snapshots
    loop.frame(CLIP_KEY)  # the clip is frames 40-99: the key acts before frame 100
    assert loop.display.title.endswith("saving the last 1 s...")
    path = run_until_saved(loop)
    assert f"saved {path}" in loop.display.title  # the title confirms the path
    assert path.startswith(str(tmp_path / "shots" / "demo-")) and path.endswith(".gif")
    frames, _ = gif_frames(path)
    assert_lasts(frames, 60)
    starts = source_frames(frames)
    assert frames[0][0] == screens[40]
    for (pixels, _), f in zip(frames, starts, strict=True):
        assert pixels == screens[40 + f]


def test_ctrl_f12_records_with_a_marker_in_the_border_never_in_the_file(make_loop):
    loop = make_loop()
    loop.frame([])
    canvas = loop.display.canvas
    x, y = rec.MARKER_POS
    border = mm.PALETTE[3]  # the demo's cyan border
    assert tuple(canvas.get_at((x, y)))[:3] == border
    loop.frame(RECORD_KEY)
    assert recorder_of(loop).recording and "recording" in loop.display.title
    screens = [pygame.image.tobytes(loop.renderer.surface, "RGB")]
    for _ in range(30):
        loop.frame([])
        screens.append(pygame.image.tobytes(loop.renderer.surface, "RGB"))
    assert tuple(canvas.get_at((x, y)))[:3] == mm.PALETTE[window.STATUS_BG]  # the marker
    loop.frame(RECORD_KEY)
    assert not recorder_of(loop).recording
    path = run_until_saved(loop)
    assert tuple(canvas.get_at((x, y)))[:3] == border  # the marker is gone
    frames, size = gif_frames(path)
    assert size == (640, 400)  # the screen only: the border and its marker are not recorded
    assert frames[-1][0] == screens[-1] and frames[0][0] == screens[0]
    assert all(pixels in screens for pixels, _ in frames)
    assert_lasts(frames, 31)  # the frames before the second key


def test_names_never_collide_with_existing_files(make_loop, tmp_path, monkeypatch):
    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):
            return WHEN

    monkeypatch.setattr(rec, "datetime", Clock)
    shots = tmp_path / "shots"
    shots.mkdir()
    taken = shots / "demo-20261202-073005.gif"
    taken.write_bytes(b"someone else's")
    loop = make_loop()
    loop.frame([])
    loop.frame(CLIP_KEY)
    first = run_until_saved(loop)
    loop.frame(RECORD_KEY)
    loop.frame([])
    loop.frame(RECORD_KEY)
    second = run_until_saved(loop)
    assert (first, second) == (str(shots / "demo-20261202-073005-2.gif"),
                               str(shots / "demo-20261202-073005-3.gif"))
    assert taken.read_bytes() == b"someone else's"
    assert not list(shots.glob(".*"))  # no temporary files left


def test_an_unwritable_folder_falls_back_to_the_current_folder(make_loop, tmp_path,
                                                               monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.chdir(tmp_path)
    loop = make_loop(screenshot_dir=blocker / "B32")
    loop.frame([])
    loop.frame(CLIP_KEY)
    path = run_until_saved(loop)
    assert path.startswith(str(tmp_path / "demo-"))
    assert "current folder" in loop.display.title


def test_a_folder_nothing_can_be_written_to_says_so_and_records_nothing(make_loop, tmp_path,
                                                                        monkeypatch):
    gone = tmp_path / "gone"
    monkeypatch.setattr(rec, "writable_dir", lambda requested: (gone, True))
    loop = make_loop()
    loop.frame(RECORD_KEY)
    assert not recorder_of(loop).recording
    assert "cannot record: No such file or directory" in loop.display.title
    loop.frame(CLIP_KEY)
    assert "cannot record" in loop.display.title
    assert not gone.exists()


def test_a_folder_gone_before_the_file_is_complete_says_the_recording_failed(make_loop,
                                                                            tmp_path):
    import shutil

    loop = make_loop()
    loop.frame(RECORD_KEY)
    loop.frame([])
    shutil.rmtree(tmp_path / "shots")  # the temporary file is in there
    loop.frame(RECORD_KEY)
    deadline = time.monotonic() + 10
    while "recording failed" not in loop.display.title and time.monotonic() < deadline:
        loop.frame([])
        time.sleep(0.005)
    assert "recording failed: No such file or directory" in loop.display.title
    assert not (tmp_path / "shots").exists()


def test_clips_asked_for_faster_than_they_are_saved_are_refused_not_piled_up(make_loop,
                                                                            tmp_path):
    loop = make_loop()
    loop.frame([])
    notes = []
    loop.show_notice = lambda text, frames=0: notes.append(text)
    loop.frame(CLIP_KEY * (rec.MAX_SAVING + 1))  # all in one frame: none can be done yet
    assert notes[: rec.MAX_SAVING + 1] == ["saving the last 1 frame..."] * rec.MAX_SAVING + [
        "still saving, try again in a moment"]
    recorder_of(loop).close()
    assert len(list((tmp_path / "shots").glob("*.gif"))) == rec.MAX_SAVING


@pytest.mark.slow  # a whole program in a subprocess
def test_closing_the_window_saves_a_running_recording(make_loop, spawned_recorder, tmp_path):
    loop = make_loop()
    loop.frame(RECORD_KEY)
    assert type(recorder_of(loop).active) is rec.Recording  # the window's worker process
    for _ in range(10):
        loop.frame([])
    notes = recorder_of(loop).close()
    assert len(notes) == 1 and notes[0].startswith("saved ")
    frames, _ = gif_frames(notes[0].split()[1])
    assert_lasts(frames, 11)


def test_the_kiosk_refuses_to_record(tmp_path):
    folder = make_library(tmp_path / "carts")
    shell = make_shell(folder, kiosk=True)
    loop = open_shell_loop(shell, WindowOptions(scale=1, screenshot_dir=tmp_path / "shots"))
    try:
        assert recorder_of(loop) is None
        for _ in range(3):
            loop.frame(RECORD_KEY + CLIP_KEY)
        assert loop.running and "record" not in loop.display.title
        assert not (tmp_path / "shots").exists()
        assert not list(tmp_path.glob("*.gif"))
    finally:
        loop.audio.close()
        window.close()


def test_the_browser_records(tmp_path, monkeypatch):
    monkeypatch.setattr(rec, "Recording", ThreadRecording)
    folder = make_library(tmp_path / "carts")
    loop = open_shell_loop(make_shell(folder), WindowOptions(scale=1,
                                                             screenshot_dir=tmp_path / "shots"))
    try:
        loop.frame([])
        loop.frame(CLIP_KEY)
        path = run_until_saved(loop)
        assert "browse-" in path
    finally:
        recorder_of(loop).close()
        loop.audio.close()
        window.close()


def test_headless_screenshot_shows_the_blink_phase_the_window_shows(make_loop, demo_file,
                                                                    tmp_path):
    loop = make_loop()
    for _ in range(20):
        loop.frame([])
    shot = tmp_path / "twenty.png"
    assert cli.main(["run", str(demo_file), "--headless", "--frames", "20", "--seed", "1",
                     "--screenshot", str(shot)]) == 0
    png = pygame.image.tobytes(pygame.image.load(str(shot)), "RGB")
    assert png == pygame.image.tobytes(loop.renderer.surface, "RGB")


@pytest.mark.slow
@pytest.mark.parametrize("cart, limit, script", [
    ("snake", 1 << 20, ["--press", "30:return", "--press", "100:up", "--press", "160:left"]),
    ("plasma", 8 << 20, []),
])
def test_ten_seconds_of_a_bundled_cart_fit_the_size_limit(tmp_path, cart, limit, script):
    from console.shell.session import bundled_carts_dir

    out = tmp_path / f"{cart}.gif"
    assert cli.main(["run", str(bundled_carts_dir() / f"{cart}.b32"), "--headless", "--seed",
                     "1", "--frames", "600", "--record", str(out), *script]) == 0
    assert out.stat().st_size < limit
    frames, _ = gif_frames(out)
    assert_lasts(frames, 600)


@pytest.mark.parametrize("command", ["run", "browse"])
def test_window_options_carry_the_recording_settings(command):
    from console.commands.args import window_options

    args = cli.build_parser().parse_args([command, "x", "--clip-seconds", "3",
                                          "--record-scale", "2"])
    options = window_options(args)
    assert (options.clip_seconds, options.record_scale, options.recording) == (3, 2, True)


def test_the_kiosk_has_no_recording_options(capsys):
    assert cli.main(["kiosk", ".", "--clip-seconds", "3"]) == cli.EX_USAGE
    assert "unrecognized arguments: --clip-seconds 3" in capsys.readouterr().err
