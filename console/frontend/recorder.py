"""Recordings: the frames a window shows, as a GIF (Pillow) or an MP4 / WebM (extra `[video]`).

A frame is kept as a ``Snapshot``: the 4000 screen bytes, the three video registers that change
how they look and the tick the window drew them at (the blink and cursor phase). That is all the
frame loop does per frame (a 4 KB copy, shared with the previous snapshot when the screen did
not change); a worker (a separate process in the window, a thread headless) turns snapshots
into pixels with the same ``Renderer`` that the window and the screenshots use, and encodes
them. So a recording costs the frame loop a few microseconds a frame, and memory stays bounded:
about 4 KB a frame in the rolling buffer and in the worker's queue, one screen of pixels in the
encoder, the rest on disk.

GIF timing: frame ``i`` of a recording starts at ``centis(i)`` = round(i x 100 / 60) hundredths
of a second, so delays follow a 2/1/2 cadence (5 hundredths per 3 frames) and never drift. A
frame that looks the same as the one shown is merged into it (the delays add up). Browsers show
a GIF delay under 2 hundredths as 10, so a frame that would last only one hundredth is dropped:
its time goes to the frame before (and the last frame lasts at least 2 hundredths, so a
recording may be one hundredth longer than its frames). A screen that changes all over every
frame (a plasma) costs about 37 KB a frame in GIF's LZW, so frames are also dropped while the
file grows faster than ``GIF_RATE`` bytes a second (a token bucket): busy scenes show fewer
frames, never slower ones. Each GIF frame is the smallest rectangle that changed, its unchanged
pixels transparent when that is most of it.

The file is written under a temporary name in the target's folder and renamed when complete, so
a failed or cancelled recording leaves no file behind and never half-replaces one.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import secrets
import sys
import threading
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pygame

from console.frontend import display as disp
from console.frontend import input as inp
from console.frontend.font import Font, load_font
from console.frontend.options import WindowOptions
from console.frontend.plugin import STATUS_BG, STATUS_FG, Plugin
from console.frontend.renderer import SCREEN_SIZE, Renderer
from console.frontend.screenshot import FALLBACK_NOTE, candidate_names, writable_dir
from console.machines import screen as mm

GIF_SUFFIX = ".gif"
VIDEO_SUFFIXES = (".mp4", ".webm")
VIDEO_PACKAGE = "b32-console[video]"
FPS = mm.FRAMES_PER_SECOND
MIN_DELAY = 2  # hundredths: browsers show a shorter GIF delay as 10
# GIF data rate at scale 1: a busy screen (a plasma) shows fewer frames rather than grow past
# 8 MiB in 10 s (at most GIF_BURST + 10 x GIF_RATE + one frame)
GIF_RATE = 700 * 1024
GIF_BURST = 256 * 1024
TRANSPARENT = 16  # the palette index of "unchanged" pixels in a GIF frame
DEFAULT_CLIP_SECONDS = 10
MAX_SAVING = 2  # clips and stopped recordings being written at once (a worker process each)
MARKER = " REC "  # in the top border while a recording runs (white on red)
MARKER_POS = (disp.BORDER_X, (disp.BORDER_Y - mm.GLYPH_HEIGHT) // 2)
WORKER_NICENESS = 10  # the window's encoder process yields the CPU to the frame loop
QUEUE_SECONDS = 60  # a recording stops when its worker is this far behind (15 MB of snapshots)


class RecordError(Exception):
    """A recording that cannot be made: a file type the console does not write."""


class VideoUnavailable(RecordError):
    """An MP4 / WebM asked for without the optional ``[video]`` packages installed."""


@dataclass(frozen=True)
class VideoState:
    """The video registers a frame's look depends on (``renderer.VideoRegisters``)."""

    cursor: int
    cursor_pos: int
    video_mode: int


@dataclass(frozen=True)
class Snapshot:
    """One frame as the window drew it: screen bytes, video registers, the tick it was drawn at."""

    screen: bytes
    video: VideoState
    tick: int


