"""Watch mode's costs: one poll (stat + CRC of the source and its INCLUDEs) and one rebuild
(reading, assembling, finding the INCLUDEs), for each bundled cart's source. Median of N runs.

.venv/bin/python bench/watch_bench.py [--repeat 200]
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
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
