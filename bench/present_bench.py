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
  704 x 448 texture updated from the canvas and copied at the whole scale (SDL scales);
* ``glyphs``: no canvas to scale: the console's ``Renderer`` draws the 2000 changed cells at 1x
  (not timed) and ``paint`` draws them again straight into the XShm window surface from glyphs
  made at the scale, then ``update`` (what the window does since this change);
* ``glyphs-unpadded``: the same with glyph surfaces never padded, so SDL copies every glyph row
  with streaming stores (``renderer.streams``): at scale 3 each 96-byte row ends inside a cache
  line.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time

OPTIONS = ("gl-surface", "surface", "surface-flip", "renderer-sw", "renderer-gl", "glyphs",
           "glyphs-unpadded")
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


def _glyphs_present(pygame, size, flags, scale, padded):
    """(prepare, present): the console's renderer; every frame all 2000 cells change."""
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    from console.frontend import renderer as rnd
    from console.frontend.display import SCREEN_POS
    from console.frontend.font import load_font

    if not padded:
        rnd._pad = lambda target, origin_x, scale: False
    window = pygame.display.set_mode(size, flags)
    dest = pygame.Rect(0, 0, CANVAS[0] * scale, CANVAS[1] * scale)
    dest.center = window.get_rect().center
    origin = (dest.x + SCREEN_POS[0] * scale, dest.y + SCREEN_POS[1] * scale)
    renderer = rnd.Renderer(load_font(), pygame.Surface(rnd.SCREEN_SIZE, 0, window))
    screens = [bytes((i * 7 + phase * 50) & 255 for i in range(rnd.SCREEN_BYTES))
               for phase in range(2)]

    class Video:
        cursor, cursor_pos, video_mode = 0, 0, 0

    screen_rect = pygame.Rect(origin, (640 * scale, 400 * scale)).clip(window.get_rect())

    def prepare(n):
        renderer.draw(screens[n & 1], Video, 0)

    def present(n):
        renderer.paint(window, origin, scale)
        pygame.display.update(screen_rect)
    return prepare, present


def child(option: str, scale: int, fullscreen: bool, frames: int) -> dict:
    if option == "gl-surface":
        os.environ.pop("SDL_FRAMEBUFFER_ACCELERATION", None)
    elif option.startswith(("surface", "glyphs")):
        os.environ["SDL_FRAMEBUFFER_ACCELERATION"] = "0"
    import pygame

    pygame.display.init()
    desktop = pygame.display.get_desktop_sizes()[0]
    if fullscreen:
        size, flags = desktop, pygame.FULLSCREEN
        scale = min(desktop[0] // CANVAS[0], desktop[1] // CANVAS[1])
    else:
        size, flags = (CANVAS[0] * scale, CANVAS[1] * scale), 0
    prepare = None
    if option.startswith("renderer"):
        present, kind = _renderer_present(pygame, size, flags, scale, option == "renderer-gl")
    elif option.startswith("glyphs"):
        prepare, present = _glyphs_present(pygame, size, flags, scale, option == "glyphs")
        kind = "window surface, glyphs at the scale"
    else:
        present, kind = _surface_present(pygame, size, flags, scale, option == "surface-flip")
    times = []
    cpu = wall = 0.0
    for n in range(30 + frames):
        pygame.event.pump()
        if prepare is not None:
            prepare(n)
        cpu0, t0 = time.process_time(), time.perf_counter()
        present(n)
        if n >= 30:
            times.append(1000 * (time.perf_counter() - t0))
            cpu += time.process_time() - cpu0
            wall += time.perf_counter() - t0
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
