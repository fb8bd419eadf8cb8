"""Make the README's gallery: a GIF of each bundled game and demo, recorded headless from
scripted input by ``b32 run --headless --record`` (the same recorder as the window's Ctrl+F12).

    .venv/bin/python tools/record_gallery.py [--out docs/images/gallery] [CART...]

Every run is seeded, so the same carts and console make the same files. Each GIF is a few
seconds at scale 1 to keep the repository small.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

from console import commands  # noqa: E402


def presses(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--press", item)]


def typed(*items: str) -> list[str]:
    return [arg for item in items for arg in ("--type", item)]


# cart: (frames, the first frame recorded, scripted input)
GALLERY: dict[str, tuple[int, int, list[str]]] = {
    "snake": (300, 0, presses("20:return", "70:up", "120:left", "170:down", "230:right",
                              "270:up")),
    "breakout": (300, 0, presses("30:space", "60:left:40", "140:right:60", "230:left:30")),
    "invaders": (300, 0, presses("20:space", "40:left:30", "80:space", "110:right:50",
                                 "150:space", "200:space", "240:left:20", "260:space")),
    "starfield": (180, 0, []),
    "plasma": (60, 0, []),
    "hello": (150, 0, typed("70:b")),
    "tutorial": (90, 0, []),
    "charset": (60, 0, []),
    "palette": (240, 0, presses("80:space", "160:space")),
    "typewriter": (240, 0, typed("20:Hello, B32!") + presses("100:return") +
                   typed("110:A fantasy console.")),
    "selftest": (120, 0, []),
}


def record(name: str, out: Path) -> int:
    frames, start, script = GALLERY[name]
    target = out / f"{name}.gif"
    argv = ["run", str(ROOT / "carts" / f"{name}.b32"), "--headless", "--seed", "1",
            "--frames", str(frames), "--record", str(target), "--record-from", str(start),
            *script]
    status = commands.main(argv)
    if status == 0:
        print(f"{target}: {target.stat().st_size // 1024} KiB")
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="record the README's gallery GIFs")
    parser.add_argument("carts", nargs="*", metavar="CART", help="only these (default: all)")
    parser.add_argument("--out", default=str(ROOT / "docs" / "images" / "gallery"))
    args = parser.parse_args(argv)
    unknown = [name for name in args.carts if name not in GALLERY]
    if unknown:
        parser.error(f"no gallery entry for {', '.join(unknown)}")
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    worst = 0
    for name in args.carts or GALLERY:
        worst = max(worst, record(name, out))
    return worst


if __name__ == "__main__":
    sys.exit(main())
