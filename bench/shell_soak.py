"""A kiosk left running: a long headless replay over good, faulting, halting and looping carts,
with a visitor now and then, measuring time and memory growth (tracemalloc).

    .venv/bin/python bench/shell_soak.py [FRAMES]

The soak test in tests/shell/test_shell_soak.py runs the same session.
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from console.machines.script import InputScript  # noqa: E402
from console.shell.session import (  # noqa: E402
    MENU,
    Shell,
    ShellOptions,
    ShellScript,
    frames_of,
    replay,
    scan_library,
)
from tests.shell_helpers import make_library  # noqa: E402

SOAK_FRAMES = 50_000
WARMUP_FRAMES = 3_000
SOAK_CYCLES = 10_000  # a looping cart spends the whole budget every frame


def visitor_presses(frames: int) -> list[str]:
    """Every 1,700 frames someone walks up: takes over the demo, plays, picks another cart, and
    leaves with F10 or by holding Escape, or just walks away. Ends back in the menu."""
    presses = []
    for n, start in enumerate(range(WARMUP_FRAMES, frames - 1_000, 1_700)):
        presses += [f"{start}:x", f"{start + 30}:down", f"{start + 60}:down",
                    f"{start + 90}:return", f"{start + 200}:space"]
        presses.append(f"{start + 400}:f10" if n % 2 else f"{start + 400}:escape:70")
        presses += [f"{start + 500}:up", f"{start + 530}:return"]
        presses.append(f"{start + 700}:f10")
    presses.append(f"{frames - 30}:f10")
    return presses


def soak_shell(folder: Path) -> Shell:
    return Shell(scan_library(folder), ShellOptions(
        kiosk=True, attract_frames=frames_of(1), switch_frames=frames_of(6),
        player_timeout_frames=frames_of(10), cycles=SOAK_CYCLES, seed=7))


def soak(folder: Path, frames: int = SOAK_FRAMES) -> dict:
    """Run the soak; returns its figures."""
    shell = soak_shell(folder)
    script = ShellScript(InputScript.parse(visitor_presses(frames), console_keys=True))
    machine = shell.machine
    started = time.perf_counter()
    replay(shell, script, WARMUP_FRAMES)
    gc.collect()
    tracemalloc.start()
    before, _ = tracemalloc.get_traced_memory()
    for frame in range(WARMUP_FRAMES, frames):
        shell.step(script.input(frame, shell.key_room()))
    gc.collect()
    after, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "frames": shell.frame,
        "seconds": time.perf_counter() - started,
        "growth_bytes": after - before,
        "peak_bytes": peak - before,
        "starts": shell.starts,
        "stops": shell.stops,
        "state": shell.state,
        "same_machine": shell.machine is machine,
        "finished": shell.finished,
        "shell": shell,
    }


def main() -> int:
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else SOAK_FRAMES
    with tempfile.TemporaryDirectory() as tmp:
        result = soak(make_library(Path(tmp) / "carts"), frames)
    print(f"{result['frames']} frames in {result['seconds']:.1f} s; "
          f"{result['starts']} cart starts, {result['stops']} halts or faults; "
          f"memory growth {result['growth_bytes'] / 1024:.1f} KiB "
          f"(peak {result['peak_bytes'] / 1024:.1f} KiB above the start); "
          f"ends in {result['state']}")
    return 0 if result["state"] == MENU and not result["finished"] else 1


if __name__ == "__main__":
    sys.exit(main())
