"""Watch mode's costs: one poll (stat + CRC of the source and its INCLUDEs) and one rebuild
(reading, assembling, finding the INCLUDEs), for each bundled cart's source; and drawing and
presenting a frame with and without the error panel (dummy video driver). Medians.

SDL_VIDEODRIVER=dummy .venv/bin/python bench/watch_bench.py [--repeat 200] [--scale 2]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.author.session import WatchSession  # noqa: E402


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=200)
    parser.add_argument("--scale", type=int, default=2)
    args = parser.parse_args(argv)
    print(f"{'cart':<12} {'files':>5} {'bytes':>7} {'poll ms':>8} {'rebuild ms':>10}")
    for source in sorted((ROOT / "carts").glob("*.asm")):
        session = WatchSession(source)
        session.start()
        size = sum(p.stat().st_size for p in session.files)
        poll = median_ms(session.watcher.snapshot, args.repeat)
        rebuild = median_ms(lambda s=session: s._rebuild(first=False),
                            max(3, args.repeat // 20))
        print(f"{source.stem:<12} {len(session.files):>5} {size:>7} {poll:>8.3f} {rebuild:>10.1f}")
    panel_frames(args.scale, args.repeat)
    return 0


def panel_frames(scale: int, frames: int) -> None:
    """Milliseconds to draw and present a frame of a cart whose screen does not change, with
    and without the error panel over it (the panel makes every frame a full present)."""
    import contextlib
    import io
    import tempfile

    from console.frontend import window
    from console.frontend.author import attach_author
    from console.frontend.options import WindowOptions
    from console.machines.b32.machine import Machine

    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "game.asm"
        source.write_text("START: WAIT\n JMP START\n END START\n")
        session = WatchSession(source, poll_every=1, settle=0)
        machine = Machine(seed=1)
        machine.load(session.start().build.cart)
        loop = window.open_loop(machine, WindowOptions(scale=scale), sound=False)
        attach_author(loop, session)
        quiet = median_ms(lambda: loop.frame([]), frames)
        source.write_text("".join(f" BAD{n}\n" for n in range(30)) + " END\n")
        with contextlib.redirect_stderr(io.StringIO()):  # the errors, once
            loop.run(frames=3, realtime=False)
        assert session.errors, "the panel did not open"
        shown = median_ms(lambda: loop.frame([]), frames)
        window.close()
    print(f"frame at scale {scale}: {quiet:.3f} ms without the panel, {shown:.3f} ms with it")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