def take_snapshot(machine, tick: int, previous: Snapshot | None = None) -> Snapshot:
    """``machine``'s screen now, drawn at ``tick``; shares ``previous``'s bytes when unchanged."""
    screen = machine.screen_bytes()
    if previous is not None and previous.screen == screen:
        screen = previous.screen
    v = machine.video
    return Snapshot(screen, VideoState(v.cursor, v.cursor_pos, v.video_mode), tick)


def centis(frame: int) -> int:
    """When frame ``frame`` of a recording starts, in hundredths of a second (rounded)."""
    return (frame * 100 * 2 + FPS) // (2 * FPS)


def gif_palette() -> list[int]:
    """The GIF's colour table: the 16 VGA colours, then the transparent entry (and padding to
    a power of two)."""
    flat = [c for rgb in mm.PALETTE for c in rgb]
    return flat + [0, 0, 0] * (32 - len(mm.PALETTE))


def _palette_image():
    from PIL import Image

    image = Image.new("P", (1, 1))
    image.putpalette([c for rgb in mm.PALETTE for c in rgb])
    return image


class Pixels:
    """Snapshots -> the renderer's surface -> palette indices (Pillow "P" images)."""

    def __init__(self, font: Font) -> None:
        from PIL import Image

        self.Image = Image
        self.renderer = Renderer(font)
        self._palette = _palette_image()

    def draw(self, snap: Snapshot) -> pygame.Rect | None:
        """Bring the surface up to ``snap``; the rectangle that was redrawn, or None."""
        return self.renderer.draw(snap.screen, snap.video, snap.tick)

    def indices(self, rect: pygame.Rect):
        """The surface's ``rect`` as a "P" image in the 16-colour palette."""
        data = pygame.image.tobytes(self.renderer.surface.subsurface(rect), "RGB")
        rgb = self.Image.frombytes("RGB", rect.size, data)
        return rgb.quantize(palette=self._palette, dither=self.Image.Dither.NONE)

    def rgb(self, scale: int) -> bytes:
        """The whole surface, times ``scale``, as RGB bytes (for video)."""
        surface = self.renderer.surface
        if scale != 1:
            surface = pygame.transform.scale(surface, (SCREEN_SIZE[0] * scale,
                                                       SCREEN_SIZE[1] * scale))
        return pygame.image.tobytes(surface, "RGB")


