"""The real window under a real X server: frames per second and % of a core, per scale.

    DISPLAY=:22 .venv/bin/python bench/window_bench.py [--seconds 20] [--cart carts/plasma.b32]
        [--scale N ...] [--fullscreen]

Opens the cart as ``b32 run`` does (``window.open_loop`` with the real 60 Hz clock, sound off),
lets it settle for two seconds, then counts the frames presented and the process's CPU time
over ``--seconds``. Run it under Xvfb (``Xvfb :22 -screen 0 1920x1080x24``) for the figures of
docs/WINDOW.md; it prints the video driver SDL really used.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pygame  # noqa: E402

from console.frontend import window  # noqa: E402
from console.frontend.options import WindowOptions  # noqa: E402
from console.machines.b32.loader import load_cart  # noqa: E402
from console.machines.b32.machine import Machine  # noqa: E402

SETTLE = 2.0


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` (Linux /proc), in seconds."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(cart_path: str, options: WindowOptions, seconds: float,
            server: int | None = None) -> dict:
    machine = Machine(seed=1)
    machine.load(load_cart(cart_path))
    loop = window.open_loop(machine, options, sound=False)
    marks: dict[str, float] = {}

    def after_frame(loop, result) -> None:
        now = time.perf_counter()
        if "start" not in marks and now - marks["open"] >= SETTLE:
            marks.update(start=now, cpu=time.process_time(), tick=loop.tick,
                         run=loop.frames_run, server=cpu_seconds(server) if server else 0.0)
        elif "start" in marks and now - marks["start"] >= seconds:
            loop.running = False

    class Timer(window.Plugin):
        def after_frame(self, loop, result) -> None:
            after_frame(loop, result)

    loop.add(Timer())
    marks["open"] = time.perf_counter()
    driver = pygame.display.get_driver()
    size = loop.display.window.get_size()
    loop.run()
    wall = time.perf_counter() - marks["start"]
    cpu = time.process_time() - marks["cpu"]
    server_cpu = cpu_seconds(server) - marks["server"] if server else 0.0
    presented = loop.tick - marks["tick"]
    emulated = loop.frames_run - marks["run"]
    window.close()
    return {"driver": driver, "size": size, "fps": presented / wall,
            "machine_fps": emulated / wall, "cpu": 100 * cpu / wall,
            "server": 100 * server_cpu / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cart", default="carts/plasma.b32")
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--fullscreen", action="store_true", help="also run fullscreen")
    parser.add_argument("--server-pid", type=int, help="also report this X server's CPU time")
    args = parser.parse_args()
    runs = [WindowOptions(scale=s) for s in args.scale or [1, 2, 3]]
    if args.fullscreen:
        runs.append(WindowOptions(fullscreen=True))
    print(f"pygame-ce {pygame.version.ver}, SDL {'.'.join(map(str, pygame.get_sdl_version()))}, "
          f"{args.cart}, {args.seconds:g} s per run", flush=True)
    for options in runs:
        r = measure(args.cart, options, args.seconds, args.server_pid)
        what = "fullscreen" if options.fullscreen else f"scale {options.scale}"
        print(f"{what:10s} {r['size'][0]}x{r['size'][1]} driver {r['driver']}: "
              f"{r['fps']:6.2f} fps presented, {r['machine_fps']:6.2f} machine frames/s, "
              f"{r['cpu']:5.1f} % of a core"
              + (f" (X server {r['server']:5.1f} %)" if args.server_pid else ""), flush=True)


if __name__ == "__main__":
    main()
