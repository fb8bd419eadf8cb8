"""Recording: what it costs the frame loop, the encoder's time per frame, file sizes, memory.

    SDL_VIDEODRIVER=dummy .venv/bin/python bench/record_bench.py [CART...] [--seconds 10]
        [--repeat 3]

For snake (played from a script) and plasma (every cell changes every frame), each case runs in
a fresh process, ``--seconds`` of frames (60 a second):

- capture: the frame loop's own cost per frame (a snapshot of the screen into the queue), in
  microseconds; what the window pays while it records;
- encode: the worker's time per frame added (render + palette + LZW), in milliseconds, median
  of the per-frame times and their mean;
- size: the GIF of those seconds, in KiB;
- peak: the process's peak resident memory during the recording minus before it, in MiB (the
  queue of snapshots, the encoder's pixels; the machine and pygame are counted before);
- window: the real frame loop (dummy driver) paced by its 60 Hz clock for ``--seconds``, with a
  Ctrl+F12 recording running and without: frames a second achieved, the loop's own work per
  frame (median, 99th percentile), how long after the last frame the GIF was complete (the
  worker catching up), the peak memory added to the window's process, and the peak resident
  memory of the worker process (a whole Python with pygame and Pillow).

Medians over ``--repeat`` runs are printed. The machine may be shared with other work: the
figures are noisy; quote medians.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

SCRIPTS = {  # what the gallery plays too (tools/record_gallery.py)
    "snake": ["--press", "30:return", "--press", "100:up", "--press", "160:left",
              "--press", "240:down", "--press", "330:right", "--press", "420:up"],
    "plasma": [],
}


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def machine_for(name: str):
    from console.commands.args import add_machine_arguments
    from console.machines.b32.loader import load_cart
    from console.machines.b32.machine import Machine
    from console.machines.script import InputScript

    parser = argparse.ArgumentParser()
    add_machine_arguments(parser)
    args = parser.parse_args(SCRIPTS[name])
    machine = Machine(seed=1)
    machine.load(load_cart(str(ROOT / "carts" / f"{name}.b32")))
    return machine, InputScript.parse(args.press, args.type)


def one_case(name: str, seconds: int, out: Path) -> dict:
    """Headless: capture cost, encode time per frame, size, peak memory."""
    from console.frontend.font import load_font
    from console.frontend.recorder import GifEncoder, take_snapshot

    frames = seconds * 60
    machine, script = machine_for(name)
    font = load_font()
    snaps, last, capture = [], None, []
    for frame in range(frames):
        script.apply(machine, frame)
        machine.run_frame()
        t = time.perf_counter()
        last = take_snapshot(machine, frame, last)
        snaps.append(last)
        capture.append(time.perf_counter() - t)
    before = rss_mib()
    encode = []
    with open(out, "wb") as gif:
        encoder = GifEncoder(gif, font)
        for snap in snaps:
            t = time.perf_counter()
            encoder.add(snap)
            encode.append(time.perf_counter() - t)
        encoder.close()
    return {"capture_us": statistics.median(capture) * 1e6,
            "encode_ms_median": statistics.median(encode) * 1e3,
            "encode_ms_mean": statistics.fmean(encode) * 1e3,
            "size_kib": out.stat().st_size / 1024, "gif_frames": encoder.frames_written,
            "peak_mib": rss_mib() - before,
            "snapshots_kib": sum(len(s.screen) for s in {id(s.screen): s for s in snaps}.values())
            / 1024}


def window_case(name: str, seconds: int, record: bool, folder: Path) -> dict:
    """The real frame loop (dummy driver) paced by its 60 Hz clock, with or without a
    recording running: frames a second achieved, the loop's own work per frame, and how long
    the worker needed after the last frame to finish the file."""
    from console.frontend import window
    from console.frontend.options import WindowOptions
    from console.frontend.recorder import recorder_of

    machine, script = machine_for(name)
    loop = window.open_loop(machine, WindowOptions(scale=1, screenshot_dir=folder),
                            script=script, sound=False)
    if record:
        loop.action("record")
    frame, work = loop.frame, []

    def timed_frame(events=None):
        t = time.perf_counter()
        frame(events)
        work.append(time.perf_counter() - t)

    loop.frame = timed_frame
    before = rss_mib()
    start = time.perf_counter()
    loop.run(frames=seconds * 60, realtime=True)
    elapsed = time.perf_counter() - start
    peak = rss_mib() - before
    t = time.perf_counter()
    recorder_of(loop).close()
    drain = time.perf_counter() - t
    window.close()
    work.sort()
    worker = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"fps": len(work) / elapsed, "work_ms": statistics.median(work) * 1e3,
            "work_p99_ms": work[int(len(work) * 0.99)] * 1e3, "drain_s": drain,
            "peak_mib": peak, "worker_mib": worker}
def child(argv: list[str]) -> None:
    kind, name, seconds, path = argv[0], argv[1], int(argv[2]), Path(argv[3])
    if kind == "headless":
        result = one_case(name, seconds, path)
    else:
        result = window_case(name, seconds, kind == "window-rec", path)
    print(json.dumps(result))


def run_child(*args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", *map(str, args)],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2:])
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("carts", nargs="*", metavar="CART",
                        help="snake and/or plasma (default both)")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", default="/tmp", help="where the GIFs go")
    args = parser.parse_args()
    out = Path(args.out)
    unknown = set(args.carts) - set(SCRIPTS)
    if unknown:
        parser.error(f"no such case: {', '.join(sorted(unknown))}")
    for name in args.carts or SCRIPTS:
        runs = [run_child("headless", name, args.seconds, out / f"bench-{name}.gif")
                for _ in range(args.repeat)]
        med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
        print(f"{name:7} {args.seconds} s: capture {med['capture_us']:.1f} us/frame, "
              f"encode {med['encode_ms_median']:.2f} ms/frame median "
              f"({med['encode_ms_mean']:.2f} mean), {med['gif_frames']:.0f} GIF frames, "
              f"{med['size_kib']:.0f} KiB, peak +{med['peak_mib']:.1f} MiB "
              f"(snapshots {med['snapshots_kib']:.0f} KiB)")
        for kind in ("window", "window-rec"):
            runs = [run_child(kind, name, args.seconds, out) for _ in range(args.repeat)]
            med = {k: statistics.median(r[k] for r in runs) for k in runs[0]}
            print(f"{name:7} window, {'recording' if kind == 'window-rec' else 'not recording'}:"
                  f" {med['fps']:.1f} fps, loop work {med['work_ms']:.2f} ms/frame median "
                  f"({med['work_p99_ms']:.2f} p99), file done {med['drain_s']:.2f} s after the "
                  f"last frame, peak +{med['peak_mib']:.1f} MiB in the window's process, "
                  f"{med['worker_mib']:.0f} MiB the worker process")


if __name__ == "__main__":
    main()