class GifEncoder:
    """Writes snapshots to ``out`` (a binary file) as an endlessly looping GIF at ``scale``."""

    def __init__(self, out, font: Font, scale: int = 1, rate: int | None = GIF_RATE,
                 burst: int = GIF_BURST) -> None:
        from PIL import GifImagePlugin, Image, ImageChops

        self._gif, self._Image, self._chops = GifImagePlugin, Image, ImageChops
        self.out = out
        self.scale = scale
        self.pixels = Pixels(font)
        self.shown = None  # what the GIF shows once the pending frame is on, in palette indices
        self.pending = None  # (image, offset, start frame): written when its delay is known
        self.frame = -1  # the last frame added, counted from the first
        self.frames_written = 0
        self.centis_written = 0
        self.bytes_written = 0
        # the data-rate budget (bytes per second of recording; None: every frame is shown)
        self.rate = None if rate is None else rate * scale * scale
        self.burst = None if rate is None else burst * scale * scale
        self._tokens, self._tokens_at = self.burst or 0, 0

    def add(self, snap: Snapshot) -> None:
        """The next frame. Only a frame that may be shown is drawn (the renderer redraws what
        differs from the last frame drawn, which is the frame the GIF shows), so frames left
        out cost nothing but this call."""
        self.frame += 1
        if self.shown is None:
            self.pixels.draw(snap)
            self.shown = self._with_palette(self.pixels.indices(pygame.Rect((0, 0), SCREEN_SIZE)))
            self._header(self.shown)
            self.pending = (self.shown.copy(), (0, 0), 0)
            return
        if self._may_show(self.frame):
            rect = self.pixels.draw(snap)
            if rect is not None:  # else the same picture: the pending frame lasts longer
                self._change(self.frame, rect)

    def _may_show(self, frame: int) -> bool:
        """Whether a changed frame is shown: not sooner than MIN_DELAY after the previous one,
        and not while the data rate is over budget."""
        now = centis(frame)
        if now - centis(self.pending[2]) < MIN_DELAY:
            return False
        if self.rate is None:
            return True
        tokens = min(self.burst, self._tokens + self.rate * (now - self._tokens_at) // 100)
        if tokens < 0:
            return False
        self._tokens, self._tokens_at = tokens, now
        return True

    def _change(self, frame: int, box: pygame.Rect) -> bool:
        """Make the surface's ``box`` (redrawn) the next frame, starting at ``frame``; False
        when its pixels are those already shown."""
        new = self._with_palette(self.pixels.indices(box))
        old = self.shown.crop((box.x, box.y, box.right, box.bottom))
        diff = self._chops.difference(self._indices(old), self._indices(new))
        tight = diff.getbbox()
        if tight is None:
            return False  # redrawn, but it looks the same
        part = new.crop(tight)
        self.shown.paste(part, (box.x + tight[0], box.y + tight[1]))
        mask = diff.crop(tight).point(lambda v: 255 if v else 0)
        changed = mask.histogram()[255]
        if changed * 2 < part.width * part.height:  # mostly unchanged: those pixels transparent
            hole = self._with_palette(self._Image.new("P", part.size, TRANSPARENT))
            hole.paste(part, (0, 0), mask)
            part = hole
        self._write_pending(centis(frame) - centis(self.pending[2]))
        self.pending = (part, (box.x + tight[0], box.y + tight[1]), frame)
        return True

    def close(self) -> None:
        """Write the last frame (lasting at least MIN_DELAY) and the GIF trailer."""
        if self.shown is None:
            raise RecordError("a recording needs at least one frame")
        end = centis(self.frame + 1)
        self._write_pending(max(MIN_DELAY, end - centis(self.pending[2])))
        self.out.write(b";")

    def _indices(self, image):
        """A "P" image's palette indices as an "L" image (to compare indices, not colours)."""
        return self._Image.frombytes("L", image.size, image.tobytes())

    def _with_palette(self, image):
        image.putpalette(gif_palette())
        return image

    def _header(self, first) -> None:
        header, _ = self._gif.getheader(self._scaled(first.copy()), None, {"loop": 0})
        for chunk in header:
            self.out.write(chunk)

    def _scaled(self, image):
        if self.scale == 1:
            return image
        w, h = image.size
        return image.resize((w * self.scale, h * self.scale), self._Image.Resampling.NEAREST)

    def _write_pending(self, delay: int) -> None:
        image, (x, y), _ = self.pending
        params = {"duration": delay * 10, "disposal": 1}
        if self.frames_written and image.histogram()[TRANSPARENT]:
            params["transparency"] = TRANSPARENT
        offset = (x * self.scale, y * self.scale)
        for chunk in self._gif.getdata(self._scaled(image), offset, **params):
            self.out.write(chunk)
            self._tokens -= len(chunk)
            self.bytes_written += len(chunk)
        self.frames_written += 1
        self.centis_written += delay


class VideoEncoder:
    """Writes snapshots as a 60 fps MP4 (H.264) or WebM (VP9) through imageio-ffmpeg.
    Video is lossy (4:2:0 colour): a GIF is the exact copy."""

    CODECS = {".mp4": "libx264", ".webm": "libvpx-vp9"}

    def __init__(self, path: Path, suffix: str, font: Font, scale: int = 1) -> None:
        imageio_ffmpeg = require_video()
        self.scale = scale
        self.pixels = Pixels(font)
        size = (SCREEN_SIZE[0] * scale, SCREEN_SIZE[1] * scale)
        self._writer = imageio_ffmpeg.write_frames(
            str(path), size, fps=FPS, codec=self.CODECS[suffix], pix_fmt_in="rgb24",
            pix_fmt_out="yuv420p", macro_block_size=8, quality=None, ffmpeg_log_level="error",
            output_params=["-f", suffix[1:], "-crf", "20", "-b:v", "0"])
        self._writer.send(None)
        self.frames_written = 0

    def add(self, snap: Snapshot) -> None:
        self.pixels.draw(snap)
        self._writer.send(self.pixels.rgb(self.scale))
        self.frames_written += 1

    def close(self) -> None:
        if not self.frames_written:
            raise RecordError("a recording needs at least one frame")
        self._writer.close()


def require_video():
    """The imageio-ffmpeg module, or VideoUnavailable naming what to install."""
    try:
        import imageio_ffmpeg
    except ImportError:
        raise VideoUnavailable(f"MP4 and WebM need the video extra: "
                               f"pip install '{VIDEO_PACKAGE}' (imageio-ffmpeg)") from None
    return imageio_ffmpeg


def check_target(path: str | Path) -> str:
    """The suffix of a file to record to (``.gif``, ``.mp4``, ``.webm``); RecordError for
    another, VideoUnavailable for a video without the extra."""
    suffix = Path(path).suffix.lower()
    if suffix == GIF_SUFFIX:
        return suffix
    if suffix in VIDEO_SUFFIXES:
        require_video()
        return suffix
    raise RecordError(f"{path}: a recording is a .gif, .mp4 or .webm file")


_DONE = None  # the end of a recording's snapshots, in its queue


class Recording:
    """One file written by a worker process from the snapshots ``add``-ed to it.

    With ``process`` (the window's case) the worker is a separate process, spawned so that it
    shares nothing with the window's SDL state, whose Python work never holds the frame loop's
    interpreter lock; else a thread (headless runs, which have no frame rate to keep, and
    start faster). ``finish()``
    ends it and waits for the worker; then ``commit()`` renames the temporary file to
    ``target`` (replacing it), or with ``exclusive_name`` to the first free
    ``NAME-YYYYMMDD-HHMMSS[-N].SUFFIX`` beside it (never replacing anything); ``discard()``
    removes it. ``error`` holds what went wrong in the worker, once it is ``done``."""

    def __init__(self, target: str | Path, scale: int = 1, font: Font | None = None,
                 max_queued: int = QUEUE_SECONDS * FPS, process: bool = True) -> None:
        self.target = Path(target)
        self.suffix = check_target(self.target)
        self.font = font or load_font()  # before any file is made: FontError leaves none
        self.tmp, file = _temporary(self.target)
        file.close()
        self.scale = scale
        self.error: BaseException | None = None
        self.frames = 0
        self.path: Path | None = None
        self.fell_back = False  # set by a WindowRecorder that had to use the current folder
        self._ended = False
        self._result = None
        if process:
            context = multiprocessing.get_context("spawn")
            make_queue, make_worker = context.Queue, context.Process
        else:
            make_queue, make_worker = queue.Queue, threading.Thread
        self._queue = make_queue(max_queued)
        self._results = make_queue()
        self._worker = make_worker(
            target=_encode, name="b32-recorder", daemon=True,
            args=(self._queue, self._results, str(self.tmp), self.suffix, self.font, self.scale,
                  WORKER_NICENESS if process else 0))
        self._worker.start()

    def add(self, snap: Snapshot, wait: bool = False) -> bool:
        """Queue a frame. When the worker is too far behind: wait for it (``wait``), or lose
        the frame and return False."""
        try:
            self._queue.put(snap, block=wait)
        except queue.Full:
            return False
        self.frames += 1
        return True

    @property
    def done(self) -> bool:
        """The worker has finished (``error`` is then known)."""
        if self._worker.is_alive():
            return False
        self._collect()
        return True

    def end(self) -> None:
        """No more frames: the worker writes the end of the file (``done`` tells when)."""
        if not self._ended:
            self._ended = True
            self._queue.put(_DONE)

    def finish(self) -> None:
        """``end``, and wait for the worker."""
        self.end()
        self._worker.join()
        self._collect()

    def _collect(self) -> None:
        if self._result is not None:
            return
        try:
            self._result = self._results.get(timeout=5)
        except queue.Empty:
            code = getattr(self._worker, "exitcode", None)
            self._result = RecordError(f"the recorder stopped (exit status {code})")
        if isinstance(self._result, BaseException):
            self.error = self._result

    def commit(self, exclusive_name: str | None = None, when: datetime | None = None) -> Path:
        """Give the finished file its name; returns it. Raises the worker's error or OSError
        (the temporary file is then removed)."""
        try:
            self._collect()
            if self.error is not None:
                raise self.error
            if exclusive_name is None:
                os.replace(self.tmp, self.target)
                self.path = self.target
            else:
                self.path = _claim(self.target.parent, exclusive_name, self.suffix, when)
                os.replace(self.tmp, self.path)
            return self.path
        except BaseException:
            self.discard()
            raise

    def discard(self) -> None:
        try:
            self.tmp.unlink()
        except FileNotFoundError:
            pass


def _encode(snaps, results, tmp: str, suffix: str, font: Font, scale: int,
            niceness: int = 0) -> None:
    """The worker: encode ``snaps`` (until ``_DONE``) into ``tmp``; put True, or the error, on
    ``results``. A worker process lowers its priority by ``niceness`` so that on a busy
    machine the frame loop goes first (the queue absorbs the delay)."""
    if niceness and hasattr(os, "nice"):
        os.nice(niceness)
    ended = False
    try:
        with contextlib.ExitStack() as stack:
            if suffix == GIF_SUFFIX:
                encoder = GifEncoder(stack.enter_context(open(tmp, "wb")), font, scale)
            else:
                encoder = VideoEncoder(Path(tmp), suffix, font, scale)
            while (snap := snaps.get()) is not _DONE:
                encoder.add(snap)
            ended = True
            encoder.close()
        results.put(True)
    except BaseException as err:  # reported by commit() in the window's process
        try:
            results.put(err)
        except Exception:  # an error that cannot be pickled: its text
            results.put(RecordError(str(err)))
        while not ended and snaps.get() is not _DONE:  # let add() and end() return
            pass


def _temporary(target: Path):
    """(path, open binary file) of a new hidden file beside ``target``; OSError when the folder
    cannot be written. Created like any file (the umask applies), so the result is too."""
    for _ in range(100):
        path = target.parent / f".{target.name}.{secrets.token_hex(4)}.part"
        try:
            return path, open(path, "xb")
        except FileExistsError:
            continue
    raise FileExistsError(f"{target.parent}: cannot pick a temporary name")


def _claim(folder: Path, cart_name: str, suffix: str, when: datetime | None) -> Path:
    """Create the first free ``CART-YYYYMMDD-HHMMSS[-N].SUFFIX`` in ``folder`` (exclusively)."""
    for name in candidate_names(cart_name, when or datetime.now(), suffix):
        path = folder / name
        try:
            with open(path, "xb"):
                return path
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: too many recordings named {cart_name} in one second")


class WindowRecorder(Plugin):
    """The window's recorder, a ``FrameLoop`` plugin: a rolling buffer of the last
    ``clip_seconds`` (Shift+F12 saves it) and a recording started and stopped by Ctrl+F12.
    Files go to ``folder`` (default the screenshots' folder, with the same current-folder
    fallback) as ``CART-YYYYMMDD-HHMMSS.gif``; the title says what happened and where.

    Each frame (``after_frame``, just before the loop draws it at ``loop.tick``) it keeps a
    snapshot; ``overlay`` puts the ``REC`` marker in the border while recording."""

    def __init__(self, folder: str | Path | None = None, scale: int = 1,
                 clip_seconds: int = DEFAULT_CLIP_SECONDS, font: Font | None = None) -> None:
        self.requested = folder
        self.scale = scale
        self.font = font
        self.buffer: deque[Snapshot] = deque(maxlen=clip_seconds * FPS)
        self.active: Recording | None = None
        self._active_name = ""
        self._started: datetime | None = None
        self._saving: list[tuple[Recording, str, datetime]] = []
        self._notes: list[str] = []

    @property
    def recording(self) -> bool:
        return self.active is not None

    def capture(self, machine, tick: int) -> None:
        """Keep the frame just drawn at ``tick``."""
        last = self.buffer[-1] if self.buffer else None
        snap = take_snapshot(machine, tick, last)
        self.buffer.append(snap)
        if self.active is not None and not self.active.add(snap):
            self._notes.append("recording stopped: the encoder fell behind")
            self.toggle("")

    def _start(self, snaps) -> Recording | None:
        """A recording into the folder, fed ``snaps``; None (and a note) when it cannot start."""
        folder, fell_back = writable_dir(self.requested)
        try:
            rec = Recording(folder / f"recording{GIF_SUFFIX}", self.scale, self.font)
        except OSError as err:
            self._notes.append(f"cannot record: {err.strerror or err}")
            return None
        rec.fell_back = fell_back
        for snap in snaps:
            rec.add(snap)
        return rec

    def toggle(self, name: str) -> str:
        """Ctrl+F12: start a recording, or stop the one running (it is saved in the
        background). Returns what to tell the person."""
        if self.active is None:
            self.active = self._start(())
            if self.active is None:
                return self._notes.pop()
            self._active_name, self._started = name, datetime.now()
            return "recording (Ctrl+F12 stops)"
        rec, self.active = self.active, None
        rec.end()
        self._saving.append((rec, self._active_name, self._started))
        return "recording stopped, saving..."

    def save_clip(self, name: str) -> str:
        """Shift+F12: save the rolling buffer (the last seconds) in the background."""
        if not self.buffer:
            return "nothing to save yet"
        if len(self._saving) >= MAX_SAVING:  # each file being written has a worker process
            return "still saving, try again in a moment"
        rec = self._start(list(self.buffer))
        if rec is None:
            return self._notes.pop()
        rec.end()
        self._saving.append((rec, name, datetime.now()))
        count = len(self.buffer)
        return f"saving the last {count / FPS:.0f} s..." if count >= FPS else (
            f"saving the last {count} frame{'s' if count > 1 else ''}...")

    def poll(self) -> list[str]:
        """Notes for the person: files saved (``saved PATH``) or failures since the last poll."""
        notes, self._notes = self._notes, []
        still = []
        for rec, name, when in self._saving:
            if not rec.done:
                still.append((rec, name, when))
                continue
            try:
                path = rec.commit(name, when)
                notes.append(f"saved {path}" + (f" ({FALLBACK_NOTE})" if rec.fell_back else ""))
            except (OSError, RecordError) as err:
                notes.append(f"recording failed: {getattr(err, 'strerror', None) or err}")
        self._saving = still
        return notes

    # ---- the plugin ----------------------------------------------------------------------------
    def on_action(self, loop, action: str) -> bool:
        if action == inp.RECORD:
            loop.show_notice(self.toggle(loop.name))
            loop.invalidate()  # the marker comes or goes with a full redraw
            return True
        if action == inp.CLIP:
            loop.show_notice(self.save_clip(loop.name))
            return True
        return False

    def after_frame(self, loop, result) -> None:
        was = self.recording
        self.capture(loop.machine, loop.tick)
        for note in self.poll():
            loop.show_notice(note)
        if self.recording != was:
            loop.invalidate()

    def overlay(self, loop, canvas: pygame.Surface) -> bool:
        """The marker, in the border (never in a recording or a screenshot). It does not change
        while it shows, so it asks for no recomposing: the loop was invalidated when it came."""
        if self.recording:
            loop.renderer.draw_text(canvas, MARKER_POS, MARKER, STATUS_FG, STATUS_BG)
        return False

    def on_close(self, loop) -> None:
        for note in self.close():
            print(f"b32: {note}", file=sys.stderr)

    def close(self) -> list[str]:
        """The window is closing: finish and save what is being recorded; returns the notes."""
        if self.active is not None:
            self.toggle(self._active_name)
        for rec, _, _ in self._saving:
            rec.finish()
        return self.poll()


def add_recorder(loop, options: WindowOptions, font: Font | None = None
                 ) -> WindowRecorder | None:
    """Give ``loop`` the recorder ``options`` ask for; returns it (None when recording is off)."""
    if not options.recording:
        return None
    return loop.add(WindowRecorder(options.screenshot_dir, options.record_scale,
                                   options.clip_seconds, font))


def recorder_of(loop) -> WindowRecorder | None:
    """The recorder ``loop`` carries, if any."""
    return next((p for p in loop.plugins if isinstance(p, WindowRecorder)), None)
