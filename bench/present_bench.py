"""Ways to put the 704 x 448 canvas on the screen, scaled by a whole number, timed per frame.

    DISPLAY=:22 SDL_VIDEODRIVER=x11 .venv/bin/python bench/present_bench.py [--frames 300]
        [--option NAME ...] [--scale N ...] [--fullscreen]

Every frame changes the whole canvas (as ``plasma`` does), then presents it. Each option runs in
a fresh process (SDL reads its hints when the window opens) and prints the median and mean
milliseconds of a present and the process CPU time per frame, with the video driver and the
renderer SDL really used. Options:

* ``gl-surface``: the window surface (SDL's default: under X11 the surface is an OpenGL texture,
  Mesa's software rasteriser without a GPU), ``pygame.transform.scale`` into it, ``update``;
* ``surface``: the same with ``SDL_FRAMEBUFFER_ACCELERATION=0``: the surface is an X shared-memory
  image, presented by ``XShmPutImage``;
* ``surface-flip``: the same, presented with ``flip`` instead of ``update(rect)``;
* ``renderer-sw`` / ``renderer-gl``: ``pygame._sdl2`` Renderer (software / accelerated) with a
  704 x 448 texture updated from the canvas and copied at the whole scale (SDL scales).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

OPTIONS = ("gl-surface", "surface", "surface-flip", "renderer-sw", "renderer-gl")
CANVAS = (704, 448)


def _frames_of_canvas(pygame):
    """Two canvases of changing cells, so every frame differs from the last."""
    out = []
    for phase in range(2):
        surf = pygame.Surface(CANVAS)
        for y in range(0, CANVAS[1], 16):
            for x in range(0, CANVAS[0], 8):
                c = (x * 7 + y * 3 + phase * 50) & 255
                surf.fill((c, 255 - c, (c * 5) & 255), (x, y, 8, 16))
        out.append(surf)
    return out


def _surface_present(pygame, size, flags, scale, flip):
    window = pygame.display.set_mode(size, flags)
    dest = pygame.Rect(0, 0, CANVAS[0] * scale, CANVAS[1] * scale)
    dest.center = window.get_rect().center
    target = window.subsurface(dest.clip(window.get_rect()))
    frames = [s.convert(window) for s in _frames_of_canvas(pygame)]

    def present(n):
        if dest.size == target.get_size():
            pygame.transform.scale(frames[n & 1], dest.size, target)
        else:
            window.blit(pygame.transform.scale(frames[n & 1], dest.size), dest)
        if flip:
            pygame.display.flip()
        else:
            pygame.display.update(dest)
    return present, "window surface"


def _renderer_present(pygame, size, flags, scale, accelerated):
    from pygame._sdl2 import video

    window = video.Window("bench", size, fullscreen=bool(flags & pygame.FULLSCREEN))
    renderer = video.Renderer(window, accelerated=1 if accelerated else 0)
    frames = _frames_of_canvas(pygame)
    texture = video.Texture(renderer, CANVAS, streaming=True)
    dest = pygame.Rect(0, 0, CANVAS[0] * scale, CANVAS[1] * scale)
    dest.center = (size[0] // 2, size[1] // 2)

    def present(n):
        texture.update(frames[n & 1])
        renderer.clear()
        renderer.blit(texture, dest)
        renderer.present()
    return present, "renderer"


def child(option: str, scale: int, fullscreen: bool, frames: int) -> dict:
    if option == "gl-surface":
        os.environ.pop("SDL_FRAMEBUFFER_ACCELERATION", None)
    elif option.startswith("surface"):
        os.environ["SDL_FRAMEBUFFER_ACCELERATION"] = "0"
    import pygame

    pygame.display.init()
    desktop = pygame.display.get_desktop_sizes()[0]
    if fullscreen:
        size, flags = desktop, pygame.FULLSCREEN
        scale = min(desktop[0] // CANVAS[0], desktop[1] // CANVAS[1])
    else:
        size, flags = (CANVAS[0] * scale, CANVAS[1] * scale), 0
    if option.startswith("renderer"):
        present, kind = _renderer_present(pygame, size, flags, scale, option == "renderer-gl")
    else:
        present, kind = _surface_present(pygame, size, flags, scale, option == "surface-flip")
    times = []
    for n in range(30):
        present(n)
    cpu0, wall0 = time.process_time(), time.perf_counter()
    for n in range(frames):
        pygame.event.pump()
        t0 = time.perf_counter()
        present(n)
        times.append(1000 * (time.perf_counter() - t0))
    cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    return {"driver": pygame.display.get_driver(), "kind": kind, "size": list(size),
            "median": statistics.median(times), "mean": statistics.fmean(times),
            "cpu_ms": 1000 * cpu / frames, "wall_ms": 1000 * wall / frames}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--option", action="append", choices=OPTIONS)
    parser.add_argument("--scale", type=int, action="append")
    parser.add_argument("--fullscreen", action="store_true", help="also fullscreen")
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        option, scale, fullscreen = args.child
        print(json.dumps(child(option, int(scale), fullscreen == "1", args.frames)))
        return
    runs = [(s, False) for s in args.scale or [1, 2, 3]] + ([(0, True)] if args.fullscreen else [])
    print(f"{args.frames} frames, every one a full change; times per frame", flush=True)
    for option in args.option or OPTIONS:
        for scale, fullscreen in runs:
            proc = subprocess.run([sys.executable, __file__, "--frames", str(args.frames),
                                   "--child", option, str(scale), "1" if fullscreen else "0"],
                                  capture_output=True, text=True)
            what = "fullscreen" if fullscreen else f"scale {scale}"
            if proc.returncode != 0:
                print(f"{option:13s} {what:10s} failed: {proc.stderr.strip().splitlines()[-1:]}")
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            print(f"{option:13s} {what:10s} {r['size'][0]}x{r['size'][1]} ({r['driver']}): "
                  f"present {r['median']:6.2f} ms median {r['mean']:6.2f} mean, "
                  f"CPU {r['cpu_ms']:6.2f} ms per frame", flush=True)


if __name__ == "__main__":
    main()
