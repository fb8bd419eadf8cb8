"""The kiosk soak over a hostile folder (issue 16): 300 broken, looping, faulting and halting
carts and bad sources, plus FIFOs, device links (/dev/zero, /dev/null, /dev/urandom,
/dev/stdin), a symlink loop and a folder named like carts. Measures how long the kiosk takes to
reach its first frame, then runs the visitors' session of bench/shell_soak.py over it.

    .venv/bin/python bench/hostile_soak.py [FRAMES] [CARTS]      # default 50000 frames, 300

Prints the time to the first frame, the entries (available / unavailable), the frames run and
their time, the cart starts and stops, and the memory growth after the warm-up (tracemalloc)
and the process's peak resident size.
"""

from __future__ import annotations

import importlib.util
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from console.shell.session import MENU, NO_INPUT, scan_library  # noqa: E402
from tests.hostile_helpers import broken_library  # noqa: E402


def _shell_soak():
    spec = importlib.util.spec_from_file_location("shell_soak", ROOT / "bench" / "shell_soak.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    frames = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 300
    soak = _shell_soak()
    with tempfile.TemporaryDirectory() as tmp:
        folder = broken_library(Path(tmp) / "carts", count)
        started = time.perf_counter()
        shell = soak.soak_shell(folder)
        shell.step(NO_INPUT)
        first_frame = time.perf_counter() - started
        entries = scan_library(folder)
        available = sum(entry.available for entry in entries)
        result = soak.soak(folder, frames)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"{len(entries)} entries ({available} available, {len(entries) - available} "
          f"unavailable); first frame after {first_frame:.2f} s")
    print(f"{result['frames']} frames in {result['seconds']:.1f} s; {result['starts']} cart "
          f"starts, {result['stops']} halts or faults; memory growth "
          f"{result['growth_bytes'] / 1024:.1f} KiB (peak {result['peak_bytes'] / 1024:.1f} KiB "
          f"above the start); process peak {peak_kib / 1024:.0f} MB; ends in {result['state']}")
    return 0 if result["state"] == MENU and not result["finished"] else 1


if __name__ == "__main__":
    sys.exit(main())
